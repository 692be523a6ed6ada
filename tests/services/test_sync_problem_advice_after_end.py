"""The advice for a change the window made after the platform had ended the case
(``changed_after_end``), and for an ending the department's step got to first
(``ended_after_step``), where a hand-over in person after a platform posting lands."""

from __future__ import annotations

from counter_app.services.hall_queue import sync_problem


def test_a_change_after_the_platform_ended_the_case_is_adopted_not_resent() -> None:
    problem = sync_problem("conflict", "changed_after_end", "", "")
    assert "中心平台已结束该办件" in problem.todo_zh and "告知申请人" in problem.todo_zh
    assert "--adopt" in problem.todo_zh and "--resend" not in problem.todo_zh
    assert "had already ended this case" in problem.todo_en
    assert "--adopt" in problem.todo_en and "--resend" not in problem.todo_en
    assert "采用平台版本" in problem.window_todo_zh and "重新提交" not in problem.window_todo_zh
    assert "Resend" not in problem.window_todo_en


def test_a_hand_over_after_the_departments_step_is_named_in_its_advice() -> None:
    problem = sync_problem("conflict", "ended_after_step", "", "")
    assert "当面领取" in problem.todo_zh and "hand-over in person" in problem.todo_en
