"""The hall's queue tickets (叫号) on the platform: issued at the hall's ticket machine
(``counter-central ticket issue``) or, for an appointment holder whose card a window read,
by that window (``POST /v1/hall/tickets/appointment``), then called, re-called, marked no-show, started, closed,
redirected or, a no-show of today, put back in the queue by the windows (``POST
/v1/hall/tickets/actions``).

A ticket belongs to its hall day: numbers restart each day, and a ticket still open when its
day is over is ended ``expired`` the first time the hall's queue is used on a later day
(``_expire_earlier_days``), so it is never called, nor blocks its window, the next day.

Every write of one hall's tickets takes the hall's lock (``lock_hall_feed``), so two
windows calling at the same moment never get the same ticket and numbers never repeat.
A window request is answered once per request id: sent again, it answers the ticket as it
stands and acts on nothing (``ticket_requests``).
"""

from __future__ import annotations

import logging
import uuid
from datetime import date, datetime
from typing import Any

from central.errors import OperatorError, PlatformError, UnknownInHall
from central.store import arrivals as arrival_store
from central.store.base import CentralStore, DbCursor, Device, iso, utc_now
from central.store.devices import has_live_device
from counter_app.domain.hall_time import hall_today
from sync.wire.tickets import TicketAction

log = logging.getLogger("central.tickets")

NORMAL_PREFIX = "A"
PRIORITY_PREFIX = "Y"  # 预约: an appointment holder's ticket
_LOCK = "tickets"
# The hall's waiting visits in the order a window calls them: those waiting for this window
# alone first (redirected here: their holder keeps their place, operations §12.8), then
# priority, then who has waited longest. Parameters: hall, window, the window or '*' (every
# waiting visit, also those for another window), window.
_WAITING = (
    "SELECT v.visit_seq, v.ticket_id FROM ticket_visits v "
    "JOIN tickets t ON t.ticket_id = v.ticket_id "
    "WHERE v.hall = ? AND v.outcome IS NULL AND v.called_at IS NULL "
    "AND (v.for_window IS NULL OR v.for_window = ? OR ? = '*') "
    "ORDER BY CASE WHEN v.for_window = ? THEN 0 ELSE 1 END, t.priority DESC, v.queued_at, "
    "v.visit_seq"
)
# One SET per step on the visit a window called, keyed by the step.
_STEP_UPDATES = {
    "recall": "UPDATE ticket_visits SET recalls = recalls + 1 WHERE visit_seq = ?",
    "noshow": "UPDATE ticket_visits SET outcome = 'no_show', closed_at = ? WHERE visit_seq = ?",
    "start": "UPDATE ticket_visits SET started_at = ? WHERE visit_seq = ?",
    "close": "UPDATE ticket_visits SET outcome = 'served', closed_at = ? WHERE visit_seq = ?",
}


class TicketStateConflict(PlatformError):
    """409: the step does not fit the ticket's state or this window (e.g. starting a ticket
    another window called)."""

    status = 409
    code = "ticket_state"


class TicketInProgress(PlatformError):
    """409: this window still calls or serves a ticket; close it (or mark it a no-show)
    before calling the next."""

    status = 409
    code = "ticket_in_progress"


class RequestIdTaken(PlatformError):
    """409: the request id was used by this device for another step."""

    status = 409
    code = "request_id_taken"


def issue_ticket(
    store: CentralStore, hall: str, item_code: str | None, appointment_id: str | None
) -> dict[str, Any]:
    """A new ticket for ``hall``, waiting for any window; an appointment makes it priority
    and is given one ticket only: asked again, its ticket is answered as it stands, one its
    holder missed (no-show) put back in the queue first, one served refused. The ticket of
    an appointment booked on this platform is for the appointment's item (the per-item waits
    count its holder); one booked here for another hall is refused, naming that hall, and so
    is a pre-application's id (only appointments get priority tickets); another id stays the
    online channel's, opaque here."""
    with store.transaction() as cur:
        if appointment_id and (booked_in := _booking_hall(store, cur, appointment_id)):
            booked = _machine_appointment(store, cur, hall, booked_in, appointment_id)
            item_code = _appointment_item(booked, item_code)
        store.lock_hall_feed(cur, _LOCK, hall)
        _expire_earlier_days(store, cur, hall)
        ticket, issued = _issue(store, cur, hall, item_code, appointment_id)
        if not issued:
            ticket = _machine_reissue(store, cur, ticket)
    return ticket


