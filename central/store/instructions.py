"""Problem cases across a hall: the ``problems`` feed (submissions the platform kept in
conflict or rejected, written by ``central.store.push``) and the instructions from a
supervisor's window to the window that owns a problem case (the ``instructions`` feed): their
statements, and the issuing and answering of an instruction.
``central.auth.check_instruction_signature`` checks who issued one.
"""

from __future__ import annotations

import logging
from typing import Any

from central.errors import InstructionIdTaken, NotTheCaseOwner, UnknownInHall
from central.store.acting_staff import check_acting
from central.store.base import CentralStore, DbCursor, Device, iso, utc_now
from central.store.cases import case_owner, unknown_case
from sync.wire.problems import InstructionAnswer, InstructionDraft

log = logging.getLogger("central.store")

# The feed's item keys, in the order its query's columns hold them (after ``sequence``).
ITEM_KEYS = (
    "sequence",
    "instruction_id",
    "case_id",
    "case_no",
    "target_device_id",
    "target_window",
    "action",
    "reason",
    "issued_by",
    "issuer_device_id",
    "issuer_public_key",
    "issued_at",
    "signature",
    "platform_version",
    "state",
    "outcome",
    "at",
)
_SELECT = (
    "SELECT e.seq, i.instruction_id, i.case_id, i.case_no, i.target_device_id,"
    " i.target_window, i.action, i.reason, i.issued_by, i.issuer_device_id, d.public_key,"
    " i.issued_at, i.signature, i.platform_version, e.state, e.outcome, e.at"
    " FROM instruction_events e JOIN instructions i ON i.instruction_id = e.instruction_id"
    " JOIN devices d ON d.device_id = i.issuer_device_id"
)
FEED_QUERY = _SELECT + " WHERE e.hall = ? AND e.seq > ? ORDER BY e.seq LIMIT ?"
LATEST_QUERY = _SELECT + " WHERE e.instruction_id = ? ORDER BY e.seq DESC LIMIT 1"
INSERT_EVENT = (
    "INSERT INTO instruction_events (hall, instruction_id, state, outcome, at)"
    " VALUES (?, ?, ?, ?, ?)"
)

# The columns of a problem as ``case_problems`` keeps it (after ``seq``, ``hall`` and
# ``device_id``).
_PROBLEM_COLUMNS = (
    "case_id",
    "case_no",
    "window_code",
    "data_version",
    "status",
    "reason",
    "message_zh",
    "message_en",
    "at",
)
# A problem the platform settled itself is kept as status ``settled`` and served as the
# conflict it settles with ``settled`` set (``HallProblem.settled``): an older client, whose
# statuses are conflict and rejected, still reads the feed. The feed's item keys, in the
# order its query's columns hold them.
PROBLEM_KEYS = ("sequence", *_PROBLEM_COLUMNS, "settled")
PROBLEMS_QUERY = (
    "SELECT seq, case_id, case_no, window_code, data_version,"
    " CASE WHEN status = 'settled' THEN 'conflict' ELSE status END, reason, message_zh,"
    " message_en, at, status = 'settled' FROM case_problems"
    " WHERE hall = ? AND seq > ? ORDER BY seq LIMIT ?"
)
INSERT_PROBLEM = (
    f"INSERT INTO case_problems (hall, device_id, {', '.join(_PROBLEM_COLUMNS)})"  # noqa: S608
    f" VALUES ({', '.join('?' * (len(_PROBLEM_COLUMNS) + 2))})"
)
# The platform's withdrawal of a case settles the window's withdrawal it kept in conflict
# (``withdrawn_after_step``) while that is still the case's newest problem and no newer
# version solved it: one ``settled`` item repeating it, in the words given. Parameters:
# message_zh, message_en, at, then the case's hall, its id and the reason settled.
SETTLE_PROBLEM = (
    f"INSERT INTO case_problems (hall, device_id, {', '.join(_PROBLEM_COLUMNS)})"  # noqa: S608
    " SELECT p.hall, p.device_id, p.case_id, p.case_no, p.window_code, p.data_version,"
    " 'settled', p.reason, ?, ?, ? FROM case_problems p JOIN cases c ON c.case_id = p.case_id"
    " WHERE p.seq = (SELECT max(seq) FROM case_problems WHERE hall = ? AND case_id = ?)"
    " AND p.status = 'conflict' AND p.reason = ? AND p.data_version > c.data_version"
)


