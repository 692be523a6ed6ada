"""The card holder of the appointment tests at the real window: an appointment booked for
them on the platform and synced to the window, and their card read to its arrival banner."""

from __future__ import annotations

from typing import Any

from counter_app.identity.samples import SAMPLES
from counter_app.store.arrivals import cached_arrival
from counter_app.store.database import open_store
from tests.central.booking_times import later_today
from tests.central.open_halls import open_every_day_command
from tests.central.server_fixture import RunningCentral
from tests.sample_items import ENDORSEMENT
from ui.app import RunningApp

CARD = "resident"  # 王建国: no appointment among the training hall's samples


def book_and_sync(qtbot, central: RunningCentral, app: RunningApp) -> Any:
    """An appointment later today for the card's holder, in the window's cache."""
    central.publish_bundled_catalog()
    hall = app.session.config.hall.hall_code
    central.cli(*open_every_day_command(hall))  # today may be a Sunday
    holder = next(card for card in SAMPLES if card.key == CARD).base_fields
    booked = central.cli(
        "appointment", "create", "--hall", hall,
        "--item", ENDORSEMENT, "--id-number", holder["id_number"], "--name", holder["name"],
        "--at", later_today().isoformat(), "--json",
    )  # fmt: skip
    app.session.sync_now_requested.emit()

    def cached() -> bool:
        with open_store(app.session.home, app.session.config) as store:
            return cached_arrival(store, booked["arrival_id"]) is not None

    qtbot.waitUntil(cached, timeout=60_000)
    return booked


def show_card(qtbot, app: RunningApp, settled: str) -> str:
    """The arrival banner once it shows ``settled``, the card read and taken away; the
    applicant stays at the window."""
    intake = app.window.intake
    app.reader.place(CARD)
    qtbot.waitUntil(lambda: settled in intake.arrival_banner.text(), timeout=30_000)
    assert intake.identity.name.text() == "王建国"  # the card read went on as ever
    app.reader.remove()
    return intake.arrival_banner.text()


def read_card(qtbot, app: RunningApp, settled: str) -> str:
    """``show_card``, then the next applicant: the form is cleared."""
    text = show_card(qtbot, app, settled)
    intake = app.window.intake
    intake.next_applicant(confirm=False)
    qtbot.waitUntil(intake.arrival_banner.isHidden, timeout=10_000)
    return text