def _machine_reissue(store: CentralStore, cur: DbCursor, ticket: dict[str, Any]) -> dict[str, Any]:
    """The appointment's ticket the machine hands its holder again: a no-show put back in
    the queue (its holder is here now), one served refused, one still queued as it stands."""
    if ticket["state"] == "no_show":
        _requeue_visit(store, cur, ticket["ticket_id"])
        return _ticket(store, cur, ticket["ticket_id"])
    if ticket["state"] == "closed":
        raise OperatorError(
            f"该预约的优先号 {ticket['number']} 已办结，不能再用：如需再办，请取普通号"
            "（去掉 --appointment）。",
            f"This appointment's priority ticket {ticket['number']} was served already: to "
            "be served again, take a normal ticket (drop --appointment).",
        )
    return ticket


def issue_for_appointment(
    store: CentralStore, device: Device, nonce: str, appointment_id: str
) -> dict[str, Any]:
    """The priority ticket of a booked appointment of ``device``'s hall, issued when its
    holder's card is read at a window (``TicketAnswer``: ``done`` when issued now,
    ``repeated`` when the appointment had its ticket already, as it stands: also served or
    a no-show, for the window to say so; ``requeue`` puts a no-show back). The caller
    checked the signature."""
    with store.transaction() as cur:
        store._consume_nonce(cur, device.device_id, nonce)
        appointment = _booked_appointment(store, cur, device.hall, appointment_id)
        store.lock_hall_feed(cur, _LOCK, device.hall)
        _expire_earlier_days(store, cur, device.hall)
        ticket, issued = _issue(store, cur, device.hall, appointment["item_code"], appointment_id)
    return {"status": "done" if issued else "repeated", "ticket": ticket}


def _booked_appointment(
    store: CentralStore, cur: DbCursor, hall: str, appointment_id: str
) -> dict[str, Any]:
    """The booked appointment ``appointment_id`` of ``hall``: ``unknown_appointment`` for
    another hall's (its existence is not that hall's to know), ``ticket_state`` for one
    cancelled or missed, or for another day than the hall's today (its holder came on the
    wrong day: a priority ticket would put them before today's own appointments)."""
    appointment, _ = arrival_store.current_arrival(store, cur, appointment_id, "appointment")
    if appointment["hall"] != hall:
        raise UnknownInHall(
            "unknown_appointment",
            f"没有编号为 {appointment_id} 的预约。",
            f"There is no appointment {appointment_id}.",
        )
    if appointment["state"] != "booked":
        raise TicketStateConflict(
            f"预约 {appointment['appointment_no']} 的状态是 {appointment['state']}，"
            "不能再取优先号。",
            f"Appointment {appointment['appointment_no']} is {appointment['state']}; "
            "it gets no priority ticket.",
            details={"appointment_id": appointment_id, "state": appointment["state"]},
        )
    today = _today().isoformat()
    if appointment["first_day"] != today:
        raise TicketStateConflict(
            f"预约 {appointment['appointment_no']} 是 {appointment['first_day']} 的预约，"
            f"不是今天（大厅今天是 {today}）：不能取优先号，请按当天普通号排队或另约。",
            f"Appointment {appointment['appointment_no']} is for {appointment['first_day']}, "
            f"not today (today at the hall is {today}): it gets no priority ticket; take a "
            "normal ticket or book again.",
            details={"appointment_id": appointment_id, "day": appointment["first_day"]},
        )
    return appointment


