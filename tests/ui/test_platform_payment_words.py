"""A platform payment the window recorded from the applicant's voucher, in the window's
words: the fee and how it was paid say it waits for the platform's confirmation, with the
transaction number (the command line's words); the history labels the number and the
confirmation; the 登记平台缴费 dialog takes the number from the keyboard, Enter records it,
and an error leaves it open to correct."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from counter_app.domain.fees import WINDOW_RECORDED_PAYMENT_STATES
from counter_app.store.payments import CasePayment
from ui.case_history_text import describe_event_detail
from ui.i18n import install_language
from ui.payment import PlatformPaymentDialog, fee_text, paid_text

TRANSACTION = "SSB-20260924-0001"


def _recorded(state: str = "accepted", *, confirmed: bool = False) -> CasePayment:
    return CasePayment(
        fee_cents=2000,
        reference="JF-310104-W01-20260924-0001",
        paid_at="2026-09-24T03:00:00.000000Z",
        method="platform",
        receipt_no=TRANSACTION,
        case_state=state,
        confirmed=confirmed,
    )


@pytest.fixture
def english(qapp) -> Iterator[None]:
    assert install_language("en"), "run `make translations` first"
    yield
    install_language("zh")


def test_an_unconfirmed_record_says_it_waits_for_the_platform(qapp) -> None:
    assert fee_text(_recorded()) == (
        f"20.00 元（已缴费（统一支付平台，待平台确认，流水号 {TRANSACTION}））"
    )
    assert paid_text(_recorded()) == f"统一公共支付平台，缴费流水号 {TRANSACTION}（待平台确认）"


def test_a_confirmed_record_says_so(qapp) -> None:
    assert fee_text(_recorded(confirmed=True)) == (
        f"20.00 元（已缴费（统一支付平台已确认，流水号 {TRANSACTION}））"
    )
    assert paid_text(_recorded(confirmed=True)) == (
        f"统一公共支付平台，缴费流水号 {TRANSACTION}（平台已确认）"
    )


def test_an_ended_case_owes_back_only_what_the_platform_confirmed(qapp) -> None:
    assert "待平台确认" in fee_text(_recorded("withdrawn"))
    assert fee_text(_recorded("withdrawn", confirmed=True)) == (
        "20.00 元（已缴费，应退费（已撤回））"
    )


def test_the_fee_in_english_is_the_command_lines(english) -> None:
    words = WINDOW_RECORDED_PAYMENT_STATES[False][1].format(number=TRANSACTION)
    assert words in fee_text(_recorded())


def test_the_history_labels_the_number_and_the_confirmation(qapp) -> None:
    recorded = {
        "data_version": 2,
        "paid": "platform",
        "fee_cents": 2000,
        "transaction_no": TRANSACTION,
        "payment_confirmed": False,
    }
    assert describe_event_detail(recorded) == (
        "数据版本 2 · 缴费方式 统一公共支付平台 · 金额 20.00 元 · "
        f"缴费流水号 {TRANSACTION} · 待平台确认"
    )
    confirmed = {
        **recorded,
        "data_version": 3,
        "payment_confirmed": True,
        "payment_reference": "JF-310104-W01-20260924-0001",
    }
    shown = describe_event_detail(confirmed)
    assert shown.endswith("平台已确认 · 缴费识别码 JF-310104-W01-20260924-0001")
    assert "True" not in shown and "False" not in describe_event_detail(recorded)


def test_the_dialog_takes_the_transaction_number_by_keyboard(qtbot) -> None:
    dialog = PlatformPaymentDialog("310104-W01-20260924-0001", replace(_recorded(), paid_at=None))
    qtbot.addWidget(dialog)
    dialog.show()
    assert [edit.objectName() for edit in dialog.findChildren(QLineEdit)] == [
        "platformTransactionNo"
    ]
    assert "20.00 元" in dialog.heading.text() and "待缴费平台确认" in dialog.heading.text()
    assert dialog.windowTitle() == "登记平台缴费"
    assert not dialog.ok_button().isEnabled()
    qtbot.keyClicks(dialog.receipt_no, f" {TRANSACTION} ")
    with qtbot.waitSignal(dialog.payment_requested) as requested:
        qtbot.keyClick(dialog.receipt_no, Qt.Key.Key_Return)
    assert requested.args == [TRANSACTION]
    assert not dialog.buttons.isEnabled()  # a second Enter records nothing twice

    dialog.show_error("本办件已缴费，不能重复收费。")
    assert dialog.buttons.isEnabled() and dialog.error.text() == "本办件已缴费，不能重复收费。"
