"""Documents after the first decision: a refusal names what does apply (a paid fee, a result
posted), a withdrawal the platform keeps in conflict gets no withdrawal receipt, and the
补正 voucher and the 领取回执 name the clerk who made that step, not the case's first clerk."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from counter_app.config import Config
from counter_app.domain.delivery import PostalStatus
from counter_app.home import Home
from counter_app.services import case_progress, corrections, delivery, intake, payments
from counter_app.services.auth import Accounts, User
from counter_app.store import case_plaintext
from counter_app.store import cases as case_rows
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from counter_app.store.sync_writes import SyncOutcome, record_sync_outcomes
from counter_app.store.timestamps import to_text
from printing.document_data import DocumentKind
from printing.errors import DocumentNotApplicable
from printing.service import issue_document
from tests.printing import pdf_tools
from tests.printing.fixtures import CaseFactory
from tests.services.conftest import complete_marks, item_named, request_for

# Monday 30 Nov and Wednesday 2 Dec 2026, 10:00 in Shanghai.
ASKED = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
BROUGHT = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)


def _flat(pdf: Path) -> str:
    """Text without spaces or line ends (pdftotext spaces CJK runs)."""
    return pdf_tools.text(pdf).replace(" ", "").replace("\n", "")


def _ready(store: Store, case_id: str) -> None:
    case_progress.apply_progress(store, case_id, "completed_approved")
    case_progress.apply_progress(store, case_id, "result_ready")


def test_a_paid_fee_gets_no_payment_notice_and_the_refusal_says_so(
    store: Store, config: Config, home: Home, clerk: User
) -> None:
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)
    item = item_named(store, "上海市居住证卡补领、换领")
    case = intake.accept(store, request_for(item, complete_marks(item)), clerk)
    payments.pay_at_window(store, case.case_id, clerk, "000123")

    with pytest.raises(DocumentNotApplicable) as caught:
        issue_document(store, config, home, case.case_id, kind=DocumentKind.PAYMENT, actor="c")

    assert "已缴费" in caught.value.zh and "is paid" in caught.value.en
    assert "《受理通知书（受理回执）》（receipt）" in caught.value.zh
    assert "《缴费通知书》（payment）" not in caught.value.zh


def test_a_posted_result_names_the_documents_it_can_get(
    store: Store, config: Config, home: Home, make_case: CaseFactory
) -> None:
    case = make_case("accept")
    _ready(store, case.case_id)
    delivery.apply_delivery_report(
        store, case.case_id, waybill="EA1", status=PostalStatus.DELIVERED
    )

    with pytest.raises(DocumentNotApplicable) as caught:
        issue_document(store, config, home, case.case_no, actor="c")

    assert "已邮寄送达" in caught.value.zh and "posted" in caught.value.en
    assert "可出具：" in caught.value.zh and "（receipt）" in caught.value.zh
    assert "（handover）" not in caught.value.zh
    issued = issue_document(store, config, home, case.case_no, kind=DocumentKind.RECEIPT, actor="c")
    assert issued.kind is DocumentKind.RECEIPT


def test_a_withdrawal_held_in_conflict_gets_no_withdrawal_receipt(
    store: Store, config: Config, home: Home, make_case: CaseFactory
) -> None:
    case = make_case("withdraw")
    version = case_rows.get_case(store, case.case_id).data_version
    (outbox_id,) = store.db.execute(
        "SELECT outbox_id FROM outbox WHERE case_id = ? AND data_version = ?",
        (case.case_id, version),
    ).fetchone()
    error = json.dumps({"reason": "withdrawn_after_step"})
    held = SyncOutcome(
        outbox_id, case.case_id, version, "conflict", None, "withdrawn_after_step", error, "{}"
    )
    with store.transaction() as db:
        record_sync_outcomes(db, [held], "sync", to_text(BROUGHT))

    with pytest.raises(DocumentNotApplicable) as caught:
        issue_document(store, config, home, case.case_no, actor="c")

    assert "撤回未被中心平台接受" in caught.value.zh and "supervisor" in caught.value.en
    rows = store.db.execute(
        "SELECT count(*) FROM documents WHERE case_id = ? AND kind = 'withdrawal'",
        (case.case_id,),
    ).fetchone()
    assert rows[0] == 0


def test_the_correction_voucher_names_the_clerk_who_took_the_correction(
    store: Store, config: Config, home: Home, make_case: CaseFactory
) -> None:
    other = Accounts(store).add_user("clerk19", "correct-horse-9", "clerk")
    case = make_case("accept")
    case_progress.apply_progress(
        store, case.case_id, "correction_requested", note="申请表签名不清", at=ASKED,
        materials=("M04",),
    )  # fmt: skip
    corrections.correct(store, case.case_no, other, ["M04"], now=BROUGHT)

    issued = issue_document(
        store, config, home, case.case_no, kind=DocumentKind.CORRECTION, actor="c"
    )

    text = _flat(issued.pdf_path)
    assert "clerk19" in text and "clerk07" not in text


def test_the_handover_receipt_names_the_clerk_who_handed_the_result_over(
    store: Store, config: Config, home: Home, make_case: CaseFactory
) -> None:
    other = Accounts(store).add_user("clerk19", "correct-horse-9", "clerk")
    case = make_case("accept")
    _ready(store, case.case_id)
    number = case_plaintext.case_document(store, case.case_id)["applicant"]["id_number"]
    delivery.hand_over(store, case.case_no, other, id_number=number)

    issued = issue_document(store, config, home, case.case_no, actor="c")

    assert issued.kind is DocumentKind.HANDOVER
    text = _flat(issued.pdf_path)
    assert "clerk19" in text and "clerk07" not in text
