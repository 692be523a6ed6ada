"""A command whose reader went away (``counter-app catalog | head -1``, a monitoring script
that stops reading) ends quietly, as a shell tool stopped by SIGPIPE does: no traceback."""

from __future__ import annotations

import os
import subprocess

from counter_app.cli.main import SIGPIPE_STATUS
from counter_app.home import Home
from tests.conftest import COUNTER_APP


def test_a_reader_gone_ends_the_command_quietly(home: Home) -> None:
    reading, writing = os.pipe()
    os.close(reading)  # the reader is gone before the command writes a line
    try:
        done = subprocess.run(
            [*COUNTER_APP, "--home", str(home.root), "catalog"],
            stdout=writing,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        os.close(writing)
    assert done.returncode == SIGPIPE_STATUS, done.stderr
    assert done.stderr == ""
