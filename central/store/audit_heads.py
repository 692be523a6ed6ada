"""Each window's audit-chain head as it last reported it (``POST /v1/audit-head``): kept only
when it moves forward from the head held, so a window whose chain was cut back, forked or
rewritten below that head shows up as an anomaly (``counter-central audit-heads``) instead of
overwriting what the platform held.

Moving forward means a higher seq and, from a window that proves it (``continues``: its own
hash at the held seq), the same chain: the window's program computes that hash from the
chain in its database, so a log re-chained in the files from an edited entry (with the key
file) is refused. The platform cannot recompute the chain (the key stays on the window):
someone who also signs requests of their own with the device's key can claim the held head,
which this check cannot catch (docs/sync-protocol.md, "Audit head"). A
device that sent such a proof once is held to it (``meta`` ``audit_head_proven:DEVICE``):
a report of it without one is refused, as a window rolled back to a release that cannot
prove would be. A window that never sent one is taken on seq alone, as before.

A restore from a backup (or a store put back to an older copy) forks the window's chain from
the head held: nothing the window sends can prove it continues, and nothing should, since a
key holder could claim the same. A platform administrator accepts the fork
(:func:`accept_fork`, ``counter-central audit-heads accept-fork``): the device's next report
is then taken as a new base head whatever it is, once, and later ones prove they continue
that base. Each acceptance is kept (who, when, why, the head it replaced and the base that
followed: ``meta`` ``audit_head_fork:DEVICE:N``), an audit trail of forks that
``audit-heads`` lists.

Two PCs with one identity (a home copied and started) fork the chain as a restore does, but
both lines go on reporting: a report refused after the held head moved past an earlier
refused one (since the last accepted fork) marks the device cloned
(``central.store.cloned_devices``); its reports are refused with ``device_cloned`` from then
on, until an accepted fork clears the mark.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from central.errors import OperatorError
from central.store.acting_staff import check_register_member, checked_reason
from central.store.base import CentralStore, DbCursor, Device, iso, utc_now
from central.store.cloned_devices import (
    AUDIT_HEAD_FORK,
    clear_mark,
    cloned_mark,
    cloned_marks,
    cloned_refusal,
    mark_cloned,
)
from central.store.own_cases import DEVICE_CASES
from counter_app.domain.case_number import looks_like_case_number, parse_case_number
from sync.wire.device_reports import AuditHeadReport, AuditHeadStatus

log = logging.getLogger("central.store")

_PROVEN_KEY = "audit_head_proven:{device}"
# The platform's register of its own staff: an ``admin`` account in use here
# (``counter-central staff add --hall platform-ops --role admin``) accepts a fork. No window
# belongs to it, so no hall's administrator, who may hold a window's key file, is one.
OPERATIONS_REGISTER = "platform-ops"
# One row per accepted fork (JSON, ``_fork_record``), numbered per device from 1; and the
# key of the one whose base the device's next report sets, while it waits for it.
_FORK_PREFIX = "audit_head_fork:"
_FORK_KEY = _FORK_PREFIX + "{device}:{number:06d}"
_WAITING_KEY = "audit_head_fork_waiting:{device}"
# The highest number of each prefix the device holds (as ``own_cases`` binds them); the
# numbers of one prefix order as text.
_LAST_CASE_NUMBERS = f"SELECT max(c.case_no) FROM {DEVICE_CASES} GROUP BY p.prefix"  # noqa: S608


@dataclass(frozen=True)
class AuditHeadOutcome:
    """A report's outcome, the head held afterwards, and for a report behind it the
    highest case number held for the device (the ``AuditHeadResult`` body)."""

    status: AuditHeadStatus
    held: dict[str, Any]
    last_case_no: str | None


def record_audit_head(
    store: CentralStore, device: Device, nonce: str, report: AuditHeadReport
) -> AuditHeadOutcome:
    """Keep ``report`` if it moves forward from the head held for ``device`` (see the
    module doc); refuse (and keep as an anomaly) one behind it, differing at the same
    seq, or not proven to continue it. After an accepted fork, keep it as the new base."""
    now = iso(utc_now())
    sent = (report.seq, report.head, report.keyed_from)
    proof = report.continues
    with store.transaction() as cur:
        store._consume_nonce(cur, device.device_id, nonce)
        fork_key = _claim_waiting_fork(store, cur, device.device_id)
        if fork_key is not None:
            return _take_as_base(store, cur, device, report, fork_key=fork_key, now=now)
        mark = cloned_mark(store, cur, device.device_id)
        if mark is not None:
            raise cloned_refusal(device, mark)
        proven_before = _proven(store, cur, device.device_id)
        if proof is not None and not proven_before:
            store._exec(
                cur,
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                (_PROVEN_KEY.format(device=device.device_id), now),
            )
        # One statement, so two reports racing each other can only ever raise the head; a
        # device held to proofs raises it only from the head its proof names (seq -1: no
        # proof, never).
        must_continue = proof is not None or proven_before
        continued = (-1, "") if proof is None else (proof.seq, proof.head)
        raised = store._exec(
            cur,
            "INSERT INTO audit_heads (device_id, seq, head, keyed_from, received_at, "
            "reported_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET "
            "seq = excluded.seq, head = excluded.head, keyed_from = excluded.keyed_from, "
            "received_at = excluded.received_at, reported_at = excluded.reported_at "
            "WHERE audit_heads.seq < excluded.seq AND (? = 0 OR "
            "(audit_heads.seq = ? AND audit_heads.head = ?))",
            (device.device_id, *sent, now, now, int(must_continue), *continued),
        ).rowcount
        store._exec(
            cur,
            "UPDATE audit_heads SET reported_at = ? WHERE device_id = ?",
            (now, device.device_id),
        )
        held = _held_audit_head(store, cur, device.device_id)
        assert held is not None  # just inserted or already there
        status: AuditHeadStatus
        if raised == 1:
            status = "stored"
        elif (held["seq"], held["head"], held["keyed_from"]) == sent:
            status = "unchanged"
        else:
            status = "refused"
            if _two_chains_reporting(store, cur, device.device_id, held["seq"]):
                mark_cloned(
                    store,
                    cur,
                    device.device_id,
                    AUDIT_HEAD_FORK,
                    {"held_seq": held["seq"], "sent_seq": report.seq},
                )
                mark = cloned_mark(store, cur, device.device_id)
            store._exec(
                cur,
                "INSERT INTO audit_head_anomalies (device_id, held_seq, held_head, sent_seq, "
                "sent_head, sent_keyed_from, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (device.device_id, held["seq"], held["head"], *sent, now),
            )
        behind = status == "refused" and report.seq < held["seq"]
        last_case_no = _last_case_no(store, cur, device) if behind else None
    if mark is not None:
        raise cloned_refusal(device, mark)
    if status == "refused":
        log.warning(
            "device %s reported audit head %d, %s the held head %d: kept the held one, "
            "recorded an anomaly",
            device.device_id,
            report.seq,
            _why_refused(report, held["seq"], must_continue),
            held["seq"],
        )
    return AuditHeadOutcome(status, held, last_case_no)


def _why_refused(report: AuditHeadReport, held_seq: int, must_continue: bool) -> str:
    if report.seq <= held_seq:
        return "behind or forked from"
    if report.continues is None and must_continue:
        return "without the proof this device always sent that it continues"
    return "not continuing (its chain differs at the seq of)"


def _two_chains_reporting(
    store: CentralStore, cur: DbCursor, device_id: str, held_seq: int
) -> bool:
    """Whether a report of ``device_id`` was refused since its last accepted fork while
    the head held was lower than ``held_seq``: the held chain moved on past a refused one,
    which still reports now. One PC restored, or a log rewritten once, never does both."""
    prefix = f"{_FORK_PREFIX}{device_id}:"
    accepted = store._exec(
        cur, "SELECT max(key) FROM meta WHERE substr(key, 1, ?) = ?", (len(prefix), prefix)
    ).fetchone()[0]
    since = ""
    if accepted is not None:
        fork = json.loads(
            store._exec(cur, "SELECT value FROM meta WHERE key = ?", (accepted,)).fetchone()[0]
        )
        since = fork["at"]
    row = store._exec(
        cur,
        "SELECT 1 FROM audit_head_anomalies WHERE device_id = ? AND held_seq < ? AND at > ?"
        " LIMIT 1",
        (device_id, held_seq, since),
    ).fetchone()
    return row is not None


def _proven(store: CentralStore, cur: DbCursor, device_id: str) -> bool:
    row = store._exec(
        cur, "SELECT 1 FROM meta WHERE key = ?", (_PROVEN_KEY.format(device=device_id),)
    ).fetchone()
    return row is not None


def _last_case_no(store: CentralStore, cur: DbCursor, device: Device) -> str | None:
    """The highest case number (by day, then sequence) held with one of ``device``'s
    prefixes."""
    numbers = [
        parse_case_number(row[0])
        for row in store._exec(cur, _LAST_CASE_NUMBERS, (device.device_id, device.hall)).fetchall()
        if looks_like_case_number(row[0])
    ]
    if not numbers:
        return None
    return str(max(numbers, key=lambda number: (number.day, number.seq)))


def _held_audit_head(store: CentralStore, cur: DbCursor, device_id: str) -> dict[str, Any] | None:
    row = store._exec(
        cur,
        "SELECT seq, head, keyed_from, received_at FROM audit_heads WHERE device_id = ?",
        (device_id,),
    ).fetchone()
    keys = ("seq", "head", "keyed_from", "received_at")
    return None if row is None else dict(zip(keys, row, strict=True))


def audit_head(store: CentralStore, device: Device, nonce: str) -> dict[str, Any] | None:
    """The head held for ``device`` (asked by the device itself, hence the nonce)."""
    with store.transaction() as cur:
        store._consume_nonce(cur, device.device_id, nonce)
        return _held_audit_head(store, cur, device.device_id)


def audit_heads(store: CentralStore, hall: str | None = None) -> list[dict[str, Any]]:
    """Every device with the last audit head it reported (``None`` if never), how many of
    its reports were refused, whether its latest one was (``last_refused``: it waits for
    someone to find out why, and after a restore for :func:`accept_fork`), the forks
    accepted for it, oldest first (``forks``), and the one whose base its next report sets
    (``fork_waiting``, else ``None``)."""
    rows = store._listing(
        "SELECT d.device_id, d.hall, d.window_code, h.seq, h.head, h.keyed_from, "
        "h.received_at, h.reported_at, (SELECT count(*) FROM audit_head_anomalies a "
        "WHERE a.device_id = d.device_id), (SELECT max(a.at) FROM audit_head_anomalies a "
        "WHERE a.device_id = d.device_id) FROM devices d "
        "LEFT JOIN audit_heads h ON h.device_id = d.device_id",
        hall,
        "d.hall, d.window_code, d.device_id",
        (
            "device",
            "hall",
            "window",
            "seq",
            "head",
            "keyed_from",
            "time",
            "last_report",
            "anomalies",
            "last_anomaly",
        ),
    )
    forks = _forks(store)
    cloned = cloned_marks(store)
    for row in rows:
        # The anomaly of a refused report is written with the report's time.
        last_anomaly = row.pop("last_anomaly")
        row["last_refused"] = last_anomaly is not None and last_anomaly == row["last_report"]
        row["forks"] = forks.get(row["device"], [])
        row["fork_waiting"] = next((f for f in row["forks"] if f["base"] is None), None)
        row["cloned"] = cloned.get(row["device"])
    return rows


def accept_fork(
    store: CentralStore, device_id: str, *, by: str, password: str, reason: str
) -> tuple[dict[str, Any], bool]:
    """The administrator ``by`` (an ``admin`` account in use of ``OPERATIONS_REGISTER``,
    proven by ``password``) accepts that ``device``'s audit chain forked from the head held
    (after a restore): its next report sets a new base head. The fork's record, and whether
    it is new (an acceptance still waiting for its report is answered as it is).
    ``OperatorError`` for an unknown or unproven administrator, a reason too long or with
    control characters, or an unknown device."""
    text = checked_reason(reason, ("理由", "The reason"), required=False)
    check_register_member(
        store,
        OPERATIONS_REGISTER,
        by,
        password,
        roles=("admin",),
        act="audit-chain fork acceptance",
        refusal=(
            f"{by} 不是平台管理员（平台运维名册 {OPERATIONS_REGISTER} 中在用的管理员账号），"
            "不能准许审计链分叉；大厅的管理员不能为本大厅的终端准许。",
            f"{by} is no platform administrator (an administrator account in use in the "
            f"platform's operations register {OPERATIONS_REGISTER}) and may not accept an "
            "audit-chain fork; a hall's administrators never accept one for their hall.",
        ),
    )
    now = iso(utc_now())
    with store.transaction() as cur:
        found = store._exec(
            cur, "SELECT hall, window_code FROM devices WHERE device_id = ?", (device_id,)
        ).fetchone()
        if found is None:
            raise OperatorError(
                f"平台上没有终端 {device_id}（用 counter-central audit-heads 查看终端号）。",
                f"The platform has no device {device_id} (counter-central audit-heads lists "
                "the device ids).",
            )
        waiting_key = _WAITING_KEY.format(device=device_id)
        # Claimed first: of two acceptances at once the second waits for the first's commit,
        # then finds it waiting.
        waiting = store._exec(
            cur,
            "INSERT INTO meta (key, value) VALUES (?, '') ON CONFLICT (key) DO NOTHING",
            (waiting_key,),
        ).rowcount
        if waiting == 0:
            kept = store._exec(
                cur,
                "SELECT f.value FROM meta w JOIN meta f ON f.key = w.value WHERE w.key = ?",
                (waiting_key,),
            ).fetchone()
            return json.loads(kept[0]), False
        prefix = f"{_FORK_PREFIX}{device_id}:"
        number = (
            1
            + store._exec(
                cur, "SELECT count(*) FROM meta WHERE substr(key, 1, ?) = ?", (len(prefix), prefix)
            ).fetchone()[0]
        )
        key = _FORK_KEY.format(device=device_id, number=number)
        record = {
            "number": number,
            "device": device_id,
            "hall": found[0],
            "window": found[1],
            "by": by,
            "at": now,
            "reason": text,
            "replaced": _held_audit_head(store, cur, device_id),
            "base": None,
        }
        store._exec(cur, "INSERT INTO meta (key, value) VALUES (?, ?)", (key, json.dumps(record)))
        store._exec(cur, "UPDATE meta SET value = ? WHERE key = ?", (key, waiting_key))
        # The administrator found one PC after all (a restore): it may report again.
        clear_mark(store, cur, device_id)
    log.warning(
        "audit-chain fork of device %s accepted by %s (replacing head %s): its next report "
        "sets a new base head",
        device_id,
        by,
        None if record["replaced"] is None else record["replaced"]["seq"],
    )
    return record, True


def _forks(store: CentralStore) -> dict[str, list[dict[str, Any]]]:
    """Every device's accepted forks, oldest first."""
    with store.snapshot() as cur:
        rows = store._exec(
            cur,
            "SELECT value FROM meta WHERE substr(key, 1, ?) = ? ORDER BY key",
            (len(_FORK_PREFIX), _FORK_PREFIX),
        ).fetchall()
    forks: dict[str, list[dict[str, Any]]] = {}
    for (value,) in rows:
        record = json.loads(value)
        forks.setdefault(record["device"], []).append(record)
    return forks


