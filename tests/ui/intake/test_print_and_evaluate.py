"""A lock during a decided applicant's receipt preview ends their turn: the form goes with
it (and no draft of it stays), and 打印上一件 (F9) still previews the receipt afterwards."""

from __future__ import annotations

from tests.ui.conftest import CLERK, PASSWORD
from tests.ui.intake.bundle_steps import on_worker
from tests.ui.intake_steps import accept_from_card, leave_preview_unprinted


def test_a_lock_during_the_receipt_preview_clears_the_decided_form(
    qtbot, running, monkeypatch
) -> None:
    case_id = accept_from_card(qtbot, running, monkeypatch)
    window = running.window
    intake = window.intake  # built at the sign-in
    # The applicant's form as the autosave kept it while the clerk worked on it.
    draft = intake.draft()
    on_worker(qtbot, running, lambda ws: ws.save_draft(CLERK, draft))
    preview = intake.preview

    window.lock_screen()  # the clerk walks away from the preview
    assert not preview.isVisible() and intake.preview is None
    assert intake.evaluation is None  # the applicant's rating is not asked over the lock
    identity = intake.identity
    assert not (identity.name.text() or identity.id_number.text() or identity.phone.text())
    assert intake.item is None and intake.checklist.entries() == []
    assert on_worker(qtbot, running, lambda ws: ws.load_draft(CLERK)) is None

    window.lock.password.setText(PASSWORD)
    with qtbot.waitSignal(window.stack.currentChanged, timeout=20_000):
        window.lock.button.click()
    assert identity.name.text() == "" and intake.item is None
    identity.name.setText("李四")  # the next applicant, half typed

    intake.preview_last()  # 打印上一件 (F9): the decided case's receipt, again
    assert intake.preview is not None and intake.last_case.case_id == case_id
    with qtbot.waitSignal(intake.flow_finished, timeout=20_000) as finished:
        leave_preview_unprinted(intake)
    assert finished.args == [case_id]
    # A reprint asks no rating, and the next applicant's form stays as typed.
    assert intake.evaluation is None and identity.name.text() == "李四"
    window.lock_screen()  # a reprint's preview closed by the lock leaves the form too
    assert identity.name.text() == "李四"
    assert on_worker(qtbot, running, lambda ws: ws.load_draft(CLERK))["identity"]["name"] == "李四"
