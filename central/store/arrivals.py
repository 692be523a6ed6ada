"""The online channel on the platform: appointments (预约) and pre-applications (网上申报),
the ``arrivals`` feed that brings them to the hall's windows, a window's report that it
accepted a case from a pre-application, and the appointment a pushed case was accepted
under (its priority ticket's): both consumed by that case.

Every change of an arrival appends its whole new state to ``arrival_feed`` (sealed: it
names the applicant), so the feed is read like the others, by sequence, and a reader keeps
the newest item per arrival. The rows of ``arrivals`` hold only what the platform queries.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from central.errors import OperatorError, PreappConsumedElsewhere, PreappExists, UnknownInHall
from central.opening_hours import (
    SLOT_MINUTES,
    HallHours,
    refuse_closed_slot,
    refuse_off_grid,
    refuse_outside_booking_window,
    slot_holding,
    slots_on,
)
from central.store import case_summaries
from central.store.base import CentralStore, DbCursor, Device, chunks, iso, utc_now
from central.store.calendar import platform_calendar
from central.store.cases import unknown_case
from central.store.feeds import FeedRow
from central.store.hall_hours import hours_of
from central.store.publishing import newest_catalog
from counter_app.domain.arrivals import STATE_NAMES, file_digests
from counter_app.domain.calendar import WorkingCalendar
from counter_app.domain.catalog import ServiceItem
from counter_app.domain.hall_queue import PREAPP_USED_TWICE
from counter_app.domain.hall_time import HALL_TIMEZONE, hall_minute_text, hall_today
from counter_app.domain.id_types import IdentityNumber, IdType, validate_identity
from counter_app.domain.idnumber import (
    has_gb11643_shape,
    is_credit_code,
    mask_id_number,
    normalize_id_number,
    validate_id_number,
)
from counter_app.domain.names import mask_name, validate_name
from counter_app.errors import CounterError, InvalidIdNumber
from sync.wire.arrivals import PreappConsumption

log = logging.getLogger("central.store")

# How long a pre-application's pre-review holds (days after submission) by default.
PREAPP_VALID_DAYS = 30
# An appointment is cancelled until this long before its slot (DOMAIN §7); later only as the
# hall's decision (a hall closing that day), which is recorded as such.
CANCEL_HOURS_BEFORE = 2
CANCEL_BEFORE = timedelta(hours=CANCEL_HOURS_BEFORE)
# How long a slot holds its holder: two slots of one holder at different halls closer than
# this overlap (a hall books its slots half-hourly: 09:00, 09:30, ...).
SLOT_LENGTH = timedelta(minutes=SLOT_MINUTES)
# The appointments ``a`` that hold their slot (counted against the slot's capacity).
_STANDING = "a.kind = 'appointment' AND a.state NOT IN ('cancelled', 'no_show')"
# What a request id created before must ask for again to be answered as a retry.
_SAME_APPOINTMENT = ("hall", "item_code", "id_number", "slot_at")
_SAME_PREAPP = ("hall", "item_code", "situation", "id_number")
# The lock key serialising every hall's bookings: a holder is compared across halls.
_EVERY_HALL = "*"
# A number of digits alone (a check character X aside): an ID card's, typed short or long.
_DIGITS_ONLY = re.compile(r"^[0-9]+X?$")


@dataclass(frozen=True)
class SubmittedFile:
    """A material file an applicant submitted online (``--material CODE=FILE``)."""

    code: str
    file_name: str
    content: bytes


def feed_scope(first: date, until: date) -> str:
    """The feed name a cursor of the ``arrivals`` feed is bound to: its date window, so a
    cursor read for other days is refused and the reader starts again from the beginning."""
    return f"arrivals:{first.isoformat()}:{until.isoformat()}"


def feed_context(arrival_id: str, revision: int) -> bytes:
    return f"arrival:{arrival_id}:{revision}".encode()


def create_preapp(
    store: CentralStore,
    hall: str,
    item_code: str,
    situation: str | None,
    *,
    id_number: str,
    id_type: str | None = None,
    name: str,
    files: Sequence[SubmittedFile],
    review: str = "passed",
    review_note: str = "",
    valid_days: int = PREAPP_VALID_DAYS,
    arrival_id: str | None = None,
) -> dict[str, Any]:
    """A pre-application as the applicant submitted it online, pre-reviewed; its item.
    ``arrival_id`` (default: a new one) already created answers that pre-application as it
    stands and changes nothing, so a script may run again. ``id_type`` is the applicant's
    document type (GA/T 2000.156 code); None: told from the number (``identity_of``)."""
    with store.snapshot() as cur:
        item = catalog_item(store, cur, item_code)
    chosen = item.situation(situation)
    if chosen is None:
        raise OperatorError(
            f"事项“{item.name}”没有情形 {situation}。",
            f"The item '{item.name}' has no situation {situation}.",
        )
    for file in files:
        if chosen.material(file.code) is None:
            raise OperatorError(
                f"情形“{chosen.name}”没有材料 {file.code}。",
                f"The situation '{chosen.name}' has no material {file.code}.",
            )
    today = hall_today()
    preapp_id = arrival_id or str(uuid.uuid4())
    item_json = {
        "arrival_id": preapp_id,
        "kind": "preapp",
        "hall": hall,
        "state": "submitted",
        "item_code": item.code,
        "item_name": item.name,
        "situation": chosen.code,
        **_person(id_number, name, id_type),
        "first_day": today.isoformat(),
        "last_day": (today + timedelta(days=valid_days)).isoformat(),
        "slot_at": None,
        "appointment_no": None,
        "review": review,
        "review_note": review_note,
        "materials": [_material(file) for file in files],
        "consumed_case_id": None,
    }
    with store.transaction() as cur:
        held = _created_before(store, cur, item_json, _SAME_PREAPP)
        if held is not None:
            return held
        corrected = _refuse_second_preapp(store, cur, item_json, today)
        _insert_arrival(store, cur, item_json, appointment_no=None)
        for file in files:
            store._exec(
                cur,
                "INSERT INTO preapp_files (preapp_id, material_code, file_name, size, sha256,"
                " sm3, content) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    preapp_id,
                    file.code,
                    file.file_name,
                    len(file.content),
                    *file_digests(file.content),
                    store.sealer.seal_bytes(
                        file.content, f"preapp_file:{preapp_id}:{file.code}".encode()
                    ),
                ),
            )
        created = append_revision(store, cur, item_json, 1)
        for old, revision in corrected:
            close_preapp(store, cur, old, revision, "superseded", superseded_by=preapp_id)
        return created


def _refuse_second_preapp(
    store: CentralStore, cur: DbCursor, preapp: dict[str, Any], today: date
) -> list[tuple[dict[str, Any], int]]:
    """Refuse ``preapp`` when its applicant (the normalised ID number) already has an open
    pre-application for its item at its hall: one not used by a case and not past its last
    day. Both would reach the hall's windows and each become a case (one of another hall
    that becomes a case too is flagged ``same_applicant_same_item``). One whose pre-review
    failed does not count: the applicant was asked to correct it, and ``preapp`` is the
    correction, which supersedes it; those are returned with their revisions. The ID number
    lives only sealed, so the hall's open pre-applications are opened and compared, with its
    arrivals feed locked, so two cannot both pass."""
    store.lock_hall_feed(cur, "arrival_feed", preapp["hall"])
    open_ones = store._exec(
        cur,
        "SELECT a.arrival_id, a.revision, f.payload FROM arrivals a JOIN arrival_feed f"
        " ON f.arrival_id = a.arrival_id AND f.revision = a.revision"
        " WHERE a.hall = ? AND a.kind = 'preapp' AND a.state = 'submitted'"
        " AND a.last_day >= ? ORDER BY a.created_at",
        (preapp["hall"], today.isoformat()),
    ).fetchall()
    corrected = []
    for arrival_id, revision, payload in open_ones:
        first = json.loads(store.sealer.open(payload, feed_context(arrival_id, revision)))
        if (first["id_number"], first["item_code"]) != (preapp["id_number"], preapp["item_code"]):
            continue
        if first["review"] == "failed":
            corrected.append((first, int(revision)))
            continue
        name, last = first["item_name"], first["last_day"]
        raise PreappExists(
            f"该申请人在本大厅已有“{name}”的网上申报 {arrival_id}（有效至 {last}），尚未受理，"
            "未再新建。请沿用该申报；申请人到厅时窗口可按它受理。",
            f"This applicant already has an open pre-application {arrival_id} for '{name}' "
            f"at this hall (valid until {last}); no second one was created. Use that one: a "
            "window accepts the case from it when the applicant comes.",
            details={"preapp_id": arrival_id},
        )
    return corrected


def close_preapp(
    store: CentralStore,
    cur: DbCursor,
    item: dict[str, Any],
    revision: int,
    reason: str,
    *,
    note: str = "",
    superseded_by: str | None = None,
) -> dict[str, Any]:
    """Close the open pre-application ``item`` (at ``revision``) without a case, for
    ``reason``: ``withdrawn`` (by its applicant), ``superseded`` (by a corrected one after a
    failed pre-review) or ``item_withdrawn`` (its item left the catalog); its new feed item. The item's state becomes
    ``cancelled``, the one closed state every window's feed schema knows (a window no longer
    offers it); ``closed`` says why, when, the words given and which pre-application took its
    place."""
    closed = {
        **item,
        "state": "cancelled",
        "closed": {
            "reason": reason,
            "at": _now(),
            "note": note,
            "superseded_by": superseded_by,
        },
    }
    return append_revision(store, cur, closed, revision + 1)


def create_appointment(
    store: CentralStore,
    hall: str,
    item_code: str,
    *,
    id_number: str,
    id_type: str | None = None,
    name: str,
    at: datetime,
    arrival_id: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """A real-name appointment for a slot at ``hall`` (``at`` in hall time when it has
    no zone), booked at ``now`` (default: this moment); its item, with the 预约号 read out
    to the applicant. ``arrival_id`` (default: a new one) already created for the same
    holder, item, hall and slot answers that appointment as it stands and changes nothing;
    for another booking it is refused (``request_id_reused``), revealing nothing of it.
    ``id_type`` is as for ``create_preapp``.
    A holder gets one appointment for an item at a hall on a day, and no two slots closer
    than ``SLOT_LENGTH`` at different halls: another is refused while the first is not
    cancelled nor a no-show. A slot that has ended, one after the hall's booking horizon, one
    the hall is closed at (a holiday, a day without hours, before opening or from closing
    on), one off the hall's slot grid or ending after closing, and one holding the hall's
    slot capacity already are refused, naming when to book instead
    (``central.opening_hours``); the hours are read only here, so an appointment booked
    stands whatever they become later. Every refusal is an ``OperatorError`` with a code."""
    slot = at if at.tzinfo is not None else at.replace(tzinfo=HALL_TIMEZONE)
    slot = slot.astimezone(HALL_TIMEZONE)
    day = slot.date()
    with store.snapshot() as cur:
        item = catalog_item(store, cur, item_code)
    appointment_id = arrival_id or str(uuid.uuid4())
    item_json: dict[str, Any] = {
        "arrival_id": appointment_id,
        "kind": "appointment",
        "hall": hall,
        "state": "booked",
        "item_code": item.code,
        "item_name": item.name,
        "situation": None,
        **_person(id_number, name, id_type),
        "first_day": day.isoformat(),
        "last_day": day.isoformat(),
        "slot_at": slot.isoformat(),
        "review": None,
        "review_note": "",
        "materials": [],
        "consumed_case_id": None,
    }
    with store.transaction() as cur:
        # The city's bookings one at a time (then the hall's feed, as every booking takes
        # them): a holder's overlapping slots at two halls are compared across halls.
        store.lock_hall_feed(cur, "arrival_feed", _EVERY_HALL)
        store.lock_hall_feed(cur, "arrival_feed", hall)
        held = _created_before(store, cur, item_json, _SAME_APPOINTMENT)
        if held is not None:
            return held
        calendar, hours = platform_calendar(store, cur), hours_of(store, cur, hall)
        booked_at = now or datetime.now(HALL_TIMEZONE)
        refuse_outside_booking_window(calendar, hours, hall, slot, booked_at)
        refuse_closed_slot(calendar, hours, hall, slot)
        refuse_off_grid(calendar, hours, hall, slot)
        _refuse_second_booking(store, cur, item_json)
        _refuse_full_slot(store, cur, calendar, hours, hall=hall, slot=slot, now=booked_at)
        # 预约号 A<MMDD><serial>, read out to the applicant: short, so without the year. The
        # same day of another year shares the prefix; the serial goes on from its numbers.
        prefix = f"A{day:%m%d}"
        taken = store._exec(
            cur,
            "SELECT COUNT(*) FROM arrivals WHERE hall = ? AND kind = 'appointment'"
            " AND substr(appointment_no, 1, 5) = ?",
            (hall, prefix),
        ).fetchone()[0]
        number = f"{prefix}{int(taken) + 1:03d}"
        item_json["appointment_no"] = number
        _insert_arrival(store, cur, item_json, appointment_no=number)
        return append_revision(store, cur, item_json, 1)


def _refuse_second_booking(store: CentralStore, cur: DbCursor, booking: dict[str, Any]) -> None:
    """Refuse ``booking`` when its holder already has an appointment that still stands (not
    cancelled, nor a no-show) for its item at its hall on its day, or at another hall less
    than ``SLOT_LENGTH`` from its slot (they cannot be at both; at one hall, slots close
    together are one visit for several items). The ID number lives only sealed: the day's
    standing appointments of its holder (by ``holder_index``, in every hall) are opened and
    compared, and those stored before that column, which has NULL there; called with the
    city's bookings locked, so two bookings cannot both pass."""
    standing = store._exec(
        cur,
        "SELECT a.arrival_id, a.revision, f.payload FROM arrivals a JOIN arrival_feed f"
        " ON f.arrival_id = a.arrival_id AND f.revision = a.revision"
        " WHERE (a.holder_index = ? OR a.holder_index IS NULL) AND a.first_day = ?"
        " AND a.kind = 'appointment' AND a.state NOT IN ('cancelled', 'no_show')"
        " ORDER BY a.hall, a.appointment_no",
        (store.sealer.holder_index(booking["id_number"]), booking["first_day"]),
    ).fetchall()
    slot = datetime.fromisoformat(booking["slot_at"])
    for arrival_id, revision, payload in standing:
        first = json.loads(store.sealer.open(payload, feed_context(arrival_id, revision)))
        if first["id_number"] != booking["id_number"]:
            continue
        number, day, name, hall = (
            first["appointment_no"],
            first["first_day"],
            first["item_name"],
            first["hall"],
        )
        if (hall, first["item_code"]) == (booking["hall"], booking["item_code"]):
            raise OperatorError(
                f"该申请人在本大厅 {day} 已有“{name}”的预约（预约号 {number}），同一天同一事项"
                "只能预约一次。如需改约其他时段，请先取消该预约（counter-central appointment "
                f"cancel {arrival_id}）再预约。",
                f"This applicant already has an appointment for '{name}' at this hall on {day} "
                f"(appointment number {number}); an item is booked once a day. To book another "
                f"slot, cancel it first (counter-central appointment cancel {arrival_id}).",
                code="duplicate",
            )
        other = datetime.fromisoformat(first["slot_at"])
        if hall != booking["hall"] and abs(other - slot) < SLOT_LENGTH:
            at = f"{other.astimezone(HALL_TIMEZONE):%Y-%m-%d %H:%M}"
            raise OperatorError(
                f"该申请人 {at}（大厅时间）已在大厅 {hall} 预约了“{name}”（预约号 {number}），"
                f"与此时段相隔不到 {SLOT_MINUTES} 分钟，不能同时预约两个大厅。请另选时段，"
                f"或先取消该预约（counter-central appointment cancel {arrival_id}）。",
                f"This applicant has an appointment at hall {hall} at {at} (hall time) for "
                f"'{name}' (appointment number {number}), less than {SLOT_MINUTES} minutes "
                "from this slot: they cannot be at two halls at once. Choose another slot, "
                f"or cancel that one first (counter-central appointment cancel {arrival_id}).",
                code="overlap",
            )


