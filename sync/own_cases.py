"""Fetching back this workstation's own cases from the platform, when its store was restored
from a backup older than cases it had synced (docs/sync-protocol.md, "A device's own
cases"; docs/operations.md §5 and §6).

A walk is due once the store records a restore (``counter-app restore`` audits
``backup.restore``) that no walk started for yet, or once the progress feed names a case
the store lacks whose number carries one of this workstation's own prefixes
(:func:`note_missing_own_case`). The walk reads the platform's listing of the device's cases
page by page; each case the store lacks, or holds at an older version with nothing waiting
to upload, it fetches whole (the ``platform-version`` a supervisor's adoption reads too) and
keeps as synced, in the state the platform holds (``counter_app.store.platform_cases``). The
page reached is kept in ``meta`` after each page, so a run cut short goes on from there,
and a case kept already is skipped: nothing is written twice. A run walks a bounded number
of pages; the rest waits for the next.

A case naming a catalog version the store lacks (pruned before the walk was due: no version
is pruned while it is, ``store.catalog_pruning``) is not kept, as it could take no later
step. The walk stops before it and has the catalog feed read again from the start, which
brings back every version the platform published; the run's second walk, after the pull,
keeps the case. A version the catalog feed does not hold even then (read to its end in this
run) cannot come back: that case is left on the platform, logged as an error, and the walk
goes on.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass

from counter_app.store.database import Store
from counter_app.store.platform_cases import (
    META_AUDIT_READ,
    META_RECOVERED,
    META_WALK,
    RESTORE_ACTION,
    catalog_version_held,
    keep_platform_case,
    numbered_here,
)
from counter_app.store.timestamps import now_text
from sync.errors import PlatformRefused
from sync.instructions import platform_version
from sync.pull import drop_cursors
from sync.push import ACTOR
from sync.transport import PlatformTransport
from sync.wire.own_cases import OWN_CASES_PATH, OwnCase, OwnCasesPage

log = logging.getLogger(__name__)

PAGE_SIZE = 100
PAGES_PER_RUN = 10
NOT_FOUND = 404  # what a platform without the listing answers


@dataclass(frozen=True)
class Walk:
    """Where a walk stands: the case number it read up to, the cases it kept so far, and
    whether it had the catalog feed read again for a case naming a version the store
    lacks."""

    after: str
    recovered: int
    catalog_asked: bool = False


def note_missing_own_case(store: Store, case_no: str) -> None:
    """The progress feed named ``case_no``, which the store lacks: when its number carries
    one of this workstation's own prefixes, a walk is due (inside the feed page's
    transaction)."""
    if numbered_here(store, case_no) and store.meta(META_WALK) is None:
        log.warning("progress for case %s of this workstation, which the store lacks", case_no)
        _keep_walk(store, Walk("", 0))


def recover_own_cases(
    store: Store,
    transport: PlatformTransport,
    *,
    page_size: int = PAGE_SIZE,
    pages: int = PAGES_PER_RUN,
    catalog_read: bool = False,
) -> int:
    """Walk the platform's listing of this device's cases while a walk is due, at most
    ``pages`` pages; the cases kept in this run. ``catalog_read``: the catalog feed was read
    to its end in this run, after this walk last asked for it again."""
    _note_restore(store)
    recovered = 0
    for _ in range(pages):
        walk = _walk(store)
        if walk is None:
            break
        try:
            answer = transport.request_json(
                "GET", OWN_CASES_PATH, params={"after": walk.after, "limit": str(page_size)}
            )
        except PlatformRefused as exc:
            if exc.status != NOT_FOUND:
                raise
            # A platform older than the listing: the rest of the sync goes on, the walk
            # stays due for the platform's upgrade.
            log.warning("the platform does not list a device's own cases: none recovered")
            break
        page = transport.parsed(OwnCasesPage, answer)
        for item in page.items:
            kept = _recover(store, transport, item, catalog_read=catalog_read)
            if kept is None:  # the page waits for the catalog: walked again from its start
                return recovered
            recovered += kept
        _walked(store, page)
    return recovered


def _recover(
    store: Store, transport: PlatformTransport, item: OwnCase, *, catalog_read: bool
) -> bool | None:
    """Keep ``item``'s newest version from the platform when the store lacks it or holds an
    older one (``_behind``); whether it did, None when it waits for its catalog version."""
    case_id = str(item.case_id)
    if not _behind(store, case_id, item.data_version):
        return False
    held = platform_version(transport, case_id).document
    if held is None:  # the prefix changed hands since the listing: not this device's
        log.warning("case %s: the platform sent no document to recover", item.case_no)
        return False
    version = held.service_item.catalog_version
    if not catalog_version_held(store, version):
        return _without_catalog_version(store, item.case_no, version, catalog_read)
    with store.transaction() as db:
        if not _behind(store, case_id, held.data_version):  # kept meanwhile
            return False
        keep_platform_case(
            db, store.pii, store.audit, held, state=item.state.value, actor=ACTOR, at=now_text()
        )
        walk = _walk(store)
        if walk is not None:  # counted with the case: a run cut short loses no count
            _keep_walk(store, Walk(walk.after, walk.recovered + 1, walk.catalog_asked))
    log.info("case %s v%d recovered from the platform", item.case_no, held.data_version)
    return True


def _without_catalog_version(
    store: Store, case_no: str, version: int, catalog_read: bool
) -> bool | None:
    """A case naming catalog ``version``, which the store lacks: the walk waits (None) while
    the catalog feed, read again from the start, may bring it back; once it was read to its
    end and did not, the case stays on the platform (False)."""
    walk = _walk(store)
    if walk is not None and not walk.catalog_asked:
        with store.transaction():
            drop_cursors(store, ["catalog"])
            _keep_walk(store, Walk(walk.after, walk.recovered, catalog_asked=True))
        log.warning(
            "case %s names catalog version %d, which this store lacks: the catalog feed is"
            " read again from the start and the case recovered after it",
            case_no,
            version,
        )
        return None
    if not catalog_read:
        return None
    log.error(
        "case %s names catalog version %d, which neither this store nor the platform's"
        " catalog feed holds: not recovered, it stays on the platform",
        case_no,
        version,
    )
    return False


def _behind(store: Store, case_id: str, version: int) -> bool:
    """The store lacks the case, or holds an older version with nothing waiting to upload
    or held for a supervisor (a version of its own the platform has not stored stands)."""
    row = store.db.execute(
        "SELECT data_version, EXISTS (SELECT 1 FROM outbox WHERE case_id = ?"
        " AND state NOT IN ('stored', 'duplicate')) FROM cases WHERE case_id = ?",
        (case_id, case_id),
    ).fetchone()
    return row is None or (int(row[0]) < version and not row[1])


def _note_restore(store: Store) -> None:
    """A restore audited since the audit log was last read here makes a walk due. A restored
    store's ``meta`` is the backup's, read up to an entry before the restore's own."""
    read = int(store.meta(META_AUDIT_READ) or 0)
    last, restored = store.db.execute(
        "SELECT max(seq), max(CASE WHEN action = ? THEN seq END) FROM audit_log WHERE seq > ?",
        (RESTORE_ACTION, read),
    ).fetchone()
    if last is None:
        return
    with store.transaction():
        if restored is not None:
            _keep_walk(store, Walk("", 0))
        store.set_meta(META_AUDIT_READ, str(last))


def _walk(store: Store) -> Walk | None:
    kept = store.meta(META_WALK)
    return None if kept is None else Walk(**json.loads(kept))


def _keep_walk(store: Store, walk: Walk) -> None:
    store.set_meta(META_WALK, json.dumps(asdict(walk)))


def _walked(store: Store, page: OwnCasesPage) -> None:
    """Keep where the walk stands after ``page``; at its end, what it recovered."""
    with store.transaction():
        walk = _walk(store)
        if walk is None:
            return
        if page.more:
            _keep_walk(store, Walk(page.after, walk.recovered, walk.catalog_asked))
            return
        store.delete_meta(META_WALK)
        store.set_meta(META_RECOVERED, json.dumps({"at": now_text(), "count": walk.recovered}))
    if walk.recovered:
        log.warning("%d case(s) of this workstation recovered from the platform", walk.recovered)
