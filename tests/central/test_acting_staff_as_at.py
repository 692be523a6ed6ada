"""What a window says a member of the staff did is judged against the staff register as it
stood when they did it: a supervisor's review given at an offline window before she was
disabled stays hers, however late it arrives; one dated after the disabling, or before the
account existed, is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from central.errors import NotASupervisor, UnknownStaff
from central.store import devices as device_register
from central.store.acting_staff import check_acting
from central.store.staff import change_staff
from tests.central.conftest import Platform
from tests.central.enrolled import register_staff


def test_an_act_is_judged_by_the_account_as_it_was_then(platform: Platform) -> None:
    store, hall = platform.store, platform.hall
    before_any = datetime.now(UTC) - timedelta(seconds=1)
    register_staff(store, hall, ("chief1", "supervisor"), ("admin01", "admin"))
    (device,) = device_register.devices(store, hall)
    reviewed_at = datetime.now(UTC)
    change_staff(store, hall, "chief1", "role", by="test", role="clerk")
    demoted_at = datetime.now(UTC)
    change_staff(store, hall, "chief1", "disable", by="test")

    def check(at: datetime | None) -> None:
        with store.transaction() as cur:
            check_acting(store, cur, device, "chief1", act="reviewed", supervising=True, at=at)

    check(reviewed_at)  # a supervisor in use then
    with pytest.raises(NotASupervisor):
        check(demoted_at)
    for refused in (None, datetime.now(UTC), before_any):
        with pytest.raises(UnknownStaff):
            check(refused)
