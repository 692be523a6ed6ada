"""What the hall queue says about a case beyond its state: its flags and the days left to
its promised date. Flags the platform fixes with a version travel in the ``hall_queue``
feed; those that depend on the day are computed where the queue is read."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from counter_app.domain.calendar import WorkingCalendar
from counter_app.domain.case_states import TERMINAL_STATES, CaseState
from counter_app.domain.catalog import ServiceItem

# A version with materials deferred (容缺) still owed: set by whoever summarises a version.
DEFERRED_MATERIALS = "deferred_materials"
# A level 1–2 好差评 rating whose follow-up is not closed yet: set by whoever summarises.
BAD_RATING = "bad_rating"
# A fee recorded at acceptance and not paid yet (待缴费): set by whoever summarises, cleared
# by the payment's confirmation.
UNPAID = "unpaid"
# A payment on the payment platform the window recorded from the applicant's voucher that
# the platform has still not confirmed once ``CONFIRMATION_WORKING_DAYS`` working days have
# passed after the hall day it was recorded (that day not counted): the supervisor checks
# the voucher with the applicant and the payment platform. It takes the place of UNPAID,
# which the case shows until then. Known at the workstation that holds the payment (its own
# cases), computed where the queue is read.
PAYMENT_UNCONFIRMED = "payment_unconfirmed"
CONFIRMATION_WORKING_DAYS = 3
# The payment platform confirmed a fee the window had also taken by card (POS) before it
# heard of the confirmation: the applicant paid twice, for the supervisor to check and have
# one payment refunded. Set by the platform when it stores the window's version; it
# outlives the case (a refund is owed however the case ended).
PAYMENT_TWICE = "payment_twice"
# A fee was paid for a case that then ended without its result (withdrawn, refused, voided,
# deferral terminated: ``fees.NO_RESULT_STATES``), or paid only after it ended: the money is
# owed back. Set by whoever summarises; it outlives the case.
REFUND_OWED = "refund_owed"
# The result waits at the hall for the applicant (or for its posting): from the state.
RESULT_READY = "result_ready"
# An e-licence marked 待核验 offline that the register did not confirm: the clerk's and the
# supervisor's task (``counter-app elicence tasks``); known at the workstation that took it.
ELICENCE_UNVERIFIED = "elicence_unverified"
# The case was taken on an older catalog than the one in force when it was received (a
# window offline), and that one no longer holds its item: the department decides whether it
# still handles the case. Set by the platform when it stores the version.
ITEM_WITHDRAWN = "item_withdrawn"
# Likewise, but the catalog in force still holds the item and states otherwise what binds
# the hall: the department decides whether the case stands as taken. What differs follows
# it, each a flag of its own: materials now required (or core) that were not, the time
# limits, the fee. Set by the platform when it stores the version.
CATALOG_CHANGED = "catalog_changed"
MATERIALS_ADDED = "catalog_materials_added"
TIME_LIMIT_CHANGED = "catalog_time_limit_changed"
FEE_CHANGED = "catalog_fee_changed"
# The case names a catalog version the platform never published (it published others):
# nobody can tell what it was taken on. Set by the platform when it stores the version.
CATALOG_UNKNOWN = "catalog_unknown"
# The case breaks its situation's rule on a 代办人 as the catalog it was taken on states it
# (委托他人代办 with none recorded, 本人申领 with one): a window whose program predates the
# rule, or an import, took it. Set by the platform when it stores the version.
AGENT_RULE_BROKEN = "agent_rule_broken"
# The applicant has another case for the same item that is still open, or that was taken
# the same hall day (a second case taken while the first was being decided, at two windows
# or two halls): the supervisor checks that it is not the same application twice. Set by
# the platform when it stores the version, followed in the flags by the other case's number.
SAME_APPLICANT_SAME_ITEM = "same_applicant_same_item"
# The platform holds the case's ID number under another name (normalised: spacing, width
# and case aside): a mistyped number or name, or someone else's number. Followed by the
# other case's number.
ID_NUMBER_OTHER_NAME = "id_number_other_name"
# The pre-application the case was taken from was used first by another case: the window
# was refused its consumption (``preapp_consumed_elsewhere``) and voids one of the two.
# Followed by the number of the case that used it first.
PREAPP_USED_TWICE = "preapp_used_twice"
# The case says it was received or changed later than the platform received it (beyond the
# clock skew it allows): the window's clock ran ahead, and its dates (the promised date
# counted from them included) are not to be trusted. Set by the platform when it stores the
# version; it outlives the case.
DATED_AHEAD = "dated_ahead"
# The version was made (the case taken, or changed) in the name of an account the hall's
# staff register had disabled by then: a window that had not synced the disabling. Set by
# the platform when it stores the version, followed in the flags by the account and when it
# was disabled.
ACTOR_OUT_OF_USE = "actor_out_of_use"
# The promised date has passed and the case is still open at the hall or the back office.
OVERDUE = "overdue"
# A deferred material's deadline is today or past and the case still waits for it.
DEFERRAL_DUE = "deferral_due"
# The promised date is ``hall.due_soon_working_days`` working days away or fewer (the hall's
# working calendar, the one it was counted with) and the case is still open.
DUE_SOON = "due_soon"
# A 即办件 (promised for the day it was accepted) still open on that day: flagged that day,
# before it becomes overdue the next.
SAME_DAY_OPEN = "same_day_open"

# The flags in people's words (the command line's queue; the window's says the same in its
# Linguist strings, tested against this table).
FLAG_NAMES: dict[str, tuple[str, str]] = {
    OVERDUE: ("已超期", "Overdue"),
    DUE_SOON: ("临近超期", "Due soon"),
    SAME_DAY_OPEN: ("即办未结", "Same-day case open"),
    DEFERRAL_DUE: ("容缺到期", "Deferral due"),
    DEFERRED_MATERIALS: ("有容缺材料", "Deferred materials"),
    BAD_RATING: ("差评待整改", "Bad rating open"),
    UNPAID: ("待缴费", "Payment due"),
    PAYMENT_UNCONFIRMED: ("平台缴费未确认", "Platform payment unconfirmed"),
    PAYMENT_TWICE: ("重复缴费待核实", "Paid twice: check"),
    REFUND_OWED: ("应退费", "Refund owed"),
    RESULT_READY: ("结果待领取", "Result ready"),
    ELICENCE_UNVERIFIED: ("电子证照未核实", "E-licence unverified"),
    ITEM_WITHDRAWN: ("事项已停办", "Item withdrawn"),
    CATALOG_CHANGED: ("目录已变更", "Catalog changed"),
    MATERIALS_ADDED: ("新增必交材料", "Materials added"),
    TIME_LIMIT_CHANGED: ("时限已变", "Time limit changed"),
    FEE_CHANGED: ("收费已变", "Fee changed"),
    CATALOG_UNKNOWN: ("目录版本未发布", "Unpublished catalog version"),
    AGENT_RULE_BROKEN: ("代办规则不符", "Agent rule not met"),
    SAME_APPLICANT_SAME_ITEM: ("同一申请人同一事项重复受理", "Same applicant, same item again"),
    ID_NUMBER_OTHER_NAME: ("证件号码已登记其他姓名", "ID number on file under another name"),
    PREAPP_USED_TWICE: ("网上申报重复使用", "Pre-application used twice"),
    DATED_AHEAD: ("办件时间晚于平台接收时间", "Dated after the platform received it"),
    ACTOR_OUT_OF_USE: ("经办账号已停用", "Made by a disabled account"),
}

# The states in which the promised date's clock runs: the hall still owes the applicant a
# result by that date. Before acceptance it has not started; once the department decided, or
# the case ended (voided, refused, withdrawn, delivered, …), nothing is owed by that date;
# under 特别程序 or 补正 it stands still and the date moves on by the working days waited
# (``WorkingCalendar.extend_for_pause``): days left counted then would mislead.
_RUNNING = frozenset({CaseState.ACCEPTED, CaseState.ACCEPTED_DEFERRED, CaseState.IN_PROCESS})
RUNNING_STATES = tuple(sorted(_RUNNING))


def working_days_left(
    state: str, promised_date: str | None, today: date, calendar: WorkingCalendar
) -> int | None:
    """Working days from ``today`` to the promised date while the clock runs in ``state``
    (None otherwise): those after ``today`` up to the promised date, 0 on it; once it passed,
    minus those after it up to ``today``, at least one (a weekend after a Friday's promised
    date loses the hall no working day, but the case is overdue)."""
    if state not in _RUNNING or not promised_date:
        return None
    promised = date.fromisoformat(promised_date)
    if promised < today:
        return -max(1, calendar.working_days_between(promised, today))
    return calendar.working_days_between(today, promised)


def due_soon_until(today: date, calendar: WorkingCalendar, due_soon_days: int) -> date:
    """The first promised date that is not 临近超期 on ``today``: a case promised from
    ``today`` up to the day before it has ``due_soon_days`` working days left or fewer."""
    return calendar.add_working_days(today, due_soon_days + 1)


def approaching_flags(
    state: str,
    promised_date: str | None,
    accepted_on: date | None,
    today: date,
    *,
    calendar: WorkingCalendar,
    due_soon_days: int,
) -> tuple[str, ...]:
    """The flags of a promised date not passed yet on ``today`` while the clock runs in
    ``state`` (:func:`queue_flags` says :data:`OVERDUE` once it passed):
    :data:`DUE_SOON` within ``due_soon_days`` working days, or instead :data:`SAME_DAY_OPEN`
    on the day of a 即办件 (promised for ``accepted_on``, the hall day it was accepted)."""
    if state not in _RUNNING or not promised_date:
        return ()
    promised = date.fromisoformat(promised_date)
    if promised < today:
        return ()
    if promised == today == accepted_on:
        return (SAME_DAY_OPEN,)  # a 即办件 on its day: due that day, said once
    if promised < due_soon_until(today, calendar, due_soon_days):
        return (DUE_SOON,)
    return ()


def catalog_changes(
    taken_on: ServiceItem, in_force: ServiceItem, situation: str
) -> tuple[str, ...]:
    """What binds the hall in a case of ``situation`` that ``in_force`` states otherwise
    than ``taken_on`` (the item as the case's catalog version defined it): the flags of
    :data:`MATERIALS_ADDED`, :data:`TIME_LIMIT_CHANGED` and :data:`FEE_CHANGED`, in that
    order; none when nothing binding differs. A required material whose name or standard
    changed under its code is one added: what the case holds under the code is another
    paper. A material no longer asked for binds nobody; a situation the item in force no
    longer has asks for nothing more."""
    changes = []
    before, now = taken_on.situation(situation), in_force.situation(situation)
    if before is not None and now is not None:
        for material in now.materials:
            old = before.material(material.code)
            if old is not None and not material.asks_for_same(old):
                old = None
            if (material.required and not (old and old.required)) or (
                material.core and not (old and old.core)
            ):
                changes.append(MATERIALS_ADDED)
                break
    if (taken_on.promised_days, taken_on.statutory_days) != (
        in_force.promised_days,
        in_force.statutory_days,
    ):
        changes.append(TIME_LIMIT_CHANGED)
    if taken_on.fee_cents != in_force.fee_cents:
        changes.append(FEE_CHANGED)
    return tuple(changes)


def confirmation_overdue(recorded_on: date, today: date, calendar: WorkingCalendar) -> bool:
    """Whether a payment the window recorded on hall day ``recorded_on`` from the
    applicant's voucher, still unconfirmed on ``today``, is past the working days the payment
    platform is given to confirm it (:data:`PAYMENT_UNCONFIRMED`)."""
    return calendar.add_working_days(recorded_on, CONFIRMATION_WORKING_DAYS) < today


def queue_flags(
    state: str,
    promised_date: str | None,
    deferral_due: str | None,
    today: date,
    stored: Iterable[str] = (),
) -> tuple[str, ...]:
    """The flags the queue shows for a case on ``today``: the day's own, then ``stored``
    (less a fee still marked unpaid by a case whose story is over: nobody owes it)."""
    flags = []
    if state in _RUNNING and promised_date and date.fromisoformat(promised_date) < today:
        flags.append(OVERDUE)
    if (
        state == CaseState.ACCEPTED_DEFERRED
        and deferral_due
        and date.fromisoformat(deferral_due) <= today
    ):
        flags.append(DEFERRAL_DUE)
    if state == CaseState.RESULT_READY:
        flags.append(RESULT_READY)
    ended = state in TERMINAL_STATES
    return (*flags, *(f for f in stored if f not in flags and not (ended and f == UNPAID)))