def _refuse_full_slot(
    store: CentralStore,
    cur: DbCursor,
    calendar: WorkingCalendar,
    hours: HallHours,
    *,
    hall: str,
    slot: datetime,
    now: datetime,
) -> None:
    """Refuse ``slot`` at ``hall`` (``slot_full``) when as many appointments as the hall's
    slot capacity hold it, naming the next slot with room up to the booking horizon.
    Called with the city's bookings locked, so two bookings cannot both take the last
    place."""
    last = calendar.add_working_days(now.astimezone(HALL_TIMEZONE).date(), hours.booking_horizon)
    taken = _taken_slots(
        store, cur, calendar, hours, hall=hall, first=slot.date(), last=max(last, slot.date())
    )
    capacity = hours.slot_capacity
    if taken.get(slot, 0) < capacity:
        return
    when = f"{slot:%Y-%m-%d %H:%M}"
    room = next(
        (
            later
            for offset in range((last - slot.date()).days + 1)
            for later in slots_on(calendar, hours, slot.date() + timedelta(days=offset))
            if later > slot and taken.get(later, 0) < capacity
        ),
        None,
    )
    if room is None:
        next_zh = f"至最后可预约日 {last} 没有尚有空位的时段，请到时再预约。"
        next_en = f"No slot has room up to {last}, the last day bookable now; book later."
    else:
        next_zh = f"下一个尚有空位的时段是 {room:%Y-%m-%d %H:%M}。"
        next_en = f"The next slot with room is {room:%Y-%m-%d %H:%M}."
    raise OperatorError(
        f"大厅 {hall} 的时段 {when}（大厅时间）已约满（每个时段可约 {capacity} 人）。{next_zh}",
        f"The slot {when} (hall time) at hall {hall} is full ({capacity} appointments a "
        f"slot). {next_en}",
        code="slot_full",
    )


