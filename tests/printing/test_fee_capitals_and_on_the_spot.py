"""Fees on paper: the payment notice gives the amount in Chinese capitals (大写金额) beside
the figures, and an on-the-spot item (即办件) with a fee still due says on the receipt and
on the payment notice alike that it is done on the spot once the fee is paid."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from printing.amount_in_words import yuan_in_capitals
from printing.document_data import DocumentKind, PaperFormat
from printing.fonts import FontSet, load_fonts
from printing.render import render_pdf
from printing.specimen import specimen_document
from tests.printing import pdf_tools


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return load_fonts()


def _flat(pdf: Path) -> str:
    """Text without spaces or line ends (pdftotext spaces CJK runs; the roll wraps)."""
    return pdf_tools.text(pdf).replace(" ", "").replace("\n", "")


@pytest.mark.parametrize(
    ("cents", "words"),
    [
        (1234567, "壹万贰仟叁佰肆拾伍元陆角柒分"),
        (2000, "贰拾元整"),
        (0, "零元整"),
        (5, "伍分"),
        (50, "伍角"),
        (105, "壹元零伍分"),
        (1000, "壹拾元整"),
        (100500, "壹仟零伍元整"),
        (101000, "壹仟零壹拾元整"),
        (1001000, "壹万零壹拾元整"),
        (10001000, "壹拾万零壹拾元整"),
        (100000030, "壹佰万元叁角"),
        (10000000100, "壹亿零壹元整"),
        (1200000000, "壹仟贰佰万元整"),
    ],
)
def test_an_amount_in_chinese_capitals(cents: int, words: str) -> None:
    assert yuan_in_capitals(cents) == words


@pytest.mark.parametrize("wrong", [-1, 12.5, True])
def test_a_negative_or_non_integer_amount_has_no_capitals(wrong: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        yuan_in_capitals(wrong)  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", list(PaperFormat))
def test_the_payment_notice_prints_the_amount_in_capitals(
    tmp_path: Path, fonts: FontSet, fmt: PaperFormat
) -> None:
    data = replace(specimen_document(DocumentKind.PAYMENT, "zh"), fee_cents=1234567)
    pdf = tmp_path / f"payment-{fmt}.pdf"
    pdf.write_bytes(render_pdf(data, fmt, fonts))
    text = _flat(pdf)
    assert "12345.67元" in text
    assert "大写金额" in text and "壹万贰仟叁佰肆拾伍元陆角柒分" in text
    english = tmp_path / f"payment-{fmt}-en.pdf"
    english.write_bytes(render_pdf(replace(data, lang="en"), fmt, fonts))
    assert "壹万" not in _flat(english)


@pytest.mark.parametrize("kind", [DocumentKind.RECEIPT, DocumentKind.PAYMENT])
def test_an_on_the_spot_item_with_a_fee_due_is_done_once_paid(
    tmp_path: Path, fonts: FontSet, kind: DocumentKind
) -> None:
    due = replace(specimen_document(kind, "zh"), case_type="immediate", paid=False)
    pdf = tmp_path / "due.pdf"
    pdf.write_bytes(render_pdf(due, PaperFormat.A4, fonts))
    text = _flat(pdf)
    assert "即办件（缴费确认后当场办结）" in text
    # The legal text says the same: nothing about the body starting work after payment,
    # nor a plain "当场办结" beside the fee still due.
    assert "本机关开始办理" not in text and "当场办结。" not in text.replace(
        "缴费确认后当场办结", ""
    )


def test_a_paid_on_the_spot_item_is_simply_on_the_spot(tmp_path: Path, fonts: FontSet) -> None:
    paid = replace(specimen_document(DocumentKind.RECEIPT, "zh"), case_type="immediate", paid=True)
    pdf = tmp_path / "paid.pdf"
    pdf.write_bytes(render_pdf(paid, PaperFormat.A4, fonts))
    text = _flat(pdf)
    assert "即办件" in text and "缴费确认后当场办结" not in text
