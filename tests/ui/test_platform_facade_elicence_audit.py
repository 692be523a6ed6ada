"""The window's e-licence lookups are audited as the command's are (``elicence.looked_up``,
by the signed-in clerk, with what came of it), a refused one too; so ``audit list --person``
shows who looked at the applicant's licences from the window."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from counter_app.services.auth import Accounts
from counter_app.store.database import open_store
from sync.errors import SyncError
from tests.central.server_fixture import RunningCentral
from tests.sample_items import ID_NUMBER
from tests.sync.conftest import enrol_home
from tests.ui.conftest import CLERK, training_home
from ui.platform_facade import PlatformDesk

pytestmark = pytest.mark.integration

BIRTH_REGISTRATION = "11310104002425311A004000100001"  # 生育登记: M03 结婚证 has an e-licence


def test_the_windows_lookups_are_audited_answered_or_refused(
    tmp_path: Path, central: RunningCentral
) -> None:
    central.publish_bundled_catalog()  # a lookup serves an item of the platform's catalog
    home, config = training_home(tmp_path / "home")
    config = enrol_home(home, central, config.hall.hall_code, config.hall.window_code)
    store = open_store(home, config)
    try:
        desk = PlatformDesk(store)
        desk.set_user(Accounts(store).get(CLERK))
        read_at = datetime.now(UTC)
        answered = desk.look_up_elicences(
            BIRTH_REGISTRATION, None, ID_NUMBER, read_at, f"{BIRTH_REGISTRATION}/intake"
        )
        with pytest.raises(SyncError):  # an item of no catalog: the platform refuses
            desk.look_up_elicences(BIRTH_REGISTRATION, None, ID_NUMBER, read_at, "X1/intake")
        logged = store.db.execute(
            "SELECT actor, detail FROM audit_log WHERE action = 'elicence.looked_up' ORDER BY seq"
        ).fetchall()
    finally:
        store.close()

    assert answered == []  # the register holds none of theirs
    details = [(actor, json.loads(detail)) for actor, detail in logged]
    assert [(actor, d["serves"], d["outcome"], d["licences"]) for actor, d in details] == [
        (CLERK, f"{BIRTH_REGISTRATION}/intake", "none", 0),
        (CLERK, "X1/intake", "refused", 0),
    ]
    assert all(ID_NUMBER not in json.dumps(d) for _actor, d in details)
