"""A department's step kept in the history without moving the case here, and a notice an
adoption superseded, read as words: the step by its state, why it was not applied, and what
the clerk must tell the applicant."""

from __future__ import annotations

from ui.case_history_text import describe_event_detail


def test_a_step_not_applied_here_names_its_state_and_why() -> None:
    text = describe_event_detail(
        {
            "progress_not_applied": "in_process",
            "note": "已受理审查",
            "sequence": 7,
            "reason": {"zh": "办件已撤回", "en": "The case was withdrawn"},
        }
    )
    assert text == "平台已办理、本机未采用的进度 办理中 · 备注 已受理审查 · 原因 办件已撤回"


def test_a_step_recovered_with_the_case_names_the_correction_asked_for() -> None:
    text = describe_event_detail(
        {
            "progress_recovered": "correction_requested",
            "note": "请补正联系电话",
            "materials": ["M04"],
            "material_names": ["户口簿"],
            "fields": ["phone"],
            "sequence": 8,
        }
    )
    assert text.startswith("平台已办理的进度（随办件从平台取回） 待补正 · 备注 请补正联系电话")
    assert "要求补正的材料 户口簿" in text
    assert "M04" not in text


def test_a_superseded_notice_tells_the_clerk_to_tell_the_applicant_when_printed() -> None:
    adoption = {"resolution": "adopt", "reason": "部门已接件办理", "approved_by": "chief1"}
    printed = describe_event_detail(
        {**adoption, "superseded_notice": "termination", "superseded_printed": True}
    )
    assert "已被采用的平台版本取代、不再有效的文书 终止受理通知书" in printed
    assert "请告知申请人它不再有效" in printed
    not_printed = describe_event_detail(
        {**adoption, "superseded_notice": "termination", "superseded_printed": False}
    )
    assert "终止受理通知书" in not_printed
    assert "告知申请人" not in not_printed
