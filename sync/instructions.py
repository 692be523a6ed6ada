"""Problem cases resolved across windows: a supervisor's resolution of another window's
case (``sync.problems`` decides which way a resolution goes) travels as an instruction,
signed with this device's key (``instruction_message``), checked by the platform, carried to the owning device by the
``instructions`` feed. That device checks the signature again, resolves the case once per
instruction at its next sync (a replayed instruction finds its resolution and writes
nothing) and answers; the answer reaches every window of the hall through the same feed,
so the issuing console shows "waiting for W03" until then.
"""

from __future__ import annotations

import base64
import binascii
import logging
import uuid
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from counter_app.services.auth import User
from counter_app.services.problems import mark_answered, resolve_once
from counter_app.services.problems import unanswered as unanswered_resolutions
from counter_app.store.database import Store
from counter_app.store.timestamps import from_text, to_text, utc_now
from sync.credential import load_credential
from sync.newer_versions import CaseFromNewerProgram, whole_version
from sync.transport import PlatformTransport
from sync.wire.problems import (
    HallProblem,
    Instruction,
    InstructionAnswer,
    InstructionDraft,
    PlatformVersionAsRead,
    instruction_message,
)

log = logging.getLogger(__name__)

INSTRUCTIONS_PATH = "/v1/hall/instructions"
ANSWER_PATH = "/v1/hall/instructions/{instruction_id}/answer"
PLATFORM_VERSION_PATH = "/v1/hall/cases/{case_id}/platform-version"


@dataclass(frozen=True)
class HeldInstruction:
    """An instruction of the hall as this workstation last heard of it."""

    instruction_id: str
    case_id: str
    case_no: str
    target_window: str
    action: str
    reason: str
    issued_by: str
    state: str  # issued | done | refused
    outcome: str


def platform_version(transport: PlatformTransport, case_id: str) -> PlatformVersionAsRead:
    answer = transport.request_json("GET", PLATFORM_VERSION_PATH.format(case_id=case_id))
    return transport.parsed(PlatformVersionAsRead, answer)


def issue_instruction(
    store: Store,
    transport: PlatformTransport,
    supervisor: User,
    case_id: str,
    *,
    action: str,
    reason: str,
) -> HeldInstruction:
    """Send a supervisor's (already authenticated and authorised) resolution of another
    window's case to the platform as a signed instruction; as the platform took it."""
    credential = load_credential(store.home)
    instruction_id, issued_at = uuid.uuid4(), utc_now()
    message = instruction_message(
        instruction_id=instruction_id,
        case_id=uuid.UUID(case_id),
        action=action,
        reason=reason.strip(),
        issued_by=supervisor.username,
        issued_at=issued_at,
        issuer_device_id=credential.identity.device_id,
    )
    draft = InstructionDraft(
        instruction_id=instruction_id,
        case_id=uuid.UUID(case_id),
        action=action,  # type: ignore[arg-type]  # checked by the model
        reason=reason.strip(),
        issued_by=supervisor.username,
        issued_at=issued_at,
        signature=credential.sign(message),
    )
    answer = transport.request_json("POST", INSTRUCTIONS_PATH, draft.model_dump(mode="json"))
    item = transport.parsed(Instruction, answer)
    with store.transaction():
        apply_instruction(store, item)
        store.audit.record(
            supervisor.username,
            f"problem.{action}",
            case_id,
            {"instruction_id": str(instruction_id), "window": item.target_window},
        )
        return _held_instruction(store, str(instruction_id))


def apply_instruction(store: Store, item: Instruction) -> bool:
    """Keep the newest state of an instruction of the hall (the ``instructions`` feed)."""
    values = (
        str(item.instruction_id),
        item.sequence,
        str(item.case_id),
        item.case_no,
        item.target_device_id,
        item.target_window,
        item.action,
        item.reason,
        item.issued_by,
        item.issuer_device_id,
        item.issuer_public_key,
        to_text(item.issued_at),
        item.signature,
        item.platform_version,
        item.state,
        item.outcome,
        to_text(item.at),
    )
    with store.transaction() as db:
        kept = db.execute(
            "INSERT INTO instructions (instruction_id, sequence, case_id, case_no, target_device_id,"
            " target_window, action, reason, issued_by, issuer_device_id, issuer_public_key,"
            " issued_at, signature, platform_version, state, outcome, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (instruction_id) DO UPDATE SET sequence = excluded.sequence,"
            " state = excluded.state, outcome = excluded.outcome, updated_at = excluded.updated_at"
            " WHERE excluded.sequence > instructions.sequence",
            values,
        )
    return kept.rowcount == 1


