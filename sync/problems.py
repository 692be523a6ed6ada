"""The supervisor's problem cases (rejected by the platform or in conflict with it): the
local and the platform's version side by side, and their resolution (resend as corrected,
adopt the platform's version, void) - here for this workstation's case, else by an
instruction to the window that owns it (``sync.instructions``). Both need the platform: the
new version must be above the platform's newest, and the comparison shows what it holds.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from counter_app.domain.case_field_labels import field_label
from counter_app.domain.case_fields import compared_fields, masked_fields, side_by_side
from counter_app.errors import NotFound
from counter_app.services.approval import SUPERVISOR_ROLES, require_role
from counter_app.services.auth import User
from counter_app.services.case_changes import checked_reason
from counter_app.services.problems import Resolution, local_case, resolve_once
from counter_app.store import case_plaintext
from counter_app.store.database import Store
from sync.device_transport import platform_transport
from sync.errors import PlatformRefused
from sync.instructions import HeldInstruction, issue_instruction, platform_version
from sync.newer_versions import whole_version
from sync.transport import PlatformTransport, Timeouts
from sync.wire.problems import PlatformVersionAsRead


@dataclass(frozen=True)
class FieldRow:
    """One field of both versions: its path, its words (``field_label``), each side's text
    (masked; None: that side lacks it) and whether the real values differ."""

    path: str
    label_zh: str
    label_en: str
    local: str | None
    platform: str | None
    differs: bool

    @property
    def differs_masked(self) -> bool:
        """The values differ where masking shows both alike (a name, a phone): the real
        values are not shown, only that they differ."""
        return self.differs and self.local == self.platform


@dataclass(frozen=True)
class Comparison:
    """A problem case's two versions, field by field (personal data masked). ``local`` is
    this workstation's newest version of its own case; of another window's case, the
    submission the platform kept in conflict (None: it kept none, e.g. after a rejection)."""

    case_id: str
    case_no: str
    window_code: str
    own: bool
    local_version: int | None
    platform_version: int
    conflict_reason: str | None
    rows: list[FieldRow]


def compare(store: Store, case: str, *, timeouts: Timeouts | None = None) -> Comparison:
    """Read the platform's version of a problem case and put it beside the local one
    (``timeouts``: for a supervisor waiting at the window)."""
    own, case_id = _named_case(store, case)
    transport = platform_transport(store.home, store.config, timeouts=timeouts)
    try:
        held = _held_version(transport, case_id)
    finally:
        transport.close()
    with store.reading():
        if held is None:  # a new case the platform refused: it holds no version of it
            number, window = (
                (own[1], store.config.hall.window_code) if own else _hall_case(store, case_id)
            )
            held = PlatformVersionAsRead(
                case_id=case_id,  # type: ignore[arg-type]  # validated by the model
                case_no=number,
                window_code=window,
                data_version=0,
                fields=[],
                conflict_version=None,
                conflict_reason=None,
                conflict_fields=None,
                document=None,
            )
        document = case_plaintext.case_document(store, case_id) if own is not None else None
    local_version = int(document["data_version"]) if document is not None else held.conflict_version
    return Comparison(
        case_id=case_id,
        case_no=held.case_no,
        window_code=held.window_code,
        own=own is not None,
        local_version=local_version,
        platform_version=held.data_version,
        conflict_reason=held.conflict_reason,
        rows=[
            FieldRow(path, *field_label(path), a, b, differs)
            for path, a, b, differs in _side_by_side(document, held)
        ],
    )


def _side_by_side(
    document: dict[str, Any] | None, held: PlatformVersionAsRead
) -> list[tuple[str, str | None, str | None, bool]]:
    """The local version (``document``: this workstation's own, else the submission the
    platform kept in conflict) beside the platform's, compared on the real values: here
    where both are at hand (of its own case, the platform sends the owner its whole
    version), else as the platform compared them (``differing_paths``) beside the masked
    texts it sends of another window's case."""
    theirs = [(f.path, f.value) for f in held.fields]
    if document is not None and (held.document is not None or not theirs):
        rows = compared_fields(document, held.document)
        unknown = held.unknown_fields
        if not unknown:
            return rows
        # A field a newer program wrote: shown as the platform masks it (it knows which of
        # its fields are personal data; this program's masks do not name them).
        masked = dict(theirs)
        return [
            (path, a, masked.get(path) if _unknown(path, unknown) else b, differs)
            for path, a, b, differs in rows
        ]
    if document is not None:  # the platform sent no whole version: masked texts only
        mine: list[tuple[str, str]] | None = masked_fields(document)
    elif held.conflict_fields is not None:
        mine = [(f.path, f.value) for f in held.conflict_fields]
        if held.differing_paths is not None:
            differing = set(held.differing_paths)
            return [(path, a, b, path in differing) for path, a, b in side_by_side(mine, theirs)]
    else:
        mine = None
    return [
        (path, a, b, mine is not None and a != b) for path, a, b in side_by_side(mine or [], theirs)
    ]


