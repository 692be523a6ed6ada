"""Cases of the allowance item whose result goes out by pick-up or post, accepted and, when
asked, reported ready by the platform: for the tests of changing how a result goes out."""

from __future__ import annotations

from datetime import timedelta

from counter_app.domain.delivery import DeliveryChoice, DeliveryMethod
from counter_app.services import case_progress, intake
from counter_app.services.auth import User
from counter_app.store.database import Store
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for, resident_number

ALLOWANCE = "老年综合津贴申领"
ADDRESS = "上海市徐汇区漕溪北路999弄8号1201室"
APPLICANT = resident_number()
POST = DeliveryChoice(DeliveryMethod.POST, ADDRESS)


def accepted_case(
    store: Store, clerk: User, choice: DeliveryChoice | None = None
) -> intake.IntakeResult:
    item = item_named(store, ALLOWANCE)
    request = request_for(item, complete_marks(item), number=APPLICANT, delivery=choice)
    return intake.accept(store, request, clerk, now=MOMENT)


def ready_case(
    store: Store, clerk: User, choice: DeliveryChoice | None = None, *, day: int = 1
) -> intake.IntakeResult:
    """An accepted case whose result the platform reported ready ``day`` days after it."""
    case = accepted_case(store, clerk, choice)
    case_progress.apply_progress(store, case.case_id, "completed_approved")
    ready_at = MOMENT + timedelta(days=day)
    case_progress.apply_progress(store, case.case_id, "result_ready", at=ready_at)
    return case
