"""An address with a line break is kept on one line, and a refusal of an address says
which rule it breaks; a birth date is taken as YYYY-MM-DD, 1985/6/26 or 1985年6月26日,
never as the compact 19850626 the message does not offer."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from counter_app.errors import CounterError
from counter_app.services.intake_validation import ValidatedRequest, validate_request
from counter_app.store.catalog import current_catalog_version
from counter_app.store.database import Store
from tests.services.conftest import FOREIGNER, complete_marks, item_named, request_for

TODAY = date(2026, 9, 24)


def _checked(store: Store, **applicant: str) -> tuple[ValidatedRequest | None, list[CounterError]]:
    item = item_named(store, "老年综合津贴申领")
    request = request_for(item, complete_marks(item))
    request = replace(request, applicant=replace(FOREIGNER, **applicant))
    return validate_request(store, request, TODAY, current_catalog_version(store))


def test_line_breaks_and_tabs_in_an_address_become_one_space(intake_store: Store) -> None:
    validated, problems = _checked(intake_store, address="徐汇区漕溪北路1号\r\n 3楼301室\t（东）")
    assert problems == [] and validated is not None
    assert validated.address == "徐汇区漕溪北路1号 3楼301室 （东）"


def test_an_address_refusal_names_the_length_or_the_control_character(
    intake_store: Store,
) -> None:
    _, long = _checked(intake_store, address="漕" * 201)
    assert [(p.field, p.zh, p.en) for p in long] == [
        (
            "applicant.address",
            "地址过长（201 > 200 个字符），请删减后再提交。",
            "The address is too long (201 > 200 characters); shorten it.",
        )
    ]
    _, control = _checked(intake_store, address="漕溪北路\x1b[2J1号")
    assert [(p.field, p.zh) for p in control] == [
        ("applicant.address", "地址中含有不可见的控制字符 U+001B，请删去后再提交。")
    ]
    assert "U+001B" in control[0].en


@pytest.mark.parametrize(
    "typed", ["1987-06-04", "1987/6/4", "1987年6月4日", "１９８７－０６－０４"]
)
def test_a_birth_date_is_taken_in_the_forms_a_clerk_writes(intake_store: Store, typed: str) -> None:
    validated, problems = _checked(intake_store, birth_date=typed)
    assert problems == [] and validated is not None
    assert validated.facts.birth_date == date(1987, 6, 4)


@pytest.mark.parametrize(
    "typed", ["19870604", "1987-6-4", "1987/13/4", "1987年2月30日", "2027-01-01"]
)
def test_a_birth_date_in_another_form_or_not_a_past_day_is_refused(
    intake_store: Store, typed: str
) -> None:
    _, problems = _checked(intake_store, birth_date=typed)
    assert [p.field for p in problems] == ["applicant.birth_date"]
    assert "YYYY-MM-DD" in problems[0].zh and "1985年6月26日" in problems[0].zh
