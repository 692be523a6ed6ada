"""Event details in the case history read as words, in the clerk's language."""

from __future__ import annotations

from ui.case_history_text import describe_event_detail, describe_identity_source


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


def test_a_card_without_expiry_reads_valid_indefinitely() -> None:
    """A card's 长期 is not a date: "有效期至 长期" read as "valid until long-term"."""
    source = {"kind": "card_reader", "reader": "sim", "checks": []}
    assert describe_identity_source({**source, "valid_to": "长期"}).endswith("长期有效")
    dated = describe_identity_source({**source, "valid_to": "2036-03-12"})
    assert dated.endswith("有效期至 2036-03-12")
