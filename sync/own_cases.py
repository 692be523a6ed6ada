"""Fetching back this workstation's own cases from the platform, when its store was restored
from a backup older than cases it had synced (docs/sync-protocol.md, "A device's own
cases"; docs/operations.md §5 and §6).

A walk is due once the store records a restore (``counter-app restore`` audits
``backup.restore``) that no walk started for yet, once the platform holds a higher audit
head than the store's log reaches (the database put back to an older copy without
``counter-app restore``: :func:`walk_from_the_start`, ``sync.rollback``), or once the
progress feed names a case the store lacks whose number carries one of this workstation's
own prefixes (:func:`note_missing_own_case`; the step it brings is held for the case and
joins its history once the walk keeps it: :func:`hold_step_of_missing_case`). The walk reads the platform's listing of the
device's cases page by page; each case the store lacks, or holds at an older version with
nothing waiting to upload, it fetches whole (the ``platform-version`` a supervisor's
adoption reads too) and keeps as synced, in the state the platform holds
(``counter_app.store.platform_cases``), its day's case-number sequence moved past its
number in the same transaction. The page reached is kept in ``meta`` after each page, so a
run cut short goes on from there, and a case kept already is skipped: nothing is written
twice. A run walks a bounded number of pages; the rest waits for the next.

A case naming a catalog version the store lacks (pruned before the walk was due: no version
is pruned while it is, ``store.catalog_pruning``) is not kept, as it could take no later
step. The walk stops before it and has the catalog feed read again from the start, which
brings back every version the platform published; the run's second walk, after the pull,
keeps the case. A version the catalog feed does not hold even then (read to its end in this
run) cannot come back: that case is left on the platform, logged as an error, and the walk
goes on.

A case whose platform version has fields this program does not know (a newer release wrote
them: a window rolled back, docs/operations.md §10) is not kept either: a later version
written here would lose them. It is left on the platform, logged, kept in ``meta`` with the
case number listed right before it, and the walk goes on to its end. Every sync run asks for
each such case again, alone (its platform version; once this program holds all of it, the
listing from the number before it, one item, for where it stands), so the first run after
this window's upgrade keeps it. The walk ends all the same, and with it the recovery due
that holds back catalog pruning; a waiting case naming a version pruned meanwhile has a walk
started from it, which has the catalog feed read again.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace

from counter_app.domain.case_document import CaseDocument
from counter_app.domain.case_number import looks_like_case_number, parse_case_number
from counter_app.services.case_changes import PLATFORM_ACTOR
from counter_app.services.case_progress import department_actor
from counter_app.store.database import Store
from counter_app.store.issued_case_numbers import move_past
from counter_app.store.platform_cases import (
    META_AUDIT_READ,
    META_LEFT_FOR_NEWER,
    META_RECOVERED,
    META_WALK,
    RESTORE_ACTION,
    catalog_version_held,
    keep_platform_case,
    numbered_here,
)
from counter_app.store.platform_steps import (
    DepartmentStep,
    forget_held_steps,
    hold_step,
    recover_held_steps,
)
from counter_app.store.timestamps import now_text, to_text
from sync.errors import PlatformRefused
from sync.instructions import platform_version
from sync.newer_versions import CaseFromNewerProgram, whole_version
from sync.pull import drop_cursors
from sync.push import ACTOR
from sync.transport import PlatformTransport
from sync.wire.feeds import ProgressEvent
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


@dataclass(frozen=True)
class LeftForNewer:
    """A case a walk left on the platform for a newer program, and the case number listed
    right before it (``after``, "" for the first), to ask the listing for it alone."""

    case_id: str
    case_no: str
    after: str


def department_step(event: ProgressEvent) -> DepartmentStep:
    """The back-office step ``event`` brings, as the case's history keeps it."""
    return DepartmentStep(
        sequence=event.sequence,
        state=event.state,
        at=to_text(event.at),
        actor=PLATFORM_ACTOR if event.department is None else department_actor(event.department),
        note=event.note,
        materials=tuple(event.correction_materials),
        fields=tuple(event.correction_fields),
    )


def hold_step_of_missing_case(store: Store, event: ProgressEvent) -> None:
    """The progress feed named a case the store lacks: when its number carries one of this
    workstation's own prefixes, its step is held for the case (a 补正 request the clerk
    answers, a step of its history: ``platform_steps``) and a walk is due
    (:func:`note_missing_own_case`). A payment, a rating or an appeal decision is no step:
    the version the walk keeps holds it."""
    if _is_step(event) and _may_come_back(store, event.case_no):
        hold_step(store.db, str(event.case_id), department_step(event))
    note_missing_own_case(store, event.case_no)


