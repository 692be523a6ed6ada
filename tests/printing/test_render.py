"""The paper itself: every document kind in both formats and both languages, read back the
way an applicant, a scanner and a search engine would."""

from __future__ import annotations

import re
import threading
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from printing.document_data import DocumentData, DocumentKind, PaperFormat, Reprint
from printing.errors import FontsMissing
from printing.fonts import CJK_COMPAT, EXT_B, FONT_FILES, LATIN, FontSet, load_fonts
from printing.geometry import MIN_LINE_WIDTH, ROLL_WIDTH
from printing.render import render_pdf
from printing.specimen import (
    SPECIMEN_CASE_ID,
    SPECIMEN_CASE_NO,
    SPECIMEN_NAME,
    SPECIMEN_TRACK_TOKEN,
    specimen_document,
)
from tests.printing import pdf_tools

CASE_ID = SPECIMEN_CASE_ID
CASE_NO = SPECIMEN_CASE_NO
MASKED = "3101**********123X"
NAME = SPECIMEN_NAME
POINTS_PER_MM = 72 / 25.4


def sample(
    kind: DocumentKind = DocumentKind.RECEIPT, lang: str = "zh", materials: int = 4
) -> DocumentData:
    return specimen_document(kind, lang, materials=materials)


def _compact(text: str) -> str:
    """Text without spaces: pdftotext -layout spaces CJK runs by their position."""
    return text.replace(" ", "")


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return load_fonts()


def _write(tmp_path: Path, data: DocumentData, fmt: PaperFormat, fonts: FontSet) -> Path:
    path = tmp_path / f"{data.kind}-{fmt}-{data.lang}.pdf"
    path.write_bytes(render_pdf(data, fmt, fonts))
    return path


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", list(PaperFormat))
@pytest.mark.parametrize("kind", list(DocumentKind))
def test_every_document_embeds_fonts_and_reads_back(
    tmp_path: Path, fonts: FontSet, kind: DocumentKind, fmt: PaperFormat, lang: str
) -> None:
    pdf = _write(tmp_path, sample(kind, lang), fmt, fonts)
    rows = pdf_tools.fonts(pdf)
    assert rows, "no fonts?"
    for row in rows:
        assert row.embedded, f"{row.name} is not embedded"
        assert row.type == "TrueType", f"{row.name} is {row.type}"
        assert row.unicode_map, f"{row.name} has no ToUnicode map"
    assert any("HanaMinB" in row.name for row in rows)
    text = pdf_tools.text(pdf)
    assert CASE_NO in text
    assert MASKED in text
    assert NAME in text  # both Extension B characters survive extraction intact
    page_marker = "Page 1 of 1" if lang == "en" else "第 1 页 / 共 1 页"
    assert _compact(page_marker) in _compact(text)
    if fmt is PaperFormat.A4:
        copies = ("Copy 1", "Copy 2") if lang == "en" else ("申请人联", "存档联")
        assert all(copy in text for copy in copies)
        assert pdf_tools.text(pdf, page=2).count(CASE_NO) >= 1
    if lang == "en" and kind is not DocumentKind.RECEIPT:
        return  # codes are placed the same whatever the language; the zh runs scan them all
    # The codes sit in the top part of the page; rendering only that keeps the test quick.
    top = 120 if fmt is PaperFormat.A4 else None
    png = pdf_tools.render_png(pdf, tmp_path / "page", 200, top_mm=top)
    codes = dict(pdf_tools.barcodes(png))
    qr = (
        f"https://zwdt.sh.gov.cn/pay/JF-{CASE_NO}"  # the payment notice's code pays
        if kind is DocumentKind.PAYMENT
        else f"https://zwdt.sh.gov.cn/track/{SPECIMEN_TRACK_TOKEN}"
    )
    assert codes.get("QR-Code") == qr
    assert codes.get("CODE-128") == CASE_NO


def test_qr_code_has_no_personal_data(tmp_path: Path, fonts: FontSet) -> None:
    pdf = _write(tmp_path, sample(), PaperFormat.ROLL_80MM, fonts)
    codes = dict(pdf_tools.barcodes(pdf_tools.render_png(pdf, tmp_path / "p", 200)))
    url = codes["QR-Code"]
    assert SPECIMEN_TRACK_TOKEN in url and CASE_ID not in url and CASE_NO not in url
    assert NAME not in url and "123X" not in url and "3101" not in url


