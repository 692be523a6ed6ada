"""The training platform's log (``training-central/central.log``, its stdout and stderr) is
bounded like the home's other logs: at 5 MB it rotates, owner-only, instead of growing some
5 MB a day for as long as the training hall is used."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from counter_app.config import load_config
from counter_app.home import Home
from counter_app.owner_only_log import LOG_FILE_BYTES
from ui.training_hall import TrainingHall

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")

# Stands in for ``counter-central`` (its arguments ignored): says a line on each stream, ends.
SAYS_TWO_LINES = [
    sys.executable,
    "-c",
    "import sys\nprint('platform listening', flush=True)\nprint('a warning', file=sys.stderr)\n",
]


def test_a_full_platform_log_rotates_when_the_platform_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = Home(tmp_path / "home").claim(training=True)
    hall = TrainingHall(home)
    monkeypatch.setattr(TrainingHall, "_central_command", lambda _self: SAYS_TWO_LINES)
    hall.prepare(load_config(home))
    full = hall.platform_dir / "central.log"
    hall.platform_dir.mkdir(mode=0o700)
    full.write_bytes(b"an older day's requests\n".ljust(LOG_FILE_BYTES, b"."))
    full.chmod(0o644)  # as an older version left it

    hall.launch_platform()
    assert hall.process is not None
    assert hall.process.wait(timeout=60) == 0
    hall.stop()  # the platform has ended: stop waits for the last of its output

    rotated = hall.platform_dir / "central.log.1"
    assert rotated.read_bytes().startswith(b"an older day's requests\n")
    assert full.read_text(encoding="utf-8").splitlines() == ["platform listening", "a warning"]
    assert {stat.S_IMODE(path.stat().st_mode) for path in (full, rotated)} == {0o600}
