"""Fees in the window, keyboard first: the chosen item shows its fee, the accepted case is
marked 待缴费 in the list and its detail, Alt+N prints the 缴费通知书 and Alt+P records a card
payment at the POS terminal with its receipt number; then the mark goes."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import login
from tests.ui.intake_steps import (
    confirm_automatically,
    set_receipt_and_rating_aside,
)


def _accept_the_fee_item(qtbot, running, monkeypatch) -> str:
    confirm_automatically(monkeypatch)
    login(qtbot, running)
    intake = running.window.intake
    qtbot.waitUntil(lambda: bool(intake.items), timeout=20_000)
    running.reader.place("resident")
    qtbot.waitUntil(lambda: intake.identity.name.text() == "王建国", timeout=20_000)
    running.reader.remove()
    intake.identity.phone.setText("13912340000")
    intake.focus_search()
    intake.search.query.setText("卡补领")  # Chinese comes from the IME, not key events
    intake.search.run_search_now()
    assert "卡补领" in intake.search.results.item(0).text()
    qtbot.keyClick(intake.search.query, Qt.Key.Key_Return)
    assert intake.item is not None and intake.item.fee_cents == 2000
    assert "20.00 元" in intake.search.chosen.text()
    intake.checklist.receive_all_required()
    with qtbot.waitSignal(intake.case_stored, timeout=30_000) as stored:
        intake.decide("accept")
    qtbot.waitUntil(
        lambda: intake.preview is not None and intake.preview.pages_layout.count() > 1,
        timeout=30_000,
    )
    set_receipt_and_rating_aside(qtbot, intake)
    return str(stored.args[0])


def _state_text(cases, case_id: str) -> str:
    for number, row in enumerate(cases.model.rows):
        if row.case_id == case_id:
            column = cases.model.COLUMNS.index("state")
            return str(cases.model.data(cases.model.index(number, column)))
    return ""


def _facts(detail) -> str:
    return " ".join(
        detail.facts.itemAt(row, detail.facts.ItemRole.FieldRole).widget().text()
        for row in range(detail.facts.rowCount())
    )


def test_a_fee_case_is_marked_unpaid_until_a_card_payment_at_the_window(
    qtbot, running, monkeypatch
) -> None:
    case_id = _accept_the_fee_item(qtbot, running, monkeypatch)
    cases = running.window.cases
    running.window.work.setCurrentWidget(cases)  # the clerk opens the case from its list
    qtbot.waitUntil(lambda: "待缴费" in _state_text(cases, case_id), timeout=20_000)

    detail = cases.open_case(case_id)
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=20_000)
    assert "20.00 元" in _facts(detail) and "待缴费" in _facts(detail)
    assert detail.pay_button.isEnabled() and detail.payment_notice_button.isEnabled()

    # Alt+N: the 缴费通知书 is issued and printed.
    detail.activateWindow()
    qtbot.keyClick(detail, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(
        lambda: any(
            d.kind == "payment" and d.print_status == "printed" for d in detail.detail.documents
        ),
        timeout=30_000,
    )

    # Alt+P: the terminal's receipt number typed, Enter records the payment.
    qtbot.keyClick(detail, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: detail.payment_dialog is not None, timeout=10_000)
    dialog = detail.payment_dialog
    assert "20.00 元" in dialog.heading.text()
    assert not dialog.ok_button().isEnabled()
    qtbot.keyClicks(dialog.receipt_no, "000123")
    with qtbot.waitSignal(detail.loaded, timeout=30_000):
        qtbot.keyClick(dialog.receipt_no, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: detail.detail.payment is not None and detail.detail.payment.paid,
        timeout=20_000,
    )
    assert "已缴费" in _facts(detail) and "000123" in _facts(detail)
    assert not detail.pay_button.isEnabled() and not detail.payment_notice_button.isEnabled()
    qtbot.waitUntil(lambda: "待缴费" not in _state_text(cases, case_id), timeout=20_000)
    assert _state_text(cases, case_id)
    detail.close()


def test_a_platform_payment_is_recorded_from_the_applicants_voucher_pending_confirmation(
    qtbot, running, monkeypatch
) -> None:
    case_id = _accept_the_fee_item(qtbot, running, monkeypatch)
    detail = running.window.cases.open_case(case_id)
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=20_000)
    assert detail.platform_pay_button.isEnabled()
    detail.platform_pay_button.click()
    qtbot.waitUntil(lambda: detail.payment_dialog is not None, timeout=10_000)
    dialog = detail.payment_dialog
    assert dialog.objectName() == "platformPayment"
    qtbot.keyClicks(dialog.receipt_no, "PT20261207000123")
    with qtbot.waitSignal(detail.loaded, timeout=30_000):
        qtbot.keyClick(dialog.receipt_no, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: detail.detail.payment is not None and detail.detail.payment.paid,
        timeout=20_000,
    )
    assert detail.detail.payment.confirmed is False
    assert "待平台确认" in _facts(detail) and "PT20261207000123" in _facts(detail)
    assert not detail.platform_pay_button.isEnabled()
    assert detail.pay_button.isEnabled()  # a card payment may replace an unconfirmed voucher
    detail.close()