def _booking_hall(store: CentralStore, cur: DbCursor, appointment_id: str) -> str | None:
    """The hall of ``appointment_id`` if this platform booked it, else None; the id of
    another arrival of this platform (a pre-application) is refused: it gets no priority."""
    row = store._exec(
        cur, "SELECT hall, kind FROM arrivals WHERE arrival_id = ?", (appointment_id,)
    ).fetchone()
    if row is None:
        return None
    if row[1] != "appointment":
        raise OperatorError(
            f"{appointment_id} 是网上预申报，不是预约：只有预约取优先号。请为申请人取普通号"
            "（去掉 --appointment）。",
            f"{appointment_id} is a pre-application, not an appointment: only appointments "
            "get priority tickets. Issue the applicant a normal ticket (drop --appointment).",
        )
    return str(row[0])


def _machine_appointment(
    store: CentralStore, cur: DbCursor, hall: str, booked_in: str, appointment_id: str
) -> dict[str, Any]:
    """The appointment ``hall``'s ticket machine is given, booked here for ``booked_in``:
    ``_booked_appointment``'s checks, and for another hall's a refusal naming that hall (the
    operator sees every hall; a priority ticket here would put its holder before this
    hall's own appointments, and the booked hall would issue a second one)."""
    if booked_in != hall:
        appointment, _ = arrival_store.current_arrival(store, cur, appointment_id, "appointment")
        number = appointment["appointment_no"]
        raise OperatorError(
            f"预约 {number} 是大厅 {booked_in} 的预约，不是大厅 {hall} 的：不能在此取优先号。"
            f"请持预约到大厅 {booked_in} 取号，或在本大厅取普通号。",
            f"Appointment {number} was booked at hall {booked_in}, not at hall {hall}: it "
            f"gets no priority ticket here. Its holder takes their ticket at hall {booked_in}, "
            "or a normal ticket here.",
        )
    return _booked_appointment(store, cur, hall, appointment_id)


def _appointment_item(appointment: dict[str, Any], chosen: str | None) -> str:
    """The item of an appointment holder's ticket: the appointment's; another one chosen at
    the machine is refused (the holder booked that item's slot)."""
    booked = str(appointment["item_code"])
    if chosen is not None and chosen != booked:
        raise OperatorError(
            f"预约 {appointment['appointment_no']} 预约的事项是 {booked}，不是 {chosen}："
            "优先号按预约的事项取号，请去掉 --item 或改为预约的事项。",
            f"Appointment {appointment['appointment_no']} is for item {booked}, not "
            f"{chosen}: its priority ticket is for the booked item; drop --item or give "
            "the booked one.",
        )
    return booked


def _issue(
    store: CentralStore,
    cur: DbCursor,
    hall: str,
    item_code: str | None,
    appointment_id: str | None,
) -> tuple[dict[str, Any], bool]:
    """Issue under the hall's lock; ``(ticket, False)`` when the appointment has one."""
    now = utc_now()
    day = hall_today(now).isoformat()
    if appointment_id is not None:
        held = store._exec(
            cur,
            "SELECT ticket_id FROM tickets WHERE hall = ? AND day = ? AND appointment_id = ?",
            (hall, day, appointment_id),
        ).fetchone()
        if held is not None:
            return _ticket(store, cur, held[0]), False
    priority = appointment_id is not None
    prefix = PRIORITY_PREFIX if priority else NORMAL_PREFIX
    ticket_id = str(uuid.uuid4())
    taken = store._exec(
        cur,
        "SELECT COUNT(*) FROM tickets WHERE hall = ? AND day = ? AND priority = ?",
        (hall, day, int(priority)),
    ).fetchone()[0]
    number = f"{prefix}{taken + 1:03d}"
    store._exec(
        cur,
        "INSERT INTO tickets (ticket_id, hall, day, number, priority, item_code, "
        "appointment_id, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (ticket_id, hall, day, number, int(priority), item_code, appointment_id, iso(now)),
    )
    store._exec(
        cur,
        "INSERT INTO ticket_visits (ticket_id, hall, item_code, queued_at) VALUES (?, ?, ?, ?)",
        (ticket_id, hall, item_code, iso(now)),
    )
    log.info("ticket %s issued in hall %s", number, hall)
    return _ticket(store, cur, ticket_id), True


