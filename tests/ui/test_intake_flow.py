"""Card on the simulated reader → form filled → "jzz" finds the 居住证 item → checklist →
accept → the case is in the list; a second activation never makes a second case."""

from __future__ import annotations

from tests.ui.intake_steps import (
    confirm_automatically,
    fill_from_card_and_choose_item,
)


def test_card_to_accepted_case_listed(qtbot, running, monkeypatch) -> None:
    titles = confirm_automatically(monkeypatch)
    fill_from_card_and_choose_item(qtbot, running)
    intake = running.window.intake
    assert not intake.summary.can_accept and intake.summary.missing
    intake.checklist.receive_all_required()
    assert intake.summary.can_accept, intake.summary
    with qtbot.waitSignal(intake.case_stored, timeout=20_000) as stored:
        intake.decide("accept")
        intake.decide("accept")  # double activation while the first is in flight
    case_id = stored.args[0]
    assert titles == ["确认受理"]
    cases = running.window.cases
    with qtbot.waitSignal(cases.loaded, timeout=20_000):
        cases.refresh()
    ids = [row.case_id for row in cases.model.rows]
    assert ids.count(case_id) == 1
    row = cases.model.rows[ids.index(case_id)]
    assert row.applicant_masked_id.startswith("3101") and "*" in row.applicant_masked_id
    assert row.state == "accepted"