def _claim_waiting_fork(store: CentralStore, cur: DbCursor, device_id: str) -> str | None:
    """The key of the fork accepted for ``device_id`` that waits for this report, no
    longer waiting (of two reports at once, one claims it)."""
    waiting_key = _WAITING_KEY.format(device=device_id)
    row = store._exec(cur, "SELECT value FROM meta WHERE key = ?", (waiting_key,)).fetchone()
    if row is None:
        return None
    claimed = store._exec(cur, "DELETE FROM meta WHERE key = ?", (waiting_key,)).rowcount
    return str(row[0]) if claimed == 1 else None


def _take_as_base(
    store: CentralStore,
    cur: DbCursor,
    device: Device,
    report: AuditHeadReport,
    *,
    fork_key: str,
    now: str,
) -> AuditHeadOutcome:
    """Keep ``report`` as ``device``'s head whatever the head held, and as the base of the
    fork ``fork_key``: with the highest case number held for the device when it is behind
    the head it replaced (the window went back to an older copy)."""
    replaced = _held_audit_head(store, cur, device.device_id)
    sent = (report.seq, report.head, report.keyed_from)
    store._exec(
        cur,
        "INSERT INTO audit_heads (device_id, seq, head, keyed_from, received_at, "
        "reported_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET "
        "seq = excluded.seq, head = excluded.head, keyed_from = excluded.keyed_from, "
        "received_at = excluded.received_at, reported_at = excluded.reported_at",
        (device.device_id, *sent, now, now),
    )
    record = json.loads(
        store._exec(cur, "SELECT value FROM meta WHERE key = ?", (fork_key,)).fetchone()[0]
    )
    record["base"] = {
        "seq": report.seq,
        "head": report.head,
        "keyed_from": report.keyed_from,
        "at": now,
    }
    store._exec(cur, "UPDATE meta SET value = ? WHERE key = ?", (json.dumps(record), fork_key))
    held = _held_audit_head(store, cur, device.device_id)
    assert held is not None  # just written
    behind = replaced is not None and report.seq < replaced["seq"]
    log.warning(
        "device %s: audit head %d taken as the new base of the fork accepted by %s "
        "(it replaces head %s)",
        device.device_id,
        report.seq,
        record["by"],
        None if replaced is None else replaced["seq"],
    )
    return AuditHeadOutcome("stored", held, _last_case_no(store, cur, device) if behind else None)
