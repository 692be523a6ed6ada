"""A store found behind the platform: the platform holds a higher audit head of this
workstation than the local log reaches, so the database was put back to an older copy
(a backup file copied over it, not ``counter-app restore``), and the cases synced since that
copy, and their numbers, are gone from it.

It is treated as the restore it was not told of. ``counter-app restore`` moves the case
numbers past every one the replaced database had issued; that database is gone here, so the
numbers come from the platform: its answer names the highest case number it holds for the
device, and the sequence moves past it before the run goes on (no accept can take a number
the platform holds for another applicant), then past each case the walk brings back
(``sync.own_cases``, due from the first case as after a restore). The archived documents
move the document serials, as a restore does. The finding is audited, logged at ERROR and
kept in ``meta``; doctor fails (:func:`store_behind_check`) until the walk has ended.

An audited restore (``counter-app restore`` since the walks last read the log) was told:
the numbers are moved all the same (the replaced database may have been unreadable), but it
is no rollback, and the restore starts the walk itself. Either way the finding is kept per
head held, so later runs, until the log passes that head, find nothing new.

Either way the chain now forks from the head the platform holds, and the platform refuses
every report until its administrator accepts the fork (``counter-central audit-heads
accept-fork``; the window cannot vouch for itself). A refusal keeps the head held
(:func:`chain_refused`), and doctor fails (:func:`chain_fork_check`) with
``AuditLog.compare_with_platform``'s words: after a restore, that it is expected and the
command with this device's id; without one, a tamper alarm. Once the platform takes a head
past the restore, that is audited (:func:`chain_taken`), and a later fork is an alarm again.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from typing import Any

from counter_app.home import Home
from counter_app.services import offline_policy
from counter_app.services.doctor import Check
from counter_app.store.audit import (
    CHAIN_TAKEN_ACTION,
    STORE_BEHIND_ACTION,
    AuditHead,
    AuditProblem,
)
from counter_app.store.database import Store
from counter_app.store.document_serials import archived_document_sequences
from counter_app.store.issued_case_numbers import move_past
from counter_app.store.platform_cases import META_WALK, restore_unread
from counter_app.store.sequences import DOCUMENT_SERIALS, advance
from counter_app.store.timestamps import now_text
from sync.own_cases import walk_from_the_start
from sync.push import ACTOR
from sync.wire.device_reports import AuditHeadResult, HeldAuditHead

log = logging.getLogger(__name__)

ACTION = STORE_BEHIND_ACTION
# The last finding, JSON (``StoreBehind``): kept so the same head held is acted on once.
META_BEHIND = "sync.store_behind_platform"
# The head the platform held when it last refused this store's (JSON ``AuditHead``), until
# it takes one.
META_REFUSED = "sync.audit_head_refused"


@dataclass(frozen=True)
class StoreBehind:
    """The platform held the audit head at ``held_seq`` while the local log ended at
    ``local_seq``; ``told``: a restore was audited for it. The sequences moved (day: new
    last number) and the highest case number the platform holds for the device."""

    at: str
    held_seq: int
    held_head: str
    local_seq: int
    told: bool
    last_case_no: str | None
    case_sequences_advanced: dict[str, int]
    document_sequences_advanced: dict[str, int]

    def words(self) -> tuple[str, str]:
        """What IT reads (Chinese, English): what happened and what to do."""
        numbers_zh = numbers_en = ""
        if self.last_case_no:
            numbers_zh = f"办件编号已移到平台保存的本机最大编号 {self.last_case_no} 之后；"
            numbers_en = (
                f"Case numbers now continue after {self.last_case_no}, the highest the "
                "platform holds for this workstation. "
            )
        return (
            f"本机数据库落后于中心平台：平台保存的本机审计链头为第 {self.held_seq} 条，本机日志只到第 "
            f"{self.local_seq} 条，数据库被旧副本覆盖（未经 counter-app restore）。{numbers_zh}"
            "已开始从平台取回此后同步过的办件。请查明是谁替换了数据库（保留被替换的文件），"
            "记入大厅日志，并用 counter-app sync status 查看取回是否完成。",
            "This workstation's database is behind the central platform: the platform holds "
            f"its audit head at entry {self.held_seq}, the local log ends at entry "
            f"{self.local_seq}; the database was replaced by an older copy without "
            f"counter-app restore. {numbers_en}The cases synced since that copy are being "
            "fetched back from the platform. Find out who replaced the database (keep the "
            "file it replaced), record it in the hall's log book, and watch counter-app sync "
            "status until the recovery ends.",
        )

    def to_dict(self) -> dict[str, Any]:
        """For ``sync --once --json``: the finding, that recovery started, and its words."""
        zh, en = self.words()
        return {**asdict(self), "recovery_started": True, "message": zh, "message_en": en}


def store_found_behind(
    store: Store, home: Home, answer: AuditHeadResult, local_seq: int
) -> StoreBehind | None:
    """The platform answered that it holds head ``answer.held``, past ``local_seq``, the
    end of the local log: move the numbers, start the walk, audit it (one transaction).
    The finding of a rollback; None after a restore (which starts the walk itself) or when
    this head held was acted on already."""
    held = answer.held
    previous = last_finding(store)
    if previous is not None and (previous.held_seq, previous.held_head) == (held.seq, held.head):
        return None
    told = restore_unread(store)  # the restore this finding comes from starts the walk
    issued_serials = archived_document_sequences(home.documents_dir)
    with store.transaction() as db:
        cases_moved = move_past(
            db.conn, [] if answer.last_case_no is None else [answer.last_case_no]
        )
        serials_moved = advance(db.conn, DOCUMENT_SERIALS, issued_serials)
        finding = StoreBehind(
            now_text(),
            held.seq,
            held.head,
            local_seq,
            told,
            answer.last_case_no,
            cases_moved,
            serials_moved,
        )
        if not told:
            walk_from_the_start(store)
        store.audit.record(
            ACTOR,
            ACTION,
            None,
            {
                key: value
                for key, value in asdict(finding).items()
                if key not in ("at", "held_head")
            },
        )
        store.set_meta(META_BEHIND, json.dumps(asdict(finding)))
    if told:
        log.warning(
            "after the restore the platform holds audit head %d, the local log ends at %d; "
            "case numbers moved past %s",
            held.seq,
            local_seq,
            answer.last_case_no,
        )
        return None
    log.error("%s", finding.words()[1])
    return finding


def last_finding(store: Store) -> StoreBehind | None:
    kept = store.meta(META_BEHIND)
    return None if kept is None else StoreBehind(**json.loads(kept))


def store_behind_check(store: Store, en: bool) -> list[Check]:
    """For ``counter-app doctor`` (``sync.doctor``): a failing ``store_behind_platform`` check while the store, found behind the platform without a
    restore, has not yet fetched its cases back; nothing otherwise."""
    finding = last_finding(store)
    if finding is None or finding.told or store.meta(META_WALK) is None:
        return []
    zh, english = finding.words()
    return [Check("store_behind_platform", "fail", english if en else zh)]


def chain_refused(store: Store, held: HeldAuditHead) -> list[AuditProblem]:
    """The platform refused this store's head and holds ``held``: keep it for doctor; what
    is wrong, in ``AuditLog.compare_with_platform``'s words."""
    head = AuditHead(held.seq, held.head, held.keyed_from)
    store.set_meta(META_REFUSED, json.dumps(asdict(head)))
    return store.audit.compare_with_platform(head)


