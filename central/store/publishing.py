"""What the platform publishes to the windows: catalog and calendar versions (the ``catalog``
and ``calendar`` feeds, ``counter-central catalog publish``/``calendar publish``), old catalog
versions nobody needs removed again (``catalog prune``), and notices to a hall or to every hall
(the ``notices`` feed), from the operator or from a window.

A catalog version may be published ahead of the day it comes into force (``effective_from``,
a hall day's midnight): the version in force, the one the windows are served and the
platform judges by, is the newest whose moment has come (:data:`IN_FORCE`).
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from central.errors import NoticeIdTaken, OperatorError
from central.sealing import conflict_context, version_context
from central.store.base import CentralStore, DbCursor, Device, iso, utc_now
from central.store.case_summaries import document_moment
from counter_app.domain.case_document import canonical_json
from counter_app.domain.case_states import TERMINAL_STATES
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

# The condition on ``feed_documents`` of a version in force by now (its parameter: now, as
# stored): published without a date, or its date has come. Stored times sort as text.
IN_FORCE = "(effective_from IS NULL OR effective_from <= ?)"


def in_force_since(published_at: str, effective_from: str | None) -> str:
    """When a version came (or comes) into force: its publication, or its effective date if
    later."""
    return published_at if effective_from is None else max(published_at, effective_from)


@dataclass(frozen=True)
class PublishedCatalog:
    """A catalog version as the platform published it: when it came into force (its own
    clock, not the document's ``published_at``; a version published ahead of its effective
    date, from that date) and its items' definitions, read from the published document only
    for the items a push asks about."""

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
        "SELECT version, published_at, effective_from, document FROM feed_documents"
        " WHERE feed = 'catalog' AND (version >= ? OR version = (SELECT MAX(version)"
        " FROM feed_documents WHERE feed = 'catalog')) ORDER BY version",
        (max(0, min(oldest, LAST_VERSION)),),
    ).fetchall()
    return [
        PublishedCatalog(version, datetime.fromisoformat(in_force_since(at, effective)), doc)
        for version, at, effective, doc in rows
    ]


_IN_FORCE_CATALOG = (
    "SELECT document FROM feed_documents WHERE feed = 'catalog' AND "  # noqa: S608 - constants
    f"{IN_FORCE} ORDER BY version DESC LIMIT 1"
)


def newest_catalog(store: CentralStore, cur: DbCursor) -> CatalogRelease | None:
    """The catalog in force, the one the windows go by; None before any is."""
    row = store._exec(cur, _IN_FORCE_CATALOG, (iso(utc_now()),)).fetchone()
    return None if row is None else parse_catalog_release(json.loads(row[0]))


@dataclass(frozen=True)
class PublishedVersion:
    """A catalog or calendar version as listed for the operator (``counter-central catalog
    list``): when the platform published it (its own clock) and when it comes into force
    (None: at once), and what it holds: a catalog's number of service items and of 一件事
    bundles, a calendar's years."""

    version: int
    published_at: str
    effective_from: str | None
    items: int | None  # a calendar: None
    bundles: int | None  # a calendar: None
    years: tuple[int, ...]  # a catalog: ()


