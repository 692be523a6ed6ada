"""A decided applicant's form is never a draft: signed out from during its receipt preview
or its rating, the clerk finds an empty form at the next sign-in, and no draft of it."""

from __future__ import annotations

import pytest

from tests.ui.conftest import CLERK, login
from tests.ui.intake.bundle_steps import on_worker
from tests.ui.intake_steps import accept_from_card, leave_preview_unprinted
from ui.intake.drafts import save_draft


@pytest.mark.parametrize("step", ["preview", "rating"])
def test_no_draft_of_a_decided_form_at_sign_out(qtbot, running, monkeypatch, step) -> None:
    accept_from_card(qtbot, running, monkeypatch)
    window = running.window
    intake = window.intake  # built at the sign-in
    # The applicant's form as the autosave kept it while the clerk worked on it.
    draft = intake.draft()
    on_worker(qtbot, running, lambda ws: ws.save_draft(CLERK, draft))
    if step == "rating":
        leave_preview_unprinted(intake)
        qtbot.waitUntil(lambda: intake.evaluation is not None, timeout=10_000)

    window.sign_out()
    assert on_worker(qtbot, running, lambda ws: ws.load_draft(CLERK)) is None

    login(qtbot, running)
    on_worker(qtbot, running, lambda ws: None)  # after anything the sign-in restores
    identity = intake.identity
    assert not (identity.name.text() or identity.id_number.text() or identity.phone.text())
    assert intake.item is None and intake.checklist.entries() == []


def test_the_next_applicants_form_is_a_draft_though_the_last_case_was_never_rated(
    qtbot, running, monkeypatch
) -> None:
    """A case stored while the lock came on is neither previewed nor rated; the clerk clears
    the form (Ctrl+N) and types the next applicant: that form is a draft like any other."""
    accept_from_card(qtbot, running, monkeypatch)
    intake = running.window.intake
    assert intake.last_case is not None and intake.evaluated_case_id != intake.last_case.case_id
    intake.next_applicant(confirm=False)
    intake.identity.name.setText("李四")

    save_draft(intake)

    draft = on_worker(qtbot, running, lambda ws: ws.load_draft(CLERK))
    assert draft is not None and draft["identity"]["name"] == "李四"
