"""Two versions of a case compared on their real values: a name, ID number, phone or address
changed behind a mask that shows both alike (申请人壹 and 申请人一 are both 申***) is marked
different, and still shown masked only."""

from __future__ import annotations

import json
import uuid
from typing import Any

from central.simulator import synthetic_payload
from counter_app.domain.case_fields import compared_fields, masked_fields

CASE_NO = "H001-W01-D0001-20261127-000001"
# Each pair masks alike: first character, first and last four, first three and last four,
# first six characters.
APPLICANT = {
    "name": ("申请人壹", "申请人一"),
    "id_number": ("310104198001100012", "310104198102200012"),
    "phone": ("13900001234", "13955551234"),
    "address": ("上海市徐汇区漕溪北路1号", "上海市徐汇区漕溪北路9号"),
}


def _document(side: int, **applicant: str) -> dict[str, Any]:
    document = synthetic_payload(uuid.UUID(int=1), 1, CASE_NO)
    values = {field: pair[side] for field, pair in APPLICANT.items()} | applicant
    changed = document.applicant.model_copy(update=values)
    return document.model_copy(update={"applicant": changed}).to_json()


def test_personal_fields_changed_behind_alike_masks_are_marked_different() -> None:
    before, after = _document(0), _document(1)
    rows = compared_fields(before, after)
    differing = {path: (left, right) for path, left, right, differs in rows if differs}
    assert differing == {
        "applicant.name": ("申***", "申***"),
        "applicant.id_number": ("3101**********0012",) * 2,
        "applicant.phone": ("139****1234",) * 2,
        "applicant.address": ("上海市徐汇区****",) * 2,
    }
    shown = json.dumps(rows, ensure_ascii=False)
    assert not any(value in shown for pair in APPLICANT.values() for value in pair)


def test_alike_documents_differ_nowhere_and_show_what_masked_fields_shows() -> None:
    rows = compared_fields(_document(0), _document(0))
    assert not any(differs for *_, differs in rows)
    assert [(path, left) for path, left, _, _ in rows] == masked_fields(_document(0))
    assert [(path, right) for path, _, right, _ in rows] == masked_fields(_document(0))


def test_a_side_without_a_version_differs_everywhere_and_shows_nothing() -> None:
    rows = compared_fields(_document(0), None)
    assert rows and all(right is None and differs for _, _, right, differs in rows)


def test_a_field_only_one_side_has_differs_and_the_other_side_shows_none() -> None:
    before = _document(0)
    after = _document(0) | {"remarks": "核对后补记"}
    before.pop("remarks", None)
    rows = {
        path: (left, right, differs)
        for path, left, right, differs in compared_fields(before, after)
    }
    assert rows["remarks"] == (None, "核对后补记", True)
