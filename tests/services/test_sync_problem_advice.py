"""What the window tells the clerk to do about a case the platform did not take, by the
platform's reason where one needs its own advice, else by the kind of answer."""

from __future__ import annotations

from counter_app.services.hall_queue import sync_problem


def test_a_withdrawal_after_the_departments_step_is_adopted_and_left_to_the_platform() -> None:
    problem = sync_problem("conflict", "withdrawn_after_step", "平台的话", "the platform's words")
    assert "--adopt" in problem.todo_zh and "counter-central progress" in problem.todo_zh
    assert "only the central platform can withdraw it" in problem.todo_en
    assert (problem.message_zh, problem.message_en) == ("平台的话", "the platform's words")


def test_another_conflict_gets_the_general_advice() -> None:
    problem = sync_problem("conflict", "content_differs", "", "")
    assert "--adopt" not in problem.todo_zh and "problems resolve" in problem.todo_zh
