"""A process's log names the window it came from and can be lined up with the platform's
log and the hall's clock: every line's time carries its UTC offset, and the first line a
process writes names the version, its role, the home, training or production, the home's
device id and, once enrolled, the platform's device id with its hall and window."""

from __future__ import annotations

import json
import logging
import logging.handlers
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app import __version__
from counter_app.home import Home

_ZONED_TIME = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d"


@pytest.fixture
def beijing_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's time zone is the hall's (Asia/Shanghai, +08:00)."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def lines(home: Home, name: str) -> list[str]:
    return (home.logs_dir / name).read_text(encoding="utf-8").splitlines()


def test_each_line_carries_its_utc_offset(tmp_path: Path, beijing_clock: None) -> None:
    home = Home(tmp_path / "home").ensure()
    handler = home.log_to_file("sync.log")
    logging.getLogger("sync.engine").warning("batch of 1 pushed")
    handler.flush()

    last = lines(home, "sync.log")[-1]
    assert re.fullmatch(rf"{_ZONED_TIME} WARNING sync\.engine: batch of 1 pushed", last)
    assert "+08:00 " in last


def test_the_first_line_names_a_window_not_enrolled_yet(tmp_path: Path) -> None:
    home = Home(tmp_path / "home").ensure()
    (home.device_dir / "device_id").write_text("1A2B3C4D\n", encoding="ascii")

    home.log_to_file("cli.log").flush()

    first = lines(home, "cli.log")[0]
    assert re.match(rf"{_ZONED_TIME} INFO counter_app\.home: ", first)
    assert f"counter-app {__version__} cli " in first
    assert f"production home {home.root}" in first
    assert "device 1A2B3C4D" in first
    assert first.endswith("not enrolled")


def test_the_first_line_names_the_enrolled_training_window(tmp_path: Path) -> None:
    home = Home(tmp_path / "home").claim(training=True)
    (home.device_dir / "platform.json").write_text(
        json.dumps(
            {
                "platform_url": "http://127.0.0.1:8440",
                "device_id": "d33b0c4f9a21",
                "hall": "310104-TRAIN",
                "window": "W03",
                "enrolled_at": "2026-12-07T08:00:00Z",
            }
        ),
        encoding="utf-8",
    )

    home.log_to_file("gui.log").flush()

    first = lines(home, "gui.log")[0]
    assert f"counter-app {__version__} gui " in first
    assert "training home" in first
    assert "platform device d33b0c4f9a21, hall 310104-TRAIN, window W03" in first


def test_an_unreadable_enrolment_record_still_starts_the_log(tmp_path: Path) -> None:
    home = Home(tmp_path / "home").ensure()
    (home.device_dir / "platform.json").write_text("{not json", encoding="utf-8")

    home.log_to_file("gui.log").flush()

    assert lines(home, "gui.log")[0].endswith("not enrolled")


def test_each_rotated_file_begins_by_naming_the_window(tmp_path: Path) -> None:
    home = Home(tmp_path / "home").ensure()
    handler = home.log_to_file("gui.log")
    logging.getLogger("ui.app").warning("before the rotation")
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    handler.doRollover()
    logging.getLogger("ui.app").warning("after the rotation")
    handler.flush()

    for name, record in (("gui.log.1", "before"), ("gui.log", "after")):
        first, second = lines(home, name)
        assert f"counter-app {__version__} gui " in first
        assert second.endswith(f"WARNING ui.app: {record} the rotation")
