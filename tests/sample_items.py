"""Service items of the bundled catalog, the training card tray's resident and an appointment
of theirs, shared by the tests of the online channel (pre-applications, appointments,
tickets) on both sides and of the store; and the rows of a case for seeding stores: those
of its sealed document (``counter_app.store.document_rows.case_rows_of``), or an accepted case's row alone."""

from datetime import date, datetime

from counter_app.domain.arrivals import Arrival
from counter_app.domain.hall_time import HALL_TIMEZONE, hall_today
from counter_app.store.case_writes import (
    CaseRow,
    SealedApplicant,
)
from counter_app.store.timestamps import from_text

RESIDENCE_FIRST = "11310104002425186K001000300001"  # 上海市居住证办理（首次申领）
ENDORSEMENT = "11310104002425186K001000300002"  # 上海市居住证签注
ID_NUMBER, NAME = "310104195803120011", "王建国"  # the tray's resident card

DAY = date(2026, 12, 4)
APPOINTMENT = Arrival(
    arrival_id="00000000-0000-4000-8000-000000000001",
    kind="appointment",
    sequence=5,
    state="booked",
    item_code=ENDORSEMENT,
    item_name="上海市居住证签注",
    situation=None,
    id_number=ID_NUMBER,
    name=NAME,
    first_day=DAY,
    last_day=DAY,
    slot_at=datetime(2026, 12, 4, 9, 30, tzinfo=HALL_TIMEZONE),
    appointment_no="A1204001",
    review=None,
    review_note="",
    materials=(),
    consumed_case_id=None,
)


def accepted_case_row(
    *,
    case_id: str,
    case_no: str,
    applicant: SealedApplicant,
    hall: str,
    window: str,
    device: str,
    at: str,
) -> CaseRow:
    """An accepted case of clerk1 taken at ``at`` (data version 1), with no version (a case
    whose document is sealed gets its rows from it: ``document_rows.case_rows_of``): its day is the hall
    date of ``at``, as intake writes it (the reads of a day rely on it)."""
    return CaseRow(
        case_id=case_id,
        case_no=case_no,
        state="accepted",
        service_item_code="310104-SHEBAO-001",
        catalog_version=1,
        situation_code="default",
        applicant=applicant,
        hall_code=hall,
        window_code=window,
        device_id=device,
        clerk="clerk1",
        created_at=at,
        accepted_at=at,
        promised_date=None,
        decision_reason=None,
        legal_basis=None,
        updated_at=at,
        request_id=None,
        day=hall_today(from_text(at)).isoformat(),
        identity_source=None,
        expired_id_reason=None,
    )
