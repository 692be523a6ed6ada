"""Event details in the case history read as words, in the clerk's language: readers,
checks, materials and the services that act on a case by what they are, their codes kept
for the tooltip."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from counter_app.domain.evaluation import FollowupStep
from ui.case_history_text import (
    describe_event_detail,
    describe_identity_source,
    identity_source_codes,
    reader_words,
)
from ui.case_labels import actor_label
from ui.i18n import install_language

CARD = {
    "kind": "card",
    "reader": "sim",
    "checks": [{"name": "gb11643", "ok": True, "detail": "check character 1 ok"}],
    "valid_to": "长期",
}


@pytest.fixture
def english(qapp) -> Iterator[None]:
    assert install_language("en"), "run `make translations` first"
    yield
    install_language("zh")


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


def test_a_material_is_named_where_the_case_holds_its_name() -> None:
    detail = {"material": "M01", "verification": "failed"}
    assert describe_event_detail(detail, {"M01": "户口簿"}).startswith("材料 户口簿 · ")
    assert "M01" not in describe_event_detail(detail, {"M01": "户口簿"})
    assert describe_event_detail(detail).startswith("材料 M01 · ")  # a name it lacks


def test_a_card_without_expiry_reads_valid_long_term() -> None:
    """A card's 长期 is not a date: "有效期至 长期" read as "valid until long-term"."""
    assert describe_identity_source(CARD).endswith("长期有效")
    dated = describe_identity_source({**CARD, "valid_to": "2036-03-12"})
    assert dated.endswith("有效期至 2036-03-12")


def test_the_reader_and_its_checks_read_as_words_their_codes_apart() -> None:
    assert (
        describe_identity_source(CARD) == "读卡器读取 · 模拟读卡器 · 国标校验 GB 11643 ✓ · 长期有效"
    )
    assert identity_source_codes(CARD) == "sim · gb11643"
    chip = {
        "kind": "chip",
        "reader": "pcsc:ACS ACR1252",
        "checks": [
            {"name": "mrz_check_digits", "ok": True, "detail": ""},
            {"name": "mrz_matches_access_key", "ok": False, "detail": ""},
            {"name": "passive_authentication", "ok": True, "detail": ""},
        ],
    }
    assert describe_identity_source(chip) == (
        "护照芯片 · PC/SC 读卡器（ACS ACR1252） · 机读码校验位 ✓、芯片与机读码一致 ✗"
    )
    assert reader_words("serial:/dev/ttyUSB0@115200") == "串口读卡器（/dev/ttyUSB0）"
    assert reader_words("someday:new") == "someday:new"  # a kind this window does not know


def test_services_and_commands_act_by_name_accounts_by_their_username() -> None:
    assert actor_label("sync") == "同步服务"
    assert actor_label("system:elicence-verification") == "电子证照核验（系统）"
    assert actor_label("cli:root") == "命令行（root）"
    assert actor_label("department:310115-CLF") == "承办部门（310115-CLF）"
    assert actor_label("clerk01") == "clerk01"


def test_in_english_a_line_is_in_sentence_case_and_says_long_term(english: None) -> None:
    assert describe_identity_source(CARD) == (
        "Read by the card reader · simulated reader · GB 11643 check ✓ · valid long-term"
    )
    assert describe_event_detail({"data_version": 2, "reference": "P1"}) == (
        "Data version 2 · platform ref. P1"
    )
    assert actor_label("sync") == "sync service"


NOT_APPLIED = {
    "payment_not_applied": "JF-1",
    "sequence": 7,
    "reason": {"zh": "请值班长核对是否重复缴费。", "en": "A supervisor should check it."},
}


def test_a_confirmation_not_applied_is_named_and_says_why_in_the_clerks_language() -> None:
    text = describe_event_detail(NOT_APPLIED)
    assert text == "未采用的缴费平台确认（缴费识别码） JF-1 · 原因 请值班长核对是否重复缴费。"


def test_the_reason_of_a_confirmation_not_applied_reads_in_english(english: None) -> None:
    text = describe_event_detail(NOT_APPLIED)
    assert text.endswith("A supervisor should check it.") and "重复缴费" not in text


def test_every_follow_up_step_and_an_appeal_decision_not_applied_read_as_words() -> None:
    for step in FollowupStep:
        text = describe_event_detail({"followup_step": step.value, "by": "reviewer1"})
        assert text.startswith("回访步骤 ") and step.value not in text, step
    assert describe_event_detail({"followup_step": "appeal_upheld", "by": "reviewer1"}) == (
        "回访步骤 平台审核：申诉成立（差评不计入满意度） · 审核人 reviewer1"
    )
    reason = {"zh": "该申诉已审核过，每件只审核一次。", "en": "Decided already."}
    refused = {"appeal_not_applied": "upheld", "sequence": 9, "reason": reason}
    assert describe_event_detail(refused) == (
        "未采用的差评申诉审核结果 申诉成立 · 原因 该申诉已审核过，每件只审核一次。"
    )
