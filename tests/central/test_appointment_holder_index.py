"""A booking is compared only with its holder's appointments of the day, found by the keyed
hash of their ID number (``arrivals.holder_index``), not with every hall's: the sealed rows
opened are counted, on SQLite and PostgreSQL. Rows stored before the column (NULL there)
are still opened and compared, and only those."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import pytest

from central.errors import OperatorError
from central.store import CentralStore, arrivals, open_store, publishing
from central.store.sqlite import SqliteStore
from counter_app.identity.samples import gb11643
from counter_app.store.catalog import bundled_catalog
from tests.central.booking_times import morning_of
from tests.central.conftest import STORES, Platform, new_store_url, unique_hall
from tests.central.open_halls import open_every_day
from tests.sample_items import ENDORSEMENT, NAME, RESIDENCE_FIRST

pytestmark = pytest.mark.integration

# A Tuesday the tests book for, at its first moment (any slot of the day may be booked).
DAY = date(2026, 12, 8)
# The halls of the city the tests book at, and how many other holders book at each.
HALLS = 4
OTHERS_PER_HALL = 10


@dataclass
class City:
    """A platform store with the bundled catalog, its halls open every day, and a count of
    the sealed payloads opened since ``opened`` was last cleared."""

    store: CentralStore
    halls: list[str]
    opened: list[bytes] = field(default_factory=list)


@pytest.fixture(params=STORES)
def city(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[City]:
    url = new_store_url(request.param, tmp_path, request) or str(tmp_path / "central.sqlite3")
    store = open_store(url, tmp_path / "central.key")
    document = bundled_catalog()
    publishing.publish_document(store, "catalog", document, int(document["version"]))
    halls = [unique_hall() for _ in range(HALLS)]
    for hall in halls:
        open_every_day(store, hall)
    city = City(store, halls)
    sealer_open: Callable[[bytes, bytes], str] = store.sealer.open

    def counted(sealed: bytes, context: bytes) -> str:
        city.opened.append(context)
        return sealer_open(sealed, context)

    monkeypatch.setattr(store.sealer, "open", counted)
    yield city
    store.close()


def holder(serial: int) -> str:
    return gb11643(f"310104195803120{serial:02d}")


def book(city: City, serial: int, hall: int, at: time, item: str = ENDORSEMENT) -> str:
    booked = arrivals.create_appointment(
        city.store,
        city.halls[hall],
        item,
        id_number=holder(serial),
        name=NAME,
        at=datetime.combine(DAY, at),
        now=morning_of(DAY),
    )
    return str(booked["arrival_id"])


def opened_by(city: City, booking: Callable[[], object]) -> int:
    """How many sealed payloads ``booking`` opened."""
    city.opened.clear()
    booking()
    return len(city.opened)


def stored_before_the_column(city: City, arrival_ids: list[str]) -> None:
    """``arrival_ids`` as a store made before ``holder_index`` holds them: NULL there."""
    with city.store.transaction() as cur:
        for arrival_id in arrival_ids:
            city.store._exec(
                cur, "UPDATE arrivals SET holder_index = NULL WHERE arrival_id = ?", (arrival_id,)
            )


def crowd(city: City) -> list[str]:
    """The day's appointments of other holders at every hall (serials 10 on), one a slot."""
    return [
        book(city, 10 + hall * OTHERS_PER_HALL + n, hall, time(9 + n // 2, 30 * (n % 2)))
        for hall in range(HALLS)
        for n in range(OTHERS_PER_HALL)
    ]


def test_a_booking_opens_only_its_holders_appointments_of_the_day(city: City) -> None:
    others = crowd(city)
    assert opened_by(city, lambda: book(city, 1, 1, time(14))) == 0  # their first
    assert opened_by(city, lambda: book(city, 1, 0, time(9))) == 1  # their hall 1 one
    # Three rows stored before the column are opened too, and nothing else.
    stored_before_the_column(city, others[:3])
    assert opened_by(city, lambda: book(city, 1, 0, time(15), RESIDENCE_FIRST)) == 2 + 3
    # Another holder's booking does not open the first holder's.
    assert opened_by(city, lambda: book(city, 2, 2, time(9))) == 3


def test_the_holders_appointments_are_still_refused_with_and_without_the_index(
    city: City,
) -> None:
    crowd(city)
    first = book(city, 1, 0, time(9))
    with pytest.raises(OperatorError) as twice:
        book(city, 1, 0, time(11))
    assert "同一天同一事项只能预约一次" in twice.value.zh
    # Their appointment stored before the column (NULL there) is found all the same.
    stored_before_the_column(city, [first])
    with pytest.raises(OperatorError) as overlapping:
        book(city, 1, 2, time(9), RESIDENCE_FIRST)  # the same slot at another hall
    assert "不能同时预约两个大厅" in overlapping.value.zh
    assert "cannot be at two halls at once" in overlapping.value.en


def test_every_new_arrival_carries_its_holders_index(city: City) -> None:
    appointment = book(city, 1, 0, time(9))
    preapp = arrivals.create_preapp(
        city.store, city.halls[0], RESIDENCE_FIRST, None, id_number=holder(2), name=NAME, files=[]
    )["arrival_id"]
    with city.store.snapshot() as cur:
        rows = city.store._exec(
            cur,
            "SELECT arrival_id, holder_index FROM arrivals WHERE arrival_id IN (?, ?)",
            (appointment, preapp),
        ).fetchall()
    assert dict(rows) == {
        appointment: city.store.sealer.holder_index(holder(1)),
        preapp: city.store.sealer.holder_index(holder(2)),
    }
    # A hash, never the number itself.
    assert holder(1) not in str(rows) and holder(2) not in str(rows)


def test_the_holders_day_is_looked_up_by_its_index(platform: Platform) -> None:
    store = platform.store
    assert isinstance(store, SqliteStore)  # the plan is SQLite's; PostgreSQL's follows its data
    with store.snapshot() as cur:
        plan = " ".join(
            str(row[-1])
            for row in cur.execute(
                "EXPLAIN QUERY PLAN SELECT arrival_id FROM arrivals"
                " WHERE (holder_index = ? OR holder_index IS NULL) AND first_day = ?",
                ("a", DAY.isoformat()),
            )
        )
    assert plan.count("USING INDEX arrivals_holder") == 2, plan