def test_roll_is_80mm_wide_without_hairlines(tmp_path: Path, fonts: FontSet) -> None:
    for kind in DocumentKind:
        pdf = _write(tmp_path, sample(kind), PaperFormat.ROLL_80MM, fonts)
        sizes = pdf_tools.pages(pdf)
        assert len(sizes) == 1
        assert sizes[0][0] == pytest.approx(ROLL_WIDTH, abs=0.01)
        assert sizes[0][0] == pytest.approx(80 * POINTS_PER_MM, abs=0.01)
        widths = pdf_tools.stroke_widths(pdf)
        assert widths, "no rules drawn?"
        assert min(widths) >= MIN_LINE_WIDTH


def test_roll_length_fits_content(tmp_path: Path, fonts: FontSet) -> None:
    short = _write(tmp_path, sample(materials=3), PaperFormat.ROLL_80MM, fonts)
    long = tmp_path / "long.pdf"
    long.write_bytes(render_pdf(sample(materials=15), PaperFormat.ROLL_80MM, fonts))
    (short_w, short_h), (long_w, long_h) = pdf_tools.pages(short)[0], pdf_tools.pages(long)[0]
    assert short_w == long_w
    assert long_h > short_h + 15 * 5 * POINTS_PER_MM  # about a row per added material
    assert len(pdf_tools.pages(long)) == 1
    # the last thing on the roll (the footer) sits just above the bottom edge: no blank tail
    text = pdf_tools.text(long)
    assert _compact(text).rstrip().endswith("第1页/共1页")


def test_multipage_a4_counts_pages_within_each_copy(tmp_path: Path, fonts: FontSet) -> None:
    pdf = tmp_path / "many.pdf"
    pdf.write_bytes(render_pdf(sample(materials=40), PaperFormat.A4, fonts))
    pages = pdf_tools.pages(pdf)
    assert len(pages) >= 4 and len(pages) % 2 == 0
    per_copy = len(pages) // 2
    for number in range(1, len(pages) + 1):
        text = pdf_tools.text(pdf, page=number)
        in_copy = (number - 1) % per_copy + 1
        assert _compact(f"第 {in_copy} 页 / 共 {per_copy} 页") in _compact(text), number
        copy = "申请人联" if number <= per_copy else "存档联"
        assert copy in text
        assert CASE_NO in text  # every page says which case it belongs to
    # the table header repeats on continuation pages
    assert "材料名称" in pdf_tools.text(pdf, page=2)
    copy_text = "".join(pdf_tools.text(pdf, page=n) for n in range(2, per_copy + 1))
    assert "材料40：" in copy_text.replace(" ", "")  # the table runs on to the copy's end


def test_reprint_is_marked_on_the_paper(tmp_path: Path, fonts: FontSet) -> None:
    reprint = Reprint(2, datetime(2026, 11, 27, 1, 30, tzinfo=UTC), "卡纸")
    for lang, mark in (
        ("zh", "补打 · 第2次补打 · 2026年11月27日 09:30"),
        ("en", "REPRINT · No. 2"),
    ):
        data = replace(sample(lang=lang), reprint=reprint)
        for fmt in PaperFormat:
            text = pdf_tools.text(_write(tmp_path, data, fmt, fonts))
            assert mark.replace(" ", "") in text.replace(" ", "")


def test_fallback_markup_splits_runs_by_coverage(fonts: FontSet) -> None:
    assert fonts.markup("王小明") == "王小明"
    assert fonts.markup("吉𠮷<b>") == f'吉<font name="{EXT_B}">𠮷</font>&lt;b&gt;'
    assert fonts.runs("a𠮷𪚥b") == [(fonts.primary, "a"), (EXT_B, "𠮷𪚥"), (fonts.primary, "b")]


def test_each_character_takes_the_first_face_of_the_chain_that_has_it(fonts: FontSet) -> None:
    assert [face.name for face in fonts.faces] == [font.face for font in FONT_FILES]
    # Á is WenQuanYi's; Ř, which HanaMin A has too, comes from the sans-serif Latin face.
    assert fonts.runs("DVOŘÁK") == [(fonts.primary, "DVO"), (LATIN, "Ř"), (fonts.primary, "ÁK")]
    assert fonts.markup("山﨑") == f'山<font name="{CJK_COMPAT}">﨑</font>'
    assert fonts.runs("şİğĐễ") == [(LATIN, "şİğĐễ")]


