"""``counter-app audit list --person ID_OR_PHONE``: who looked at one person's data — the
searches for them (``counter-app lookup``, the case list's search by their number, phone or
name) and the entries about their cases (their acceptance, a reveal of their sealed fields)
— and nothing about another person; the number asked about is never printed back."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace

from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.person_searches import CASE_LIST, record_search
from counter_app.store.case_plaintext import reveal_applicant
from counter_app.store.cases import search_cases
from counter_app.store.database import Store
from tests.in_process import CliResult
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for, resident_number

ALLOWANCE = "老年综合津贴申领"
HERS = resident_number()  # 张𠮷, 13900000000 (``request_for``)
HIS = resident_number("31010419900202123")
HIS_PHONE = "13911112222"


def _accepted(store: Store, clerk: User, *, name: str, number: str) -> intake.IntakeResult:
    item = item_named(store, ALLOWANCE)
    request = request_for(item, complete_marks(item), name=name, number=number)
    if number == HIS:
        request = replace(request, applicant=replace(request.applicant, phone=HIS_PHONE))
    return intake.accept(store, request, clerk, now=MOMENT)


def _about(cli: Callable[..., CliResult], person: str) -> list[dict]:
    result = cli("audit", "list", "--person", person, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["entries"]


def _searched(store: Store, typed: str) -> None:
    """The case list's search for ``typed``, logged as the window's desk logs it."""
    key = search_cases(store, typed).person
    assert key is not None
    record_search(store, "clerk2", key, CASE_LIST, [])


def test_audit_by_person_lists_who_searched_for_them_and_touched_their_cases(
    cli: Callable[..., CliResult], intake_store: Store, clerk: User
) -> None:
    hers = _accepted(intake_store, clerk, name="张𠮷", number=HERS)
    his = _accepted(intake_store, clerk, name="李四", number=HIS)
    for number in (HERS, HIS):
        assert cli("lookup", "--id-number", number, "--json").returncode == 0
    _searched(intake_store, "张𠮷")
    _searched(intake_store, "李四")
    _searched(intake_store, HIS_PHONE)
    for case in (hers, his):
        reveal_applicant(intake_store, case.case_id, actor="chief1", purpose="test")

    about_her = _about(cli, HERS)
    searches = [json.loads(e["detail"]) for e in about_her if e["action"] == "person.searched"]
    assert [(s["where"], s["searched_by"], s["case_nos"]) for s in searches] == [
        ("lookup", "id_number", [hers.case_no]),  # by her number, logged by the command
        ("case_list", "name", []),  # by her name
    ]
    lookup = next(e for e in about_her if e["action"] == "person.searched")
    assert lookup["actor"].startswith("cli:")
    touched = {(e["action"], e["case_no"]) for e in about_her if e["target"]}
    assert ("applicant.reveal", hers.case_no) in touched
    assert {case_no for _action, case_no in touched} == {hers.case_no}
    # Her phone finds her just as her number does.
    assert _about(cli, "139 0000 0000") == about_her

    about_him = _about(cli, HIS)
    assert {e["case_no"] for e in about_him if e["target"]} == {his.case_no}
    assert [
        json.loads(e["detail"])["searched_by"]
        for e in about_him
        if e["action"] == "person.searched"
    ] == ["id_number", "name", "phone"]


def test_the_number_asked_about_is_never_printed_back(
    cli: Callable[..., CliResult], intake_store: Store, clerk: User
) -> None:
    _accepted(intake_store, clerk, name="张𠮷", number=HERS)
    assert cli("lookup", "--id-number", HERS).returncode == 0
    listed = cli("audit", "list", "--person", HERS)
    assert listed.returncode == 0 and "person.searched" in listed.stdout
    assert HERS not in listed.stdout + listed.stderr
    refused = cli("audit", "list", "--person", "张𠮷")
    assert refused.returncode == 2 and "--person 须为证件号码或手机号" in refused.stderr
    assert "张𠮷" not in refused.stderr
    entries = intake_store.db.execute("SELECT detail FROM audit_log").fetchall()
    assert not [detail for (detail,) in entries if HERS in detail or "张𠮷" in detail]
