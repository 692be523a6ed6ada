"""A decided applicant's form is never a draft: signed out from during its receipt preview
or its rating, the clerk finds an empty form at the next sign-in, and no draft of it."""

from __future__ import annotations

import pytest

from tests.ui.conftest import CLERK, login
from tests.ui.intake.bundle_steps import on_worker
from tests.ui.intake_steps import accept_from_card, leave_preview_unprinted


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
