"""The applicant's earlier cases of the same item, as intake leaves them in the store: found
through the ID number's blind index however it was typed; another item, a case closed on an
earlier day, a voided one or a one-time notice waiting for the applicant are not counted;
another name on file for the number is."""

from __future__ import annotations

from datetime import date, timedelta

from counter_app.domain.case_states import CaseState
from counter_app.services import case_endings, intake
from counter_app.store.earlier_cases import earlier_cases, earlier_cases_of
from tests.services.conftest import (
    MOMENT,
    complete_marks,
    item_named,
    request_for,
    resident_number,
)

ALLOWANCE = "老年综合津贴申领"
OTHER_ITEM = "敬老卡申领"
NUMBER = resident_number()
DAY = date(2026, 9, 24)  # MOMENT's hall day


def _accept(store, clerk, item_name=ALLOWANCE, *, name="张𠮷", number=NUMBER):
    item = item_named(store, item_name)
    # 敬老卡 asks for 65 or older, which the sample number is not: accepted with the reason.
    reason = "" if item_name == ALLOWANCE else "已核验"
    request = request_for(
        item, complete_marks(item), name=name, number=number, eligibility_reason=reason
    )
    return intake.accept(store, request, clerk, now=MOMENT)


def _look_up(store, number=NUMBER, name="张𠮷", today=DAY):
    item = item_named(store, ALLOWANCE)
    return earlier_cases(store, id_number=number, name=name, item_code=item.code, today=today)


def test_the_same_applicant_typed_differently_finds_the_earlier_case(intake_store, clerk):
    first = _accept(intake_store, clerk)
    spaced = " ".join(NUMBER[i : i + 4] for i in range(0, 18, 4)).lower()
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in NUMBER)

    for typed in (NUMBER, spaced, full_width):
        found = _look_up(intake_store, typed)
        assert [(c.case_no, c.state) for c in found.cases] == [(first.case_no, CaseState.ACCEPTED)]
        assert not found.name_differs
    assert found.cases[0].time_text(DAY) == "10:00"
    assert found.cases[0].time_text(DAY + timedelta(days=1)) == "2026-09-24 10:00"


def test_another_item_or_another_person_finds_nothing(intake_store, clerk):
    _accept(intake_store, clerk, OTHER_ITEM)
    _accept(intake_store, clerk, number=resident_number("31010419900101123"))

    assert not _look_up(intake_store)


def test_a_case_closed_on_an_earlier_day_is_not_counted_one_closed_today_is(intake_store, clerk):
    case = _accept(intake_store, clerk)
    case_endings.withdraw(
        intake_store, case.case_id, clerk, "申请人改期办理", applicant_confirmed=True, now=MOMENT
    )

    assert [c.state for c in _look_up(intake_store).cases] == [CaseState.WITHDRAWN]
    assert not _look_up(intake_store, today=DAY + timedelta(days=1))


def test_an_open_case_of_an_earlier_day_is_counted(intake_store, clerk):
    case = _accept(intake_store, clerk)

    later = _look_up(intake_store, today=DAY + timedelta(days=30))

    assert [c.case_no for c in later.cases] == [case.case_no]


def test_a_one_time_notice_is_not_an_earlier_acceptance(intake_store, clerk):
    item = item_named(intake_store, ALLOWANCE)
    marks = complete_marks(item)
    intake.notify(intake_store, request_for(item, marks[:1], number=NUMBER), clerk, now=MOMENT)

    assert not _look_up(intake_store)


def test_the_number_on_file_under_another_name_is_told_of_any_item(intake_store, clerk):
    _accept(intake_store, clerk, OTHER_ITEM, name="李四")
    _accept(intake_store, clerk, OTHER_ITEM, name="阿依古丽·买买提")

    found = _look_up(intake_store, name="阿依古丽・买买提")  # the katakana dot: the same name

    assert found.cases == ()
    assert found.other_names == ("李四",)
    assert found.to_json() == {"earlier_cases": [], "name_on_file_differs": True}


def test_a_case_just_made_finds_the_others_not_itself(intake_store, clerk):
    first = _accept(intake_store, clerk)
    second = _accept(intake_store, clerk, name="王五")

    found = earlier_cases_of(intake_store, second.case_id, today=DAY)

    assert [c.case_no for c in found.cases] == [first.case_no]
    assert found.other_names == ("张𠮷",)
    assert [c.case_no for c in earlier_cases_of(intake_store, first.case_id, today=DAY).cases] == [
        second.case_no
    ]


def test_the_lookup_is_one_statement_on_the_id_number_index(intake_store, clerk):
    _accept(intake_store, clerk)
    item_code = item_named(intake_store, ALLOWANCE).code
    statements: list[str] = []
    intake_store.db.conn.set_trace_callback(statements.append)
    try:
        earlier_cases(intake_store, id_number=NUMBER, name="张𠮷", item_code=item_code, today=DAY)
    finally:
        intake_store.db.conn.set_trace_callback(None)

    [query] = statements
    plan = intake_store.db.execute(f"EXPLAIN QUERY PLAN {query}").fetchall()
    assert any("cases_id_number_index" in row[-1] for row in plan), plan
