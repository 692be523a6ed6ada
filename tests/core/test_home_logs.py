"""The home's log files are owner-only (0600) like everything else in the home
(docs/operations.md §2.3), whatever the umask: when first written, after each rotation,
and an older home's logs, made at the umask, once a process logs to them again."""

from __future__ import annotations

import logging
import logging.handlers
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app.home import Home

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


@pytest.fixture
def logging_home(tmp_path: Path) -> Iterator[Home]:
    """A home made under a umask that lets everyone read new files (the root logger's
    handlers are restored by ``tests/conftest.py``)."""
    before = os.umask(0o022)
    yield Home(tmp_path / "home").ensure()
    os.umask(before)


def modes(home: Home) -> dict[str, int]:
    return {path.name: stat.S_IMODE(path.stat().st_mode) for path in home.logs_dir.iterdir()}


def test_a_log_is_owner_only_when_made_and_after_each_rotation(logging_home: Home) -> None:
    handler = logging_home.log_to_file("gui.log")
    logging.getLogger("counter_app.test").warning("first record")
    handler.flush()
    assert modes(logging_home) == {"gui.log": 0o600}

    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    handler.doRollover()
    logging.getLogger("counter_app.test").warning("after the rotation")
    handler.flush()

    assert modes(logging_home) == {"gui.log": 0o600, "gui.log.1": 0o600}
    assert "after the rotation" in (logging_home.logs_dir / "gui.log").read_text("utf-8")
    assert "first record" in (logging_home.logs_dir / "gui.log.1").read_text("utf-8")


def test_an_older_homes_logs_are_narrowed(logging_home: Home) -> None:
    for name in ("sync.log", "sync.log.1"):
        (logging_home.logs_dir / name).write_text("an older record\n", encoding="utf-8")
        (logging_home.logs_dir / name).chmod(0o644)

    logging_home.log_to_file("sync.log")

    assert modes(logging_home) == {"sync.log": 0o600, "sync.log.1": 0o600}
    assert (logging_home.logs_dir / "sync.log").read_text("utf-8") == "an older record\n"