def published_versions(store: CentralStore, feed: str) -> list[PublishedVersion]:
    """Every version of the ``catalog`` or ``calendar`` feed, oldest first; read only."""
    with store.snapshot() as cur:
        rows = store._exec(
            cur,
            "SELECT version, published_at, effective_from, document FROM feed_documents"
            " WHERE feed = ? ORDER BY version",
            (feed,),
        ).fetchall()
    versions = []
    for version, published_at, effective_from, text in rows:
        # Validated when published (``central.publish``): read here, not checked again.
        document = json.loads(text)
        versions.append(
            PublishedVersion(
                version,
                published_at,
                effective_from,
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
    effective_from: datetime | None = None,
    same_as_windows: bool = False,
) -> int | None:
    """Publish a new catalog or calendar version (newer than any before); its sequence.
    ``if_newer``: a version not newer than the latest changes nothing (None).
    ``effective_from``: the moment it comes into force (None: at once).

    A catalog version not newer than one a live window reported it holds is refused: the
    platform restored from an older backup no longer holds that number, but the windows do,
    and refuse other content under it. ``same_as_windows``: the operator vouches that this
    is the very document the windows hold (taken back from the archive); a window still
    refuses, and tells, one that differs."""
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
        if feed == "catalog" and not same_as_windows:
            _refuse_number_windows_hold(version, _windows_catalog_version(store, cur))
        seq: int = store._exec(
            cur,
            "INSERT INTO feed_documents (feed, version, published_at, effective_from, document)"
            " VALUES (?, ?, ?, ?, ?) RETURNING seq",
            (
                feed,
                version,
                now,
                None if effective_from is None else iso(effective_from),
                canonical_json(document).decode("utf-8"),
            ),
        ).fetchone()[0]
    log.info("published %s version %d", feed, version)
    return seq


def windows_catalog_version(store: CentralStore) -> int:
    """The highest catalog version a live window reported in its health (0: none did)."""
    with store.snapshot() as cur:
        return _windows_catalog_version(store, cur)


def _windows_catalog_version(store: CentralStore, cur: DbCursor) -> int:
    rows = store._exec(
        cur,
        "SELECT h.report FROM device_health h JOIN devices d ON d.device_id = h.device_id"
        " WHERE d.revoked_at IS NULL",
    ).fetchall()
    # A window of an older release reports no catalog version (None).
    reported = (json.loads(row[0]).get("catalog_version") for row in rows)
    return max((v for v in reported if isinstance(v, int)), default=0)


def _refuse_number_windows_hold(version: int, held: int) -> None:
    if version <= held:
        raise OperatorError(
            f"未发布：已有窗口报告正在使用事项目录第 {held} 版（平台可能从较早的备份恢复过），"
            f"第 {version} 版的号码窗口已用过，换了内容窗口会拒绝载入。请把文件中的 version 改为 "
            f"{held + 1} 再发布；若此文件正是各窗口已有的那一版（例如从存档取回），"
            "加 --same-as-windows 再发布。",
            f"Not published: a window reports it holds catalog version {held} (the platform "
            f"may have been restored from an older backup), so the windows have used number "
            f"{version} already and refuse other content under it. Set 'version' in the file "
            f"to {held + 1} and publish again; if this file is the very version the windows "
            "hold (taken back from the archive), publish again with --same-as-windows.",
        )


@dataclass(frozen=True)
class KeptCatalog:
    """A catalog version ``catalog prune`` keeps, and every reason it does: the version in
    force; among the ``--keep`` newest; ``open_cases`` not over were taken on it (a new
    version of one is judged against its items); ``closed_cases`` in a final state were (a
    window restored from an older backup walks them back, and needs their version to keep
    them); ``held_submissions`` the platform keeps in conflict name it (the window may send
    them again); in force when ``judged_cases`` open cases or held submissions taken on an
    older version were received (what such a case is judged against); and the live
    ``windows`` (``HALL/WINDOW``) that may still be on it, having pulled no newer version
    the platform can tell of; or ``pending``: published to come into force on
    ``effective_from``, not yet come."""

    version: int
    published_at: str
    in_force: bool
    among_newest: bool
    open_cases: int
    closed_cases: int
    held_submissions: int
    judged_cases: int
    windows: tuple[str, ...]
    effective_from: str | None
    pending: bool


@dataclass(frozen=True)
class RemovedCatalog:
    """A catalog version ``catalog prune`` removed (or would remove), with its document's
    size in UTF-8 bytes."""

    version: int
    published_at: str
    size_bytes: int


@dataclass(frozen=True)
class CatalogPrune:
    removed: list[RemovedCatalog]
    kept: list[KeptCatalog]


def prune_catalogs(store: CentralStore, keep: int, *, dry_run: bool) -> CatalogPrune:
    """Remove the catalog versions no window and no case can still need: older than the
    ``keep`` newest (the version in force always among them); named by no case the platform
    holds, open or closed, nor by a submission it keeps in conflict; not in force when an
    open one on an older version was received (``catalogs_for``/``BatchPlan``: a new version
    of that case is judged on both); and older than what every live window is known to be
    on (the newest version one of its cases names, or the one in force when it enrolled: a
    window takes no case before its first pull, and only ever moves to newer versions; back
    to the one in force when it enrolled while the platform holds a submission of it
    rejected, whose version it cannot read). A version published ahead of its effective
    date stays until it comes into force, and after as any other. ``dry_run``: change
    nothing.

    The plan is read in the deleting transaction, after the locks that make it the only
    writer of ``feed_documents`` and of ``nonces``: every push writes its nonce first, before
    it reads the catalogs, so a push either committed before the plan is read (its case
    counted) or reads the catalogs after the removal (``catalog_unknown`` then is true)."""
    if dry_run:
        with store.snapshot() as cur:
            return _prune(store, cur, keep, dry_run=True)
    with store.transaction() as cur:
        store.lock_feed_table(cur, "feed_documents")
        store.lock_feed_table(cur, "nonces")
        pruned = _prune(store, cur, keep, dry_run=False)
    if pruned.removed:
        log.info(
            "catalog prune: removed versions %s (%d bytes); kept %s",
            [r.version for r in pruned.removed],
            sum(r.size_bytes for r in pruned.removed),
            [k.version for k in pruned.kept],
        )
    return pruned


def _prune(store: CentralStore, cur: DbCursor, keep: int, *, dry_run: bool) -> CatalogPrune:
    plan = _PrunePlan.read(store, cur, keep)
    removing = [v for v in plan.versions if plan.kept(v) is None]
    kept = [k for k in map(plan.kept, plan.versions) if k is not None]
    removed = [_removed(store, cur, v, plan.published[v]) for v in removing]
    for version in [] if dry_run else removing:
        # The newest stays whatever the plan said: it is what every window goes by.
        store._exec(
            cur,
            "DELETE FROM feed_documents WHERE feed = 'catalog' AND version = ?"
            " AND version < (SELECT MAX(version) FROM feed_documents"
            " WHERE feed = 'catalog')",
            (version,),
        )
    return CatalogPrune(removed, kept)


def _removed(store: CentralStore, cur: DbCursor, version: int, published_at: str) -> RemovedCatalog:
    (document,) = store._exec(
        cur,
        "SELECT document FROM feed_documents WHERE feed = 'catalog' AND version = ?",
        (version,),
    ).fetchone()
    return RemovedCatalog(version, published_at, len(document.encode("utf-8")))


def _newest_case_payloads(
    store: CentralStore, cur: DbCursor
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every case's newest version the platform holds, opened, with the device that sent it."""
    cases = store._exec(
        cur,
        "SELECT c.case_id, c.data_version, v.payload_sealed, v.device_id FROM cases c"
        " JOIN case_versions v ON v.case_id = c.case_id AND v.data_version = c.data_version",
    )
    # One row at a time: every case's newest version, opened, would not fit in memory.
    while (row := cases.fetchone()) is not None:
        case_id, data_version, sealed, device_id = row
        # Validated when pushed: read here, not checked again.
        yield (
            device_id,
            json.loads(store.sealer.open(sealed, version_context(case_id, data_version))),
        )


def open_cases_by_situation(store: CentralStore) -> dict[tuple[str, str], int]:
    """How many open cases (not in a final state) the platform holds per (item code, situation
    code), whatever catalog version they were taken on: what a catalog version that removes
    one leaves without its definition in force."""
    counts: dict[tuple[str, str], int] = {}
    with store.snapshot() as cur:
        for _, payload in _newest_case_payloads(store, cur):
            if payload["state"] not in TERMINAL_STATES:
                key = (payload["service_item"]["code"], payload["situation"]["code"])
                counts[key] = counts.get(key, 0) + 1
    return counts


def catalog_document(store: CentralStore, version: int | None) -> dict[str, Any] | None:
    """The published document of catalog ``version`` (None: the one in force); None when
    there is no such version (never published, or pruned)."""
    with store.snapshot() as cur:
        if version is None:
            row = store._exec(cur, _IN_FORCE_CATALOG, (iso(utc_now()),)).fetchone()
        else:
            row = store._exec(
                cur,
                "SELECT document FROM feed_documents WHERE feed = 'catalog' AND version = ?",
                (version,),
            ).fetchone()
    # Validated when published (``central.publish``).
    return None if row is None else dict(json.loads(row[0]))


def latest_catalog_version(store: CentralStore) -> int | None:
    """The highest catalog version published, in force or not yet; None before any is."""
    with store.snapshot() as cur:
        row = store._exec(
            cur, "SELECT MAX(version) FROM feed_documents WHERE feed = 'catalog'"
        ).fetchone()
    return None if row[0] is None else int(row[0])


# Submissions kept in conflict that no newer version of their case has replaced: the window
# still holds them, and may send them again.
_HELD_CONFLICTS = (
    "SELECT f.case_id, f.data_version, f.content_hash, f.payload_sealed FROM conflicts f"
    " WHERE NOT EXISTS (SELECT 1 FROM case_versions v WHERE v.case_id = f.case_id"
    " AND v.data_version > f.data_version)"
)
# Live devices with a submission refused (its content not kept) that no version of its case
# stored since, as new or newer, has replaced.
_HELD_REJECTIONS = (
    "SELECT DISTINCT p.device_id FROM case_problems p WHERE p.status = 'rejected'"
    " AND NOT EXISTS (SELECT 1 FROM case_versions v WHERE v.case_id = p.case_id"
    " AND v.data_version >= p.data_version)"
)


@dataclass
class _PrunePlan:
    """What ``prune_catalogs`` read: the versions published (oldest first) and when, and
    for each what keeps it; per live device the oldest version it may still be on."""

    published: dict[int, str]
    effective: dict[int, str | None]
    keep: int
    now: datetime
    moments: list[tuple[int, datetime]] = field(default_factory=list)
    open_cases: dict[int, int] = field(default_factory=dict)
    closed_cases: dict[int, int] = field(default_factory=dict)
    held_submissions: dict[int, int] = field(default_factory=dict)
    judged_cases: dict[int, int] = field(default_factory=dict)
    device_floors: dict[str, tuple[str, int]] = field(default_factory=dict)

    @property
    def versions(self) -> list[int]:
        return list(self.published)

    @classmethod
    def read(cls, store: CentralStore, cur: DbCursor, keep: int) -> _PrunePlan:
        rows = store._exec(
            cur,
            "SELECT version, published_at, effective_from FROM feed_documents"
            " WHERE feed = 'catalog' ORDER BY version",
        ).fetchall()
        plan = cls(
            {version: published_at for version, published_at, _ in rows},
            {version: effective_from for version, _, effective_from in rows},
            keep,
            utc_now(),
            [(v, datetime.fromisoformat(in_force_since(at, eff))) for v, at, eff in rows],
        )
        case_floors = plan._read_cases(store, cur)
        plan._read_conflicts(store, cur)
        rejected = {row[0] for row in store._exec(cur, _HELD_REJECTIONS).fetchall()}
        for device_id, hall, window, enrolled_at in store._exec(
            cur,
            "SELECT device_id, hall, window_code, enrolled_at FROM devices"
            " WHERE revoked_at IS NULL",
        ).fetchall():
            enrolled = plan._in_force_at(datetime.fromisoformat(enrolled_at)) or 0
            floor = enrolled if device_id in rejected else case_floors.get(device_id, 0)
            plan.device_floors[device_id] = (f"{hall}/{window}", max(enrolled, floor))
        return plan

    def _read_cases(self, store: CentralStore, cur: DbCursor) -> dict[str, int]:
        """Count the cases per version they were taken on (open and closed) and the open
        ones per version in force when they were received; the newest catalog version each
        device's cases name."""
        floors: dict[str, int] = {}
        for device_id, payload in _newest_case_payloads(store, cur):
            taken_on = self._count(payload, self.open_cases, self.closed_cases)
            floors[device_id] = max(floors.get(device_id, 0), taken_on)
        return floors

    def _read_conflicts(self, store: CentralStore, cur: DbCursor) -> None:
        """Count the submissions held in conflict per version they name (and, open, per
        version in force when they were received)."""
        held = store._exec(cur, _HELD_CONFLICTS)
        while (row := held.fetchone()) is not None:
            case_id, data_version, content_hash, sealed = row
            context = conflict_context(case_id, data_version, content_hash)
            # Validated when pushed: read here, not checked again.
            payload = json.loads(store.sealer.open(sealed, context))
            self._count(payload, self.held_submissions, self.held_submissions)

    def _count(
        self, payload: dict[str, Any], open_count: dict[int, int], closed_count: dict[int, int]
    ) -> int:
        """Count one case document by the version it was taken on, in ``open_count`` or
        ``closed_count`` by its state, and, open, by the version in force when it was
        received if newer; the version it was taken on."""
        taken_on: int = payload["service_item"]["catalog_version"]
        if payload["state"] in TERMINAL_STATES:
            closed_count[taken_on] = closed_count.get(taken_on, 0) + 1
            return taken_on
        open_count[taken_on] = open_count.get(taken_on, 0) + 1
        received = document_moment(payload["received_at"])
        in_force = None if received is None else self._in_force_at(received)
        if in_force is not None and in_force > taken_on:
            self.judged_cases[in_force] = self.judged_cases.get(in_force, 0) + 1
        return taken_on

    def _in_force_at(self, moment: datetime) -> int | None:
        """The newest version in force by ``moment``: published by then, its effective date
        come (newest first: most cases are recent)."""
        return next((v for v, at in reversed(self.moments) if at <= moment), None)

    def kept(self, version: int) -> KeptCatalog | None:
        """Why ``version`` stays; None when nothing keeps it."""
        versions = self.versions
        in_force_now = self._in_force_at(self.now)
        in_force = version == in_force_now
        pending = in_force_now is None or version > in_force_now
        windows = {seat for seat, floor in self.device_floors.values() if floor <= version}
        kept = KeptCatalog(
            version,
            self.published[version],
            in_force=in_force,
            among_newest=version in versions[-self.keep :],
            open_cases=self.open_cases.get(version, 0),
            closed_cases=self.closed_cases.get(version, 0),
            held_submissions=self.held_submissions.get(version, 0),
            judged_cases=self.judged_cases.get(version, 0),
            windows=() if in_force or pending else tuple(sorted(windows)),
            effective_from=self.effective[version],
            pending=pending,
        )
        needed = (
            kept.among_newest
            or kept.open_cases
            or kept.closed_cases
            or kept.held_submissions
            or kept.judged_cases
            or kept.windows
        )
        return kept if in_force or pending or needed else None


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
