"""The 缴费通知书 (amount from integer cents, payee, payment reference, a QR to pay with) in
both papers and languages, issued only for a case that still owes its fee; and the fee on
the acceptance receipt, 待缴费 until paid."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services import intake, payments
from counter_app.services.auth import User
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from printing.document_data import DocumentKind, PaperFormat
from printing.errors import DocumentNotApplicable
from printing.fonts import FontSet, load_fonts
from printing.render import render_pdf
from printing.service import issue_document
from printing.specimen import SPECIMEN_CASE_NO, specimen_document
from tests.printing import pdf_tools
from tests.printing.fixtures import CaseFactory
from tests.services.conftest import complete_marks, item_named, request_for

CARD_REPLACEMENT = "上海市居住证卡补领、换领"
PAYMENT_URL = f"https://zwdt.sh.gov.cn/pay/JF-{SPECIMEN_CASE_NO}"


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return load_fonts()


def _flat(pdf: Path) -> str:
    """Text without spaces or line ends (pdftotext spaces CJK runs; the roll wraps)."""
    return pdf_tools.text(pdf).replace(" ", "").replace("\n", "")


@pytest.mark.parametrize("fmt", list(PaperFormat))
@pytest.mark.parametrize(
    ("lang", "must_read"),
    [
        ("zh", ("缴费通知书", "缴费金额", "20.00元", "收款单位", "缴费识别码", "扫码缴费")),
        ("en", ("PaymentNotice", "Amountdue", "20.00yuan", "Payee", "Reference", "Scantopay")),
    ],
)
def test_payment_notice_states_amount_payee_reference_and_a_qr_to_pay(
    tmp_path: Path, fonts: FontSet, fmt: PaperFormat, lang: str, must_read: tuple[str, ...]
) -> None:
    pdf = tmp_path / f"payment-{fmt}-{lang}.pdf"
    pdf.write_bytes(render_pdf(specimen_document(DocumentKind.PAYMENT, lang), fmt, fonts))
    text = _flat(pdf)
    for phrase in must_read:
        assert phrase in text
    assert f"JF-{SPECIMEN_CASE_NO}" in text
    assert "予以受理" not in text
    top = 120 if fmt is PaperFormat.A4 else None
    codes = dict(pdf_tools.barcodes(pdf_tools.render_png(pdf, tmp_path / "p", 200, top_mm=top)))
    assert codes.get("QR-Code") == PAYMENT_URL
    assert codes.get("CODE-128") == SPECIMEN_CASE_NO


def test_the_receipt_shows_the_fee_paid(tmp_path: Path, fonts: FontSet) -> None:
    data = replace(specimen_document(DocumentKind.RECEIPT, "zh"), paid=True)
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(render_pdf(data, PaperFormat.ROLL_80MM, fonts))
    text = _flat(pdf)
    assert "收费金额" in text and "20.00元" in text and "已缴费" in text
    assert "待缴费" not in text


def _fee_case(store: Store, clerk: User) -> intake.IntakeResult:
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)
    item = item_named(store, CARD_REPLACEMENT)
    return intake.accept(store, request_for(item, complete_marks(item)), clerk)


def test_a_fee_case_gets_its_payment_notice_until_it_is_paid(
    store: Store, config: Config, home: Home, clerk: User, make_case: CaseFactory
) -> None:
    case = _fee_case(store, clerk)
    receipt = issue_document(store, config, home, case.case_id, actor="c")
    assert receipt.kind is DocumentKind.RECEIPT
    text = _flat(receipt.pdf_path)
    assert "收费金额" in text and "20.00元" in text and "待缴费" in text

    notice = issue_document(store, config, home, case.case_id, kind=DocumentKind.PAYMENT, actor="c")
    text = _flat(notice.pdf_path)
    assert "缴费通知书" in text and "20.00元" in text and f"JF-{case.case_no}" in text
    assert "上海市公安局徐汇分局" in text  # the payee: the department that charges the fee

    payments.pay_at_window(store, case.case_id, clerk, "000123")
    with pytest.raises(DocumentNotApplicable):
        issue_document(store, config, home, case.case_id, kind=DocumentKind.PAYMENT, actor="c")
    free = make_case("accept")
    with pytest.raises(DocumentNotApplicable):
        issue_document(store, config, home, free.case_id, kind=DocumentKind.PAYMENT, actor="c")
