"""A 一件事 line this window imported before bundle request ids carried the device (its
bundle id derived from the line's own request id) replays that bundle when imported again,
instead of making every case of it a second time."""

from __future__ import annotations

import json

import pytest

from counter_app.services.auth import User
from counter_app.services.bundle_import import import_file_line, parse_bundle_line
from counter_app.services.bundle_intake import decide_bundle
from counter_app.store.cases import list_cases
from counter_app.store.database import Store
from tests.services.conftest import MOMENT
from tests.services.import_lines import number


def bundle_line(**changes: str) -> bytes:
    """困难群众救助一件事 with no material marked: both its cases are notified."""
    applicant = {"id_type": "111", "id_number": number(3), "name": "王𠮷"}
    document = {"bundle": "YJS-0003", "applicant": applicant, "materials": {}, **changes}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


@pytest.mark.parametrize(
    "changes", [{}, {"request_id": "6F1C2A4E8B3D4C5E9F7A1B2C3D4E5F60"}], ids=["bytes", "own"]
)
def test_a_line_imported_before_the_upgrade_replays_its_bundle(
    intake_store: Store, clerk: User, changes: dict[str, str]
) -> None:
    line = bundle_line(**changes)
    # What the import did before the device went into the request id: the line's own.
    before = decide_bundle(
        intake_store, parse_bundle_line(line, json.loads(line)), clerk, now=MOMENT
    )
    assert before.created is True and len(before.cases) == 2

    again = import_file_line(intake_store, clerk, 1, line, now=MOMENT)
    assert again["errors"] == [] and again["replayed"] is True
    assert again["bundle"]["id"] == before.bundle_id
    assert [case["case_id"] for case in again["cases"]] == [c.case_id for c in before.cases]
    assert len(list_cases(intake_store, limit=None)) == 2