def act(store: CentralStore, device: Device, nonce: str, action: TicketAction) -> dict[str, Any]:
    """Apply one window step (``TicketAnswer``). The caller checked the signature."""
    request_id = str(action.request_id)
    with store.transaction() as cur:
        store._consume_nonce(cur, device.device_id, nonce)
        store.lock_hall_feed(cur, _LOCK, device.hall)
        answered = store._exec(
            cur,
            "SELECT action, ticket_id FROM ticket_requests WHERE device_id = ? AND request_id = ?",
            (device.device_id, request_id),
        ).fetchone()
        if answered is not None:
            if answered[0] != action.action:
                raise RequestIdTaken(
                    "该请求编号已用于另一个叫号操作，请重新操作。",
                    "This request id was already used for another ticket step; try again.",
                    details={"request_id": request_id, "action": answered[0]},
                )
            ticket = _ticket(store, cur, answered[1]) if answered[1] else None
            return {"status": "repeated", "ticket": ticket}
        _expire_earlier_days(store, cur, device.hall)
        if action.action == "call":
            ticket_id = _call_next(store, cur, device)
        elif action.action == "requeue":
            ticket_id = _requeue(store, cur, device, action.number)
        else:
            ticket_id = _step(store, cur, device, action)
        store._exec(
            cur,
            "INSERT INTO ticket_requests (device_id, request_id, action, ticket_id, "
            "window_code, answered_at) VALUES (?, ?, ?, ?, ?, ?)",
            (device.device_id, request_id, action.action, ticket_id, device.window, _now()),
        )
        if ticket_id is None:
            return {"status": "none_waiting", "ticket": None}
        ticket = _ticket(store, cur, ticket_id)
    log.info("ticket %s %s at %s/%s", ticket["number"], action.action, device.hall, device.window)
    return {"status": "done", "ticket": ticket}


def hall_tickets(store: CentralStore, device: Device, nonce: str) -> dict[str, Any]:
    """The hall's waiting tickets in the order ``device``'s window would call them, and the
    ticket it calls or serves now (``HallTickets``)."""
    with store.transaction() as cur:
        store._consume_nonce(cur, device.device_id, nonce)
        store.lock_hall_feed(cur, _LOCK, device.hall)
        _expire_earlier_days(store, cur, device.hall)
        # Every waiting ticket of the hall, also those redirected to another window.
        waiting = store._exec(
            cur, _WAITING, (device.hall, device.window, "*", device.window)
        ).fetchall()
        current = _current_visit(store, cur, device)
        return {
            "window": device.window,
            "current": _ticket(store, cur, current[1]) if current else None,
            "waiting": [_ticket(store, cur, row[1]) for row in waiting],
        }


def ticket_visits(
    store: CentralStore, hall: str | None = None, day: date | None = None
) -> list[dict[str, Any]]:
    """Every visit of ``hall`` (default: every hall) on hall day ``day`` (default: every
    day), with its times and its wait, walk and service seconds, per window and item
    (``counter-central tickets``): what the supervisor's statistics read. A listed visit
    still open from an earlier day is ended ``expired`` first, as a window's use of the queue
    would: in a short write of its hall before the listing is read again; a listing with
    nothing to end only reads."""
    select = (
        "SELECT t.ticket_id, t.hall, t.day, t.number, t.priority, t.appointment_id, "
        "t.issued_at, v.window_code, v.for_window, v.item_code, v.queued_at, v.called_at, "
        "v.started_at, v.closed_at, v.outcome, v.recalls "
        "FROM ticket_visits v JOIN tickets t ON t.ticket_id = v.ticket_id WHERE 1 = 1"
    )
    params: list[str] = []
    if hall is not None:
        select += " AND t.hall = ?"
        params.append(hall)
    if day is not None:
        select += " AND t.day = ?"
        params.append(day.isoformat())
    select += " ORDER BY t.hall, v.visit_seq"
    with store.snapshot() as cur:
        rows = store._exec(cur, select, params).fetchall()
    today = _today().isoformat()
    stale = sorted({str(row[1]) for row in rows if row[14] is None and row[2] < today})
    if stale:
        with store.transaction() as cur:
            for stale_hall in stale:
                store.lock_hall_feed(cur, _LOCK, stale_hall)
                _expire_earlier_days(store, cur, stale_hall)
        with store.snapshot() as cur:
            rows = store._exec(cur, select, params).fetchall()
    keys = (
        *("hall", "day", "number", "priority", "appointment_id", "issued_at", "window"),
        *("for_window", "item_code", "queued_at", "called_at", "started_at", "closed_at"),
    )
    last_outcome: dict[str, str | None] = {}
    listed = []
    for row in rows:
        entry = dict(zip(keys, row[1:14], strict=True))
        entry["priority"] = bool(entry["priority"])
        redirected = last_outcome.get(row[0]) == "redirected"
        entry.update(_times(*row[10:14], waited=not redirected))
        entry.update(outcome=row[14], recalls=row[15])
        last_outcome[row[0]] = row[14]
        listed.append(entry)
    return listed


