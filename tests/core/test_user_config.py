"""The one user-config updater: what the program changes itself, keeping the clerk's settings."""

from __future__ import annotations

import stat

import pytest

from counter_app.config import load_config, update_user_config
from counter_app.errors import ConfigError
from counter_app.home import Home


def test_an_update_keeps_other_settings_and_the_next_start_sees_it(home: Home) -> None:
    update_user_config(home, {"ui": {"lang": "en"}, "sync": {"interval_seconds": 7}})
    config = load_config(home)
    assert config.ui.lang == "en"
    assert config.sync.interval_seconds == 7
    # The settings the clerk had are still there.
    assert config.hall.hall_name == "培训大厅（徐汇区示例）"
    assert config.hall.window_code == "W01"
    assert stat.S_IMODE(home.config_path.stat().st_mode) == 0o600


def test_the_first_update_creates_the_file(tmp_path) -> None:
    fresh = Home(tmp_path / "fresh").ensure()
    update_user_config(fresh, {"sync": {"url": "https://platform.example", "ca_bundle": ""}})
    assert load_config(fresh).sync.url == "https://platform.example"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ui": {"lang": "fr"}}, "ui.lang"),
        ({"ui": {"colour": "red"}}, "ui.colour"),
        ({"hall": {"training": "yes"}}, "hall.training"),
        ({"nonsense": {"a": 1}}, "nonsense"),
    ],
)
def test_a_change_the_schema_refuses_leaves_the_file_alone(
    home: Home, change: dict, field: str
) -> None:
    before = home.config_path.read_bytes()
    with pytest.raises(ConfigError) as raised:
        update_user_config(home, change)
    assert raised.value.field == field
    assert home.config_path.read_bytes() == before


def test_a_damaged_user_file_is_reported_not_overwritten(home: Home) -> None:
    home.config_path.write_text("[ui\nlang = ", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        update_user_config(home, {"ui": {"lang": "en"}})
    assert "TOML" in raised.value.en
    assert home.config_path.read_text(encoding="utf-8") == "[ui\nlang = "
