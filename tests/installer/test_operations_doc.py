"""The operator documentation and the provisioning template against the real config schema:
every key documented is a key of ``counter_app/config.py`` with the documented default, and
every key there is documented; the template's settings load through the real loader."""

from __future__ import annotations

import re
import tomllib
import typing
from dataclasses import MISSING, fields
from pathlib import Path
from typing import Any

import pytest

from counter_app.config import Config, load_config
from counter_app.errors import ConfigError
from counter_app.home import Home
from installer.bundle import REPO_ROOT

OPERATIONS = REPO_ROOT / "docs" / "operations.md"
TEMPLATE = REPO_ROOT / "installer" / "provisioning" / "config.toml.example"
ROW = re.compile(
    r"^\| `(?P<key>[a-z0-9_]+\.[a-z0-9_]+)` \| (?P<type>[^|]+) \| `(?P<default>[^`]*)` \|"
)


def _documented() -> dict[str, Any]:
    """``section.key`` → the default written in the table, parsed as a TOML value."""
    rows: dict[str, Any] = {}
    for line in OPERATIONS.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            assert match["key"] not in rows, f"{match['key']} documented twice"
            rows[match["key"]] = tomllib.loads(f"value = {match['default']}")["value"]
    return rows


def _schema() -> dict[str, Any]:
    """``section.key`` → the default in config.py."""
    hints = typing.get_type_hints(Config)
    keys: dict[str, Any] = {}
    for section in fields(Config):
        if section.name == "sources":
            continue
        for item in fields(hints[section.name]):
            assert item.default is not MISSING
            keys[f"{section.name}.{item.name}"] = item.default
    return keys


def test_every_config_key_is_documented_with_its_default() -> None:
    documented, schema = _documented(), _schema()
    assert sorted(schema.keys() - documented.keys()) == [], "keys missing from operations.md"
    assert sorted(documented.keys() - schema.keys()) == [], "documented keys config.py lacks"
    for key, default in schema.items():
        assert documented[key] == default, key
        assert type(documented[key]) is type(default), key


def _template_settings() -> str:
    """The template with every commented-out ``key = value`` line switched on."""
    lines = [
        line.removeprefix("# ") if re.match(r"^# [a-z0-9_]+ = ", line) else line
        for line in TEMPLATE.read_text(encoding="utf-8").splitlines()
    ]
    return "\n".join(lines) + "\n"


def test_template_as_shipped_loads_as_the_defaults_never_training(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    config = load_config(home, env={"COUNTER_APP_SYSTEM_CONFIG": str(TEMPLATE)})
    assert config.sources == (str(TEMPLATE),)
    assert not config.is_training
    assert config.hall == type(config.hall)(device_id=config.hall.device_id)


def test_every_setting_of_the_template_is_valid_and_takes_effect(tmp_path: Path) -> None:
    system = tmp_path / "config.toml"
    system.write_text(_template_settings(), encoding="utf-8")
    parsed = tomllib.loads(system.read_text(encoding="utf-8"))
    assert "device_id" not in parsed["hall"]  # must never be provisioned hall-wide
    config = load_config(Home(tmp_path / "home"), env={"COUNTER_APP_SYSTEM_CONFIG": str(system)})
    for section, values in parsed.items():
        for key, value in values.items():
            assert getattr(getattr(config, section), key) == value, f"{section}.{key}"
    assert config.sync.url.startswith("https://")
    assert not config.is_training
    # Enough for a production window: platform, reader, printers, hall identity.
    for needed in (
        "sync.url",
        "sync.ca_bundle",
        "reader.spec",
        "printing.a4_printer",
        "printing.receipt_printer",
        "hall.hall_code",
        "hall.hall_name",
        "hall.window_code",
    ):
        section, key = needed.split(".")
        assert key in parsed[section], needed


def test_a_typo_in_the_provisioned_file_names_the_file_and_key(tmp_path: Path) -> None:
    system = tmp_path / "config.toml"
    system.write_text(_template_settings().replace("a4_printer =", "a4_priner ="), "utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(Home(tmp_path / "home"), env={"COUNTER_APP_SYSTEM_CONFIG": str(system)})
    assert raised.value.field == "printing.a4_priner"
    assert str(system) in raised.value.zh
