"""Cards read where no clerk is at work: at a locked window a card changes nothing and asks
nothing (the last one is offered to the form at the unlock), and with nobody signed in it
is dropped, neither kept for the next person nor looked up. The lock screen asks for the
password only, and says so when it is wrong."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication, QMessageBox

from tests.ui.conftest import CLERK, PASSWORD, SUPERVISOR, login
from tests.ui.intake_steps import fill_from_card_and_choose_item
from ui.app import RunningApp

RARE_NAME = "陈𪚥"  # the resident_rare sample card's holder


def place_and_wait_for_read(qtbot, running: RunningApp, card: str) -> None:
    """``card`` placed; returns once the window has handled its read (the reader thread's
    "已读卡" comes after the document, in order)."""
    label = running.window.reader_label
    label.setText("")
    running.reader.place(card)
    qtbot.waitUntil(lambda: "已读卡" in label.text(), timeout=20_000)


def open_questions() -> list[QMessageBox]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


def saved_draft(qtbot, running: RunningApp) -> Any:
    drafts: list[Any] = []
    running.session.worker.submit(lambda ws: ws.load_draft(CLERK), drafts.append)
    qtbot.waitUntil(lambda: bool(drafts), timeout=20_000)
    return drafts[0]


def unlock(qtbot, running: RunningApp) -> None:
    window = running.window
    window.lock.password.setText(PASSWORD)
    with qtbot.waitSignal(window.stack.currentChanged, timeout=20_000):
        window.lock.button.click()


def test_a_card_read_while_locked_waits_for_the_unlock(qtbot, running: RunningApp) -> None:
    fill_from_card_and_choose_item(qtbot, running)
    window = running.window
    intake = window.intake
    window.lock_screen()
    assert not window.lock.card_held.isVisible()

    place_and_wait_for_read(qtbot, running, "resident_rare")

    assert window.stack.currentWidget() is window.lock
    assert open_questions() == []  # nothing anyone at the lock screen could answer
    assert window.lock.card_held.isVisible()
    assert RARE_NAME not in window.lock.card_held.text()
    assert (intake.identity.name.text(), intake.identity.phone.text()) == (
        "王建国",
        "13912340000",
    )
    assert saved_draft(qtbot, running)["identity"]["name"] == "王建国"
    running.reader.remove()
    qtbot.waitUntil(lambda: "就绪" in window.reader_label.text(), timeout=20_000)

    unlock(qtbot, running)

    # The clerk, signed in again, is asked about the card as if it were placed now.
    questions = open_questions()
    assert [box.objectName() for box in questions] == ["anotherApplicantCard"]
    questions[0].button(QMessageBox.StandardButton.No).click()
    assert intake.identity.name.text() == "王建国"
    assert intake.identity.phone.text() == "13912340000"


def test_a_card_held_at_the_lock_is_not_the_next_users(qtbot, running: RunningApp) -> None:
    login(qtbot, running)
    window = running.window
    window.lock_screen()
    place_and_wait_for_read(qtbot, running, "resident_rare")
    running.reader.remove()
    window.lock.sign_out.click()  # 退出登录（换人）

    login(qtbot, running, SUPERVISOR)

    assert window.intake.identity.id_number.text() == ""
    assert open_questions() == []
    window.lock_screen()
    unlock(qtbot, running)
    assert window.intake.identity.id_number.text() == ""


def test_a_card_read_with_nobody_signed_in_is_dropped(
    qtbot, running: RunningApp, monkeypatch
) -> None:
    login(qtbot, running)
    window = running.window
    window.sign_out()
    jobs: list[str] = []
    submit = window.session.worker.submit

    def recording(*args: Any, name: str = "", **kwargs: Any) -> None:
        jobs.append(name)
        submit(*args, name=name, **kwargs)

    monkeypatch.setattr(window.session.worker, "submit", recording)

    place_and_wait_for_read(qtbot, running, "resident_rare")
    running.reader.remove()
    assert "expected_arrivals" not in jobs and "open_notices" not in jobs
    login(qtbot, running, SUPERVISOR)

    identity = window.intake.identity
    assert (identity.id_number.text(), identity.name.text()) == ("", "")
    assert "expected_arrivals" not in jobs and "open_notices" not in jobs


def test_the_lock_screen_says_the_password_is_wrong(qtbot, running: RunningApp) -> None:
    login(qtbot, running)
    window = running.window
    window.lock_screen()
    window.lock.password.setText("not-the-password")
    window.lock.button.click()
    qtbot.waitUntil(window.lock.error.isVisible, timeout=20_000)
    assert window.lock.error.text().startswith("密码不正确")
    assert "用户名" not in window.lock.error.text()
    assert window.stack.currentWidget() is window.lock