def _expire_earlier_days(store: CentralStore, cur: DbCursor, hall: str) -> None:
    """End ``expired`` every visit of ``hall`` still open from an earlier hall day: its
    holder has gone home, the number is another person's today, and its window must be
    free to call. No end time is recorded: when the holder left is not known, so the
    visit counts neither as served nor as a no-show, and adds no service time. The caller
    holds the hall's lock.

    Runs on every window poll, step and ticket issued, so it starts from the hall's open
    visits (index ``ticket_visits_open``: today's queue, a few dozen) and looks up only
    their tickets' day, never the tickets the hall issued on earlier days."""
    expired = store._exec(
        cur,
        "UPDATE ticket_visits SET outcome = 'expired' WHERE visit_seq IN ("
        "SELECT v.visit_seq FROM ticket_visits v JOIN tickets t ON t.ticket_id = v.ticket_id "
        "WHERE v.hall = ? AND v.outcome IS NULL AND t.day < ?)",
        (hall, _today().isoformat()),
    ).rowcount
    if expired > 0:
        log.info("%d ticket visit(s) of an earlier day expired in hall %s", expired, hall)


def _now() -> str:
    return iso(utc_now())


def _today() -> date:
    """The hall's date now: a ticket's day, and the day before which open tickets expire."""
    return hall_today(utc_now())


def _current_visit(store: CentralStore, cur: DbCursor, device: Device) -> Any:
    """``(visit_seq, ticket_id, started_at)`` of the visit ``device``'s window calls or
    serves, or None."""
    return store._exec(
        cur,
        "SELECT visit_seq, ticket_id, started_at FROM ticket_visits WHERE hall = ? "
        "AND window_code = ? AND outcome IS NULL ORDER BY visit_seq DESC",
        (device.hall, device.window),
    ).fetchone()


def _call_next(store: CentralStore, cur: DbCursor, device: Device) -> str | None:
    current = _current_visit(store, cur, device)
    if current is not None:
        number = _number(store, cur, current[1])
        raise TicketInProgress(
            f"本窗口的 {number} 号还没有办结，请先办结或标记未到，再叫下一号。",
            f"Ticket {number} at this window is not finished; close it or mark it a no-show "
            "before calling the next.",
            details={"ticket_id": current[1], "number": number},
        )
    row = store._exec(
        cur, _WAITING, (device.hall, device.window, device.window, device.window)
    ).fetchone()
    if row is None:
        return None
    store._exec(
        cur,
        "UPDATE ticket_visits SET window_code = ?, called_at = ? WHERE visit_seq = ?",
        (device.window, _now(), row[0]),
    )
    return str(row[1])


