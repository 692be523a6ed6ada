"""A case's next steps at the window, each behind a button of its detail: the applicant's
withdrawal, the return after a one-time notice, the deferred materials, the 补正, the fee,
the result handed over or posted, and the documents they print."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QDialog

from counter_app.domain.case_states import TRANSITIONS, Authority, CaseState
from counter_app.domain.checklist import MaterialStatus
from counter_app.domain.documents import DocumentKind
from counter_app.domain.fees import PaymentMethod
from ui.correction import CorrectionDialog
from ui.deferral_supply import SupplyDialog
from ui.document_preview import open_case_document
from ui.handover import HandoverDialog, PostDialog
from ui.i18n import error_text
from ui.payment import PlatformPaymentDialog, PosPaymentDialog, WindowPaymentDialog
from ui.return_visit import ReturnVisitDialog
from ui.withdrawal import WithdrawalDialog

if TYPE_CHECKING:
    from PySide6.QtWidgets import QPushButton, QWidget

    from counter_app.services.corrections import Corrected
    from counter_app.services.deferrals import Supplied
    from counter_app.services.delivery import Proxy
    from counter_app.store.payments import CasePayment
    from ui.facade_types import CaseDetail
    from ui.preview import PrintPreviewDialog
    from ui.window_session import Session

# The states the counter may withdraw a case from (before the platform processes it).
WITHDRAWABLE = frozenset(
    start
    for (start, end), by in TRANSITIONS.items()
    if end is CaseState.WITHDRAWN and by is Authority.COUNTER
)


class StepDialog(Protocol):
    """What a step's dialog offers its step: the refusal said in it, or itself closed."""

    def show_error(self, text: str) -> None: ...

    def reject(self) -> None: ...


def data_version(detail: CaseDetail) -> int:
    """The newest data version of the case as ``detail`` shows it: every stored change of
    the case (a move, a payment, an edit; here, at another window, from the command line or
    the platform) writes a new one."""
    return max((v.data_version for v in detail.versions), default=0)


