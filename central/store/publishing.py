"""What the platform publishes to the windows: catalog and calendar versions (the ``catalog``
and ``calendar`` feeds, ``counter-central catalog publish``/``calendar publish``) and notices to
a hall or to every hall (the ``notices`` feed), from the operator or from a window.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from central.errors import NoticeIdTaken, OperatorError
from central.store.base import CentralStore, DbCursor, Device, iso, utc_now
from counter_app.domain.case_document import canonical_json
from counter_app.domain.catalog import (
    LAST_VERSION,
    CatalogRelease,
    ServiceItem,
    parse_catalog_release,
    parse_item,
)
from sync.wire.case_push import CaseSubmission
from sync.wire.notices import NoticeDraft

log = logging.getLogger("central.store")

_NOTICE_COLUMNS = ("notice_id", "hall", "title", "body", "published_at")


@dataclass(frozen=True)
class PublishedCatalog:
    """A catalog version as the platform published it: when (its own clock, not the
    document's ``published_at``) and its items' definitions, read from the published
    document only for the items a push asks about."""

    version: int
    published_at: datetime
    document: str = field(repr=False)
    _parsed: dict[str, ServiceItem] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def _raw_items(self) -> dict[str, Any]:
        # Validated when published (``central.publish``): read here, not checked again.
        return {item["code"]: item for item in json.loads(self.document)["items"]}

    def holds(self, code: str) -> bool:
        return code in self._raw_items

    def item(self, code: str) -> ServiceItem | None:
        """The definition of item ``code`` in this version; None if it holds no such item."""
        if code not in self._parsed and code in self._raw_items:
            self._parsed[code] = parse_item(self._raw_items[code])
        return self._parsed.get(code)


def catalogs_for(
    store: CentralStore, cur: DbCursor, cases: Sequence[CaseSubmission]
) -> list[PublishedCatalog]:
    """The catalog versions published from the oldest one ``cases`` were taken on, and the
    newest in any case, oldest first (``BatchPlan.catalogs``): only the newer can have
    withdrawn an item such a case names or changed its terms, and a version a case names
    that is not among them was never published. None at all: the platform publishes no
    catalog (a development platform), and checks none. Read once per push batch; the
    documents themselves only for the items a case asks about."""
    if not cases:
        return []
    # A version no catalog can have (the document's is any integer) is kept within the
    # column's range: a case on version 0 or below is older than every catalog.
    oldest = min(case.payload.service_item.catalog_version for case in cases)
    rows = store._exec(
        cur,
        "SELECT version, published_at, document FROM feed_documents WHERE feed = 'catalog'"
        " AND (version >= ? OR version = (SELECT MAX(version) FROM feed_documents"
        " WHERE feed = 'catalog')) ORDER BY version",
        (max(0, min(oldest, LAST_VERSION)),),
    ).fetchall()
    return [PublishedCatalog(row[0], datetime.fromisoformat(row[1]), row[2]) for row in rows]


def newest_catalog(store: CentralStore, cur: DbCursor) -> CatalogRelease | None:
    """The newest published catalog, the one the windows go by; None before any is."""
    row = store._exec(
        cur,
        "SELECT document FROM feed_documents WHERE feed = 'catalog' ORDER BY version DESC LIMIT 1",
    ).fetchone()
    return None if row is None else parse_catalog_release(json.loads(row[0]))


@dataclass(frozen=True)
class PublishedVersion:
    """A catalog or calendar version as listed for the operator (``counter-central catalog
    list``): when the platform published it (its own clock), and what it holds: a catalog's
    number of service items and of 一件事 bundles, a calendar's years."""

    version: int
    published_at: str
    items: int | None  # a calendar: None
    bundles: int | None  # a calendar: None
    years: tuple[int, ...]  # a catalog: ()


def published_versions(store: CentralStore, feed: str) -> list[PublishedVersion]:
    """Every version of the ``catalog`` or ``calendar`` feed, oldest first; read only."""
    with store.snapshot() as cur:
        rows = store._exec(
            cur,
            "SELECT version, published_at, document FROM feed_documents WHERE feed = ?"
            " ORDER BY version",
            (feed,),
        ).fetchall()
    versions = []
    for version, published_at, text in rows:
        # Validated when published (``central.publish``): read here, not checked again.
        document = json.loads(text)
        versions.append(
            PublishedVersion(
                version,
                published_at,
                len(document["items"]) if feed == "catalog" else None,
                len(document.get("bundles", ())) if feed == "catalog" else None,
                tuple(sorted(document["years"])) if feed == "calendar" else (),
            )
        )
    return versions


def publish_document(
    store: CentralStore,
    feed: str,
    document: dict[str, Any],
    version: int,
    *,
    if_newer: bool = False,
) -> int | None:
    """Publish a new catalog or calendar version (newer than any before); its sequence.
    ``if_newer``: a version not newer than the latest changes nothing (None)."""
    now = iso(utc_now())
    with store.transaction() as cur:
        store.lock_feed_table(cur, "feed_documents")
        latest = store._exec(
            cur, "SELECT MAX(version) FROM feed_documents WHERE feed = ?", (feed,)
        ).fetchone()[0]
        latest = latest or 0
        if version <= latest and if_newer:
            return None
        if version <= latest:
            raise OperatorError(
                f"版本号 {version} 不大于已发布的最新版本 {latest}，请提高文件中的 version。",
                f"Version {version} is not newer than the latest published version {latest}; "
                "raise 'version' in the file.",
            )
        seq: int = store._exec(
            cur,
            "INSERT INTO feed_documents (feed, version, published_at, document) "
            "VALUES (?, ?, ?, ?) RETURNING seq",
            (feed, version, now, canonical_json(document).decode("utf-8")),
        ).fetchone()[0]
    log.info("published %s version %d", feed, version)
    return seq


def publish_notice(store: CentralStore, hall: str, title: str, body: str) -> dict[str, Any]:
    now = iso(utc_now())
    notice_id = str(uuid.uuid4())
    with store.transaction() as cur:
        store.lock_feed_table(cur, "notices")
        notice = (notice_id, hall, title, body, now)
        seq = _insert_notice(store, cur, notice)
    return _notice_item(seq, notice, published_by=None)


def publish_device_notice(
    store: CentralStore, device: Device, nonce: str, draft: NoticeDraft
) -> dict[str, Any]:
    """Publish a notice a window sent (to its own hall: the caller checked), keeping who
    published it. The same draft sent again answers the notice stored the first time;
    another draft under a stored id is refused (``NoticeIdTaken``)."""
    notice_id = str(draft.notice_id)
    with store.transaction() as cur:
        store._consume_nonce(cur, device.device_id, nonce)
        # Before the look-up: two sends of one draft racing each other store it once.
        store.lock_feed_table(cur, "notices")
        held = store._exec(
            cur,
            "SELECT n.seq, n.notice_id, n.hall, n.title, n.body, n.published_at, a.published_by"
            " FROM notices n LEFT JOIN notice_authors a ON a.notice_id = n.notice_id"
            " WHERE n.notice_id = ?",
            (notice_id,),
        ).fetchone()
        if held is None:
            now = iso(utc_now())
            notice = (notice_id, draft.hall, draft.title, draft.body, now)
            held = (_insert_notice(store, cur, notice), *notice, draft.published_by)
            store._exec(
                cur,
                "INSERT INTO notice_authors (notice_id, device_id, published_by, received_at)"
                " VALUES (?, ?, ?, ?)",
                (notice_id, device.device_id, draft.published_by, now),
            )
            log.info(
                "notice %s published to hall %s by %s at device %s",
                notice_id,
                draft.hall,
                draft.published_by,
                device.device_id,
            )
        elif tuple(held[2:5]) != (draft.hall, draft.title, draft.body):
            raise NoticeIdTaken(
                "该通知编号已用于另一条通知，请重新发布。",
                "This notice id already names another notice; publish it again.",
                details={"notice_id": notice_id},
            )
    return _notice_item(held[0], held[1:6], published_by=held[6])


def _insert_notice(store: CentralStore, cur: DbCursor, notice: tuple[str, ...]) -> int:
    """Insert ``notice`` (``_NOTICE_COLUMNS``); its sequence. The caller holds the feed
    lock (``lock_feed_table``)."""
    seq: int = store._exec(
        cur,
        "INSERT INTO notices (notice_id, hall, title, body, published_at) "
        "VALUES (?, ?, ?, ?, ?) RETURNING seq",
        notice,
    ).fetchone()[0]
    return seq


def _notice_item(seq: int, notice: Sequence[str], *, published_by: str | None) -> dict[str, Any]:
    """A notice (``_NOTICE_COLUMNS``) as the ``notices`` feed carries it, with who published
    it from a window (None: the platform's operator)."""
    return {
        "sequence": seq,
        **dict(zip(_NOTICE_COLUMNS, notice, strict=True)),
        "published_by": published_by,
    }