def _step(store: CentralStore, cur: DbCursor, device: Device, action: TicketAction) -> str:
    """Re-call, no-show, start, close or redirect the ticket ``device``'s window called."""
    ticket_id = str(action.ticket_id) if action.ticket_id else None
    if ticket_id is None:
        raise TicketStateConflict(
            "请指明要操作的号。", "Name the ticket to act on (ticket_id).", details={}
        )
    exists = store._exec(
        cur, "SELECT 1 FROM tickets WHERE ticket_id = ? AND hall = ?", (ticket_id, device.hall)
    ).fetchone()
    if exists is None:  # another hall's ticket too: its existence is not this device's to know
        raise UnknownInHall(
            "unknown_ticket", "本大厅没有这个号。", "There is no such ticket in this device's hall."
        )
    current = _current_visit(store, cur, device)
    if current is None or current[1] != ticket_id:
        number = _number(store, cur, ticket_id)
        raise TicketStateConflict(
            f"{number} 号不是本窗口正在叫或正在办理的号。",
            f"Ticket {number} is not the one this window is calling or serving.",
            details={"ticket_id": ticket_id, "number": number},
        )
    visit, started = current[0], current[2]
    if action.action == "redirect":
        if action.to_window is None or action.to_window == device.window:
            raise TicketStateConflict(
                "请指明转到本大厅的另一个窗口。",
                "Name another window of this hall to redirect the ticket to (to_window).",
                details={"ticket_id": ticket_id},
            )
        _check_window(store, cur, device.hall, action.to_window)
        _redirect(store, cur, action.to_window, visit)
        return ticket_id
    # Re-call, no-show and start belong to a called ticket; close to one being served.
    if (started is None) != (action.action != "close"):
        number = _number(store, cur, ticket_id)
        raise TicketStateConflict(
            f"{number} 号{'已开始办理' if started else '还未开始办理'}，"
            f"不能{_ACTION_ZH[action.action]}。",
            f"Ticket {number} has {'already started' if started else 'not started'}; it "
            f"cannot be {_ACTION_EN[action.action]}.",
            details={"ticket_id": ticket_id, "number": number},
        )
    params = (visit,) if action.action == "recall" else (_now(), visit)
    store._exec(cur, _STEP_UPDATES[action.action], params)
    return ticket_id


def _requeue(store: CentralStore, cur: DbCursor, device: Device, number: str | None) -> str:
    """Put today's no-show ticket ``number`` back in the hall's queue: its holder turned up
    after all. Priority is the ticket's, so kept; the wait counts from now."""
    if number is None:
        raise TicketStateConflict(
            "请指明要重新排队的号。",
            "Name the ticket to put back in the queue (number).",
            details={},
        )
    today = _today().isoformat()
    row = store._exec(
        cur,
        "SELECT ticket_id FROM tickets WHERE hall = ? AND day = ? AND number = ?",
        (device.hall, today, number),
    ).fetchone()
    if row is None:
        raise UnknownInHall(
            "unknown_ticket",
            f"本大厅今天（{today}）没有 {number} 号：过号只能在取号当天重新排队。",
            f"This hall has no ticket {number} today ({today}): a missed ticket goes back in "
            "the queue on its own day only.",
        )
    ticket_id = str(row[0])
    state = _ticket(store, cur, ticket_id)["state"]
    if state != "no_show":
        zh, en = (
            (
                "已办结，不能重新排队；如需再办，请取新号",
                "was served; to be served again, take a new ticket",
            )
            if state == "closed"
            else ("还在排队或办理中，无需重新排队", "is still queued or being served")
        )
        raise TicketStateConflict(
            f"{number} 号{zh}。",
            f"Ticket {number} {en}; only a no-show goes back in the queue.",
            details={"ticket_id": ticket_id, "number": number, "state": state},
        )
    _requeue_visit(store, cur, ticket_id)
    return ticket_id


def _requeue_visit(store: CentralStore, cur: DbCursor, ticket_id: str) -> None:
    """Open a new visit of ``ticket_id`` after its no-show, for the same window and item as
    the missed one, queued now."""
    store._exec(
        cur,
        "INSERT INTO ticket_visits (ticket_id, hall, for_window, item_code, queued_at) "
        "SELECT ticket_id, hall, for_window, item_code, ? FROM ticket_visits "
        "WHERE ticket_id = ? ORDER BY visit_seq DESC LIMIT 1",
        (_now(), ticket_id),
    )


_ACTION_ZH = {"recall": "重呼", "noshow": "标记未到", "start": "开始办理", "close": "办结"}
_ACTION_EN = {
    "recall": "re-called",
    "noshow": "marked a no-show",
    "start": "started",
    "close": "closed",
}


