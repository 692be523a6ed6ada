"""Sample cases a fresh training hall starts with, so a newcomer can practise the steps after
the first decision without first making a case for each (``ui.training_hall`` seeds them
once, when it creates the sample accounts). Every sample goes through the real services, as
a clerk's case would: versions, outbox rows, events and audit entries included.
"""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta

from counter_app.domain.arrivals import Arrival, SubmittedFile, file_digests
from counter_app.domain.case_states import CaseState
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.domain.hall_time import HALL_TIMEZONE, hall_today
from counter_app.identity.samples import gb11643
from counter_app.services import case_review, intake
from counter_app.services.auth import User
from counter_app.store.arrivals import store_arrival
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


# The online channel's samples of the day, for two cards of the training tray: an
# appointment (上海市居住证签注 at 09:30) for 陈𪚥 and a pre-application that passed its
# pre-review (上海市居住证办理（首次申领）, form and photo submitted online) for 买买提·艾力.
APPOINTMENT_ITEM = ("11310104002425186K001000300002", "上海市居住证签注")
APPOINTMENT_HOLDER = ("陈𪚥", gb11643("31010620010909003"))
PREAPP_APPLICANT = ("买买提·艾力", gb11643("65010219851102005"))
PREAPP_FILES = (("M10", "居住证申请表.pdf"), ("M11", "免冠照片.jpg"))
_SAMPLE_NAMESPACE = uuid.UUID("6a1d3c1e-8b0f-4f4e-a7c2-3c9e0d5b7f21")


def seed_arrivals(store: Store, *, now: datetime | None = None) -> None:
    """Today's sample appointment and pre-application in the arrivals cache, as the feed
    would bring them (at every start of the training hall: the cache forgets them after
    their day). Kept under ids of the day, behind any item a feed brings: seeding again
    the same day changes nothing, a pre-application accepted meanwhile stays accepted."""
    today = hall_today(now)
    name, id_number = APPOINTMENT_HOLDER
    appointment = Arrival(
        arrival_id=str(uuid.uuid5(_SAMPLE_NAMESPACE, f"appointment:{today}")),
        kind="appointment",
        state="booked",
        item_code=APPOINTMENT_ITEM[0],
        item_name=APPOINTMENT_ITEM[1],
        situation=None,
        id_number=id_number,
        name=name,
        first_day=today,
        last_day=today,
        slot_at=datetime.combine(today, time(9, 30), HALL_TIMEZONE),
        appointment_no=f"A{today:%m%d}001",
        review=None,
        materials=(),
        sequence=0,
        review_note="",
        consumed_case_id=None,
    )
    name, id_number = PREAPP_APPLICANT
    preapp = Arrival(
        arrival_id=str(uuid.uuid5(_SAMPLE_NAMESPACE, f"preapp:{today}")),
        kind="preapp",
        state="submitted",
        item_code=RESULT_ITEM,
        item_name="上海市居住证办理（首次申领）",
        situation="S01",
        id_number=id_number,
        name=name,
        first_day=today,
        last_day=today + timedelta(days=1),
        slot_at=None,
        appointment_no=None,
        review="passed",
        materials=tuple(_sample_file(code, file_name) for code, file_name in PREAPP_FILES),
        sequence=0,
        review_note="",
        consumed_case_id=None,
    )
    with store.transaction():
        store_arrival(store, appointment)
        store_arrival(store, preapp)


def _sample_file(code: str, file_name: str) -> SubmittedFile:
    content = f"training sample: {file_name}".encode()
    return SubmittedFile(code, file_name, len(content), *file_digests(content))


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