def chain_taken(store: Store, held: HeldAuditHead) -> None:
    """The platform took (or already held) this store's head ``held``: the refusal kept is
    over, and a restore or older copy the chain forked with is behind it (audited once)."""
    forked_by = store.audit.unconfirmed_fork()
    if forked_by is not None and forked_by > held.seq:  # written after the head it sent
        forked_by = None
    if forked_by is None and store.meta(META_REFUSED) is None:
        return
    with store.transaction():
        store.delete_meta(META_REFUSED)
        if forked_by is not None:
            store.audit.record(
                ACTOR, CHAIN_TAKEN_ACTION, None, {"held_seq": held.seq, "forked_at": forked_by}
            )
    if forked_by is not None:
        log.warning(
            "the platform took audit head %d, past the restore at entry %d", held.seq, forked_by
        )


def chain_fork_check(store: Store, en: bool) -> list[Check]:
    """For ``counter-app doctor`` (``sync.doctor``): a failing ``audit_chain_refused`` check while the platform's last answer refused this store's
    head, in ``compare_with_platform``'s words (after a restore: expected, and the platform
    command that accepts it); nothing otherwise. Once the platform said two PCs share this
    device's identity (``device_cloned``), the fork is the other PC's chain, not a rewritten
    log: the check says that, and which replacement code ends it."""
    kept = store.meta(META_REFUSED)
    if kept is None:
        return []
    cloned = offline_policy.cloned_device(store)
    if cloned is not None:
        return [Check("audit_chain_refused", "fail", cloned.en if en else cloned.zh)]
    problems = store.audit.compare_with_platform(AuditHead(**json.loads(kept)))
    return [
        Check("audit_chain_refused", "fail", problem.message("en" if en else "zh"))
        for problem in problems
    ]
