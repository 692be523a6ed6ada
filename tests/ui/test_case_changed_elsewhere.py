"""A case detail left open while the case changes elsewhere (the command line, a supervisor
at another terminal of the PC: another connection to the same store): a step the change
refuses reloads the detail and says so, over the case as it is now; a refusal of a case
that did not change is said in the step's dialog, as before."""

from __future__ import annotations

from typing import TYPE_CHECKING

from counter_app.domain.fees import PaymentMethod
from counter_app.services.auth import User
from counter_app.services.case_endings import withdraw
from counter_app.services.payments import pay_at_window
from counter_app.store.cases import list_cases
from counter_app.store.database import open_store
from counter_app.store.payments import unpaid_cases
from tests.ui.conftest import login

if TYPE_CHECKING:
    from ui.app import RunningApp
    from ui.case_detail import CaseDetailDialog

ELSEWHERE = User("super01", "值班长", "supervisor", None, False)


def open_fee_due_case(qtbot, app: RunningApp) -> CaseDetailDialog:
    """The detail of the seeded case that is accepted and owes its fee (待缴费)."""
    session = app.session
    with open_store(session.home, session.config) as store:
        accepted = list_cases(store, state="accepted", limit=None)
        unpaid = unpaid_cases(store, [record.case_id for record in accepted])
    case_id = next(record.case_id for record in accepted if record.case_id in unpaid)
    detail = app.window.cases.open_case(case_id)
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=30_000)
    return detail


def elsewhere(app: RunningApp, change) -> None:  # type: ignore[no-untyped-def]
    """``change(store)`` through a connection of its own, as another process writes."""
    with open_store(app.session.home, app.session.config) as store:
        change(store)


def test_a_withdrawal_made_elsewhere_refreshes_the_open_detail(qtbot, running) -> None:
    login(qtbot, running)
    detail = open_fee_due_case(qtbot, running)
    assert detail.withdraw_button.isEnabled()
    case_id = detail.case_id
    elsewhere(
        running,
        lambda store: withdraw(store, case_id, ELSEWHERE, "命令行撤回", applicant_confirmed=True),
    )

    detail.withdraw()  # the button is still on: the window has not read the case since
    dialog = detail.withdrawal
    assert dialog is not None
    dialog.reason.setPlainText("窗口撤回")
    dialog.confirmed.setChecked(True)
    with qtbot.waitSignal(detail.loaded, timeout=30_000):
        dialog.ok_button().click()

    assert not dialog.isVisible()
    assert detail.detail is not None and detail.detail.state == "withdrawn"
    assert not detail.withdraw_button.isEnabled()
    assert detail.changed_label.isVisible()
    assert detail.changed_label.text() == (
        "本办件已在其他地方更改（现为“已撤回”），已刷新，请查看后再操作。"
    )
    withdrawals = [e for e in detail.detail.events if e.to_state == "withdrawn"]
    assert [e.actor for e in withdrawals] == ["super01"]  # once, by whoever did it first
    detail.close()


def test_a_payment_made_elsewhere_refreshes_the_open_detail(qtbot, running) -> None:
    login(qtbot, running)
    detail = open_fee_due_case(qtbot, running)
    assert detail.pay_button.isEnabled()
    case_id = detail.case_id
    elsewhere(
        running,
        lambda store: pay_at_window(
            store, case_id, ELSEWHERE, "POS-ELSEWHERE", method=PaymentMethod.POS
        ),
    )

    detail.pay_by_card()
    dialog = detail.payment_dialog
    assert dialog is not None
    dialog.receipt_no.setText("POS-WINDOW")
    with qtbot.waitSignal(detail.loaded, timeout=30_000):
        dialog.ok_button().click()

    assert not dialog.isVisible()
    payment = detail.detail.payment if detail.detail is not None else None
    assert payment is not None and payment.paid and payment.receipt_no == "POS-ELSEWHERE"
    assert not detail.pay_button.isEnabled()
    assert detail.changed_label.text() == (
        "本办件已在其他地方更改（现为“已受理”），已刷新，请查看后再操作。"
    )
    detail.close()


def test_a_refusal_of_an_unchanged_case_is_said_in_the_steps_dialog(qtbot, running) -> None:
    login(qtbot, running)
    detail = open_fee_due_case(qtbot, running)
    detail.pay_by_card()
    dialog = detail.payment_dialog
    assert dialog is not None
    dialog.payment_requested.emit("凭条\x07")  # a control character: refused, nothing stored
    qtbot.waitUntil(dialog.error.isVisible, timeout=30_000)

    assert dialog.isVisible()
    assert detail.changed_label.isHidden()
    assert detail.detail is not None and detail.detail.unpaid
    detail.close()
