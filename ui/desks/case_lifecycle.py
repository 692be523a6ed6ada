"""What happens to a stored case after the decision, at the window: voided, withdrawn,
accepted on the applicant's return, paid, its deferred materials supplied, corrected, its
applicant's data edited, its result handed over or posted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from counter_app.services.auth import User
from printing.document_data import DocumentKind
from ui.desks.documents import DocumentDesk
from ui.facade_types import Approval

if TYPE_CHECKING:
    from counter_app.domain.fees import PaymentMethod
    from counter_app.services.applicant_edits import ApplicantEdited
    from counter_app.services.corrections import Corrected
    from counter_app.services.deferrals import Supplied
    from counter_app.services.delivery import HandedOver, Posted, Proxy, ReadyResult


class CaseLifecycleDesk(DocumentDesk):
    """A case's later steps; those a supervisor approves take the approval of
    :meth:`case_approver`, and a correction's new voucher replaces the issued one."""

    def void(self, clerk: User, case_id: str, *, approval: Approval, reason: str) -> int:
        """作废 through the case-ending service, approved by a supervisor."""
        from counter_app.services.case_endings import void_case

        clerk = self.accounts.in_force(clerk)
        approver = self.case_approver(approval, "void_case", case_id)
        return void_case(self.store, case_id, clerk, approver, reason)

    def accept_returned(
        self, clerk: User, case_id: str, codes: list[str], *, eligibility_reason: str = ""
    ) -> int:
        """The applicant came back after a one-time notice: the same case is accepted
        (against the situation's eligibility rule only with ``eligibility_reason``)."""
        from counter_app.services.later_materials import accept_returned

        clerk = self.accounts.in_force(clerk)
        return accept_returned(
            self.store, case_id, clerk, codes, eligibility_reason=eligibility_reason
        )

    def withdraw(self, clerk: User, case_id: str, *, reason: str) -> int:
        """撤回 through the case-ending service; the window collected the applicant's
        confirmation before calling this."""
        from counter_app.services.case_endings import withdraw

        clerk = self.accounts.in_force(clerk)
        return withdraw(self.store, case_id, clerk, reason, applicant_confirmed=True)

    def pay_at_window(
        self, clerk: User, case_id: str, receipt_no: str, method: PaymentMethod
    ) -> int:
        """A payment the window records: by card at its POS terminal (the terminal's receipt
        number), or on the payment platform as the applicant's voucher shows it (its
        transaction number, pending the platform's confirmation)."""
        from counter_app.services.payments import pay_at_window

        clerk = self.accounts.in_force(clerk)
        return pay_at_window(self.store, case_id, clerk, receipt_no, method=method)

    def supply_deferred(self, clerk: User, case_id: str, codes: list[str]) -> Supplied:
        """容缺后补: the deferred materials ``codes`` arrived; the last one accepts the case."""
        from counter_app.services.deferrals import supply

        clerk = self.accounts.in_force(clerk)
        return supply(self.store, case_id, clerk, codes)

    def ready_results(self) -> list[ReadyResult]:
        """The results ready at the hall (出件): to be picked up, or to be posted."""
        from counter_app.services.delivery import ready_results

        return ready_results(self.store)

    def hand_over(
        self, clerk: User, case_id: str, id_number: str, proxy: Proxy | None = None
    ) -> HandedOver:
        """出件 at the window to the card's holder (the applicant), or to a proxy."""
        from counter_app.services.delivery import hand_over

        clerk = self.accounts.in_force(clerk)
        return hand_over(self.store, case_id, clerk, id_number=id_number, proxy=proxy)

    def post_result(self, clerk: User, case_id: str, waybill: str) -> Posted:
        from counter_app.services.delivery import post_result

        clerk = self.accounts.in_force(clerk)
        return post_result(self.store, case_id, clerk, waybill)

    def correct(
        self, clerk: User, case_id: str, codes: list[str], fields: dict[str, str]
    ) -> Corrected:
        """补正 handed in: the materials ``codes`` and applicant ``fields`` asked for."""
        from counter_app.services.corrections import correct

        clerk = self.accounts.in_force(clerk)
        done = correct(self.store, case_id, clerk, codes, fields)
        # A new round's voucher is a new document, not the one an earlier round issued here.
        self._issued.pop((case_id, DocumentKind.CORRECTION), None)
        return done

    def edit_applicant(
        self,
        clerk: User,
        case_id: str,
        *,
        field: str,
        value: str,
        reason: str,
        approval: Approval,
    ) -> ApplicantEdited:
        """A typo in the applicant's or the agent's data, corrected once a supervisor
        approved it: on this screen or at another window (then recorded as the approver).
        The other open cases of its 一件事 are corrected with it: the result names them, and
        the cases of the 一件事 left as they were."""
        from counter_app.services.applicant_edits import record_applicant_edit

        clerk = self.accounts.in_force(clerk)
        approver = self.case_approver(approval, "edit_applicant", case_id)
        return record_applicant_edit(
            self.store, case_id, clerk, approver, field=field, value=value, reason=reason
        )

    def masked_edit(self, case_id: str, field: str, value: str) -> tuple[str, str]:
        """The old and new value of a correction, checked and masked: all a request to the
        supervisors may say of them (it leaves this PC)."""
        from counter_app.services.applicant_edits import masked_edit

        return masked_edit(self.store, case_id, field, value)
