"""Sample cases a fresh training hall starts with, so a newcomer can practise the steps after
the first decision without first making a case for each (``ui.training_hall`` seeds them
once, when it creates the sample accounts). Every sample goes through the real services, as
a clerk's case would: versions, outbox rows, events and audit entries included. The online
channel's samples (an appointment, a pre-application) are made on the training platform
with its own commands, as real ones are, and reach the window by its feed; the day's sample
problem case (问题办件) is a case of this window that the platform keeps in conflict, made as
a restore from an older backup makes one (``ui.training_hall`` sends its lost version).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from counter_app.domain.case_document import CaseDocument
from counter_app.domain.case_states import CaseState
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.domain.hall_time import hall_today
from counter_app.identity.samples import gb11643
from counter_app.services import applicant_edits, case_progress, intake
from counter_app.services.auth import User
from counter_app.services.intake_request import ApplicantInput, IntakeRequest
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.cases import find_by_id_number
from counter_app.store.catalog import ensure_bundled_catalog, get_item
from counter_app.store.database import Store
from counter_app.store.hall_queue import PROBLEM_STATES
from counter_app.store.timestamps import to_text, utc_now

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
# appointment (上海市居住证签注, the minute the hall starts) for 陈𪚥 and a pre-application that passed its
# pre-review (上海市居住证办理（首次申领）, form and photo submitted online) for 买买提·艾力.
APPOINTMENT_ITEM = "11310104002425186K001000300002"  # 上海市居住证签注
APPOINTMENT_HOLDER = ("陈𪚥", gb11643("31010620010909003"))
PREAPP_APPLICANT = ("买买提·艾力", gb11643("65010219851102005"))
PREAPP_FILES = (("M10", "居住证申请表.pdf"), ("M11", "免冠照片.jpg"))
_SAMPLE_NAMESPACE = uuid.UUID("6a1d3c1e-8b0f-4f4e-a7c2-3c9e0d5b7f21")


# The training hall is open whenever a trainee practises, weekends and holidays included:
# today's sample appointment is booked for today whatever day it is, so the card of its
# holder brings a priority ticket at the window on any day, as a real one does on an open day.
TRAINING_HOURS = "00:00-24:00"
# The day's last half-hour slot in those hours: the sample appointment's, the same all day.
LAST_TRAINING_SLOT = time(23, 30)


def online_channel_commands(hall: str, files: Path) -> list[list[str]]:
    """The ``counter-central`` commands that open the training hall every day, book today's
    sample appointment and submit today's sample pre-application on the training platform,
    as the online channel does, so they reach the window through the arrivals feed like real
    ones and the platform knows them (priority ticket, consumed report). Under ids of the
    day: run again the same day, they change nothing (a pre-application accepted meanwhile
    stays accepted). The pre-application's files are written into ``files``. The sample
    appointment is for the day's last slot (23:30 in a hall open around the clock, bookable
    until it ends): the same at every start, so a later start the same day answers the one
    booked then (an id reused for another slot is refused)."""
    now = utc_now()
    today = hall_today(now)
    slot = datetime.combine(today, LAST_TRAINING_SLOT)
    files.mkdir(mode=0o700, parents=True, exist_ok=True)
    materials = []
    for code, file_name in PREAPP_FILES:
        path = files / file_name
        path.write_bytes(f"training sample: {file_name}".encode())
        materials += ["--material", f"{code}={path}"]
    holder, holder_number = APPOINTMENT_HOLDER
    applicant, applicant_number = PREAPP_APPLICANT
    return [
        [
            "hall-hours", "set", "--hall", hall, "--weekdays", TRAINING_HOURS,
            "--saturday", TRAINING_HOURS, "--sunday", TRAINING_HOURS,
            "--holidays", TRAINING_HOURS,
        ],
        [
            "appointment", "create", "--id", _id_of_the_day("appointment", today),
            "--hall", hall, "--item", APPOINTMENT_ITEM, "--id-number", holder_number,
            "--name", holder, "--at", slot.isoformat(timespec="minutes"), "--json",
        ],
        [
            "preapp", "create", "--id", _id_of_the_day("preapp", today),
            "--hall", hall, "--item", RESULT_ITEM, "--situation", "S01",
            "--id-number", applicant_number, "--name", applicant, *materials,
            # Today only: tomorrow's start submits the next day's.
            "--valid-days", "0", "--json",
        ],
    ]  # fmt: skip


# The day's sample problem case (问题办件), as a real one arises: this window's PC accepted
# a 上海市居住证签注 for 周建华 (on no card of the training tray), corrected the phone number
# as version 2 and sent it, then was restored from a backup taken before that correction;
# the clerk corrected the number again, as another version 2. The platform keeps that one in
# conflict (content_differs) and the supervisor finds the case in 问题办件.
PROBLEM_ITEM = APPOINTMENT_ITEM
PROBLEM_APPLICANT = ("周建华", gb11643("32010219790312041"))
# The phone at acceptance; as the lost version 2 corrected it; as the restored PC did.
PROBLEM_PHONES = ("13916240581", "13916240518", "13817730266")


def accept_problem_case(
    store: Store, clerk: User, *, now: datetime | None = None
) -> intake.IntakeResult | None:
    """The day's sample problem case accepted (version 1), once a day: a later call the same
    day answers the case already made. None while an earlier day's one still waits for the
    supervisor (held in conflict or refused): a hall used every day keeps one to practise on,
    not one more each day."""
    moment = now or utc_now()
    todays = _id_of_the_day("problem", hall_today(moment))
    name, id_number = PROBLEM_APPLICANT
    if any(
        record.service_item_code == PROBLEM_ITEM
        and record.request_id != todays
        and record.sync_state in PROBLEM_STATES
        for record in find_by_id_number(store, id_number)
    ):
        return None
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)
    situation = get_item(store, PROBLEM_ITEM).default_situation
    request = IntakeRequest(
        service_item=PROBLEM_ITEM,
        applicant=ApplicantInput(
            name=name, id_type="111", id_number=id_number, phone=PROBLEM_PHONES[0]
        ),
        materials=[
            SubmittedMaterial(m.code, MaterialStatus.RECEIVED, m.forms[0], m.count)
            for m in situation.materials
            if m.required
        ],
        request_id=todays,
    )
    return intake.accept(store, request, clerk, now=moment)


def version_lost_in_restore(accepted: dict[str, Any], clerk: User) -> CaseDocument:
    """Version 2 of the sample problem case as the PC wrote and sent it before its restore
    (``accepted``: version 1): the phone corrected one way, as ``applicant_edits.edit_case``
    writes a correction. The restored PC never held it."""
    applicant = {**accepted["applicant"], "phone": PROBLEM_PHONES[1]}
    return CaseDocument.from_json(
        {
            **accepted,
            "applicant": applicant,
            "data_version": 2,
            "updated_at": to_text(utc_now()),
            "updated_by": clerk.username,
        }
    )


def correct_after_restore(store: Store, case_id: str, clerk: User) -> int:
    """The restored PC's own version 2: the phone corrected another way."""
    return applicant_edits.edit_case(store, case_id, clerk, phone=PROBLEM_PHONES[2])


