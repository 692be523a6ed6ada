"""What to do about a problem case fits where it is shown: the window names its problem
dialog's buttons (the supervisor is in that dialog already, not sent to the 问题办件 tab or
to a command), the command line its commands; the explanation is the same words in both."""

from __future__ import annotations

import itertools

import pytest

from counter_app.services.hall_queue import sync_problem

# (status, reason, the dialog's button named in the window's words, Chinese and English)
ANSWERS = [
    ("conflict", "content_differs", "“采用平台版本”", '"Adopt the platform\'s version"'),
    ("rejected", "hash_mismatch", "“按本机版本重新提交”", '"Resend as corrected"'),
    ("rejected", "wrong_hall", "“按本机版本重新提交”", '"Resend as corrected"'),
    ("conflict", "preapp_consumed_elsewhere", "“作废”", '"Void"'),
    ("conflict", "withdrawn_after_step", "“采用平台版本”", '"Adopt the platform\'s version"'),
]


@pytest.mark.parametrize(("status", "reason", "button_zh", "button_en"), ANSWERS)
def test_the_window_names_the_dialogs_buttons_and_the_command_line_its_commands(
    status: str, reason: str, button_zh: str, button_en: str
) -> None:
    problem = sync_problem(status, reason, "", "")
    window = (problem.window_todo_zh, problem.window_todo_en)
    assert button_zh in window[0] and button_en in window[1]
    assert "处理原因" in window[0] and "give a reason" in window[1]
    for words in window:
        assert "counter-app problems" not in words and "sync requeue" not in words
        assert "问题办件" not in words and "under Problems" not in words
    command_line = (problem.todo_zh, problem.todo_en)
    for words in command_line:
        assert "counter-app problems resolve" in words or "counter-app sync requeue" in words
        assert "问题办件" not in words and "under Problems" not in words
    # One wording: the explanation before the first way to act is the same in both.
    for window_words, command_words in zip(window, command_line, strict=True):
        alike = itertools.takewhile(
            lambda pair: pair[0] == pair[1], zip(window_words, command_words)
        )
        assert len(list(alike)) >= 10
