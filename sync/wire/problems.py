"""Problem cases of a hall: the ``problems`` feed, the platform's version of a case, and the
signed instructions a supervisor issues to resolve one (``/v1/hall/instructions``, the
``instructions`` feed)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, StringConstraints

from counter_app.domain.case_document import CaseDocument
from sync.wire.base import NO_CONTROL_CHARACTERS, REASON_MAX_CHARS, UserName, WireModel

INSTRUCTION_SCHEME = "COUNTER-INSTRUCTION-1"
InstructionAction = Literal["resend", "adopt", "void"]
"""What a supervisor tells the window that owns a case to do about its problem: send its
own version again as a corrected, approved new version; take the platform's version as a
new version; or void (作废) the case."""
InstructionState = Literal["issued", "done", "refused"]
_Reason = Annotated[
    str,
    StringConstraints(min_length=1, max_length=REASON_MAX_CHARS, pattern=NO_CONTROL_CHARACTERS),
]


def instruction_message(
    *,
    instruction_id: uuid.UUID,
    case_id: uuid.UUID,
    action: str,
    reason: str,
    issued_by: str,
    issued_at: datetime,
    issuer_device_id: str,
) -> bytes:
    """The exact bytes the issuing device signs (Ed25519, its device key) and the platform
    and the window that carries the instruction out verify: the instruction is bound to the
    device that issued it, and no field can be changed on the way."""
    return "\n".join(
        [
            INSTRUCTION_SCHEME,
            str(instruction_id),
            str(case_id),
            action,
            reason,
            issued_by,
            issued_at.astimezone(UTC).isoformat(),
            issuer_device_id,
        ]
    ).encode("utf-8")


class InstructionDraft(WireModel):
    """``POST /v1/hall/instructions``: a supervisor's resolution of a problem case of another
    window of the device's hall. The platform checks ``signature`` against the sending
    device's key, names the window's device that owns the case, and carries the instruction
    to it through the ``instructions`` feed. The same draft sent again is stored once."""

    instruction_id: uuid.UUID
    case_id: uuid.UUID
    action: InstructionAction
    reason: _Reason
    issued_by: UserName
    """The supervisor's user name at the issuing window (authenticated there)."""
    issued_at: datetime
    signature: Annotated[str, StringConstraints(min_length=40, max_length=200)]
    """Base64 Ed25519 signature of ``instruction_message`` by the sending device."""


class Instruction(BaseModel):
    """One item of the ``instructions`` feed (the device's hall): an instruction as issued,
    then again each time its state changed. A reader keeps the newest per
    ``instruction_id``; the window whose device is ``target_device_id`` carries it out."""

    sequence: int
    instruction_id: uuid.UUID
    case_id: uuid.UUID
    case_no: str
    target_device_id: str
    target_window: str
    action: InstructionAction
    reason: str
    issued_by: str
    issuer_device_id: str
    issuer_public_key: str
    """The issuing device's enrolled public key (base64), to check ``signature`` with."""
    issued_at: datetime
    signature: str
    platform_version: int
    """The newest version of the case the platform held when it took the instruction."""
    state: InstructionState
    outcome: str
    """What the window did (``done``: the data version it wrote) or why it could not."""
    at: datetime


class InstructionAnswer(WireModel):
    """``POST /v1/hall/instructions/{id}/answer``: the target window carried the instruction
    out (``done``) or could not (``refused``, ``outcome`` says why)."""

    state: Literal["done", "refused"]
    outcome: Annotated[
        str, StringConstraints(min_length=1, max_length=500, pattern=NO_CONTROL_CHARACTERS)
    ]


class CaseField(BaseModel):
    """One field of a case document, by its path (``applicant.phone``), personal data masked."""

    path: str
    value: str


class PlatformVersion(BaseModel):
    """``GET /v1/hall/cases/{case_id}/platform-version``: the newest version of a case of the
    device's hall the platform holds, field by field (masked), and the newest submission it
    kept in conflict with it (what that window holds). ``document`` is the whole version,
    only for the device that owns the case (to adopt it)."""

    case_id: uuid.UUID
    case_no: str
    window_code: str
    data_version: int
    fields: list[CaseField]
    conflict_version: int | None
    conflict_reason: str | None
    conflict_fields: list[CaseField] | None
    document: CaseDocument | None
    differing_paths: list[str] | None = None
    """The paths whose real values differ between the submission kept in conflict and the
    platform's version (None: nothing kept, or an older platform): a personal field masked
    alike on both sides is still marked."""


class HallProblem(BaseModel):
    """One item of the ``problems`` feed: a submission of a window of the device's hall the
    platform kept in conflict or rejected, with its reason (no personal data). Solved once
    the platform stores a newer version of the case (the ``hall_queue`` feed shows it), or
    settled by the platform itself (``settled``)."""

    sequence: int
    case_id: uuid.UUID
    case_no: str
    window_code: str
    data_version: int
    status: Literal["conflict", "rejected"]
    reason: str
    message_zh: str
    message_en: str
    at: datetime
    settled: bool = False
    """The platform settled this problem without a newer version (it withdrew the case a
    window's withdrawal was kept in conflict about, ``withdrawn_after_step``): it stands no
    more. The item repeats the problem it settles (``status``, ``data_version``, ``reason``);
    a flag rather than a new ``status``, so a client that predates it still reads the feed
    (it keeps showing the problem)."""
