"""A hall script that lost the answer runs ``counter-central payment confirm`` or
``appointment cancel`` again: the same request answers as the first time with ``replayed``
(a note in words), exit 0, and writes nothing (no progress event, hall queue row or
arrival revision); another request stays refused (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta
from typing import Any

import pytest

from central.simulator import SimulatedDevice
from central.store import CentralStore, arrivals, publishing
from counter_app.domain.hall_time import hall_today
from counter_app.store.catalog import bundled_catalog
from tests.central.conftest import CliRun, push_ok, unique_hall
from tests.central.open_halls import open_every_day
from tests.central.server_fixture import RunningCentral
from tests.sample_items import ENDORSEMENT, ID_NUMBER, NAME

pytestmark = pytest.mark.integration

NOTE = "已登记过，未重复记录 / already recorded; nothing recorded again"
TABLES = ("progress_events", "case_summaries", "payments", "arrival_feed", "arrivals")


@pytest.fixture(scope="module", autouse=True)
def catalog(central: RunningCentral, store: CentralStore) -> Iterator[None]:
    document = bundled_catalog()
    publishing.publish_document(store, "catalog", document, int(document["version"]))
    yield


def _rows(store: CentralStore) -> dict[str, int]:
    """How many rows each table these commands write holds (``payments``: those paid)."""
    with store.snapshot() as cur:
        counts = {
            table: store._exec(cur, f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in TABLES
        }
        counts["paid"] = store._exec(
            cur, "SELECT count(*) FROM payments WHERE paid_at IS NOT NULL"
        ).fetchone()[0]
    return counts


def _case_with_fee(device: SimulatedDevice) -> str:
    """A case pushed with a fee to pay on the payment platform; its payment reference."""
    case = device.case()
    reference = f"JF-{case['case_no']}"
    payload = {**case["payload"], "fee_cents": 2000, "payment_reference": reference}
    push_ok(
        device,
        [device.case(case_id=uuid.UUID(case["case_id"]), case_no=case["case_no"], payload=payload)],
    )
    return reference


def test_a_payment_confirmed_again_answers_as_the_first_time(
    enrol: Callable[..., SimulatedDevice],
    central: RunningCentral,
    store: CentralStore,
    run_cli: Callable[..., CliRun],
) -> None:
    reference = _case_with_fee(enrol())
    first = run_cli("payment", "confirm", reference, *central.store_args())
    assert first.returncode == 0, first.stderr
    answer = first.json()
    assert answer["replayed"] is False
    before = _rows(store)

    again = run_cli("payment", "confirm", reference, *central.store_args())
    assert again.returncode == 0, again.stderr
    assert again.json() == {**answer, "replayed": True}
    assert _rows(store) == before

    unknown = run_cli("payment", "confirm", "JF-NO-SUCH", *central.store_args())
    assert unknown.returncode == 1 and "JF-NO-SUCH" in unknown.stderr


def test_an_appointment_cancelled_again_answers_as_the_first_time(
    central: RunningCentral, store: CentralStore, run_cli: Callable[..., CliRun]
) -> None:
    hall = unique_hall()
    open_every_day(store, hall)
    tomorrow = hall_today() + timedelta(days=1)
    booked = arrivals.create_appointment(
        store,
        hall,
        ENDORSEMENT,
        id_number=ID_NUMBER,
        name=NAME,
        at=datetime.combine(tomorrow, time(9, 30)),
    )
    appointment = str(booked["arrival_id"])

    def cancel(*more: str) -> CliRun:
        return run_cli("appointment", "cancel", appointment, *more, *central.store_args())

    first = cancel("--json")
    assert first.returncode == 0, first.stderr
    answer: dict[str, Any] = first.json()
    assert (answer["state"], answer["replayed"]) == ("cancelled", False)
    before = _rows(store)

    again = cancel("--json")
    assert again.returncode == 0, again.stderr
    assert again.json() == {**answer, "replayed": True}
    words = cancel()
    assert words.returncode == 0, words.stderr
    assert "cancelled" in words.stdout and NOTE in words.stdout
    assert _rows(store) == before

    no_show = run_cli("appointment", "no-show", appointment, *central.store_args())
    assert no_show.returncode == 1 and "cancelled" in no_show.stderr
    assert _rows(store) == before
