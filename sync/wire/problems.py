"""Problem cases of a hall: the ``problems`` feed, the platform's version of a case, and the
signed instructions a supervisor issues to resolve one (``/v1/hall/instructions``, the
``instructions`` feed)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    PrivateAttr,
    StringConstraints,
    ValidationError,
    model_validator,
)

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


def _read_case_document(document: dict[str, Any]) -> tuple[CaseDocument | None, tuple[str, ...]]:
    """``document`` read once as this program's case document, and the paths of its fields
    ``CaseDocument`` refuses as unknown (the document is None when there are any);
    ``ValueError`` (an answer that does not fit) when it finds anything else wrong."""
    try:
        return CaseDocument.from_json(document), ()
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_input=False, include_context=False)
        unknown = tuple(
            ".".join(str(part) for part in error["loc"])
            for error in errors
            if error["type"] == "extra_forbidden"
        )
        if len(unknown) < len(errors):
            wrong = [e for e in errors if e["type"] != "extra_forbidden"]
            raise ValueError(
                "not a case document: "
                + "; ".join(
                    f"{'.'.join(str(part) for part in e['loc'])} {e['type']}" for e in wrong[:5]
                )
            ) from None
        return None, unknown


class _PlatformVersionFields(BaseModel):
    case_id: uuid.UUID
    case_no: str
    window_code: str
    data_version: int
    fields: list[CaseField]
    conflict_version: int | None
    conflict_reason: str | None
    conflict_fields: list[CaseField] | None
    differing_paths: list[str] | None = None
    """The paths whose real values differ between the submission kept in conflict and the
    platform's version (None: nothing kept, or an older platform): a personal field masked
    alike on both sides is still marked."""


class PlatformVersion(_PlatformVersionFields):
    """``GET /v1/hall/cases/{case_id}/platform-version``: the newest version of a case of the
    device's hall the platform holds, field by field (masked), and the newest submission it
    kept in conflict with it (what that window holds). ``document`` is the whole version,
    only for the device that owns the case (to adopt it, or to take it back after a
    restore). A client reads it as :class:`PlatformVersionAsRead`."""

    document: CaseDocument | None


class PlatformVersionAsRead(_PlatformVersionFields):
    """:class:`PlatformVersion` as a client reads it. ``document`` is kept as the platform
    sent it: a platform of a newer release sends the fields that release writes, which this
    program's ``CaseDocument`` does not know (clients ignore unknown answer fields), so
    reading it must not fail; everything else of it must be a case document this program
    reads. ``unknown_fields`` names what it does not know; ``case_document`` is the version
    as this program holds a case."""

    document: dict[str, Any] | None
    _case_document: CaseDocument | None = PrivateAttr(default=None)
    _unknown_fields: tuple[str, ...] = PrivateAttr(default=())

    @model_validator(mode="after")
    def _read_document(self) -> Self:
        # Read once: what this program holds of the document, or what it does not know.
        if self.document is not None:
            self._case_document, self._unknown_fields = _read_case_document(self.document)
        return self

    @property
    def unknown_fields(self) -> tuple[str, ...]:
        """The paths (``payment_confirmed``, ``materials.0.origin``) of the fields of
        ``document`` this program does not know: a newer program wrote them."""
        return self._unknown_fields

    def case_document(self) -> CaseDocument | None:
        """``document`` as this program's case document (None: the platform sent none).
        ``ValueError`` while ``unknown_fields`` is not empty: a version written from it would
        lose those fields (``sync.newer_versions``)."""
        if self._unknown_fields:
            raise ValueError(f"fields this program does not know: {self._unknown_fields}")
        return self._case_document


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
