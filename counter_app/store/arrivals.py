"""The arrivals cache: the hall's appointments and pre-applications as the ``arrivals``
feed brought them (``arrivals``), sealed and found by the ID number's blind index, and the
cases accepted from a pre-application until the platform confirmed it
(``preapp_consumptions``, the outbox of those reports).

An arrival is forgotten after its last day (``purge_past_arrivals``); reads leave out one
whose day has passed even before that ran, so an offline window never shows yesterday's.
A consumed pre-application goes sooner: as soon as no report of this window's about it is
waiting for the platform's confirmation (nobody is expected for it any more); one the
platform closed without a case, as soon as the feed says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlite_utils import Database

from counter_app.domain.arrivals import PREAPP, Arrival
from counter_app.store.database import Store
from counter_app.store.timestamps import from_text

SUBMITTED = "submitted"  # a pre-application's state while it waits for its applicant
CONSUMED = "consumed"  # a pre-application's state once a case was accepted from it


@dataclass(frozen=True)
class Consumption:
    """A case accepted from a pre-application, waiting to be reported to the platform."""

    preapp_id: str
    case_id: str
    case_no: str
    clerk: str
    consumed_at: str


def _context(arrival_id: str) -> bytes:
    return f"arrivals.payload:{arrival_id}".encode()


def store_arrival(store: Store, arrival: Arrival) -> bool:
    """Keep the feed's newest item of an arrival (an older one, read again, changes
    nothing); whether it changed the cache."""
    with store.transaction() as db:
        held = db.execute(
            "SELECT sequence FROM arrivals WHERE arrival_id = ?", (arrival.arrival_id,)
        ).fetchone()
        if held is not None and int(held[0]) >= arrival.sequence:
            return False
        if arrival.kind == PREAPP and arrival.state not in (SUBMITTED, CONSUMED):
            return _forget_closed_preapp(db, arrival.arrival_id)
        # A consumed pre-application the cache does not hold is one already forgotten (or
        # taken at another window): the feed, read again from the start each new day, must
        # not bring the applicant's data back for nobody.
        if held is None and arrival.state == CONSUMED:
            return False
        payload = json.dumps(arrival.to_json(), ensure_ascii=False)
        db.execute(
            "INSERT INTO arrivals (arrival_id, kind, sequence, state, first_day, last_day, slot_at,"
            " id_number_index, payload_enc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (arrival_id) DO UPDATE SET sequence = excluded.sequence,"
            " state = excluded.state, first_day = excluded.first_day, last_day = excluded.last_day,"
            " slot_at = excluded.slot_at, id_number_index = excluded.id_number_index,"
            " payload_enc = excluded.payload_enc",
            (
                arrival.arrival_id,
                arrival.kind,
                arrival.sequence,
                arrival.state,
                arrival.first_day.isoformat(),
                arrival.last_day.isoformat(),
                arrival.slot_at.isoformat() if arrival.slot_at else None,
                store.pii.blind_index(arrival.id_number, "id_number"),
                store.pii.encrypt_text(payload, _context(arrival.arrival_id)),
            ),
        )
        return True


def _forget_closed_preapp(db: Database, preapp_id: str) -> bool:
    """The platform closed the pre-application without a case (withdrawn by its applicant,
    superseded by a corrected one, expired, its item withdrawn): nobody comes for it any
    more, so the applicant's data leaves the window at once; whether the cache held it. A
    case this window already took from it keeps the cache's consumed copy: a retry of that
    intake finds the case through it until the platform answered the report
    (``purge_past_arrivals``)."""
    return (
        db.execute(
            "DELETE FROM arrivals WHERE arrival_id = ? AND NOT EXISTS"
            " (SELECT 1 FROM preapp_consumptions pc WHERE pc.preapp_id = arrivals.arrival_id)",
            (preapp_id,),
        ).rowcount
        > 0
    )


def _opened(store: Store, rows: list[tuple[str, bytes]]) -> list[Arrival]:
    return [
        Arrival.from_json(json.loads(store.pii.decrypt_text(sealed, _context(arrival_id))))
        for arrival_id, sealed in rows
    ]


def arrivals_on(store: Store, day: date) -> list[Arrival]:
    """Appointments of ``day`` by slot and, within a slot, by 预约号 (the order they were
    booked in); then the pre-applications still valid that day."""
    rows = store.db.execute(
        "SELECT arrival_id, payload_enc FROM arrivals WHERE first_day <= ? AND last_day >= ?"
        " ORDER BY kind, slot_at, first_day, arrival_id",
        (day.isoformat(), day.isoformat()),
    ).fetchall()
    return sorted(_opened(store, rows), key=_called_order)


def _called_order(arrival: Arrival) -> tuple[str, float, int, str]:
    """Kind, slot, then 预约号, which lives only sealed: a stable sort keeps the query's order
    of the rest. The serial may outgrow three digits (A1214999 before A12141000)."""
    number = arrival.appointment_no or ""
    slot = arrival.slot_at.timestamp() if arrival.slot_at else 0.0
    return arrival.kind, slot, len(number), number


def arrivals_of(store: Store, id_number: str, today: date) -> list[Arrival]:
    """One person's arrivals from ``today`` on (any state), appointments first, by day."""
    rows = store.db.execute(
        "SELECT arrival_id, payload_enc FROM arrivals WHERE id_number_index = ?"
        " AND last_day >= ? ORDER BY kind, first_day, slot_at, arrival_id",
        (store.pii.blind_index(id_number, "id_number"), today.isoformat()),
    ).fetchall()
    return _opened(store, rows)


