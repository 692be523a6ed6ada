"""A case is found by its applicant's name as the clerk types it or a card shows it: the
search hashes the form intake stores, whatever dot, apostrophe, width or spacing was
used; a text that is no name finds nothing, quietly."""

from __future__ import annotations

import pytest

from counter_app.errors import InvalidName
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.intake_checks import IntakeRejected
from counter_app.store import cases as case_rows
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for

ITEM = "老年综合津贴申领"
CLERK = User("clerk1", "窗口一", "clerk", None, False)


@pytest.fixture
def catalog_store(store: Store) -> Store:
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)
    return store


def _accept(store: Store, name: str) -> case_rows.CaseRecord:
    item = item_named(store, ITEM)
    taken = intake.accept(
        store, request_for(item, complete_marks(item), name=name), CLERK, now=MOMENT
    )
    return case_rows.get_case(store, taken.case_id)


def _found(store: Store, text: str) -> list[str]:
    return [record.case_id for record in case_rows.search_cases(store, text).records]


@pytest.mark.parametrize(
    "typed",
    [
        "阿依古丽・买买提",  # katakana middle dot, as the card read showed it
        "阿依古丽·买买提",
        "阿依古丽•买买提",
        "阿依古丽･买买提",
        "阿依古丽．买买提",
        "阿依古丽⸱买买提",
        "阿依古丽.买买提",
        "阿依古丽。买买提",
        " 阿依古丽 · 买买提 ",
    ],
)
def test_a_two_part_name_is_found_whatever_dot_is_typed(catalog_store: Store, typed: str) -> None:
    case = _accept(catalog_store, "阿依古丽・买买提")
    assert case.applicant_name == "阿依古丽·买买提"
    assert _found(catalog_store, typed) == [case.case_id]
    assert [r.case_id for r in case_rows.search_cases(catalog_store, typed).records] == [
        case.case_id
    ]


def test_a_name_taken_with_a_full_stop_is_found_by_its_middle_dot(catalog_store: Store) -> None:
    case = _accept(catalog_store, "买买提.艾力")
    assert case.applicant_name == "买买提·艾力"
    assert _found(catalog_store, "买买提·艾力") == [case.case_id]


@pytest.mark.parametrize("typed", ["O’BRIEN", "O'BRIEN", "o’brien", "Ｏ＇ＢＲＩＥＮ"])
def test_an_apostrophe_is_found_straight_or_curly(catalog_store: Store, typed: str) -> None:
    case = _accept(catalog_store, "O’BRIEN")
    assert case.applicant_name == "O'BRIEN"
    assert _found(catalog_store, typed) == [case.case_id]


def test_a_latin_full_stop_typed_full_width_is_taken_and_found(catalog_store: Store) -> None:
    case = _accept(catalog_store, "ＳＭＩＴＨ ＪＲ．")
    assert case.applicant_name == "SMITH JR."
    assert _found(catalog_store, "SMITH JR.") == [case.case_id]
    assert _found(catalog_store, "SMITH JR·") == []


@pytest.mark.parametrize(
    "text", ["", "   ", "·", "张\x00三", "王\ue000明", "张" * 101, "张\ud800", "12345.6"]
)
def test_a_text_that_is_no_name_finds_nothing(catalog_store: Store, text: str) -> None:
    _accept(catalog_store, "张三")
    assert case_rows.search_cases(catalog_store, text).records == []


def test_a_name_with_a_private_use_code_is_not_taken(catalog_store: Store) -> None:
    with pytest.raises(IntakeRejected) as refused:
        _accept(catalog_store, "王\ue000明")
    (problem,) = refused.value.problems
    assert isinstance(problem, InvalidName) and problem.field == "applicant.name"
    assert "U+E000" in problem.zh
    assert catalog_store.db.execute("SELECT count(*) FROM cases").fetchone()[0] == 0
