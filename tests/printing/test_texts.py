"""The words of a document around the clerk's free text: a reason, a legal basis or an
authority typed with its own punctuation never gets a second mark."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from printing import legal_text
from printing.document_data import DocumentKind
from printing.specimen import specimen_document

DOUBLED = re.compile(r"[。！？.!?][。！？.!?]|[。！？][，；]|[.!?][,;]")


@pytest.mark.parametrize(
    "reason",
    [
        "不属于本中心受理范围。",
        "不属于本中心受理范围",
        "不属于本中心受理范围；",
        "不属于本中心受理范围！",
        "Not handled at this centre.",
        "申请人称“已在外区申请。”",
    ],
)
def test_a_refusal_never_doubles_the_clerks_punctuation(reason: str) -> None:
    data = replace(
        specimen_document(DocumentKind.REFUSAL, "zh-en"),
        decision_reason=reason,
        legal_basis="《居住证暂行条例》第二条。",
        redirect_to="户籍所在地派出所户籍窗口。",
    )
    paragraphs = legal_text.body(data)
    for paragraph in paragraphs:
        assert not DOUBLED.search(paragraph), paragraph
    zh = paragraphs[0]
    core = reason.rstrip("。；！.")
    assert zh.startswith(f"您申请的“{data.item_name}”事项，经审查：{core}")
    assert "根据《居住证暂行条例》第二条的规定，决定不予受理。" in zh
    assert "请向户籍所在地派出所户籍窗口提出申请。" in paragraphs


def test_a_reason_without_a_stop_gets_one() -> None:
    data = replace(specimen_document(DocumentKind.REFUSAL), decision_reason="户籍不在本区")
    assert "经审查：户籍不在本区。根据" in legal_text.body(data)[0]
    english = legal_text.body(replace(data, lang="en", decision_reason="Outside this district"))
    assert "Reason: Outside this district. Under" in english[0]


def test_a_payee_ending_in_a_stop_is_not_doubled() -> None:
    data = replace(specimen_document(DocumentKind.PAYMENT, "zh-en"), payee="徐汇区民政局。")
    for paragraph in legal_text.body(data):
        assert not DOUBLED.search(paragraph), paragraph