def _may_come_back(store: Store, case_no: str) -> bool:
    """Whether a walk may keep ``case_no``, which the store lacks: it carries one of this
    workstation's own prefixes, or a walk is due and it is of this window (after
    ``--replaces`` no case held here carries the replaced PC's prefix yet). A step held for
    a case no walk keeps is forgotten when the walk ends."""
    if numbered_here(store, case_no):
        return True
    if store.meta(META_WALK) is None or not looks_like_case_number(case_no):
        return False
    number, hall = parse_case_number(case_no), store.config.hall
    return (number.hall, number.window) == (hall.hall_code.upper(), hall.window_code.upper())


def note_missing_own_case(store: Store, case_no: str) -> None:
    """The progress feed named ``case_no``, which the store lacks: when its number carries
    one of this workstation's own prefixes, a walk is due (inside the feed page's
    transaction), unless the case waits for a newer program (asked for at every run)."""
    waiting = {left.case_no for left in _left_for_newer(store)}
    if numbered_here(store, case_no) and store.meta(META_WALK) is None and case_no not in waiting:
        log.warning("progress for case %s of this workstation, which the store lacks", case_no)
        _keep_walk(store, Walk("", 0))


def _is_step(event: ProgressEvent) -> bool:
    return (
        event.payment_reference is None
        and event.evaluation_channel is None
        and event.appeal_decision is None
    )


def walk_from_the_start(store: Store) -> None:
    """A walk is due from the first case (inside the caller's transaction), as after a
    restore: the store went back to a copy older than cases it had synced."""
    _keep_walk(store, Walk("", 0))


def recover_own_cases(
    store: Store,
    transport: PlatformTransport,
    *,
    page_size: int = PAGE_SIZE,
    pages: int = PAGES_PER_RUN,
    catalog_read: bool = False,
    beat: Callable[[], None] | None = None,
) -> int:
    """Walk the platform's listing of this device's cases while a walk is due, at most
    ``pages`` pages; the cases kept in this call. ``catalog_read``: the catalog feed was
    read to its end in this run, after this walk last asked for it again. ``beat`` is
    called after each page walked: the sync goes on (``SyncEngine.beat``)."""
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
        listed_before = walk.after
        for item in page.items:
            kept = _recover(store, transport, item, listed_before, catalog_read=catalog_read)
            if kept is None:  # the page waits for the catalog: walked again from its start
                return recovered
            recovered += kept
            listed_before = item.case_no
        if beat is not None:
            beat()
        if not _walked(store, page):
            break
    return recovered


def _recover(
    store: Store,
    transport: PlatformTransport,
    item: OwnCase,
    listed_before: str,
    *,
    catalog_read: bool,
) -> bool | None:
    """Keep ``item`` (listed after ``listed_before``), its newest version from the platform,
    when the store lacks it or holds an older one (``_behind``); whether it did, None when
    it waits for its catalog version."""
    case_id = str(item.case_id)
    if not _behind(store, case_id, item.data_version):
        return False
    try:
        held = whole_version(platform_version(transport, case_id))
    except CaseFromNewerProgram as exc:
        log.warning("case %s not recovered: %s", item.case_no, exc.en)
        _leave_for_newer_program(store, LeftForNewer(case_id, item.case_no, listed_before))
        return False
    if held is None:  # the prefix changed hands since the listing: not this device's
        log.warning("case %s: the platform sent no document to recover", item.case_no)
        return False
    version = held.service_item.catalog_version
    if not catalog_version_held(store, version):
        return _without_catalog_version(store, item.case_no, version, catalog_read)
    return _keep(store, item, held)


def _keep(store: Store, item: OwnCase, held: CaseDocument) -> bool:
    """Keep ``held`` as the case's newest version, standing where ``item`` says, unless it
    was kept meanwhile; counted with a walk under way, if any."""
    with store.transaction() as db:
        if not _behind(store, str(item.case_id), held.data_version):  # kept meanwhile
            return False
        keep_platform_case(
            db, store.pii, store.audit, held, state=item.state.value, actor=ACTOR, at=now_text()
        )
        recover_held_steps(db, held.case_id)
        # The backup behind the store may predate the number as well as the case.
        move_past(db.conn, [held.case_no])
        walk = _walk(store)
        if walk is not None:  # counted with the case: a run cut short loses no count
            _keep_walk(store, replace(walk, recovered=walk.recovered + 1))
    log.info("case %s v%d recovered from the platform", item.case_no, held.data_version)
    return True