def _taken_slots(
    store: CentralStore,
    cur: DbCursor,
    calendar: WorkingCalendar,
    hours: HallHours,
    *,
    hall: str,
    first: date,
    last: date,
) -> dict[datetime, int]:
    """How many standing appointments hold each slot of ``hall`` from ``first`` to
    ``last`` (hall time), each counted under the slot of ``hours``' grid it lies in
    (``slot_holding``): one booked off the grid before the grid was kept holds a place there
    too. Those stored before ``slot_at`` was (NULL there) are opened for it."""
    days = (hall, first.isoformat(), last.isoformat())
    where = f" WHERE a.hall = ? AND a.first_day BETWEEN ? AND ? AND {_STANDING}"
    held: list[tuple[str, int]] = [
        (str(slot_at), int(count))
        for slot_at, count in store._exec(
            cur,
            "SELECT a.slot_at, COUNT(*) FROM arrivals a"  # noqa: S608 - fixed text
            + where
            + " AND a.slot_at IS NOT NULL GROUP BY a.slot_at",
            days,
        ).fetchall()
    ]
    older = store._exec(
        cur,
        "SELECT a.arrival_id, a.revision, f.payload FROM arrivals a JOIN arrival_feed f"  # noqa: S608
        " ON f.arrival_id = a.arrival_id AND f.revision = a.revision"
        + where
        + " AND a.slot_at IS NULL",
        days,
    ).fetchall()
    for arrival_id, revision, payload in older:
        item = json.loads(store.sealer.open(payload, feed_context(arrival_id, revision)))
        held.append((item["slot_at"], 1))
    taken: dict[datetime, int] = {}
    for slot_at, count in held:
        slot = slot_holding(calendar, hours, datetime.fromisoformat(slot_at))
        taken[slot] = taken.get(slot, 0) + count
    return taken