def issue_instruction(
    store: CentralStore, device: Device, nonce: str, draft: InstructionDraft
) -> dict[str, Any]:
    """Keep an instruction ``device`` issued (its signature checked by the caller) about a
    case of its hall, for the device that owns the case, and put it in the hall's
    ``instructions`` feed. The same draft again answers what is held; another draft under
    a held id is refused (``InstructionIdTaken``)."""
    instruction_id, case_id = str(draft.instruction_id), str(draft.case_id)
    with store.transaction() as cur:
        store._consume_nonce(cur, device.device_id, nonce)
        store.lock_hall_feed(cur, "instruction_events", device.hall)
        held = store._exec(
            cur,
            "SELECT case_id, action, reason, issued_by, issuer_device_id FROM instructions"
            " WHERE instruction_id = ?",
            (instruction_id,),
        ).fetchone()
        if held is not None:
            sent = (case_id, draft.action, draft.reason, draft.issued_by, device.device_id)
            if tuple(held) != sent:
                raise InstructionIdTaken(
                    "该指令编号已用于另一条指令，请重新操作。",
                    "This instruction id already names another instruction; do it again.",
                    details={"instruction_id": instruction_id},
                )
        else:
            _insert_instruction(store, cur, device, draft)
        row = store._exec(cur, LATEST_QUERY, (instruction_id,)).fetchone()
    return dict(zip(ITEM_KEYS, row, strict=True))


def _insert_instruction(
    store: CentralStore, cur: DbCursor, device: Device, draft: InstructionDraft
) -> None:
    case_id = str(draft.case_id)
    case = store._exec(
        cur, "SELECT case_no, hall, data_version FROM cases WHERE case_id = ?", (case_id,)
    ).fetchone()
    refused = None
    if case is None:  # a new case the platform rejected: only its problem is known here
        refused = store._exec(
            cur,
            "SELECT case_no, hall, 0, device_id FROM case_problems WHERE case_id = ?"
            " ORDER BY seq DESC LIMIT 1",
            (case_id,),
        ).fetchone()
        case = refused
    if case is None or case[1] != device.hall:
        raise unknown_case()
    check_acting(
        store,
        cur,
        device,
        draft.issued_by,
        act=f"issued a {draft.action} instruction on case {case[0]}",
        supervising=True,
    )
    target = refused[3] if refused else case_owner(store, cur, case_id, case[0])
    window = store._exec(
        cur, "SELECT window_code FROM devices WHERE device_id = ?", (target,)
    ).fetchone()[0]
    now = iso(utc_now())
    store._exec(
        cur,
        "INSERT INTO instructions (instruction_id, hall, case_id, case_no, target_device_id,"
        " target_window, action, reason, issued_by, issuer_device_id, issued_at, signature,"
        " platform_version, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            str(draft.instruction_id),
            device.hall,
            case_id,
            case[0],
            target,
            window,
            draft.action,
            draft.reason,
            draft.issued_by,
            device.device_id,
            iso(draft.issued_at),
            draft.signature,
            case[2],
            now,
        ),
    )
    store._exec(
        cur,
        INSERT_EVENT,
        (device.hall, str(draft.instruction_id), "issued", "", now),
    )
    log.info(
        "instruction %s (%s case %s) issued by %s at device %s for device %s",
        draft.instruction_id,
        draft.action,
        case[0],
        draft.issued_by,
        device.device_id,
        target,
    )


def answer_instruction(
    store: CentralStore, device: Device, nonce: str, instruction_id: str, answer: InstructionAnswer
) -> dict[str, Any]:
    """The owning window's answer to an instruction, kept once (an answer sent again
    changes nothing) and put in the hall's feed; the instruction as it now stands."""
    with store.transaction() as cur:
        store._consume_nonce(cur, device.device_id, nonce)
        store.lock_hall_feed(cur, "instruction_events", device.hall)
        row = store._exec(cur, LATEST_QUERY, (instruction_id,)).fetchone()
        held = None if row is None else dict(zip(ITEM_KEYS, row, strict=True))
        hall = store._exec(
            cur, "SELECT hall FROM instructions WHERE instruction_id = ?", (instruction_id,)
        ).fetchone()
        if held is None or hall[0] != device.hall:
            raise UnknownInHall(
                "unknown_instruction",
                "本大厅没有这条指令。",
                "There is no such instruction in this device's hall.",
            )
        if held["target_device_id"] != device.device_id:
            raise NotTheCaseOwner(
                f"只有受理办件 {held['case_no']} 的窗口设备能答复这条指令。",
                f"Only the device of the window that owns case {held['case_no']} may "
                "answer this instruction.",
            )
        if held["state"] == "issued":
            store._exec(
                cur,
                INSERT_EVENT,
                (device.hall, instruction_id, answer.state, answer.outcome, iso(utc_now())),
            )
            row = store._exec(cur, LATEST_QUERY, (instruction_id,)).fetchone()
    return dict(zip(ITEM_KEYS, row, strict=True))