def _unknown(path: str, unknown_fields: tuple[str, ...]) -> bool:
    """``path`` is a field this program does not know, or inside one."""
    return any(path == field or path.startswith(f"{field}.") for field in unknown_fields)


def resolve(
    store: Store,
    supervisor: User,
    case: str,
    action: str,
    reason: str,
    *,
    timeouts: Timeouts | None = None,
) -> Resolution | HeldInstruction:
    """Resolve a problem case as ``supervisor`` (a supervisor or administrator the caller
    authenticated): here, when it is this workstation's (the resolution, written once),
    else by an instruction to its window (as the platform took it: ``issued``). Adopting a
    version with fields this program does not know raises ``CaseFromNewerProgram``, nothing
    written (the version written would lose them)."""
    require_role(store.audit, supervisor, SUPERVISOR_ROLES, action=f"problem.{action}")
    reason = checked_reason(reason)
    transport = platform_transport(store.home, store.config, timeouts=timeouts)
    try:
        own, case_id = _named_case(store, case)
        if own is None:
            return issue_instruction(
                store, transport, supervisor, case_id, action=action, reason=reason
            )
        held = _held_version(transport, case_id)
    finally:
        transport.close()
    adopted = whole_version(held) if held is not None and action == "adopt" else None
    return resolve_once(
        store,
        str(uuid.uuid4()),
        case_id,
        action,
        supervisor=supervisor.username,
        reason=reason,
        platform_version=0 if held is None else held.data_version,
        platform_document=None if adopted is None else adopted.to_json(),
    )


def _held_version(transport: PlatformTransport, case_id: str) -> PlatformVersionAsRead | None:
    """The platform's newest version of the case; None when it holds none (it refused the
    case when it was new)."""
    try:
        return platform_version(transport, case_id)
    except PlatformRefused as exc:
        if exc.platform_code == "unknown_case":
            return None
        raise


def _named_case(store: Store, case: str) -> tuple[tuple[str, str] | None, str]:
    """This workstation's ``(case_id, case_no)`` of the case named by UUID or number (None
    for another window's) and its case id, read before the call to the platform."""
    with store.reading():
        own = local_case(store, case)
        return own, own[0] if own is not None else _hall_case_id(store, case)


def _hall_case(store: Store, case_id: str) -> tuple[str, str]:
    """Case number and window of another window's case the platform holds no version of."""
    row = store.db.execute(
        "SELECT case_no, window_code FROM hall_problems WHERE case_id = ?", (case_id,)
    ).fetchone()
    return (str(row[0]), str(row[1])) if row else (case_id, "")


def _hall_case_id(store: Store, case: str) -> str:
    row = store.db.execute(
        "SELECT case_id FROM hall_queue WHERE case_id = ? OR case_no = ? UNION ALL"
        " SELECT case_id FROM hall_problems WHERE case_id = ? OR case_no = ?",
        (case, case, case, case),
    ).fetchone()
    if row is None:
        raise NotFound(
            f"本机和大厅队列中都没有办件“{case}”（请先同步）。",
            f"Neither this workstation nor the hall queue holds a case '{case}' (sync first).",
            field="case",
        )
    return str(row[0])