def _slot_key(slot_at: str) -> str:
    """A slot as ``arrivals.slot_at`` holds it: ISO in hall time."""
    return datetime.fromisoformat(slot_at).astimezone(HALL_TIMEZONE).isoformat()


def hall_day_appointments(store: CentralStore, hall: str, day: date) -> list[dict[str, Any]]:
    """``hall``'s appointments of ``day`` in every state, by slot then 预约号, as the
    operator lists them (``counter-central appointment list``): the holder's ID number and
    name masked."""
    with store.snapshot() as cur:
        rows = store._exec(
            cur,
            "SELECT a.arrival_id, a.revision, f.payload FROM arrivals a JOIN arrival_feed f"
            " ON f.arrival_id = a.arrival_id AND f.revision = a.revision"
            " WHERE a.hall = ? AND a.first_day = ? AND a.kind = 'appointment'",
            (hall, day.isoformat()),
        ).fetchall()
    items = [
        json.loads(store.sealer.open(payload, feed_context(arrival_id, revision)))
        for arrival_id, revision, payload in rows
    ]
    items.sort(
        key=lambda i: (_slot_key(i["slot_at"]), len(i["appointment_no"]), i["appointment_no"])
    )
    return [
        {
            "arrival_id": item["arrival_id"],
            "appointment_no": item["appointment_no"],
            "slot_at": item["slot_at"],
            "state": item["state"],
            "item_code": item["item_code"],
            "item_name": item["item_name"],
            "id_type": item["id_type"],
            "id_number": mask_id_number(item["id_number"]),
            "name": mask_name(item["name"]) if item["name"] else "",
        }
        for item in items
    ]


def booked_on_closed_days(store: CentralStore, today: date) -> list[tuple[str, str, int]]:
    """``(hall, day, count)`` of the appointments still booked from ``today`` on for a day
    their hall is now closed (a holiday published after they were booked, or hours set
    since), by hall and day: the hall's operator cancels them (``--hall-closing``)."""
    with store.snapshot() as cur:
        rows = store._exec(
            cur,
            "SELECT hall, first_day, COUNT(*) FROM arrivals WHERE kind = 'appointment'"
            " AND state = 'booked' AND first_day >= ? GROUP BY hall, first_day"
            " ORDER BY hall, first_day",
            (today.isoformat(),),
        ).fetchall()
        calendar = platform_calendar(store, cur)
        hours = {hall: hours_of(store, cur, hall) for hall in {row[0] for row in rows}}
    return [
        (hall, str(day), int(count))
        for hall, day, count in rows
        if hours[hall].on(calendar, date.fromisoformat(day)) is None
    ]


