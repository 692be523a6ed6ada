"""Enrolment records the hall, window and platform in the user config through the core updater."""

from __future__ import annotations

from counter_app.config import load_config
from counter_app.home import Home
from sync.credential import DeviceIdentity
from sync.enrolment import record_enrolment_in_user_config


def test_enrolment_sets_hall_window_and_platform_and_keeps_the_rest(home: Home) -> None:
    identity = DeviceIdentity(
        platform_url="http://127.0.0.1:8443",
        device_id="dev-1",
        hall="310104-XH01",
        window="W07",
        enrolled_at="2026-09-24T02:00:00.000000Z",
    )
    record_enrolment_in_user_config(home, identity, ca_bundle="", allow_insecure_http=True)
    config = load_config(home)
    assert (config.hall.hall_code, config.hall.window_code) == ("310104-XH01", "W07")
    assert config.sync.url == "http://127.0.0.1:8443"
    assert config.sync.allow_insecure_http is True
    assert config.sync.ca_bundle == ""
    assert config.hall.hall_name == "培训大厅（徐汇区示例）"
    assert config.ui.lang == "zh"
