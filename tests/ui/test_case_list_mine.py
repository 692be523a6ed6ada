"""「What I did today」: the case list names each case's 经办人, and 只看本人 keeps the
signed-in member's own cases."""

from __future__ import annotations

from tests.ui.conftest import CLERK, SUPERVISOR, login
from tests.ui.stored_cases import accept_case
from ui.app import RunningApp
from ui.facade_types import DecisionResult


def _clerks_shown(running: RunningApp) -> dict[str, str]:
    model = running.window.cases.model
    column = model.COLUMNS.index("clerk")
    return {row.case_no: model.texts[i][column] for i, row in enumerate(model.rows)}


def test_the_list_names_who_took_each_case_and_shows_ones_own_on_asking(
    qtbot, running: RunningApp
) -> None:
    window = running.window
    stored: list[DecisionResult] = []
    for clerk in (CLERK, SUPERVISOR):
        window.session.worker.submit(
            lambda ws, clerk=clerk: accept_case(ws, clerk),
            stored.append,
            window.session.report_error,
        )
    qtbot.waitUntil(lambda: len(stored) == 2, timeout=30_000)
    mine, theirs = (case.case_no for case in stored)
    login(qtbot, running, CLERK)
    cases = window.cases
    assert cases.model.headers[cases.model.COLUMNS.index("clerk")] == "经办人"
    with qtbot.waitSignal(cases.loaded, timeout=20_000):
        cases.refresh()
    shown = _clerks_shown(running)
    assert (shown[mine], shown[theirs]) == (CLERK, SUPERVISOR)

    with qtbot.waitSignal(cases.loaded, timeout=20_000):
        cases.mine.setChecked(True)
    shown = _clerks_shown(running)
    assert mine in shown and theirs not in shown
    assert set(shown.values()) == {CLERK}
    with qtbot.waitSignal(cases.loaded, timeout=20_000):
        cases.today.setChecked(False)  # every day's, still one's own
    assert set(_clerks_shown(running).values()) == {CLERK}