def end_appointment(
    store: CentralStore,
    appointment_id: str,
    state: str,
    now: datetime | None = None,
    *,
    hall_closing: bool = False,
) -> dict[str, Any]:
    """Record that a booked appointment was cancelled or not kept (``no_show``), at ``now``
    (default: this moment). A cancellation is refused once its holder got a ticket (they
    came) or its slot has begun, and less than ``CANCEL_BEFORE`` before its slot
    unless ``hall_closing``: the hall's decision (closing that day, or the like), logged and
    answered as such (``by_hall``; ``late_cancellation``: less than that before). A no-show
    follows the sweeper's rule (``record_no_shows``): only once its hall day is over, and
    never for one whose holder got a ticket they kept. ``replayed``: it was ``state``
    already (a script's retry); the answer is that revision's, and nothing is written
    again."""
    moment = now or datetime.now(HALL_TIMEZONE)
    with store.transaction() as cur:
        item, revision = current_arrival(store, cur, appointment_id, "appointment")
        if item["state"] == state:
            seq = store._exec(
                cur,
                "SELECT seq FROM arrival_feed WHERE arrival_id = ? AND revision = ?",
                (item["arrival_id"], revision),
            ).fetchone()[0]
            return {
                "sequence": seq,
                **item,
                "replayed": True,
                "by_hall": False,
                "late_cancellation": False,
            }
        if item["state"] != "booked":
            raise OperatorError(
                f"预约 {item['appointment_no']} 的状态已是“{STATE_NAMES[item['state']][0]}”，"
                "不能再改。",
                f"Appointment {item['appointment_no']} is {item['state']} already; "
                "it cannot change again.",
            )
        late = False
        if state == "no_show":
            _check_missed(store, cur, item, hall_today(moment))
        else:
            late = _check_cancellable(store, cur, item, moment, hall_closing=hall_closing)
        item["state"] = state
        answer = append_revision(store, cur, item, revision + 1)
    by_hall = state == "cancelled" and hall_closing
    if by_hall:
        log.info(
            "appointment %s (hall %s, slot %s) cancelled as the hall's decision (closing, or "
            "the like)%s",
            item["appointment_no"],
            item["hall"],
            hall_minute_text(item["slot_at"]),
            f", less than {CANCEL_HOURS_BEFORE} h before its slot" if late else "",
        )
    return {**answer, "replayed": False, "by_hall": by_hall, "late_cancellation": late}


def _check_cancellable(
    store: CentralStore,
    cur: DbCursor,
    item: dict[str, Any],
    now: datetime,
    *,
    hall_closing: bool,
) -> bool:
    """Refuse to cancel ``item`` once its holder got a ticket or its slot has begun at
    ``now``, and less than ``CANCEL_BEFORE`` before it unless ``hall_closing``;
    whether it is cancelled that late."""
    number = item["appointment_no"]
    ticket = store._exec(
        cur, "SELECT number FROM tickets WHERE appointment_id = ?", (item["arrival_id"],)
    ).fetchone()
    if ticket is not None:
        raise OperatorError(
            f"预约 {number} 的申请人已到厅并取得优先号 {ticket[0]}，不能取消：该号仍在排队，"
            "请在窗口按号办理或标记未到。",
            f"Appointment {number} cannot be cancelled: its holder came and got priority "
            f"ticket {ticket[0]}, which still counts; serve the ticket at a window or mark it "
            "a no-show there.",
        )
    slot = datetime.fromisoformat(item["slot_at"])
    when = f"{slot.astimezone(HALL_TIMEZONE):%Y-%m-%d %H:%M}"
    if slot <= now:
        raise OperatorError(
            f"预约 {number} 的时段 {when}（大厅时间）已经开始，不能再取消；申请人未到的，"
            "该日结束后平台会记为爽约。",
            f"Appointment {number} cannot be cancelled: its slot {when} (hall time) has "
            "begun. If its holder does not come, the platform marks it a no-show once the "
            "day is over.",
        )
    late = slot - now < CANCEL_BEFORE
    if late and not hall_closing:
        hours = CANCEL_HOURS_BEFORE
        raise OperatorError(
            f"预约 {number} 的时段 {when}（大厅时间）距现在已不足 {hours} 小时，不能再取消："
            f"预约须在时段开始 {hours} 小时前取消。大厅因闭厅等原因取消的，由平台操作员以 "
            "--hall-closing 取消。",
            f"Appointment {number} cannot be cancelled: its slot {when} (hall time) is less "
            f"than {hours} hours away, and an appointment is cancelled up to {hours} hours "
            "before its slot. A cancellation decided by the hall (it closes, or the like) is "
            "made by the platform's operator with --hall-closing.",
        )
    return late


def _check_missed(store: CentralStore, cur: DbCursor, item: dict[str, Any], today: date) -> None:
    """Refuse to mark ``item`` a no-show while its hall day is not over or when its holder
    got a ticket they kept: what ``record_no_shows`` marks, and nothing else."""
    number = item["appointment_no"]
    if item["first_day"] >= today.isoformat():
        raise OperatorError(
            f"预约 {number} 的日期 {item['first_day']} 还没有过去（大厅今天是 {today}），"
            "不能记为爽约：申请人当天仍可到厅。该日结束后平台会自动记录爽约。",
            f"Appointment {number} is for {item['first_day']}, which is not over yet (today "
            f"at the hall is {today}); it cannot be marked a no-show while its holder may "
            "still come. The platform marks no-shows itself once the day is over.",
        )
    ticket = store._exec(
        cur,
        f"SELECT t.number FROM tickets t WHERE t.appointment_id = ? AND {_TICKET_KEPT}",  # noqa: S608
        (item["arrival_id"],),
    ).fetchone()
    if ticket is not None:
        raise OperatorError(
            f"预约 {number} 已取得优先号 {ticket[0]}：申请人已到厅（预约已履约），不能记为爽约。",
            f"Appointment {number} got priority ticket {ticket[0]}: its holder came (the "
            "appointment was kept), so it cannot be marked a no-show.",
        )


