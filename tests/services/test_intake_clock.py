"""A clock that cannot be right (a dead CMOS battery's firmware year, a year typed decades
off) takes no case: nothing is written, and the clerk is told in words what to do."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.clock_sanity import ClockImplausible
from counter_app.store.database import Store
from tests.services.conftest import complete_marks, item_named, request_for


@pytest.mark.parametrize(
    ("clock", "shown"),
    [
        (datetime(2000, 1, 1, 0, 5, tzinfo=UTC), "2000-01-01 08:05"),
        (datetime(2062, 12, 6, 2, 0, tzinfo=UTC), "2062-12-06 10:00"),
    ],
    ids=["firmware-year", "year-mistyped"],
)
def test_a_clock_that_cannot_be_right_takes_no_case(
    intake_store: Store, clerk: User, clock: datetime, shown: str
) -> None:
    item = item_named(intake_store, "老年综合津贴申领")
    request = request_for(item, complete_marks(item), request_id=str(uuid.uuid4()))
    cases = intake_store.db.execute("SELECT count(*) FROM cases").fetchone()[0]

    with pytest.raises(ClockImplausible) as refused:
        intake.accept(intake_store, request, clerk, now=clock)

    assert shown in refused.value.zh and shown in refused.value.en
    assert refused.value.to_dict()["code"] == "clock_implausible"
    assert intake_store.db.execute("SELECT count(*) FROM cases").fetchone()[0] == cases
    # The clock set right: the same request is taken.
    taken = intake.accept(intake_store, request, clerk, now=datetime(2026, 12, 6, 2, tzinfo=UTC))
    assert taken.case_no.split("-")[-2] == "20261206"
