"""The case list and a case's detail, as the window shows them (masked identity in the list),
and the applicant's cases still waiting for what a one-time notice listed."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from counter_app.domain.hall_time import hall_today
from counter_app.errors import NotFound
from counter_app.services import other_window
from counter_app.services.person_searches import CASE_LIST, record_search
from counter_app.store import case_history as history_rows
from counter_app.store import case_plaintext
from counter_app.store import cases as case_rows
from counter_app.store import documents as document_rows
from counter_app.store import payments as payment_rows
from counter_app.store.database import Store
from counter_app.store.deliveries import deliveries_of
from counter_app.store.documents import UnprintedDocument
from counter_app.store.retention import purge_of
from printing.case_documents import check_applicable
from printing.document_data import DocumentKind
from printing.errors import DocumentNotApplicable
from ui.desks.signed_in import SignedInStore
from ui.facade_types import CaseAgentShown, CaseDetail, CaseLicence, CaseRow, CorrectionAsk

# A required material in one of these states is no longer owed (the rest a notice listed).
_SUPPLIED_STATUSES = ("received", "exempt", "commitment")


def _case_rows(store: Store, records: list[case_rows.CaseRecord]) -> list[CaseRow]:
    """The columns the case list shows (masked identity only). 回执未打印 marks a case whose
    detail offers a document to print: one the case's state still calls for (a one-time
    notice left unprinted no longer counts once the case was accepted)."""
    ids = [r.case_id for r in records]
    unprinted = document_rows.unprinted_cases(store, ids)
    owed = {
        record.case_id
        for record in records
        if record.case_id in unprinted
        and _pending_document(store, record, payment_rows.case_payment(store, record.case_id))
    }
    unpaid = payment_rows.unpaid_cases(store, ids)
    return [
        _case_row(record, record.case_id in owed, record.case_id in unpaid) for record in records
    ]


def _case_row(record: case_rows.CaseRecord, unprinted: bool, unpaid: bool) -> CaseRow:
    return CaseRow(
        case_id=record.case_id,
        case_no=record.case_no,
        applicant_name=record.applicant_name,
        applicant_masked_id=record.applicant_masked_id,
        service_item=record.service_item_name,
        state=record.state,
        sync_state=record.sync_state,
        created_at=record.created_at,
        unprinted=unprinted,
        unpaid=unpaid,
        clerk=record.clerk,
    )


def _correction_ask(store: Store, record: case_rows.CaseRecord) -> CorrectionAsk | None:
    request = history_rows.open_correction_request(store, record.case_id)
    if request is None:
        return None
    names = {m.code: m.name for m in record.materials}
    return CorrectionAsk(
        note=request.note,
        materials=tuple((code, names.get(code, code)) for code in request.materials),
        fields=request.fields,
    )


def _pending_document(
    store: Store, record: case_rows.CaseRecord, payment: payment_rows.CasePayment | None
) -> UnprintedDocument | None:
    """The newest document issued for the case and never printed (稍后打印, a failed print, or
    issued by the system unrendered) that the case's state (and ``payment``) still calls for."""
    for pending in document_rows.unprinted_originals(store, record.case_id):
        try:
            check_applicable(record, DocumentKind(pending.kind), payment)
        except DocumentNotApplicable:
            continue  # e.g. a one-time notice of a case accepted since: no longer owed
        return pending
    return None