def record_no_shows(store: CentralStore, today: date) -> list[dict[str, Any]]:
    """爽约: every appointment still booked for a hall day before ``today`` whose holder
    kept no ticket becomes ``no_show``: one that got none (their card read at a window, or
    the ticket machine given the appointment), or whose ticket a window marked a no-show
    at its last visit (not re-queued after; one re-queued and still waiting at closing was
    kept); the new items, oldest day first. One whose ticket was kept stays booked. Run by the serving platform, and by
    ``counter-central appointment no-shows``; running it again marks nothing new."""
    day = today.isoformat()
    with store.snapshot() as cur:
        missed = store._exec(cur, _MISSED + " ORDER BY first_day, arrival_id", (day,)).fetchall()
    marked = []
    for arrival_id, hall in missed:
        with store.transaction() as cur:
            store.lock_hall_feed(cur, "arrival_feed", hall)  # before reading: one writer
            still = store._exec(cur, _MISSED + " AND arrival_id = ?", (day, arrival_id))
            if still.fetchone() is not None:  # not cancelled, nor its ticket kept, meanwhile
                item, revision = current_arrival(store, cur, arrival_id, "appointment")
                marked.append(
                    append_revision(store, cur, {**item, "state": "no_show"}, revision + 1)
                )
    return marked


# A ticket ``t`` its holder kept: one whose last visit was not marked a no-show (served,
# or waiting, called or in service when the day ended: they came, the hall did not get to
# them). A no-show re-queued is decided by the visit it was re-queued to.
_TICKET_KEPT = (
    "COALESCE((SELECT v.outcome FROM ticket_visits v WHERE v.ticket_id = t.ticket_id"
    " ORDER BY v.visit_seq DESC LIMIT 1), '') <> 'no_show'"
)
# Booked appointments of a day before the given one whose holders kept no ticket.
_MISSED = (
    "SELECT arrival_id, hall FROM arrivals a WHERE kind = 'appointment'"  # noqa: S608 - fixed
    " AND state = 'booked' AND first_day < ? AND NOT EXISTS"
    f" (SELECT 1 FROM tickets t WHERE t.appointment_id = a.arrival_id AND {_TICKET_KEPT})"
)


def arrival(store: CentralStore, arrival_id: str) -> dict[str, Any]:
    """An arrival as it stands now (``counter-central preapp show``), with who consumed it."""
    with store.snapshot() as cur:
        item, _ = current_arrival(store, cur, arrival_id, None)
        row = store._exec(
            cur,
            "SELECT consumed_device, consumed_at FROM arrivals WHERE arrival_id = ?",
            (arrival_id,),
        ).fetchone()
    return {**item, "consumed_device": row[0], "consumed_at": row[1]}


def consume_preapp(
    store: CentralStore,
    device: Device,
    nonce: str,
    preapp_id: str,
    report: PreappConsumption,
) -> tuple[str, str]:
    """A window of the pre-application's hall accepted ``report.case_id`` from it. The
    same case again is a ``duplicate``; another case is refused (409). Returns the status
    and when the platform first recorded it.

    The case need not be held yet: the window reports after its push, but a case that push
    left in the outbox (backing off) or kept as a problem comes later. A case held for another
    hall is ``unknown_case``, as it is to every other request of this device: a hall's
    pre-application is consumed by a case of that hall only."""
    case_id = str(report.case_id)
    with store.transaction() as cur:
        store._consume_nonce(cur, device.device_id, nonce)
        store.lock_hall_feed(cur, "arrival_feed", device.hall)
        row = store._exec(
            cur,
            "SELECT hall, consumed_case_id, consumed_at FROM arrivals"
            " WHERE arrival_id = ? AND kind = 'preapp'",
            (preapp_id,),
        ).fetchone()
        if row is None or row[0] != device.hall:  # another hall's: not this device's to know
            raise UnknownInHall(
                "unknown_preapp",
                "本大厅没有这个网上申报。",
                "There is no such pre-application in this hall.",
            )
        case = store._exec(cur, "SELECT hall FROM cases WHERE case_id = ?", (case_id,)).fetchone()
        if case is not None and case[0] != device.hall:
            raise unknown_case()
        if row[1] == case_id:
            return "duplicate", str(row[2])
        first_case = row[1]
        if first_case is None:
            item, revision = current_arrival(store, cur, preapp_id, "preapp")
            now = _mark_consumed(
                store, cur, item, revision, case_id=case_id, device_id=device.device_id
            )
        elif case is not None:
            _flag_used_twice(store, cur, device.hall, case_id, first_case)
    if first_case is not None:  # refused once the flag is kept: the case stays stored
        # Named as clerks know it: its number (once its window pushed it) and its window.
        with store.snapshot() as cur:
            first_no, first_window = store._exec(
                cur,
                "SELECT c.case_no, d.window_code FROM arrivals a"
                " LEFT JOIN cases c ON c.case_id = a.consumed_case_id"
                " LEFT JOIN devices d ON d.device_id = a.consumed_device WHERE a.arrival_id = ?",
                (preapp_id,),
            ).fetchone()
        raise PreappConsumedElsewhere(
            "该网上申报已由另一个办件受理，不能再次使用。",
            "This pre-application was already accepted as another case.",
            details={
                "preapp_id": preapp_id,
                "case_id": first_case,
                "case_no": first_no,
                "window_code": first_window,
            },
        )
    return "stored", now


def _flag_used_twice(
    store: CentralStore, cur: DbCursor, hall: str, case_id: str, first_case: str
) -> None:
    """The hall queue's summary of ``case_id``, stored before its window was refused the
    pre-application, flagged ``preapp_used_twice`` and the number of the case that used it
    first: the platform's listings and the department see it is no ordinary case. Once."""
    latest = store._exec(cur, case_summaries.LATEST_FLAGS, (case_id,)).fetchone()
    if latest is None or PREAPP_USED_TWICE in json.loads(latest[0]):
        return
    held = store._exec(cur, "SELECT case_no FROM cases WHERE case_id = ?", (first_case,)).fetchone()
    first_no = first_case if held is None else held[0]
    store.lock_hall_feed(cur, "case_summaries", hall)
    store._exec(
        cur,
        case_summaries.INSERT_REFLAGGED,
        (
            f"网上申报已由办件 {first_no} 使用 / pre-application already used by case {first_no}",
            _now(),
            json.dumps([*json.loads(latest[0]), PREAPP_USED_TWICE, first_no]),
            case_id,
        ),
    )


