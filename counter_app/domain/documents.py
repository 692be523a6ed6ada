"""The documents a counter hands the applicant, their titles (Chinese, English), and which
one a case's state calls for. The window translates the same Chinese titles (ui.labels);
printing and the command line use this table directly."""

from __future__ import annotations

from enum import StrEnum

from counter_app.domain.case_states import CaseState


class DocumentKind(StrEnum):
    RECEIPT = "receipt"
    NOTICE = "notice"
    DEFERRAL = "deferral"
    REFUSAL = "refusal"
    VOUCHER = "voucher"
    WITHDRAWAL = "withdrawal"
    SUPPLY = "supply"
    TERMINATION = "termination"
    HANDOVER = "handover"
    CORRECTION = "correction"
    PAYMENT = "payment"
    BUNDLE_RECEIPT = "bundle_receipt"


DOCUMENT_TITLES: dict[DocumentKind, tuple[str, str]] = {
    DocumentKind.RECEIPT: ("受理通知书（受理回执）", "Acceptance Receipt"),
    DocumentKind.NOTICE: ("一次性告知书", "One-Time Notice of Materials to Supplement"),
    DocumentKind.DEFERRAL: ("容缺受理通知书", "Notice of Acceptance with Deferred Materials"),
    DocumentKind.REFUSAL: ("不予受理通知书", "Notice of Non-Acceptance"),
    DocumentKind.VOUCHER: ("材料接收凭证", "Materials Intake Voucher"),
    DocumentKind.WITHDRAWAL: ("撤回申请回执", "Withdrawal Receipt"),
    DocumentKind.SUPPLY: ("补齐材料回执", "Receipt for Supplied Deferred Materials"),
    DocumentKind.TERMINATION: ("终止受理通知书", "Notice of Termination of Acceptance"),
    DocumentKind.HANDOVER: ("领取回执", "Receipt for the Result Collected"),
    DocumentKind.CORRECTION: ("补正材料收取凭证", "Receipt for Correction Materials"),
    DocumentKind.PAYMENT: ("缴费通知书", "Payment Notice"),
    DocumentKind.BUNDLE_RECEIPT: ("一件事受理回执", "One-Thing Acceptance Receipt"),
}

# What became of a document in a case's history (its ``print`` events' ``action``) in
# people's words; the window's case history says the same (tested against this table).
PRINT_ACTION_NAMES: dict[str, tuple[str, str]] = {
    "issued": ("出具文书", "document issued"),
    "printed": ("已打印", "printed"),
    "failed": ("打印失败", "print failed"),
}

_DOCUMENT_OF_STATE = {
    CaseState.RECEIVED: DocumentKind.VOUCHER,
    CaseState.NOTIFIED: DocumentKind.NOTICE,
    CaseState.REFUSED: DocumentKind.REFUSAL,
    CaseState.ACCEPTED_DEFERRED: DocumentKind.DEFERRAL,
    CaseState.WITHDRAWN: DocumentKind.WITHDRAWAL,
    CaseState.DEFERRED_TERMINATED: DocumentKind.TERMINATION,
    CaseState.DELIVERED: DocumentKind.HANDOVER,
}


def document_for_state(state: CaseState) -> DocumentKind:
    """The document a case's state calls for: accepted (and later states) → the receipt,
    容缺 → the deferral notice, 容缺 ended → the termination notice, notified → the one-time
    notice, refused → the refusal, received → the materials voucher, withdrawn → the
    withdrawal receipt, delivered → the 领取回执."""
    return _DOCUMENT_OF_STATE.get(state, DocumentKind.RECEIPT)