def _id_of_the_day(kind: str, day: date) -> str:
    return str(uuid.uuid5(_SAMPLE_NAMESPACE, f"{kind}:{day.isoformat()}"))


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
    request = IntakeRequest(
        service_item=DEFERRAL_ITEM,
        applicant=ApplicantInput(name=name, id_type="111", id_number=id_number),
        materials=marks,
    )
    return intake.accept_deferred(store, request, clerk, supervisor, now=moment)


# The back office's steps that make a case's result ready to hand over.
RESULT_READY_STEPS = (CaseState.COMPLETED_APPROVED, CaseState.RESULT_READY)


def seed_result_ready(
    store: Store, clerk: User, *, now: datetime | None = None, platform: bool = False
) -> intake.IntakeResult:
    """A case the back office completed and whose result the platform reported ready: in
    the pick-up list (Ctrl+R), to hand over with F10 (the applicant's number typed in).
    ``platform``: a training platform records the steps (``RESULT_READY_STEPS``) and its
    progress feed brings them, so that the platform takes the hand-over; without one they
    are applied here, with the applier the sync uses."""
    moment = now or utc_now()
    accepted = _accept_complete(store, clerk, RESULT_ITEM, RESULT_APPLICANT, moment)
    if not platform:
        for state in RESULT_READY_STEPS:
            case_progress.apply_progress(store, accepted.case_id, state.value, at=moment)
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
    request = IntakeRequest(
        service_item=item_code,
        applicant=ApplicantInput(name=name, id_type="111", id_number=id_number),
        materials=[
            SubmittedMaterial(m.code, MaterialStatus.RECEIVED, m.forms[0], m.count)
            for m in situation.materials
            if m.required
        ],
    )
    return intake.accept(store, request, clerk, now=moment)
