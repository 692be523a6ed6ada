"""A 一件事 line's bundle is the window's own: the same line imported on two windows makes
two bundles (the platform would list one spanning both otherwise), while imported again on
one window it finds the cases it made."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from counter_app.config import load_config
from counter_app.home import Home
from counter_app.services.auth import User
from counter_app.services.bundle_import import import_file_line
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.cases import bundle_cases
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store, open_store
from tests.services.conftest import MOMENT
from tests.services.import_lines import number


def bundle_line(**changes: str) -> bytes:
    """困难群众救助一件事 with no material marked: both its cases are notified."""
    applicant = {"id_type": "111", "id_number": number(3), "name": "王𠮷"}
    document = {"bundle": "YJS-0003", "applicant": applicant, "materials": {}, **changes}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


@pytest.fixture
def other_window(intake_store: Store, tmp_path: Path) -> Iterator[Store]:
    """A second workstation of the same hall, with its own home and so its own device id."""
    home = Home(tmp_path / "second-pc").ensure()
    home.config_path.write_text(intake_store.home.config_path.read_text("utf-8"), "utf-8")
    other = open_store(home, load_config(home))
    try:
        ensure_bundled_catalog(other)
        ensure_bundled_calendar(other)
        yield other
    finally:
        other.close()


def _case_ids(result: dict[str, Any]) -> list[str]:
    return [case["case_id"] for case in result["cases"]]


@pytest.mark.parametrize(
    "changes", [{}, {"request_id": "6f1c2a4e-8b3d-4c5e-9f7a-1b2c3d4e5f60"}], ids=["bytes", "own"]
)
def test_one_line_on_two_windows_makes_two_bundles_and_replays_on_each(
    intake_store: Store, other_window: Store, clerk: User, changes: dict[str, str]
) -> None:
    assert intake_store.config.hall.device_id != other_window.config.hall.device_id
    line = bundle_line(**changes)
    here = import_file_line(intake_store, clerk, 1, line, now=MOMENT)
    there = import_file_line(other_window, clerk, 1, line, now=MOMENT)
    assert here["errors"] == [] and there["errors"] == []
    assert here["bundle"]["id"] != there["bundle"]["id"]
    assert bundle_cases(other_window, here["bundle"]["id"]) == []

    again = import_file_line(intake_store, clerk, 2, line, now=MOMENT)
    assert again["replayed"] is True
    assert again["bundle"]["id"] == here["bundle"]["id"]
    assert _case_ids(again) == _case_ids(here)
    assert len(bundle_cases(intake_store, here["bundle"]["id"])) == 2


def test_a_line_whose_request_id_is_no_uuid_is_refused_on_it(
    intake_store: Store, clerk: User
) -> None:
    line = bundle_line(request_id="line-7")
    result = import_file_line(intake_store, clerk, 1, line, now=MOMENT)
    assert [e["field"] for e in result["errors"]] == ["request_id"]
