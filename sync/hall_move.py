"""Enrolling a workstation into another hall (docs/operations.md §3.1) while cases of the old
hall are open on it. Only the accepting device adds to a case (docs/sync-protocol.md,
"Device binding"): moved away, it leaves those cases with nobody to take a correction, a
deferred material or the handover of the result, and the old hall's clerks are sent to a
window that is no longer there. The platform tells which hall a code is for only when it is
used, so the move is refused once its answer names another hall, before anything is
written here; the enrolment key is kept, and the same code enrols this workstation later
(the platform answers a code asked again with the same key with the device it made).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from counter_app.store.database import Store
from counter_app.store.open_cases import open_case_numbers
from counter_app.store.restore_guards import recorded_enrolment, shown_case_numbers
from sync.credential import DeviceIdentity
from sync.errors import EnrolmentRefused

LEAVE_OPEN_CASES_OPTION = "--leave-open-cases"


def halls_left(new_hall: str, previous_halls: Collection[str]) -> set[str]:
    """The halls an enrolment into ``new_hall`` leaves: those of ``previous_halls`` (the
    credential's, the store's last recorded enrolment; empty for none) other than it."""
    return set(previous_halls) - {"", new_hall}


@dataclass(frozen=True)
class OpenCasesLeft:
    """The open cases of the halls an enrolment leaves, oldest first."""

    halls: tuple[str, ...]
    case_nos: tuple[str, ...]

    def audit_detail(self) -> dict[str, object]:
        """What the enrolment's audit entry adds when it goes ahead knowingly."""
        return {"left_halls": list(self.halls), "left_open_cases": list(self.case_nos)}


def open_cases_left(store: Store, new_hall: str, previous_hall: str) -> OpenCasesLeft | None:
    """The open cases an enrolment into ``new_hall`` would leave behind (``previous_hall``:
    the credential's hall, empty for none); None when it leaves none."""
    with store.reading() as db:
        recorded = recorded_enrolment(db.conn)
        halls = halls_left(new_hall, {previous_hall, recorded.hall if recorded else ""})
        case_nos = open_case_numbers(db.conn, halls)
    if not case_nos:
        return None
    return OpenCasesLeft(tuple(sorted(halls)), tuple(case_nos))


def leaving_open_cases_refused(left: OpenCasesLeft, identity: DeviceIdentity) -> EnrolmentRefused:
    """The refusal of an enrolment into ``identity``'s hall that would leave ``left``: how
    many, of which hall, and the two ways on."""
    old = "、".join(left.halls)
    old_en = ", ".join(left.halls)
    count = len(left.case_nos)
    shown, shown_en = shown_case_numbers(list(left.case_nos))
    new, window, device = identity.hall, identity.window, identity.device_id
    return EnrolmentRefused(
        f"登记码属于大厅 {new} 窗口 {window}，而本机还有原大厅 {old} 的 {count} 件办件未办结："
        f"{shown}。补正、容缺补交、出件都只能在"
        f"受理它们的本机办理，本机换到大厅 {new} 后，这些办件将无人能办。本机的登记没有改变。"
        "请先在本机办完这些办件（counter-app cases 查看），再用同一登记码重新登记；确需现在换厅"
        f"的，运行 counter-app enroll 平台地址 登记码 {LEAVE_OPEN_CASES_OPTION}（记入审计日志），"
        f"并告知大厅 {old} 另行处理这些办件。若不再换厅，请平台管理员吊销为该登记码建立的设备"
        f" {device}（counter-central revoke {device}）。",
        f"The code is for hall {new} window {window}, but {count} case(s) of the former hall "
        f"{old_en} are still open on this workstation ({shown_en}): a correction, a deferred material or the "
        "handover of a result is taken only by the workstation that accepted the case, so once "
        f"this one moves to hall {new} nobody can take them. The enrolment has not changed. "
        "Finish these cases here first (counter-app cases lists them), then enrol again with "
        "the same code; if the move must happen now, run counter-app enroll URL CODE "
        f"{LEAVE_OPEN_CASES_OPTION} (recorded in the audit log) and tell hall {old_en} to "
        "take care of these cases. If the move is called off, ask the platform operator to "
        f"revoke the device made for this code (counter-central revoke {device}).",
    )
