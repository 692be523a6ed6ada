"""Problem cases across a hall: the ``problems`` feed (submissions the platform kept in conflict
or rejected), supervisors' reviews (the ``reviews`` feed) and the instructions from a supervisor's window to the window that owns a
problem case (the ``instructions`` feed): the statements that read and write them. The store runs them in its
transactions (``CentralStore.issue_instruction``, ``answer_instruction``, ``read_feed``);
``central.auth.check_instruction_signature`` checks who issued one.
"""

from __future__ import annotations

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

PROBLEM_KEYS = (
    "sequence",
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
PROBLEMS_QUERY = (
    f"SELECT seq, {', '.join(PROBLEM_KEYS[1:])} FROM case_problems"  # noqa: S608 - constants
    " WHERE hall = ? AND seq > ? ORDER BY seq LIMIT ?"
)
INSERT_PROBLEM = (
    f"INSERT INTO case_problems (hall, device_id, {', '.join(PROBLEM_KEYS[1:])})"  # noqa: S608
    f" VALUES ({', '.join('?' * (len(PROBLEM_KEYS) + 1))})"
)
