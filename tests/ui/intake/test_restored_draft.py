"""A form saved at sign-out or when the window closed comes back at the next sign-in with a
banner (the applicant's masked name, the item, when it was saved), which the clerk ends by
going on with it or by clearing it; while the clerk works, a line says the form is kept."""

from __future__ import annotations

from tests.ui.conftest import CLERK, SUPERVISOR, login, restarted
from tests.ui.intake.bundle_steps import on_worker
from tests.ui.intake.form_states import (
    questions_answered_no,
    restored_under_its_banner,
    worked_on_and_signed_out,
)
from tests.ui.intake_steps import fill_from_card_and_choose_item


def test_the_restored_form_says_whose_it_is_and_when_it_was_saved(qtbot, running) -> None:
    restored_under_its_banner(qtbot, running)
    intake = running.window.intake

    text = intake.draft_banner_text.text()
    assert "已恢复您上次未办完的表单" in text
    assert "申请人 王**" in text and "王建国" not in text
    assert "事项「上海市居住证" in text and "保存于 " in text
    assert "可以受理" in intake.summary_label.text()  # the form as it was, under the banner

    intake.keep_draft_button.click()
    assert not intake.draft_banner.isVisible()
    assert intake.identity.name.text() == "王建国"


def test_clearing_an_untouched_restored_form_asks_nothing(qtbot, running, monkeypatch) -> None:
    restored_under_its_banner(qtbot, running)
    intake = running.window.intake
    asked = questions_answered_no(monkeypatch)

    intake.clear_draft_button.click()

    assert asked == []
    assert intake.item is None and not intake.identity.name.text()
    assert not intake.draft_banner.isVisible()
    assert on_worker(qtbot, running, lambda ws: ws.load_draft(CLERK)) is None


def test_clearing_a_restored_form_typed_on_since_asks_first(qtbot, running, monkeypatch) -> None:
    restored_under_its_banner(qtbot, running)
    intake = running.window.intake
    intake.identity.phone.setText("13912349999")
    asked = questions_answered_no(monkeypatch)

    intake.clear_draft_button.click()

    assert len(asked) == 1
    assert intake.identity.phone.text() == "13912349999"  # the clerk said no


def test_a_form_kept_by_the_closed_window_comes_back_with_its_banner(qtbot, running) -> None:
    fill_from_card_and_choose_item(qtbot, running)
    running.window.close()  # saves the form as the clerk's draft

    with restarted(qtbot, running) as again:
        login(qtbot, again)
        intake = again.window.intake
        qtbot.waitUntil(intake.draft_banner.isVisible, timeout=20_000)
        assert "王**" in intake.draft_banner_text.text()


def test_another_clerk_signing_in_gets_no_banner_and_no_form(qtbot, running) -> None:
    worked_on_and_signed_out(qtbot, running)
    intake = running.window.intake

    login(qtbot, running, SUPERVISOR)
    on_worker(qtbot, running, lambda ws: None)  # after anything the sign-in restores

    assert not intake.draft_banner.isVisible()
    assert not intake.identity.name.text()
    assert intake.summary_label.text() == "请先读卡并选择事项。"


def test_a_restored_form_saved_again_untouched_keeps_its_time(qtbot, running) -> None:
    worked_on_and_signed_out(qtbot, running)
    saved = on_worker(qtbot, running, lambda ws: ws.load_draft(CLERK))
    intake = running.window.intake
    login(qtbot, running)
    qtbot.waitUntil(intake.draft_banner.isVisible, timeout=20_000)

    intake.save_draft()
    assert on_worker(qtbot, running, lambda ws: ws.load_draft(CLERK)) == saved

    intake.identity.phone.setText("13912349999")
    intake.save_draft()
    again = on_worker(qtbot, running, lambda ws: ws.load_draft(CLERK))
    assert again["identity"]["phone"] == "13912349999"
    assert again["saved_at"] >= saved["saved_at"]
