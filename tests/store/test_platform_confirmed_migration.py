"""An upgraded store (m0042) keeps in each payment row whether the payment platform confirmed
a payment the window recorded from the applicant's voucher, taken from the confirmation's
``sync`` event as the window read it before; any other payment has no such mark."""

from __future__ import annotations

import json
import sqlite3

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store import database
from counter_app.store import payments as payment_rows
from counter_app.store.database import open_store
from counter_app.store.migrations.registry import MIGRATIONS, PLATFORM_CONFIRMED_MIGRATION

AT = "2026-09-24T03:00:00.000000Z"


def _old_case(conn: sqlite3.Connection, number: int, payment: tuple[str | None, str | None]) -> str:
    """A case with a fee of 20 yuan, paid by ``payment`` (method, receipt number; None, None:
    not paid), as the program before m0042 wrote it (its personal data no concern here)."""
    case_id = f"c{number}"
    conn.execute(
        "INSERT INTO cases (case_id, case_no, state, service_item_code, catalog_version,"
        " situation_code, applicant_id, hall_code, window_code, device_id, clerk, created_at,"
        " updated_at, applicant_type, name, id_type, id_number_enc, id_number_index,"
        " id_number_masked) VALUES (?, ?, 'accepted', 'ITEM', 1, 'S1', ?, 'H', 'W01', 'D1',"
        " 'clerk1', ?, ?, 'person', '张三', '111', x'00', ?, '3101**********0012')",
        (case_id, f"H-W01-D1-20260924-{number:04d}", f"a{number}", AT, AT, f"index{number}"),
    )
    method, receipt_no = payment
    conn.execute(
        "INSERT INTO case_payments (case_id, fee_cents, reference, paid_at, method, receipt_no)"
        " VALUES (?, 2000, ?, ?, ?, ?)",
        (case_id, f"JF-{number}", AT if method else None, method, receipt_no),
    )
    return case_id


def _event(conn: sqlite3.Connection, case_id: str, kind: str, detail: dict[str, object]) -> None:
    conn.execute(
        "INSERT INTO case_events (case_id, at, actor, kind, detail) VALUES (?, ?, ?, ?, ?)",
        (case_id, AT, "platform", kind, json.dumps(detail)),
    )


def test_an_upgraded_store_keeps_the_platforms_confirmation_in_the_payment_row(
    home: Home, config: Config
) -> None:
    db = database.connect(home.db_path, 5000)
    MIGRATIONS.apply(db, stop_before=PLATFORM_CONFIRMED_MIGRATION)
    conn = db.conn
    with conn:
        confirmed = _old_case(conn, 1, ("platform", "SSB-1"))
        _event(conn, confirmed, "edit", {"paid": "platform", "payment_confirmed": False})
        _event(conn, confirmed, "sync", {"paid": "platform", "payment_confirmed": True})
        waiting = _old_case(conn, 2, ("platform", "SSB-2"))
        _event(conn, waiting, "edit", {"paid": "platform", "payment_confirmed": False})
        by_platform = _old_case(conn, 3, ("platform", None))  # confirmed by the platform itself
        by_card = _old_case(conn, 4, ("pos", "POS-7"))
        unpaid = _old_case(conn, 5, (None, None))
    conn.close()

    store = open_store(home, config)
    try:
        marks = dict(store.db.execute("SELECT case_id, platform_confirmed FROM case_payments"))
        shown = {
            case_id: payment.confirmed
            for case_id in (confirmed, waiting, by_platform, by_card, unpaid)
            if (payment := payment_rows.case_payment(store, case_id)) is not None
        }
    finally:
        store.close()
    assert marks == {confirmed: 1, waiting: 0, by_platform: None, by_card: None, unpaid: None}
    assert shown == {
        confirmed: True,
        waiting: False,
        by_platform: None,
        by_card: None,
        unpaid: None,
    }
