"""What a typed search looks a person up by, keyed as the store searches (the case list's ID
number, phone and name; never a case number), and the ``person.searched`` entry naming the
person by a prefix of that blind index, never by the number or the name itself."""

from __future__ import annotations

import json

import pytest

from counter_app.errors import ValidationError
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.person_searches import CASE_LIST, person_asked_about, record_search
from counter_app.store.cases import search_cases
from counter_app.store.database import Store
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for, resident_number

ALLOWANCE = "老年综合津贴申领"


def _accepted(store: Store, clerk: User) -> intake.IntakeResult:
    item = item_named(store, ALLOWANCE)
    return intake.accept(store, request_for(item, complete_marks(item)), clerk, now=MOMENT)


@pytest.mark.parametrize(
    ("typed", "kind", "column"),
    [
        pytest.param(
            " ".join(resident_number()[i : i + 6] for i in (0, 6, 12)),
            "id_number",
            "id_number_index",
            id="id-number-grouped",
        ),
        pytest.param(resident_number().lower(), "id_number", "id_number_index", id="id-lower"),
        pytest.param("139-0000-0000", "phone", "phone_index", id="phone"),
        pytest.param(" 张𠮷 ", "name", "name_index", id="name"),
    ],
)
def test_a_search_for_a_person_is_keyed_by_the_index_the_store_searches(
    intake_store: Store, clerk: User, typed: str, kind: str, column: str
) -> None:
    case = _accepted(intake_store, clerk)
    found = search_cases(intake_store, typed)
    key = found.person
    assert key is not None and key.kind == kind
    assert [r.case_id for r in found.records] == [case.case_id]
    stored = intake_store.db.execute(
        f"SELECT {column} FROM cases WHERE case_id = ?",
        (case.case_id,),
    ).fetchone()[0]
    assert key.index == stored and key.subject == stored[:16]


def test_a_case_number_or_nobody_found_is_no_person_search(
    intake_store: Store, clerk: User
) -> None:
    case = _accepted(intake_store, clerk)
    by_number = search_cases(intake_store, case.case_no.lower())
    assert by_number.person is None and [r.case_id for r in by_number.records] == [case.case_id]
    assert search_cases(intake_store, "  ").person is None
    assert search_cases(intake_store, resident_number()[:8]).person is None  # typed so far


def test_the_entry_names_the_person_by_a_subject_and_lists_twenty_cases(
    intake_store: Store,
) -> None:
    key = person_asked_about(intake_store, "13900000000")
    numbers = [f"310104-W01-PC1-20260924-{n:04d}" for n in range(1, 26)]
    record_search(intake_store, "clerk1", key, CASE_LIST, numbers)
    actor, action, target, detail = intake_store.db.execute(
        "SELECT actor, action, target, detail FROM audit_log ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    assert (actor, action, target) == ("clerk1", "person.searched", None)
    assert json.loads(detail) == {
        "searched_by": "phone",
        "where": "case_list",
        "subject": key.index[:16],
        "cases": 25,
        "case_nos": numbers[:20],
    }
    assert "13900000000" not in detail


@pytest.mark.parametrize("given", ["张𠮷", "310104-W01-PC1-20260924-0001"])
def test_audit_by_person_refuses_a_name_or_a_case_number_without_echoing_it(
    intake_store: Store, given: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        person_asked_about(intake_store, given)
    assert refused.value.field == "person"
    assert given not in f"{refused.value.zh}{refused.value.en}"


def test_audit_by_person_takes_an_id_number_or_a_phone(intake_store: Store) -> None:
    assert person_asked_about(intake_store, resident_number()).kind == "id_number"
    assert person_asked_about(intake_store, "(021)64381234").kind == "phone"
