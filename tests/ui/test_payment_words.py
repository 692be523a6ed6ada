"""A fee's words at the window: a case that ended without a result owes nothing and is owed
back what it paid; the history names a payment's method and amount in yuan, and a
withdrawal's confirmation, never codes; the method names are the command line's; the POS
dialog (Alt+P) offers the card payment only."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtWidgets import QComboBox, QLineEdit, QRadioButton

from counter_app.domain.fees import PAYMENT_METHOD_NAMES
from counter_app.store.payments import CasePayment, Refund
from ui.case_history_text import describe_event_detail
from ui.i18n import install_language
from ui.payment import PosPaymentDialog, fee_text, method_names, paid_text

PAID_AT = "2026-09-24T03:00:00.000000Z"


def _payment(state: str, paid: bool, method: str | None = None) -> CasePayment:
    return CasePayment(
        fee_cents=2000,
        reference="JF-310104-W01-20260924-0001",
        paid_at=PAID_AT if paid else None,
        method=method,
        receipt_no="000123" if method == "pos" else None,
        case_state=state,
    )


@pytest.fixture
def english(qapp) -> Iterator[None]:
    assert install_language("en"), "run `make translations` first"
    yield
    install_language("zh")


def test_a_case_that_ended_without_a_result_owes_nothing_and_is_owed_back(qapp) -> None:
    assert fee_text(_payment("accepted", False)) == "20.00 元（待缴费）"
    assert fee_text(_payment("withdrawn", False)) == "无需缴费（已撤回）"
    assert (
        fee_text(_payment("withdrawn", True, "platform")) == "20.00 元（已缴费，应退费（已撤回））"
    )
    assert fee_text(_payment("completed_approved", True, "pos")) == "20.00 元（已缴费）"
    refunded = replace(
        _payment("withdrawn", True, "platform"), refund=Refund(PAID_AT, "TK0001", "super01")
    )
    assert fee_text(refunded) == "20.00 元（已退费（凭证号 TK0001，2026-09-24））"


def test_the_fee_in_english(english) -> None:
    assert fee_text(_payment("withdrawn", False)) == "nothing to pay (Withdrawn)"
    assert "refund owed" in fee_text(_payment("voided", True, "pos"))
    assert paid_text(_payment("accepted", True, "pos")) == (
        "card at the window's POS terminal, receipt no. 000123"
    )


def test_the_method_names_are_the_command_lines(qapp) -> None:
    assert method_names() == {method.value: zh for method, (zh, _) in PAYMENT_METHOD_NAMES.items()}
    assert paid_text(_payment("accepted", True, "pos")) == "窗口POS刷卡，凭条号 000123"


def test_the_history_names_a_payment_and_a_withdrawal(qapp) -> None:
    paid = {"data_version": 2, "paid": "pos", "fee_cents": 2000, "receipt_no": "000123"}
    assert describe_event_detail(paid) == (
        "数据版本 2 · 缴费方式 窗口POS刷卡 · 金额 20.00 元 · POS凭条号 000123"
    )
    withdrawn = {
        "data_version": 2,
        "reason_given": True,
        "applicant_confirmed": True,
        "confirmation": "outside_program",
    }
    assert describe_event_detail(withdrawn) == (
        "数据版本 2 · 已说明撤回理由 · 申请人已确认撤回 · 确认方式 在本程序以外确认"
    )


def test_the_history_in_english(english) -> None:
    paid = {"data_version": 2, "paid": "platform", "fee_cents": 2000}
    assert describe_event_detail(paid) == (
        "Data version 2 · paid by unified public payment platform · amount 20.00 yuan"
    )


def test_the_payment_dialog_takes_a_card_payment_only(qtbot) -> None:
    dialog = PosPaymentDialog("310104-W01-20260924-0001", _payment("accepted", False))
    qtbot.addWidget(dialog)
    assert dialog.findChildren(QComboBox) == [] and dialog.findChildren(QRadioButton) == []
    assert [edit.objectName() for edit in dialog.findChildren(QLineEdit)] == ["posReceiptNo"]