def _check_window(store: CentralStore, cur: DbCursor, hall: str, window: str) -> None:
    """Refuse a window no live device of ``hall`` is enrolled under: a ticket redirected
    there would wait for a call that never comes (``_WAITING`` keeps it from every other
    window), its holder stranded. Codes compare exactly, as the calling window's does."""
    if not has_live_device(store, cur, hall, window):
        raise UnknownInHall(
            "unknown_window",
            f"本大厅没有窗口 {window}（没有以此窗口号登记的在用设备），请核对窗口号后再转。",
            f"There is no window {window} in this hall (no live device is enrolled under "
            "it); check the window code and redirect again.",
        )


def _redirect(store: CentralStore, cur: DbCursor, target: str, visit: int) -> None:
    """Close ``visit`` as redirected and queue the ticket again, for ``target`` only."""
    now = _now()
    store._exec(
        cur,
        "UPDATE ticket_visits SET outcome = 'redirected', closed_at = ? WHERE visit_seq = ?",
        (now, visit),
    )
    store._exec(
        cur,
        "INSERT INTO ticket_visits (ticket_id, hall, for_window, item_code, queued_at) "
        "SELECT ticket_id, hall, ?, item_code, ? FROM ticket_visits WHERE visit_seq = ?",
        (target, now, visit),
    )


def _number(store: CentralStore, cur: DbCursor, ticket_id: str) -> str:
    row = store._exec(cur, "SELECT number FROM tickets WHERE ticket_id = ?", (ticket_id,))
    return str(row.fetchone()[0])


def _ticket(store: CentralStore, cur: DbCursor, ticket_id: str) -> dict[str, Any]:
    """One ticket as ``sync.wire.tickets.Ticket``, its visits oldest first."""
    head = store._exec(
        cur,
        "SELECT ticket_id, number, hall, priority, item_code, appointment_id, issued_at, day "
        "FROM tickets WHERE ticket_id = ?",
        (ticket_id,),
    ).fetchone()
    rows = store._exec(
        cur,
        "SELECT visit_seq, ticket_id, for_window, window_code, item_code, queued_at, "
        "called_at, started_at, closed_at, outcome, recalls FROM ticket_visits "
        "WHERE ticket_id = ? ORDER BY visit_seq",
        (ticket_id,),
    ).fetchall()
    visits = [
        {
            "window": row[3],
            "for_window": row[2],
            "item_code": row[4],
            "queued_at": row[5],
            "called_at": row[6],
            "started_at": row[7],
            "closed_at": row[8],
            "outcome": row[9],
            "recalls": row[10],
            # The visit a redirect opened is no second wait: its holder kept their place.
            **_times(*row[5:9], waited=index == 0 or rows[index - 1][9] != "redirected"),
        }
        for index, row in enumerate(rows)
    ]
    last = visits[-1]
    return {
        "ticket_id": head[0],
        "number": head[1],
        "hall": head[2],
        "day": head[7],
        "priority": bool(head[3]),
        "item_code": head[4],
        "appointment_id": head[5],
        "issued_at": head[6],
        "state": _state(last),
        "window": last["window"] or last["for_window"],
        "visits": visits,
    }


def _state(visit: dict[str, Any]) -> str:
    if visit["outcome"] == "served":
        return "closed"
    if visit["outcome"] in ("no_show", "expired"):
        return str(visit["outcome"])
    if visit["started_at"]:
        return "serving"
    return "called" if visit["called_at"] else "waiting"


def _times(
    queued: str, called: str | None, started: str | None, closed: str | None, *, waited: bool
) -> dict[str, int | None]:
    """Wait (queued→called), walk (called→started) and service (started→closed) seconds;
    None for a step not taken, and the wait of a visit that was no wait (``waited``)."""
    return {
        "wait_seconds": _seconds(queued, called) if waited else None,
        "walk_seconds": _seconds(called, started),
        "service_seconds": _seconds(started, closed),
    }


def _seconds(start: str | None, end: str | None) -> int | None:
    if start is None or end is None:
        return None
    elapsed = datetime.fromisoformat(end) - datetime.fromisoformat(start)
    return max(0, round(elapsed.total_seconds()))