class CaseDesk(SignedInStore):
    """Reading the window's cases."""

    # The person search on the case list whose entry was logged: who searched, and the key's
    # kind and subject. The list reads its search again at every case event and as the
    # clerk types on: one entry while the same search stays, another once it changes.
    _search_logged: tuple[str, str, str] | None = None

    # -- cases -------------------------------------------------------------------------
    def list_cases(
        self,
        query: str = "",
        state: str | None = None,
        sync_state: str | None = None,
        today_only: bool = True,
        mine_only: bool = False,
    ) -> list[CaseRow]:
        """Today's cases (or all), or those matching a case number, ID number, phone or
        name; ``mine_only``: those the signed-in member took (只看本人). A search for a
        person is logged (``person.searched``) once per search."""
        clerk = self.signed_in().username if mine_only else None
        text = query.strip()
        if text:
            found = case_rows.search_cases(self.store, text)
            self._log_person_search(found)
            records = found.records
            records = [
                r
                for r in records
                if (not state or r.state == state)
                and (not sync_state or r.sync_state == sync_state)
                and (not clerk or r.clerk == clerk)
            ]
        else:
            self._search_logged = None
            records = case_rows.list_cases(
                self.store,
                state=state,
                sync_state=sync_state,
                day=hall_today() if today_only else None,
                clerk=clerk,
            )
        return _case_rows(self.store, records)

    def _log_person_search(self, found: case_rows.CaseSearch) -> None:
        """Log the search when it found someone's cases by their key and is not the one
        logged last (the state filters narrow what is shown, not what the search read). A
        search that found nobody showed nobody's data: the digits typed so far, as the list
        searches while the clerk types, are not logged."""
        key = found.person
        if key is None:
            self._search_logged = None
            return
        searcher = self.signed_in().username
        search = (searcher, key.kind, key.subject)
        if search != self._search_logged:
            record_search(self.store, searcher, key, CASE_LIST, [r.case_no for r in found.records])
            self._search_logged = search

    def held_elsewhere(self, reference: str) -> NotFound | None:
        """Why the case ``reference`` (its number or UUID, as typed) is not found here when
        another window of the hall accepted it, as the platform last said: which window,
        and where the applicant goes (``counter_app.services.other_window``); a number of
        another hall, which no queue of this one holds, says that hall; else None."""
        own_hall = self.config.hall.hall_code
        elsewhere = other_window.another_hall_refusal_for(reference, own_hall, "queue", None)
        if elsewhere is not None:
            return elsewhere
        own_window = self.config.hall.window_code
        found = other_window.at_another_window(self.store, reference, own_window)
        return (
            None
            if found is None
            else other_window.refusal(found, own_window, other_window.SEARCHED)
        )

    def last_case_event(self) -> int:
        """Grows whenever any case changes (here, in the sync process, from the platform)."""
        return history_rows.last_case_event(self.store)

    def open_notices(self, id_number: str) -> list[CaseRow]:
        """The applicant's cases at this hall still waiting for what a one-time notice
        listed (through the blind index of the ID number), newest first."""
        hall = self.config.hall.hall_code
        return _case_rows(
            self.store,
            [
                record
                for record in case_rows.find_by_id_number(self.store, id_number)
                if record.state == "notified" and record.hall_code == hall
            ],
        )

    def case_detail(self, case_id: str) -> CaseDetail:
        from counter_app.services.corrections import applicant_changes
        from counter_app.services.deferrals import owes_deferred
        from counter_app.store.calendar import working_calendar
        from counter_app.store.window_tickets import case_ticket

        record = case_rows.get_case(self.store, case_id)
        history = history_rows.case_history(self.store, case_id)
        # A case whose personal data was purged (retention) shows its rows, not its document.
        purge = purge_of(self.store, case_id)
        stored = {} if purge else case_plaintext.case_document(self.store, case_id)
        override = stored.get("eligibility_override")
        item = stored.get("service_item", {})
        payment = payment_rows.case_payment(self.store, case_id)
        pending = _pending_document(self.store, record, payment)
        # The list's row, from what is at hand (``_case_rows`` would look both up again).
        unprinted = pending is not None and case_id in document_rows.unprinted_cases(
            self.store, [case_id]
        )
        unpaid = case_id in payment_rows.unpaid_cases(self.store, [case_id])
        return CaseDetail(
            **asdict(_case_row(record, unprinted, unpaid)),
            promised_date=record.promised_date,
            statutory_date=stored.get("statutory_date"),
            identity_source=record.identity_source,
            expired_id_reason=record.expired_id_reason,
            decision_reason=record.decision_reason,
            legal_basis=record.legal_basis,
            redirect_to=record.redirect_to,
            materials=record.materials,
            events=history.events,
            versions=history.versions,
            sync_attempts=history.sync_attempts,
            documents=history.documents,
            missing=tuple(
                (m.code, m.name)
                for m in record.materials
                if m.required and m.status not in _SUPPLIED_STATUSES
            ),
            delivery=deliveries_of(self.store, [case_id]).get(case_id),
            correction=_correction_ask(self.store, record),
            applicant_changes=()
            if purge
            else tuple(applicant_changes(self.store, case_id, self.signed_in())),
            pending_document=DocumentKind(pending.kind) if pending else None,
            pending_unrendered=pending is not None and pending.pdf_path is None,
            payment=payment,
            english_name=stored.get("applicant", {}).get("english_name"),
            nationality=stored.get("applicant", {}).get("nationality"),
            document_language=stored.get("document_language") or "zh",
            eligibility_reason=override["reason"] if override else None,
            calendar_years=working_calendar(self.store).covered_years,
            owes_deferred=owes_deferred(record),
            catalog_version=record.catalog_version,
            routed_to=(item["handling_department"], item["department"])
            if item.get("handling_department")
            else None,
            online_rating=stored["online_evaluation"]["level"]
            if stored.get("online_evaluation")
            else None,
            ticket=case_ticket(self.store, case_id),
            licences=_case_licences(self.store, case_id, stored),
            agent=CaseAgentShown.of_case(stored),
            purged=purge,
        )


def _case_licences(store: Store, case_id: str, stored: dict[str, Any]) -> tuple[CaseLicence, ...]:
    """The e-licences the case's materials are exempt by (verified, pending or failed)."""
    from counter_app.store.elicence_checks import attached_documents

    attached = attached_documents(store, case_id)
    return tuple(
        CaseLicence(
            code=line["code"],
            licence_type=line["licence"]["licence_type"],
            number=line["licence"]["number"],
            issuer=line["licence"]["issuer"],
            verification=line["licence"]["verification"],
            has_document=line["code"] in attached,
        )
        for line in stored.get("materials", ())
        if line.get("licence")
    )
