"""An appointment holder's card read at the real window, with a real platform: the arrival
banner shows the appointment booked online and the priority ticket the hall's queue system
issued for it (the same one on every read, and the one the hall's ticket machine gives for
that appointment), and F12 calls it before an ordinary ticket issued earlier. With the
queue system down the banner says the ticket could not be issued and the card read goes on."""

from __future__ import annotations

import uuid
from datetime import datetime, time

import pytest
from PySide6.QtCore import Qt

from counter_app.domain.arrivals import Arrival
from counter_app.domain.hall_time import HALL_TIMEZONE, hall_today
from counter_app.identity.samples import SAMPLES
from counter_app.store.arrivals import store_arrival
from counter_app.store.database import open_store
from tests.central.server_fixture import RunningCentral
from tests.sample_items import ENDORSEMENT
from tests.ui.appointment_holder import CARD, book_and_sync, read_card
from tests.ui.conftest import activate, login
from ui.app import RunningApp

pytestmark = pytest.mark.integration


def test_the_card_read_shows_the_appointment_and_its_priority_ticket_called_first(
    qtbot, central: RunningCentral, enrolled_window: RunningApp
) -> None:
    window = enrolled_window.window
    hall = window.session.config.hall.hall_code
    booked = book_and_sync(qtbot, central, enrolled_window)
    central.cli("ticket", "issue", "--hall", hall, "--json")  # A001, issued before
    login(qtbot, enrolled_window)
    qtbot.waitUntil(lambda: bool(window.intake.items), timeout=20_000)

    first = read_card(qtbot, enrolled_window, "优先号")
    assert first.startswith(f"预约 {booked['slot_at'][11:16]} 上海市居住证签注")
    assert first.endswith(" · 优先号 Y001")
    assert read_card(qtbot, enrolled_window, "优先号") == first  # no second ticket
    machine = central.cli(
        "ticket", "issue", "--hall", hall, "--appointment", booked["arrival_id"], "--json"
    )
    assert machine["number"] == "Y001"  # the hall's machine gives the same ticket
    visits = central.cli("tickets", "--hall", hall, "--json")["visits"]
    assert sorted(v["number"] for v in visits) == ["A001", "Y001"]

    bar = window.ticket_bar
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: bar.ticket is not None, timeout=30_000)
    assert bar.ticket is not None and bar.ticket.number == "Y001" and bar.ticket.priority


def test_without_the_queue_system_the_banner_says_no_ticket_was_issued(
    qtbot, central: RunningCentral, enrolled_window: RunningApp
) -> None:
    booked = book_and_sync(qtbot, central, enrolled_window)
    central.stop()
    login(qtbot, enrolled_window)
    qtbot.waitUntil(lambda: bool(enrolled_window.window.intake.items), timeout=20_000)

    text = read_card(qtbot, enrolled_window, "优先号未能取得")
    assert text.startswith(f"预约 {booked['slot_at'][11:16]} 上海市居住证签注")
    assert "叫号系统连接不上" in text and "可以不叫号继续受理" in text
    assert text.count("优先号未能取得") == 1  # said once


def test_an_appointment_the_platform_does_not_know_is_no_wrong_address(
    qtbot, central: RunningCentral, enrolled_window: RunningApp
) -> None:
    """The window's cache holds an appointment the platform never had (its data reset): the
    banner says the queue system does not know it, not that sync.url is wrong."""
    holder = next(card for card in SAMPLES if card.key == CARD).base_fields
    today = hall_today()
    unknown = Arrival(
        arrival_id=str(uuid.uuid4()),
        kind="appointment",
        state="booked",
        item_code=ENDORSEMENT,
        item_name="上海市居住证签注",
        situation=None,
        id_number=holder["id_number"],
        name=holder["name"],
        first_day=today,
        last_day=today,
        slot_at=datetime.combine(today, time(9, 30), HALL_TIMEZONE),
        appointment_no=f"A{today:%m%d}001",
        review=None,
        materials=(),
        sequence=1,
        review_note="",
        consumed_case_id=None,
    )
    session = enrolled_window.session
    with open_store(session.home, session.config) as store, store.transaction():
        store_arrival(store, unknown)
    login(qtbot, enrolled_window)
    qtbot.waitUntil(lambda: bool(enrolled_window.window.intake.items), timeout=20_000)

    text = read_card(qtbot, enrolled_window, "优先号未能取得")
    assert text.count("优先号未能取得") == 1 and "叫号系统里没有这个预约" in text
    assert "sync.url" not in text and "接口" not in text