def cached_arrival(store: Store, arrival_id: str) -> Arrival | None:
    rows = store.db.execute(
        "SELECT arrival_id, payload_enc FROM arrivals WHERE arrival_id = ?", (arrival_id,)
    ).fetchall()
    opened = _opened(store, rows)
    return opened[0] if opened else None


def purge_past_arrivals(store: Store, today: date) -> int:
    """Forget every arrival whose last day is before ``today``, and every consumed
    pre-application once the platform confirmed this window's report of its case (one
    consumed at another window: at once); how many. Until the confirmation the cache keeps
    it: a retry of the same intake finds its case through it, and a second intake from it
    is refused by it. The report itself (``preapp_consumptions``) stays."""
    with store.transaction() as db:
        return db.execute(
            "DELETE FROM arrivals WHERE last_day < ? OR (state = ? AND NOT EXISTS"
            " (SELECT 1 FROM preapp_consumptions pc WHERE pc.preapp_id = arrivals.arrival_id"
            " AND pc.reported_at IS NULL))",
            (today.isoformat(), CONSUMED),
        ).rowcount


def arrivals_downloaded_at(store: Store) -> datetime | None:
    """When this window last downloaded the ``arrivals`` feed (its cursor's last write: every
    page read writes it, an empty one too); None when it never did."""
    row = store.db.execute("SELECT updated_at FROM feed_cursors WHERE feed = 'arrivals'").fetchone()
    return from_text(row[0]) if row and row[0] else None


def forget_arrivals(store: Store) -> None:
    """Drop the cache: the workstation now belongs to another hall."""
    with store.transaction() as db:
        db.execute("DELETE FROM arrivals")


def record_consumption(store: Store, consumption: Consumption) -> None:
    """A case was accepted from the pre-application (in the intake's transaction): to be
    reported at the next sync, and the cached pre-application is no longer open."""
    with store.transaction() as db:
        db.execute(
            "INSERT INTO preapp_consumptions (preapp_id, case_id, case_no, clerk, consumed_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                consumption.preapp_id,
                consumption.case_id,
                consumption.case_no,
                consumption.clerk,
                consumption.consumed_at,
            ),
        )
        held = cached_arrival(store, consumption.preapp_id)
        if held is not None:
            consumed = replace(held, state=CONSUMED, consumed_case_id=consumption.case_id)
            payload = json.dumps(consumed.to_json(), ensure_ascii=False)
            db.execute(
                "UPDATE arrivals SET state = ?, payload_enc = ? WHERE arrival_id = ?",
                (
                    CONSUMED,
                    store.pii.encrypt_text(payload, _context(held.arrival_id)),
                    held.arrival_id,
                ),
            )


def consumption_of(store: Store, preapp_id: str) -> Consumption | None:
    """The case this window accepted from the pre-application, if any."""
    row = store.db.execute(
        "SELECT preapp_id, case_id, case_no, clerk, consumed_at FROM preapp_consumptions"
        " WHERE preapp_id = ?",
        (preapp_id,),
    ).fetchone()
    return None if row is None else Consumption(*row)


def unreported_consumptions(store: Store) -> list[Consumption]:
    rows = store.db.execute(
        "SELECT preapp_id, case_id, case_no, clerk, consumed_at FROM preapp_consumptions"
        " WHERE reported_at IS NULL AND refused = 0 ORDER BY consumed_at, preapp_id"
    ).fetchall()
    return [Consumption(*row) for row in rows]


def mark_consumption_reported(store: Store, preapp_id: str, at: str) -> None:
    with store.transaction() as db:
        db.execute(
            "UPDATE preapp_consumptions SET reported_at = ?, last_error = NULL WHERE preapp_id = ?",
            (at, preapp_id),
        )


def mark_consumption_failed(store: Store, preapp_id: str, error: str, *, refused: bool) -> None:
    """A report that did not go through: ``refused`` by the platform (never sent again; the
    error stays for the supervisor) or to be tried again at the next run."""
    with store.transaction() as db:
        db.execute(
            "UPDATE preapp_consumptions SET attempts = attempts + 1, last_error = ?,"
            " refused = ? WHERE preapp_id = ?",
            (error, int(refused), preapp_id),
        )
