"""The case list's search for a person is logged once per search (``person.searched``): not
again as the list reads it anew (F5, every case event) or the state filter narrows it, again
once the search changed and came back, or someone else runs it; a case number is no
person's key and is not logged."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from counter_app.config import Config
from counter_app.domain.idnumber import check_character
from counter_app.home import Home
from counter_app.identity.simulator import SimulatedReader
from counter_app.store.cases import search_cases
from counter_app.store.database import Store, open_store
from tests.ui.conftest import (
    CLERK,
    PASSWORD,
    SUPERVISOR,
    login,
    training_home,
    window_on,
    without_sync_process,
)
from tests.ui.stored_cases import accept_case
from ui.core_facade import Workstation

# The applicant ``accept_case`` accepts a case for (王建国).
NUMBER = "31010419500101123" + check_character("31010419500101123")


def _searches(store: Store, typed: str) -> list[tuple[str, dict[str, Any]]]:
    """The ``person.searched`` entries naming the person ``typed`` looks up: (who, detail)."""
    key = search_cases(store, typed).person
    assert key is not None
    rows = store.db.execute(
        "SELECT actor, detail FROM audit_log WHERE action = 'person.searched' ORDER BY seq"
    )
    found = [(actor, json.loads(detail)) for actor, detail in rows]
    return [(actor, detail) for actor, detail in found if detail["subject"] == key.subject]


def _all_searches(store: Store) -> int:
    return store.db.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'person.searched'"
    ).fetchone()[0]


@pytest.fixture
def workstation(tmp_path: Path) -> Iterator[Workstation]:
    opened = Workstation.open(*training_home(tmp_path / "home"))
    yield opened
    opened.close()


def test_a_search_typed_in_the_case_list_and_refreshed_is_logged_once(
    qtbot, seeded_home: tuple[Home, Config], monkeypatch
) -> None:
    without_sync_process(monkeypatch)
    home, config = seeded_home
    ws = Workstation.open(home, config)
    try:
        case = accept_case(ws, CLERK)
    finally:
        ws.close()

    with window_on(qtbot, seeded_home, SimulatedReader(use_pty=False)) as app:
        login(qtbot, app)
        cases = app.window.cases
        cases.query.setFocus()
        qtbot.keyClicks(cases.query, NUMBER)  # a pause while typing searches a part of it
        with qtbot.waitSignal(cases.loaded, timeout=20_000):
            qtbot.keyClick(cases.query, Qt.Key.Key_Return)
        assert [row.case_no for row in cases.model.rows] == [case.case_no]
        for _again in range(2):  # F5, a case event: the same search read anew
            with qtbot.waitSignal(cases.loaded, timeout=20_000):
                cases.refresh()
        for typed in (case.case_no, NUMBER):  # changed to a case number, and back
            cases.query.setText(typed)
            with qtbot.waitSignal(cases.loaded, timeout=20_000):
                qtbot.keyClick(cases.query, Qt.Key.Key_Return)

    with open_store(home, config) as store:
        searches = _searches(store, NUMBER)
    assert [actor for actor, _detail in searches] == [CLERK, CLERK]
    assert searches[0][1] == {
        "searched_by": "id_number",
        "where": "case_list",
        "subject": searches[0][1]["subject"],
        "cases": 1,
        "case_nos": [case.case_no],
    }
    assert NUMBER not in json.dumps(searches)


def test_a_case_number_is_not_logged_and_someone_else_s_search_is(
    workstation: Workstation,
) -> None:
    case = accept_case(workstation, CLERK)
    workstation.login(CLERK, PASSWORD)
    before = _all_searches(workstation.store)
    assert [r.case_no for r in workstation.list_cases(case.case_no)] == [case.case_no]
    assert _all_searches(workstation.store) == before

    for state in (None, "accepted", "notified"):  # the filter narrows what is shown only
        workstation.list_cases("王建国", state=state)
    workstation.sign_out()
    workstation.login(SUPERVISOR, PASSWORD)
    workstation.list_cases("王建国")
    searches = _searches(workstation.store, "王建国")
    assert [(actor, detail["searched_by"]) for actor, detail in searches] == [
        (CLERK, "name"),
        (SUPERVISOR, "name"),
    ]
    assert searches[0][1]["case_nos"] == [case.case_no]
