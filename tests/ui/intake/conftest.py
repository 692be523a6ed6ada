"""Fixtures of the intake screen's tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from counter_app.identity.simulator import SimulatedReader
from tests.ui.conftest import training_home, window_on
from ui.app import RunningApp


@pytest.fixture
def paused_window(qtbot, tmp_path: Path) -> Iterator[RunningApp]:
    """A production window (a training hall is never paused) whose hall pauses intake at one
    unsynced case: the sample cases are not uploaded, so intake is paused."""
    home, config = training_home(tmp_path / "home")
    production = replace(
        config,
        hall=replace(config.hall, training=False),
        sync=replace(config.sync, hard_stop_cases=1),
    )
    with window_on(qtbot, (home, production), SimulatedReader(use_pty=False)) as app:
        yield app
