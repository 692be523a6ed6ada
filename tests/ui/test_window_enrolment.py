"""Settings → 登记 from the window, as ``counter-app enroll`` does it: an enrolled workstation
is not enrolled again while cases wait to upload (they would never upload from another hall
or window); a re-enrolment names the old device, for IT to revoke on the platform."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from counter_app.identity.simulator import SimulatedReader
from counter_app.services import offline_policy
from counter_app.store.database import open_store
from sync.credential import load_identity
from sync.errors import EnrolmentRefused
from tests.central.server_fixture import RunningCentral
from tests.sync.conftest import enrol_home, make_engine
from tests.ui.conftest import ADMIN, PASSWORD, login, training_home, window_on
from tests.ui.stored_cases import accept_case
from ui.core_facade import Workstation
from ui.platform_facade import PlatformDesk


def test_a_window_with_cases_waiting_to_upload_is_not_enrolled_again(
    tmp_path: Path, central: RunningCentral
) -> None:
    home, config = training_home(tmp_path / "home")
    config = enrol_home(home, central, config.hall.hall_code, config.hall.window_code)
    enrolled = load_identity(home)
    workstation = Workstation.open(home, config)
    try:
        accept_case(workstation, "clerk01")  # waits to upload (as the samples do): no sync ran
        desk = PlatformDesk(workstation.store)
        desk.set_user(workstation.login(ADMIN, PASSWORD))
        code = central.enroll_code(config.hall.hall_code, "W02")
        with pytest.raises(EnrolmentRefused) as refused:
            desk.enrol(central.url, code)
    finally:
        workstation.close()
    assert "件办件待上传，暂不重新登记" in refused.value.zh
    assert "case(s) still wait to upload" in refused.value.en
    assert load_identity(home) == enrolled  # the enrolment is unchanged


def test_a_re_enrolment_names_the_device_it_replaced_for_it_to_be_revoked(
    qtbot, tmp_path: Path, central: RunningCentral
) -> None:
    home, config = training_home(tmp_path / "home")
    config = enrol_home(home, central, config.hall.hall_code, config.hall.window_code)
    old = load_identity(home)
    assert old is not None
    with open_store(home, config) as store:  # the sample cases uploaded: nothing waits
        assert make_engine(home, config, store).run_once().error is None
        assert offline_policy.backlog(store) == 0
    with window_on(qtbot, (home, config), SimulatedReader(use_pty=False)) as app:
        login(qtbot, app, ADMIN, PASSWORD)
        settings = app.window.settings
        assert settings is not None
        settings.enrol_url.setText(central.url)
        settings.enrol_code.setText(central.enroll_code(config.hall.hall_code, "W02"))
        question = settings.enrol()  # enrolled already: asked first
        assert question is not None
        question.button(QMessageBox.StandardButton.Yes).click()
        qtbot.waitUntil(lambda: "登记成功" in settings.enrol_result.text(), timeout=30_000)
        text = settings.enrol_result.text()
    new = load_identity(home)
    assert new is not None and new.device_id != old.device_id
    assert f"counter-central revoke {old.device_id}" in text and "W02" in text