class CaseSteps(QDialog):
    """The steps of ``CaseDetailDialog``, which mixes them in: each opens its dialog (or a
    document's preview), runs the work through the worker and reads the case again; one
    refused because the case changed since it was shown says so over the case as it is now
    (``_refused``)."""

    # What the case's dialog holds for its steps (set there).
    session: Session
    case_id: str
    detail: CaseDetail | None
    load: Callable[[], None]
    show_changed_elsewhere: Callable[[CaseDetail], None]
    supply_button: QPushButton
    handover_button: QPushButton
    post_button: QPushButton
    pay_button: QPushButton
    platform_pay_button: QPushButton
    payment_notice_button: QPushButton
    # The dialog each step opened last.
    withdrawal: WithdrawalDialog | None
    supply: SupplyDialog | None
    handover: HandoverDialog | None
    posting: PostDialog | None
    correction: CorrectionDialog | None
    payment_dialog: WindowPaymentDialog | None
    preview: PrintPreviewDialog | None

    def print_pending(self) -> None:
        """Bring up the document issued for the case and never printed in the preview; F9
        prints it as the original (its first print, not a 补打)."""
        detail = self.detail
        if detail is None or detail.pending_document is None:
            return
        self.preview = open_case_document(
            self.session,
            self.case_id,
            detail.case_no,
            detail.pending_document,
            self,
            on_printed=self.load,
        )

    def supply_deferred(self) -> None:
        """容缺后补 (F8): the clerk checks what the applicant brought; the last deferred
        material accepts the case and brings up the 补齐材料回执 (a case the department took
        into processing before it came stays there, and no receipt comes up)."""
        detail = self.detail
        if detail is None or not self.supply_button.isEnabled():
            return
        deferred = [m for m in detail.materials if m.status == MaterialStatus.DEFERRED.value]
        dialog = SupplyDialog(detail.case_no, deferred, detail.calendar_years, self)
        self.supply = dialog
        clerk = self.session.user

        def record(codes: list[str]) -> None:
            def done(result: Supplied) -> None:
                dialog.accept()
                self.load()
                if result.state == CaseState.ACCEPTED.value:
                    self.preview = open_case_document(
                        self.session, result.case_id, result.case_no, DocumentKind.SUPPLY, self
                    )

            self.session.worker.submit(
                lambda ws: ws.supply_deferred(clerk or ws.signed_in(), self.case_id, codes),
                done,
                self._refused(dialog, detail),
                name="supply_deferred",
            )

        dialog.supplied.connect(record)
        dialog.open()

    def hand_over(self) -> None:
        """出件 (F10): the collector's card is read (or its number typed); the applicant's
        own, or a proxy's with the power of attorney. The 领取回执 then prints."""
        detail = self.detail
        if detail is None or not self.handover_button.isEnabled():
            return
        if self.handover is not None and self.handover.isVisible():
            return  # F10 again: the open one keeps waiting for the card
        dialog = HandoverDialog(
            detail.case_no, f"{detail.applicant_name} {detail.applicant_masked_id}", self
        )
        self.handover = dialog
        clerk = self.session.user
        self.session.card_claim = dialog.card_read

        def release(_result: int) -> None:
            if self.session.card_claim == dialog.card_read:
                self.session.card_claim = None

        def requested(id_number: str, proxy: Proxy | None) -> None:
            self.session.worker.submit(
                lambda ws: ws.hand_over(clerk or ws.signed_in(), self.case_id, id_number, proxy),
                lambda _done: self._changed(dialog, DocumentKind.HANDOVER),
                self._refused(dialog, detail),
                name="hand_over",
            )

        dialog.finished.connect(release)
        # Closing the case closes its hand-over: no hidden dialog keeps taking cards.
        self.finished.connect(dialog.reject)
        dialog.handover_requested.connect(requested)
        dialog.open()
        self.session.read_card_now()

    def post_result(self) -> None:
        """登记邮寄 (F11): the waybill of a result sent by EMS."""
        detail = self.detail
        if detail is None or not self.post_button.isEnabled() or detail.delivery is None:
            return
        if self.posting is not None and self.posting.isVisible():
            return
        dialog = PostDialog(detail.case_no, detail.delivery.address_masked or "—", self)
        self.posting = dialog
        clerk = self.session.user

        def requested(waybill: str) -> None:
            def done(_posted: object) -> None:
                dialog.accept()
                self.load()

            self.session.worker.submit(
                lambda ws: ws.post_result(clerk or ws.signed_in(), self.case_id, waybill),
                done,
                self._refused(dialog, detail),
                name="post_result",
            )

        dialog.post_requested.connect(requested)
        dialog.open()

    def record_correction(self) -> None:
        """补正 (Alt+C): the requested materials are ticked as handed over; the case goes back
        into processing and the 补正材料收取凭证 prints."""
        detail = self.detail
        if detail is None or detail.correction is None:
            return
        dialog = CorrectionDialog(detail.case_no, detail.correction, self)
        self.correction = dialog
        clerk = self.session.user

        def requested(codes: list[str], fields: dict[str, str]) -> None:
            def done(_result: Corrected) -> None:
                self._changed(dialog, DocumentKind.CORRECTION)

            self.session.worker.submit(
                lambda ws: ws.correct(clerk or ws.signed_in(), self.case_id, codes, fields),
                done,
                self._refused(dialog, detail),
                name="correct",
            )

        dialog.correction_requested.connect(requested)
        dialog.open()

    def withdraw(self) -> None:
        """撤回: the applicant's reason and confirmation, then the withdrawal receipt prints."""
        detail = self.detail
        if detail is None or CaseState(detail.state) not in WITHDRAWABLE:
            return
        dialog = WithdrawalDialog(detail.case_no, self)
        self.withdrawal = dialog
        clerk = self.session.user

        def requested(reason: str) -> None:
            self.session.worker.submit(
                lambda ws: ws.withdraw(clerk or ws.signed_in(), self.case_id, reason=reason),
                lambda _version: self._changed(dialog, DocumentKind.WITHDRAWAL),
                self._refused(dialog, detail),
                name="withdraw",
            )

        dialog.withdrawal_requested.connect(requested)
        dialog.open()

    def continue_notified(self) -> None:
        """一次性告知后受理: the materials the notice listed are ticked as they are handed
        over; the same case is accepted and its receipt prints."""
        detail = self.detail
        if detail is None or detail.state != CaseState.NOTIFIED:
            return
        dialog = ReturnVisitDialog(detail.case_no, detail.missing, self)
        clerk = self.session.user

        def refused(exc: BaseException) -> None:
            problems = getattr(exc, "problems", ())
            if any(p.field == "eligibility_reason" for p in problems):
                dialog.ask_reason()
            dialog.show_error(error_text(exc))

        def requested(codes: list[str], reason: str) -> None:
            self.session.worker.submit(
                lambda ws: ws.accept_returned(
                    clerk or ws.signed_in(), self.case_id, codes, eligibility_reason=reason
                ),
                lambda _version: self._changed(dialog, DocumentKind.RECEIPT),
                self._refused(dialog, detail, refused),
                name="accept_returned",
            )

        dialog.acceptance_requested.connect(requested)
        dialog.open()

    def pay_by_card(self) -> None:
        """POS刷卡缴费 (Alt+P): the terminal's receipt number, then the payment is recorded."""
        if self.pay_button.isEnabled():
            self._record_payment(PosPaymentDialog, PaymentMethod.POS)

    def record_platform_payment(self) -> None:
        """登记平台缴费: the transaction number on the applicant's payment-platform voucher,
        recorded pending the platform's confirmation."""
        if self.platform_pay_button.isEnabled():
            self._record_payment(PlatformPaymentDialog, PaymentMethod.PLATFORM)

    def _record_payment(
        self,
        dialog_class: Callable[[str, CasePayment, QWidget], WindowPaymentDialog],
        method: PaymentMethod,
    ) -> None:
        detail = self.detail
        if detail is None or detail.payment is None:
            return
        dialog = dialog_class(detail.case_no, detail.payment, self)
        self.payment_dialog = dialog
        clerk = self.session.user

        def requested(receipt_no: str) -> None:
            def done(_version: int) -> None:
                dialog.accept()
                self.load()

            self.session.worker.submit(
                lambda ws: ws.pay_at_window(
                    clerk or ws.signed_in(), self.case_id, receipt_no, method
                ),
                done,
                self._refused(dialog, detail),
                name="pay_at_window",
            )

        dialog.payment_requested.connect(requested)
        dialog.open()

    def print_payment_notice(self) -> None:
        """缴费通知书 (Alt+N): issued and printed for the applicant to pay with."""
        if self.payment_notice_button.isEnabled():
            self._issue_and_print(DocumentKind.PAYMENT)

    def _refused(
        self,
        dialog: StepDialog,
        shown: CaseDetail,
        otherwise: Callable[[BaseException], None] | None = None,
    ) -> Callable[[BaseException], None]:
        """The error handler of a step the clerk took on the case as ``shown``. A case
        changed since (at another window, from the command line, by the platform) makes the
        refusal speak of a case the clerk no longer sees: the step's dialog closes and the
        detail shows the case as it is now, saying so. Otherwise ``otherwise`` (by default,
        the refusal said in the step's dialog)."""

        def say(exc: BaseException) -> None:
            if otherwise is not None:
                otherwise(exc)
            else:
                dialog.show_error(error_text(exc))

        def refused(exc: BaseException) -> None:
            def compare(now: CaseDetail) -> None:
                if data_version(now) == data_version(shown):
                    say(exc)
                    return
                dialog.reject()
                self.show_changed_elsewhere(now)

            self.session.worker.submit(
                lambda ws: ws.case_detail(self.case_id),
                compare,
                # Not read again (the worker logged why): the refusal is all there is to say.
                lambda _unread: say(exc),
                name="case_detail",
            )

        return refused

    def _changed(self, dialog: QDialog, kind: DocumentKind) -> None:
        """A change is stored: close its dialog, show it, then issue and print ``kind``."""
        dialog.accept()
        self.load()
        self._issue_and_print(kind)

    def _issue_and_print(self, kind: DocumentKind) -> None:
        """Issue and print ``kind`` (a failed print is said; the document stays the original,
        printed later with Ctrl+P; a copy of one on paper is a supervised 补打)."""
        username = self.session.username or ""

        def print_failed(exc: BaseException) -> None:
            self.load()
            self.session.report_error(exc)

        self.session.worker.submit(
            lambda ws: ws.print_document(username, self.case_id, kind),
            lambda _printer: self.load(),
            print_failed,
            name=f"print_{kind.value}",
        )