def ask_again_for_left_for_newer(store: Store, transport: PlatformTransport) -> int:
    """Ask for each case left for a newer program again, alone, once a run (the program does
    not change within one); keep those this program now holds whole. The cases kept (the last recovery, for ``sync status``, when any)."""
    kept = 0
    for left in _left_for_newer(store):
        try:
            held = whole_version(platform_version(transport, left.case_id))
        except CaseFromNewerProgram:
            continue  # still: asked for again at the next run
        kept += _take_left_for_newer(store, transport, left, held)
    if kept:
        with store.transaction():
            store.set_meta(META_RECOVERED, json.dumps({"at": now_text(), "count": kept}))
        log.warning("%d case(s) left for a newer program recovered from the platform", kept)
    return kept


def _take_left_for_newer(
    store: Store, transport: PlatformTransport, left: LeftForNewer, held: CaseDocument | None
) -> bool:
    """Keep ``held``, the whole version of a case left for a newer program, standing where
    the listing says (asked for from the number before it, one item); the case waits no
    more. A case naming a catalog version the store lacks has a walk started from it."""
    answer = transport.request_json(
        "GET", OWN_CASES_PATH, params={"after": left.after, "limit": "1"}
    )
    listed = transport.parsed(OwnCasesPage, answer).items
    taken = False
    if held is None or not listed or str(listed[0].case_id) != left.case_id:
        # The prefix changed hands (numbers only grow: none comes to sit between the two).
        log.warning("case %s is no longer this device's to recover", left.case_no)
    elif not catalog_version_held(store, held.service_item.catalog_version):
        log.warning("case %s names a catalog version this store lacks: walked", left.case_no)
        with store.transaction():
            walk = _walk(store) or Walk(left.after, 0)
            _keep_walk(store, replace(walk, after=min(walk.after, left.after)))
    else:
        taken = _keep(store, listed[0], held)
    with store.transaction():
        _keep_left_for_newer(
            store, [other for other in _left_for_newer(store) if other.case_id != left.case_id]
        )
    return taken


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
            _keep_walk(store, replace(walk, catalog_asked=True))
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
            walk_from_the_start(store)
        store.set_meta(META_AUDIT_READ, str(last))


def _leave_for_newer_program(store: Store, left: LeftForNewer) -> None:
    """A case of the page being walked was left for a newer program: remember it, to ask for
    it again at every run."""
    with store.transaction():
        waiting = _left_for_newer(store)
        if all(other.case_id != left.case_id for other in waiting):
            _keep_left_for_newer(store, [*waiting, left])


def _left_for_newer(store: Store) -> list[LeftForNewer]:
    kept = store.meta(META_LEFT_FOR_NEWER)
    return [] if kept is None else [LeftForNewer(**left) for left in json.loads(kept)]


def _keep_left_for_newer(store: Store, waiting: list[LeftForNewer]) -> None:
    if waiting:
        store.set_meta(META_LEFT_FOR_NEWER, json.dumps([asdict(left) for left in waiting]))
    else:
        store.delete_meta(META_LEFT_FOR_NEWER)


def _walk(store: Store) -> Walk | None:
    kept = store.meta(META_WALK)
    return None if kept is None else Walk(**json.loads(kept))


def _keep_walk(store: Store, walk: Walk) -> None:
    store.set_meta(META_WALK, json.dumps(asdict(walk)))


def _walked(store: Store, page: OwnCasesPage) -> bool:
    """Keep where the walk stands after ``page``; at its end, what it recovered. Whether to
    walk on."""
    with store.transaction():
        walk = _walk(store)
        if walk is None:
            return False
        if page.more:
            _keep_walk(store, replace(walk, after=page.after))
            return True
        store.delete_meta(META_WALK)
        store.set_meta(META_RECOVERED, json.dumps({"at": now_text(), "count": walk.recovered}))
        forget_held_steps(store.db, [left.case_id for left in _left_for_newer(store)])
    if walk.recovered:
        log.warning("%d case(s) of this workstation recovered from the platform", walk.recovered)
    return False
