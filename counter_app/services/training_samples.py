"""Sample cases a fresh training hall starts with, so a newcomer can practise the steps after
the first decision without first making a case for each (``ui.training_hall`` seeds them
once, when it creates the sample accounts). Every sample goes through the real services, as
a clerk's case would: versions, outbox rows, events and audit entries included.
"""

from __future__ import annotations

from datetime import datetime

from counter_app.domain.case_states import CaseState
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.domain.hall_time import hall_today
from counter_app.identity.samples import gb11643
from counter_app.services import case_review, intake
from counter_app.services.auth import User
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog, get_item
from counter_app.store.database import Store
from counter_app.store.timestamps import utc_now

# 老年综合津贴申领 of the training catalog: its M03 (social security card) is not core, so
# it may be deferred. The applicant (born 1955, of the age the allowance asks for) is on no
# card of the training tray, so practising with the cards never turns up this case.
DEFERRAL_ITEM = "11310104002425207D006001100001"
DEFERRAL_APPLICANT = ("赵秀英", gb11643("31010419550615002"))

# 上海市居住证办理（首次申领）, free of charge: its result waits at the hall for pick-up (出件).
RESULT_ITEM = "11310104002425186K001000300001"
RESULT_APPLICANT = ("钱志强", gb11643("34010219880405011"))

# 上海市居住证卡补领、换领: the training catalog's item with a fee (20.00 元), owed from acceptance.
FEE_ITEM = "11310104002425186K001000300003"
FEE_APPLICANT = ("孙丽", gb11643("42010619920817024"))


def seed_deferral_due_today(
    store: Store, clerk: User, supervisor: User, *, now: datetime | None = None
) -> intake.IntakeResult:
    """A case accepted with its non-core material deferred until today (容缺): due in the
    supervisor's 容缺到期 tab, ready for F8 (supplied), or ended by tomorrow's expiry run."""
    moment = now or utc_now()
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)
    situation = get_item(store, DEFERRAL_ITEM).default_situation
    name, id_number = DEFERRAL_APPLICANT
    marks = [
        SubmittedMaterial(m.code, MaterialStatus.DEFERRED, deadline=hall_today(moment))
        if not m.core
        else SubmittedMaterial(m.code, MaterialStatus.RECEIVED, m.forms[0], m.count)
        for m in situation.materials
        if m.required
    ]
    request = intake.IntakeRequest(
        service_item=DEFERRAL_ITEM,
        applicant=intake.ApplicantInput(name=name, id_type="111", id_number=id_number),
        materials=marks,
    )
    return intake.accept_deferred(store, request, clerk, supervisor, now=moment)


def seed_result_ready(
    store: Store, clerk: User, *, now: datetime | None = None
) -> intake.IntakeResult:
    """A case the back office completed and whose result the platform reported ready: in
    the pick-up list (Ctrl+R), to hand over with F10 (the applicant's number typed in)."""
    moment = now or utc_now()
    accepted = _accept_complete(store, clerk, RESULT_ITEM, RESULT_APPLICANT, moment)
    # What the platform's progress feed would bring: the same applier the sync uses.
    for state in (CaseState.COMPLETED_APPROVED, CaseState.RESULT_READY):
        case_review.apply_progress(store, accepted.case_id, state.value, at=moment)
    return accepted


def seed_fee_due(store: Store, clerk: User, *, now: datetime | None = None) -> intake.IntakeResult:
    """An accepted case that owes its fee: marked 待缴费, its 缴费通知书 (Alt+N) and a card
    payment at the POS terminal (Alt+P) to practise."""
    return _accept_complete(store, clerk, FEE_ITEM, FEE_APPLICANT, now or utc_now())


def _accept_complete(
    store: Store, clerk: User, item_code: str, applicant: tuple[str, str], moment: datetime
) -> intake.IntakeResult:
    """``item_code``'s default situation accepted with every required material received."""
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)
    situation = get_item(store, item_code).default_situation
    name, id_number = applicant
    request = intake.IntakeRequest(
        service_item=item_code,
        applicant=intake.ApplicantInput(name=name, id_type="111", id_number=id_number),
        materials=[
            SubmittedMaterial(m.code, MaterialStatus.RECEIVED, m.forms[0], m.count)
            for m in situation.materials
            if m.required
        ],
    )
    return intake.accept(store, request, clerk, now=moment)