def keep_appointments(
    store: CentralStore, cur: DbCursor, device: Device, served: Sequence[tuple[str, str]]
) -> None:
    """Inside a push's transaction: ``served`` are ``(case_id, ticket_id)`` of the accepted
    cases it stored that were decided under a queue ticket, in request order. An appointment
    of the device's hall still booked whose priority ticket one of them carries is kept:
    consumed by the first such case (a holder may apply for several items in one visit).
    A ticket of no appointment, another hall's, or an appointment already consumed (by an
    earlier version of the case, or another case of the visit) changes nothing."""
    first_case: dict[str, str] = {}
    for case_id, ticket_id in served:
        first_case.setdefault(ticket_id, case_id)
    for chunk in chunks(sorted(first_case)):
        marks = ",".join("?" * len(chunk))
        kept = store._exec(
            cur,
            "SELECT t.ticket_id, a.arrival_id FROM tickets t"  # noqa: S608 - marks only
            " JOIN arrivals a ON a.arrival_id = t.appointment_id"
            f" WHERE t.ticket_id IN ({marks}) AND t.hall = ? AND a.hall = ?"
            " AND a.kind = 'appointment' AND a.state = 'booked'",
            (*chunk, device.hall, device.hall),
        ).fetchall()
        if kept:  # the hall's one arrivals writer from here: a cancellation may be racing
            store.lock_hall_feed(cur, "arrival_feed", device.hall)
        for ticket_id, appointment_id in kept:
            item, revision = current_arrival(store, cur, appointment_id, "appointment")
            if item["state"] == "booked":
                _mark_consumed(
                    store,
                    cur,
                    item,
                    revision,
                    case_id=first_case[ticket_id],
                    device_id=device.device_id,
                )


def _mark_consumed(
    store: CentralStore,
    cur: DbCursor,
    item: dict[str, Any],
    revision: int,
    *,
    case_id: str,
    device_id: str,
) -> str:
    """Record the arrival ``item`` (at ``revision``) as consumed by ``case_id``, which
    ``device_id`` sent; when."""
    arrival_id = item["arrival_id"]
    item["state"] = "consumed"
    item["consumed_case_id"] = case_id
    append_revision(store, cur, item, revision + 1)
    now = _now()
    store._exec(
        cur,
        "UPDATE arrivals SET consumed_case_id = ?, consumed_device = ?, consumed_at = ?"
        " WHERE arrival_id = ?",
        (case_id, device_id, now, arrival_id),
    )
    return now


def read_arrivals(
    store: CentralStore, hall: str, after: int, limit: int, *, first: date, until: date
) -> tuple[list[FeedRow], bool]:
    """Items of ``hall``'s arrivals feed after ``after`` concerning a day from ``first``
    to ``until``, at most ``limit``; and whether more wait."""
    with store.snapshot() as cur:
        rows = store._exec(
            cur,
            "SELECT seq, arrival_id, revision, payload FROM arrival_feed WHERE hall = ?"
            " AND seq > ? AND last_day >= ? AND first_day <= ? ORDER BY seq LIMIT ?",
            (hall, after, first.isoformat(), until.isoformat(), limit + 1),
        ).fetchall()
    items = [
        FeedRow(
            row[0],
            {
                "sequence": row[0],
                **json.loads(store.sealer.open(row[3], feed_context(row[1], row[2]))),
            },
        )
        for row in rows
    ]
    return items[:limit], len(items) > limit


def _now() -> str:
    return iso(utc_now())


def _person(id_number: str, name: str, id_type: str | None) -> dict[str, str]:
    """The applicant as the online channel verified them (real name); an appointment booked
    by ID number alone has no name. The number is held to the rules of its document as at a
    window (``validate_identity``) and kept normalised, so a card read or number typed there
    finds the arrival; its type and kind are kept with it."""
    try:
        identity = identity_of(id_number, id_type)
        return {
            "id_type": identity.id_type.value,
            "doc_kind": identity.doc_kind.value,
            "id_number": identity.number,
            "name": validate_name(name) if name else "",
        }
    except CounterError as exc:
        raise OperatorError(exc.zh, exc.en, code="invalid_applicant") from None


def identity_of(raw: str, id_type: str | None) -> IdentityNumber:
    """``raw`` checked as a number of ``id_type``. Without one, a number of digits alone is
    held to the GB 11643 rules (resident ID card, 2023 foreigner card, residence permit), as
    before the online channel took other documents, unless it is no such number but a
    company's GB 32100 credit code; any other number to the rules of type 990 (其他: a 2017
    foreigner card's shape, a credit code with letters, anything else)."""
    if id_type:
        return validate_identity(id_type, raw)
    number = normalize_id_number(raw)
    if not _DIGITS_ONLY.match(number):
        return validate_identity(IdType.OTHER, number)
    try:
        info = validate_id_number(number)
    except InvalidIdNumber as exc:
        if is_credit_code(number):
            return validate_identity(IdType.OTHER, number)
        if has_gb11643_shape(number):
            raise
        raise InvalidIdNumber(
            f"{exc.zh}若是护照等其他证件，请用 --id-type 指明证件类型"
            f"（{IdType.PASSPORT.value} 护照、{IdType.HK_MACAO_PERMIT.value} 港澳居民来往内地通行证、"
            f"{IdType.OTHER.value} 其他）。",
            f"{exc.en} For a passport or another document, give its type with --id-type "
            f"({IdType.PASSPORT.value} passport, {IdType.HK_MACAO_PERMIT.value} HK/Macao permit, "
            f"{IdType.OTHER.value} other).",
            field="id_number",
        ) from None
    return validate_identity(
        IdType.RESIDENT_ID if info.kind == "resident" else IdType.OTHER, number
    )