def apply_hall_problem(store: Store, item: HallProblem) -> bool:
    """Keep the newest problem of a case of the hall (the ``problems`` feed); one the
    platform settled is kept as ``settled``, which no list of problems shows."""
    with store.transaction() as db:
        kept = db.execute(
            "INSERT INTO hall_problems (case_id, sequence, case_no, window_code, data_version,"
            " status, reason, message_zh, message_en, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (case_id) DO UPDATE SET sequence = excluded.sequence,"
            " data_version = excluded.data_version, status = excluded.status,"
            " reason = excluded.reason, message_zh = excluded.message_zh,"
            " message_en = excluded.message_en, at = excluded.at"
            " WHERE excluded.sequence > hall_problems.sequence",
            (
                str(item.case_id),
                item.sequence,
                item.case_no,
                item.window_code,
                item.data_version,
                "settled" if item.settled else item.status,
                item.reason,
                item.message_zh,
                item.message_en,
                to_text(item.at),
            ),
        )
    return kept.rowcount == 1


def _held_instruction(store: Store, instruction_id: str) -> HeldInstruction:
    row = store.db.execute(
        "SELECT instruction_id, case_id, case_no, target_window, action, reason, issued_by,"
        " state, outcome FROM instructions WHERE instruction_id = ?",
        (instruction_id,),
    ).fetchone()
    return HeldInstruction(*(str(value) for value in row))


def carry_out(store: Store, transport: PlatformTransport, device_id: str) -> int:
    """Resolve the hall's instructions addressed to this device that it has not resolved
    yet, then send every answer the platform has not received; how many wrote a version
    (one about a case settled meanwhile is answered done and writes none)."""
    rows = store.db.execute(
        "SELECT instruction_id, case_id, action, reason, issued_by, issuer_device_id,"
        " issuer_public_key, issued_at, signature, platform_version FROM instructions i"
        " WHERE target_device_id = ? AND state = 'issued' AND NOT EXISTS"
        " (SELECT 1 FROM case_resolutions r WHERE r.resolution_id = i.instruction_id)",
        (device_id,),
    ).fetchall()
    resolved = 0
    for row in rows:
        instruction_id, case_id, action, reason, issued_by = (str(v) for v in row[:5])
        if not _signed_by_issuer(row):
            log.warning("instruction %s: the signature does not verify; refused", instruction_id)
            _answer(
                transport,
                instruction_id,
                "refused",
                "指令签名校验失败，未执行 / The instruction's signature does not verify; "
                "not carried out",
            )
            continue
        if store.db.execute("SELECT 1 FROM cases WHERE case_id = ?", (case_id,)).fetchone() is None:
            _answer(
                transport,
                instruction_id,
                "refused",
                "本机没有该办件 / This workstation does not hold the case",
            )
            continue
        document = None
        if action == "adopt":
            try:
                held = whole_version(platform_version(transport, case_id))
            except CaseFromNewerProgram as exc:
                log.warning("instruction %s refused: %s", instruction_id, exc.en)
                _answer(transport, instruction_id, "refused", f"{exc.zh} / {exc.en}")
                continue
            document = None if held is None else held.to_json()
        resolution = resolve_once(
            store,
            instruction_id,
            case_id,
            action,
            supervisor=issued_by,
            reason=reason,
            platform_version=int(row[9]),
            platform_document=document,
        )
        resolved += resolution.data_version is not None
    for resolution in unanswered_resolutions(store):
        _answer(
            transport,
            resolution.resolution_id,
            "done" if resolution.state == "done" else "refused",
            f"{resolution.outcome_zh} / {resolution.outcome_en}",
        )
        mark_answered(store, resolution.resolution_id, to_text(utc_now()))
    return resolved


def _signed_by_issuer(row: tuple[object, ...]) -> bool:
    message = instruction_message(
        instruction_id=uuid.UUID(str(row[0])),
        case_id=uuid.UUID(str(row[1])),
        action=str(row[2]),
        reason=str(row[3]),
        issued_by=str(row[4]),
        issued_at=from_text(str(row[7])),
        issuer_device_id=str(row[5]),
    )
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(str(row[6]), validate=True))
        key.verify(base64.b64decode(str(row[8]), validate=True), message)
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True


def _answer(transport: PlatformTransport, instruction_id: str, state: str, outcome: str) -> None:
    body = InstructionAnswer(state=state, outcome=outcome[:500])  # type: ignore[arg-type]
    transport.request_json(
        "POST", ANSWER_PATH.format(instruction_id=instruction_id), body.model_dump(mode="json")
    )
