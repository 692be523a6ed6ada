"""Event details in the case history read as words, in the clerk's language."""

from __future__ import annotations

from ui.case_history_text import describe_event_detail


def test_an_e_licence_check_says_what_the_register_answered() -> None:
    for verification, words in (
        ("verified", "已核实"),
        ("failed", "未核实"),
        ("paper", "改收纸质材料"),
    ):
        text = describe_event_detail(
            {"material": "M03", "lookup_id": "0193f0c2", "verification": verification}
        )
        assert words in text and verification not in text