def _material(file: SubmittedFile) -> dict[str, Any]:
    sha256, sm3 = file_digests(file.content)
    return {
        "code": file.code,
        "file_name": file.file_name,
        "size": len(file.content),
        "sha256": sha256,
        "sm3": sm3,
    }


def catalog_item(store: CentralStore, cur: DbCursor, code: str) -> ServiceItem:
    """The item in the newest published catalog; an operator error when there is none."""
    release = newest_catalog(store, cur)
    if release is None:
        raise OperatorError(
            "平台尚未发布事项目录，请先执行 counter-central catalog publish。",
            "No catalog is published yet; run counter-central catalog publish first.",
            code="no_catalog",
        )
    item = next((i for i in release.items if i.code == code), None)
    if item is None:
        raise OperatorError(
            f"事项目录（第 {release.version} 版）中没有事项 {code}。",
            f"The catalog (version {release.version}) has no item {code}.",
            code="unknown_item",
        )
    return item


def _created_before(
    store: CentralStore, cur: DbCursor, asked: dict[str, Any], same: tuple[str, ...]
) -> dict[str, Any] | None:
    """The arrival created under ``asked``'s id before, as it stands, when it asked for the
    same (``same``: holder, item, hall ...): a retry; None for a new id. An id of another
    arrival is refused (``request_id_reused``): of another kind, naming the kind; of other
    content (holder, item, slot), without a word of it: it may be someone else's."""
    arrival_id, kind = asked["arrival_id"], asked["kind"]
    row = store._exec(
        cur, "SELECT kind FROM arrivals WHERE arrival_id = ?", (arrival_id,)
    ).fetchone()
    if row is None:
        return None
    if row[0] != kind:
        raise OperatorError(
            f"编号 {arrival_id} 已用于另一种到访（{row[0]}）。",
            f"The id {arrival_id} already names another kind of arrival ({row[0]}).",
            code="request_id_reused",
        )
    item, _ = current_arrival(store, cur, arrival_id, kind)
    if all(item[key] == asked[key] for key in same):
        return item
    raise OperatorError(
        f"编号 {arrival_id} 已用于另一份申请，与本次提交的内容不同，未新建。重试时请原样提交；"
        "新的预约或网上申报请换用新的编号（或不给 --id）。",
        f"The id {arrival_id} already names another request, with other content; nothing was "
        "created. A retry sends the same content again; a new appointment or pre-application "
        "takes a new id (or no --id).",
        code="request_id_reused",
    )


def _insert_arrival(
    store: CentralStore, cur: DbCursor, item: dict[str, Any], *, appointment_no: str | None
) -> None:
    """The new arrival's row: what the platform queries, its holder by the keyed hash of
    their ID number (``_refuse_second_booking`` finds a holder's day by it), an
    appointment's slot (``_refuse_full_slot`` counts a slot's by it)."""
    now = _now()
    store._exec(
        cur,
        "INSERT INTO arrivals (arrival_id, kind, hall, appointment_no, state, revision,"
        " first_day, last_day, created_at, updated_at, holder_index, slot_at)"
        " VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)",
        (
            item["arrival_id"],
            item["kind"],
            item["hall"],
            appointment_no,
            item["state"],
            item["first_day"],
            item["last_day"],
            now,
            now,
            store.sealer.holder_index(item["id_number"]),
            item["slot_at"],
        ),
    )


def append_revision(
    store: CentralStore, cur: DbCursor, item: dict[str, Any], revision: int
) -> dict[str, Any]:
    """Record ``item`` as the arrival's revision ``revision``; the feed item."""
    store.lock_hall_feed(cur, "arrival_feed", item["hall"])
    item = {**item, "revision": revision}
    arrival_id = item["arrival_id"]
    seq: int = store._exec(
        cur,
        "INSERT INTO arrival_feed (arrival_id, hall, revision, first_day, last_day, payload)"
        " VALUES (?, ?, ?, ?, ?, ?) RETURNING seq",
        (
            arrival_id,
            item["hall"],
            revision,
            item["first_day"],
            item["last_day"],
            store.sealer.seal(
                json.dumps(item, ensure_ascii=False), feed_context(arrival_id, revision)
            ),
        ),
    ).fetchone()[0]
    store._exec(
        cur,
        "UPDATE arrivals SET state = ?, revision = ?, updated_at = ? WHERE arrival_id = ?",
        (item["state"], revision, _now(), arrival_id),
    )
    return {"sequence": seq, **item}


def current_arrival(
    store: CentralStore, cur: DbCursor, arrival_id: str, kind: str | None
) -> tuple[dict[str, Any], int]:
    """An arrival's newest item and revision; ``unknown_appointment`` / ``unknown_preapp`` /
    ``unknown_arrival`` for none (of ``kind``)."""
    row = store._exec(
        cur, "SELECT kind, revision FROM arrivals WHERE arrival_id = ?", (arrival_id,)
    ).fetchone()
    if row is None or (kind is not None and row[0] != kind):
        what_zh, what_en = {
            "appointment": ("预约", "appointment"),
            "preapp": ("网上申报", "pre-application"),
        }.get(kind or "", ("预约或网上申报", "appointment or pre-application"))
        raise UnknownInHall(
            f"unknown_{kind or 'arrival'}",
            f"没有编号为 {arrival_id} 的{what_zh}。",
            f"There is no {what_en} {arrival_id}.",
        )
    payload = store._exec(
        cur,
        "SELECT payload FROM arrival_feed WHERE arrival_id = ? AND revision = ?",
        (arrival_id, row[1]),
    ).fetchone()[0]
    item = json.loads(store.sealer.open(payload, feed_context(arrival_id, row[1])))
    item.pop("sequence", None)
    return item, int(row[1])
