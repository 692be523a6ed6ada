"""Documents in the applicant's language: a case whose applicant chose bilingual documents
gets every document in Chinese and English, in A4 and on the roll, with the same font and
code checks as the others; the English name on a foreigner's card is printed; the clerk's
interface language plays no part."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from counter_app.config import Config
from counter_app.domain.catalog import MaterialForm
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.domain.documents import DOCUMENT_TITLES
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.intake_request import ApplicantInput, IntakeRequest
from counter_app.store.database import Store
from printing.document_data import DocumentKind, PaperFormat
from printing.fonts import FontSet, load_fonts
from printing.render import render_pdf
from printing.service import issue_document
from printing.specimen import (
    SPECIMEN_CASE_NO,
    SPECIMEN_NAME,
    SPECIMEN_TRACK_TOKEN,
    specimen_document,
)
from tests.printing import pdf_tools
from tests.printing.fixtures import ELDERLY_ALLOWANCE, CaseFactory

ENGLISH_NAME = "SMITH, JOHN MICHAEL"


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return load_fonts()


def _compact(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("fmt", list(PaperFormat))
@pytest.mark.parametrize("kind", list(DocumentKind))
def test_every_document_reads_in_both_languages(
    tmp_path: Path, fonts: FontSet, kind: DocumentKind, fmt: PaperFormat
) -> None:
    data = replace(specimen_document(kind, "zh-en"), applicant_english_name=ENGLISH_NAME)
    pdf = tmp_path / f"{kind}-{fmt}.pdf"
    pdf.write_bytes(render_pdf(data, fmt, fonts))
    for row in pdf_tools.fonts(pdf):
        assert row.embedded and row.type == "TrueType" and row.unicode_map, row
    text = pdf_tools.text(pdf)
    flat = _compact(text)
    zh_title, en_title = DOCUMENT_TITLES[kind]
    assert _compact(zh_title) in flat and _compact(en_title) in flat
    assert SPECIMEN_CASE_NO in text and "3101**********123X" in text
    assert SPECIMEN_NAME in text
    assert all(word in text for word in ENGLISH_NAME.split())  # the roll wraps it
    assert "办件编号" in flat and "CaseNo." in flat  # labels in both languages
    assert "第1页/共" in flat  # A4 may take two pages a copy in two languages
    if fmt is PaperFormat.A4:  # the roll's footer has room for one language only
        assert "Page1of" in flat
        assert "申请人联" in text and "Copy 1" in text
    if kind is DocumentKind.RECEIPT:
        assert "决定予以" in flat and "isaccepted" in flat  # the legal text in both
        top = 120 if fmt is PaperFormat.A4 else None
        png = pdf_tools.render_png(pdf, tmp_path / "page", 200, top_mm=top)
        codes = dict(pdf_tools.barcodes(png))
        assert codes.get("QR-Code") == f"https://zwdt.sh.gov.cn/track/{SPECIMEN_TRACK_TOKEN}"
        assert codes.get("CODE-128") == SPECIMEN_CASE_NO


def test_the_english_name_is_printed_in_chinese_documents_too(tmp_path: Path, fonts) -> None:
    data = replace(specimen_document(), applicant_english_name=ENGLISH_NAME)
    for fmt in PaperFormat:
        pdf = tmp_path / f"zh-{fmt}.pdf"
        pdf.write_bytes(render_pdf(data, fmt, fonts))
        text = pdf_tools.text(pdf)
        assert all(word in text for word in ENGLISH_NAME.split())


def _foreigner_case(store: Store, clerk: User, **changes) -> str:
    request = IntakeRequest(
        service_item=ELDERLY_ALLOWANCE,
        applicant=ApplicantInput(
            name="史密斯",
            id_type="990",
            id_number="USA310087060015",
            doc_kind="foreign_permanent_2017",
            english_name=ENGLISH_NAME,
        ),
        materials=[
            SubmittedMaterial(code, MaterialStatus.RECEIVED, MaterialForm.ORIGINAL, 1)
            for code in ("M01", "M02", "M03", "M04")
        ],
        request_id=str(uuid.uuid4()),
        **changes,
    )
    return intake.accept(store, request, clerk, now=datetime(2026, 11, 26, 2, tzinfo=UTC)).case_id


def test_a_case_is_issued_in_its_applicants_language(
    store: Store, config: Config, home: Home, clerk: User, make_case: CaseFactory
) -> None:
    bilingual = issue_document(store, config, home, _foreigner_case(store, clerk), actor="clerk07")
    assert bilingual.lang == "zh-en"
    text = _compact(pdf_tools.text(bilingual.pdf_path))
    assert "AcceptanceReceipt" in text and "受理通知书" in text
    assert _compact(ENGLISH_NAME) in text
    stored = store.db.execute(
        "SELECT lang FROM documents WHERE serial = ?", (bilingual.serial,)
    ).fetchone()
    assert stored[0] == "zh-en"
    chinese = issue_document(store, config, home, make_case("accept").case_id, actor="clerk07")
    assert chinese.lang == "zh"
    assert "AcceptanceReceipt" not in _compact(pdf_tools.text(chinese.pdf_path))
    chosen = _foreigner_case(store, clerk, document_language="zh")
    assert issue_document(store, config, home, chosen, actor="clerk07").lang == "zh"
    # An explicit language (the command line's --lang) still wins.
    explicit = issue_document(
        store, config, home, chosen, actor="clerk07", lang="en", kind=DocumentKind.VOUCHER
    )
    assert explicit.lang == "en"


def test_the_command_line_issues_in_the_cases_language(run_cli, tmp_path: Path) -> None:
    line = {
        "service_item": ELDERLY_ALLOWANCE,
        "decision": "accept",
        "applicant": {
            "id_type": "990",
            "doc_kind": "foreign_permanent_2017",
            "id_number": "USA310087060015",
            "name": "史密斯",
            "english_name": ENGLISH_NAME,
        },
        "materials": [
            {"code": code, "status": "received", "form": "original", "count": 1}
            for code in ("M01", "M02", "M03", "M04")
        ],
    }
    source = tmp_path / "cases.jsonl"
    source.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    case_no = json.loads(run_cli("import", str(source), "--json").stdout)["case_no"]
    out = tmp_path / "receipt.pdf"
    # The clerk's --lang en (messages) does not choose the paper's language.
    issued = json.loads(
        run_cli("--lang", "en", "receipt", case_no, "--out", str(out), "--json").stdout
    )
    assert issued["lang"] == "zh-en"
    assert "受理通知书" in pdf_tools.text(out) and "Acceptance Receipt" in pdf_tools.text(out)
