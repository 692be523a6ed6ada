"""Which document a case's state calls for, and that every document has its titles."""

from __future__ import annotations

from counter_app.domain.case_states import CaseState
from counter_app.domain.documents import DOCUMENT_TITLES, DocumentKind, document_for_state


def test_each_decision_hands_out_its_document() -> None:
    assert document_for_state(CaseState.ACCEPTED) is DocumentKind.RECEIPT
    assert document_for_state(CaseState.ACCEPTED_DEFERRED) is DocumentKind.DEFERRAL
    assert document_for_state(CaseState.NOTIFIED) is DocumentKind.NOTICE
    assert document_for_state(CaseState.REFUSED) is DocumentKind.REFUSAL
    assert document_for_state(CaseState.RECEIVED) is DocumentKind.VOUCHER
    assert document_for_state(CaseState.DELIVERED) is DocumentKind.HANDOVER


def test_an_accepted_case_keeps_the_receipt_as_it_moves_on() -> None:
    later = {CaseState.IN_PROCESS, CaseState.SUSPENDED, CaseState.RESULT_READY}
    later |= {CaseState.COMPLETED_APPROVED, CaseState.COMPLETED_DENIED}
    assert {document_for_state(state) for state in later} == {DocumentKind.RECEIPT}


def test_every_document_has_a_chinese_and_an_english_title() -> None:
    assert set(DOCUMENT_TITLES) == set(DocumentKind)
    assert all(zh and en for zh, en in DOCUMENT_TITLES.values())


def test_a_correction_has_its_own_voucher() -> None:
    """补正材料收取凭证: issued when the corrected materials are handed in; the case itself
    goes back into processing and keeps its receipt as the document its state calls for."""
    assert DOCUMENT_TITLES[DocumentKind.CORRECTION][0] == "补正材料收取凭证"
    assert document_for_state(CaseState.CORRECTION_REQUESTED) is DocumentKind.RECEIPT
