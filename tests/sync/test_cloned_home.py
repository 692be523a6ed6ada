"""A home copied whole to a second PC, both started, against a real platform: the copy's
audit chain forks from the original's, the platform refuses it and, reported again after
the original moved on, marks the device cloned (``device_cloned``). The copy's run is
recorded under that code, so new intake pauses, and its doctor tells of two PCs sharing
one identity, not of a rewritten log."""

from __future__ import annotations

import shutil
from pathlib import Path

from counter_app.config import Config, load_config
from counter_app.home import Home
from counter_app.services import offline_policy
from counter_app.store.database import open_store
from sync.rollback import chain_fork_check
from tests.central.server_fixture import RunningCentral
from tests.sync.backlog import seed_cases
from tests.sync.conftest import HALL, make_engine


def test_a_copied_home_refused_as_cloned_pauses_intake_and_says_so_in_doctor(
    tmp_path: Path, home: Home, enrolled: Config, central: RunningCentral
) -> None:
    copy = Home(tmp_path / "copied-pc")
    shutil.copytree(home.root, copy.root)
    copy_config = load_config(copy)
    with open_store(home, enrolled) as store, open_store(copy, copy_config) as copied:
        original = make_engine(home, enrolled, store)
        clone = make_engine(copy, copy_config, copied)
        seed_cases(store, 1, hall=HALL)
        assert original.run_once().error is None
        seed_cases(copied, 1, hall=HALL, start=5)
        forked = clone.run_once()  # its case is taken; its chain's head is refused
        assert forked.error is None
        assert chain_fork_check(copied, en=True)[0].status == "fail"
        assert offline_policy.intake_pause(copied, copy_config) is None

        seed_cases(store, 1, hall=HALL, start=1)
        assert original.run_once().error is None  # the original's chain moves on
        refused = clone.run_once()

        assert refused.error is not None
        assert offline_policy.last_error(copied)["code"] == offline_policy.DEVICE_CLONED
        paused = offline_policy.intake_pause(copied, copy_config)
        assert paused is not None and paused.limit == "enrolment"
        assert "两台电脑" in paused.zh
        (check,) = chain_fork_check(copied, en=True)
        assert check.status == "fail" and "two PCs" in check.detail
        assert "rewritten" not in check.detail
        (check_zh,) = chain_fork_check(copied, en=False)
        assert "两台电脑" in check_zh.detail
