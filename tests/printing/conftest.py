"""Every printing test renders with the bundled fonts (the fixtures are in fixtures.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def fonts_present(bundled_fonts: None) -> None:
    """Fail clearly, before rendering, when `make fonts` has not run."""