def test_missing_names_what_no_face_of_the_chain_draws(fonts: FontSet) -> None:
    # A private-use code point (a card reader vendor's 生僻字) and CJK Ext. G are in no face.
    assert fonts.missing("𠮷王Ř﨑\ue000\U00030000") == ["\ue000", "\U00030000"]
    assert fonts.missing("NGUYỄN THỊ ĐÀO 山﨑太郎 DVOŘÁK, ANTONÍN") == []


def test_fonts_load_once_per_process_thread_safely() -> None:
    results: list[FontSet] = []
    threads = [threading.Thread(target=lambda: results.append(load_fonts())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(results) == 8 and all(r is results[0] for r in results)


def test_missing_fonts_say_what_and_how_to_fix(tmp_path: Path) -> None:
    (tmp_path / "wqy-zenhei.ttc").write_bytes(b"")
    with pytest.raises(FontsMissing) as missing:
        load_fonts(tmp_path)
    for font in FONT_FILES[1:]:
        assert font.filename in missing.value.zh and font.debian_package in missing.value.en
    assert "make setup" in missing.value.zh
    assert missing.value.zh.count("fonts-hanazono") == 1  # HanaMin A and B: one package
    assert re.search(r"missing", missing.value.en)


@pytest.mark.parametrize("fmt", list(PaperFormat))
@pytest.mark.parametrize(
    ("lang", "must_read"),
    [
        ("zh", ("撤回申请回执", "撤回原因：申请人不再需要办理", "经申请人本人确认", "撤回时间")),
        (
            "en",
            (
                "Withdrawal Receipt",
                "Reason for withdrawal: 申请人不再需要办理",
                "confirmed by the applicant",
                "Withdrawn",
            ),
        ),
    ],
)
def test_withdrawal_receipt_states_reason_and_confirmation(
    tmp_path: Path, fonts: FontSet, fmt: PaperFormat, lang: str, must_read: tuple[str, ...]
) -> None:
    pdf = _write(tmp_path, sample(DocumentKind.WITHDRAWAL, lang), fmt, fonts)
    text = _compact(pdf_tools.text(pdf)).replace("\n", "")  # a phrase may wrap on the roll
    for phrase in must_read:
        assert _compact(phrase) in text
    assert "予以受理" not in text  # never reads as an acceptance


@pytest.mark.parametrize(
    ("kind", "lang", "materials"),
    [
        (DocumentKind.RECEIPT, "en", 14),
        (DocumentKind.DEFERRAL, "zh", 14),
        (DocumentKind.TERMINATION, "zh-en", 4),
    ],
)
def test_a4_copy_whose_signatures_fall_on_a_page_break_renders(
    tmp_path: Path, fonts: FontSet, kind: DocumentKind, lang: str, materials: int
) -> None:
    # The signature block's spacer, pushed to the next page in the first copy, was the
    # same object in the second copy, where reportlab took it for one that can never fit.
    pdf = tmp_path / "break.pdf"
    pdf.write_bytes(render_pdf(sample(kind, lang, materials), PaperFormat.A4, fonts))
    pages = pdf_tools.pages(pdf)
    assert len(pages) % 2 == 0
    assert CASE_NO in pdf_tools.text(pdf, page=len(pages))


@pytest.mark.parametrize("fmt", list(PaperFormat))
@pytest.mark.parametrize(
    ("name", "english_name", "face"),
    [
        ("德沃夏克", "DVOŘÁK ANTONÍN", "DejaVuSans"),  # 永久居留身份证: Chinese and English name
        ("NGUYỄN THỊ ĐÀO", None, "DejaVuSans"),
        ("山﨑太郎", None, "HanaMinA"),  # U+FA11, a CJK compatibility ideograph
    ],
)
def test_receipt_prints_every_character_of_a_foreign_or_compatibility_name(
    tmp_path: Path,
    fonts: FontSet,
    fmt: PaperFormat,
    name: str,
    english_name: str | None,
    face: str,
) -> None:
    data = replace(sample(), applicant_name=name, applicant_english_name=english_name)
    pdf = _write(tmp_path, data, fmt, fonts)  # refused as unprintable before the Latin face
    rows = pdf_tools.fonts(pdf)
    assert any(row.name.endswith(f"+{face}") for row in rows), rows
    assert all(row.embedded and row.type == "TrueType" and row.unicode_map for row in rows)
    text = pdf_tools.text(pdf)
    assert name in text
    assert english_name is None or english_name in text
