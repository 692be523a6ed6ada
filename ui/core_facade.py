"""The core work behind the counter window, composed from ``counter_app``, ``printing`` and
``sync``. Qt-free (but for the Qt print route and the printer list, imported when used):
every method runs on the one worker thread that owns the store.

This module only composes the other packages' APIs (and adapts them to what the screens
need); the rules live there. What screens hand it and get back are the dataclasses of
``ui.facade_types``, so mypy checks every call from the window.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from counter_app.config import Config
from counter_app.domain.case_states import CaseState
from counter_app.domain.catalog import ServiceItem
from counter_app.domain.documents import document_for_state
from counter_app.domain.evaluation import FollowupStep
from counter_app.domain.hall_time import hall_today
from counter_app.errors import AuthError
from counter_app.home import Home
from counter_app.identity.document import DocType, IdentityDocument
from counter_app.identity.mrz import Mrz, mrz_date
from counter_app.services import drafts, evaluations
from counter_app.services.approval import (
    ADMIN_ROLES,
    SUPERVISOR_ROLES,
    approve,
    authorise,
    refuse_own_approval,
    require_role,
)
from counter_app.services.auth import Accounts, Role, User
from counter_app.store import cases as case_rows
from counter_app.store import catalog as catalog_store
from counter_app.store.database import Store, open_store
from counter_app.store.deliveries import deliveries_of
from printing.document_data import DocumentKind
from ui.facade_types import (
    Approval,
    CaseDetail,
    CaseLicence,
    CaseRow,
    CorrectionAsk,
    DecisionRequest,
    DecisionResult,
    DocumentPreview,
    ExpectedArrival,
    InPlaceApproval,
    IntakeDraft,
    PreappIntake,
    QueueFilter,
)
from ui.pdf_pages import RasterPage, rasterize

if TYPE_CHECKING:
    from counter_app.services.corrections import Corrected
    from counter_app.services.deferrals import OpenDeferral, Supplied
    from counter_app.services.delivery import HandedOver, Posted, Proxy, ReadyResult
    from counter_app.services.end_of_day import DayReport, SignOff
    from counter_app.services.hall_queue import QueueEntry
    from counter_app.services.problems import ProblemCase
    from counter_app.services.reviews import Review
    from counter_app.services.statistics import Period, Statistics
    from counter_app.store.approval_requests import SentRequest
    from counter_app.store.elicence_checks import ElicenceCheck
    from counter_app.store.hall_notices import HallNotice
    from counter_app.store.window_tickets import WindowTicket
    from printing.document_process import DocumentProcess
    from printing.service import IssuedDocument

log = logging.getLogger(__name__)
T = TypeVar("T")

WARM_MODULES = (
    "counter_app.domain.catalog",  # pypinyin, for item search on the GUI thread
    "counter_app.domain.checklist",
    "counter_app.services.intake",
    "printing.service",
    "sync.enrolment",
    "ui.qt_printing",  # QtPrintSupport: loaded before the first print, not during it
)
RECENT_ITEMS = 8
# Approvals whose target is a stored case, whose clerk may not approve them either.
CASE_APPROVALS = ("reprint", "void_case", "edit_applicant")
# A required material in one of these states is no longer owed (the rest a notice listed).
_SUPPLIED_STATUSES = ("received", "exempt", "commitment")


class NotSignedIn(AuthError):
    code = "not_signed_in"


def _case_rows(store: Store, records: list[case_rows.CaseRecord]) -> list[CaseRow]:
    """The columns the case list shows (masked identity only)."""
    ids = [r.case_id for r in records]
    unprinted = case_rows.unprinted_cases(store, ids)
    unpaid = case_rows.unpaid_cases(store, ids)
    return [
        _case_row(record, record.case_id in unprinted, record.case_id in unpaid)
        for record in records
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
    )


def _correction_ask(store: Store, record: case_rows.CaseRecord) -> CorrectionAsk | None:
    request = case_rows.open_correction_request(store, record.case_id)
    if request is None:
        return None
    names = {m.code: m.name for m in record.materials}
    return CorrectionAsk(
        note=request.note,
        materials=tuple((code, names.get(code, code)) for code in request.materials),
        fields=request.fields,
    )


def _pending_document(store: Store, record: case_rows.CaseRecord) -> DocumentKind | None:
    """The document the case's state calls for, when the system issued it unrendered and
    nobody printed it yet."""
    kind = document_for_state(CaseState(record.state))
    return kind if case_rows.unrendered_document(store, record.case_id, kind.value) else None


class SignedInStore:
    """A connection to the store and who is signed in on it: what a facade's role checks
    and four-eyes rules rest on, not on which tabs the window shows."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.accounts = Accounts(store)
        self.user: User | None = None

    @property
    def config(self) -> Config:
        return self.store.config

    def signed_in(self) -> User:
        """The signed-in user; ``NotSignedIn`` when nobody is."""
        if self.user is None:
            raise NotSignedIn("请先登录。", "Sign in first.", field="username")
        return self.user

    def _require_role(self, roles: tuple[Role, ...], action: str) -> User:
        user = self.signed_in()
        require_role(self.store.audit, user, roles, action=action)
        return user


class Workstation(SignedInStore):
    """The signed-in counter's core session on the store's writer connection: every store
    job of the window. Open with :meth:`open` on the worker thread; ``user`` is who signed
    in (and unlocked) here last."""

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self._issued: dict[tuple[str, DocumentKind], IssuedDocument] = {}
        self._document_process: DocumentProcess | None = None

    @classmethod
    def open(cls, home: Home, config: Config) -> Workstation:
        return cls(open_store(home, config))

    def warm_up(self) -> None:
        """Import intake, printing and sync on the worker once the window is up, and start
        the process that renders documents: the login screen waits for none of it, and
        neither does the first receipt."""
        from printing.document_process import DocumentProcess

        for module in WARM_MODULES:
            importlib.import_module(module)
        font_dir = self.config.printing.font_dir
        self._document_process = DocumentProcess(Path(font_dir) if font_dir else None)

    def close(self) -> None:
        if self._document_process is not None:
            self._document_process.close()
        self.store.close()

    # -- accounts ----------------------------------------------------------------------
    def login(self, username: str, password: str) -> User:
        self.user = self.accounts.authenticate(username, password)
        return self.user

    def sign_out(self) -> None:
        self.user = None

    def approve(self, username: str, password: str, action: str, target: str) -> User:
        """A supervisor's approval of the signed-in user's request, given on their screen;
        neither they nor (for a case) its clerk may approve it. Audited either way."""
        requesters = [self.signed_in().username]
        if action in CASE_APPROVALS:
            requesters.append(case_rows.get_case(self.store, target).clerk)
        return approve(
            self.accounts, username, password, action=action, target=target, requesters=requesters
        )

    # -- decisions ---------------------------------------------------------------------
    def decide(self, clerk: User, request: DecisionRequest) -> DecisionResult:
        """Record the clerk's decision through the intake service (idempotent by request id)."""
        from counter_app.services import intake
        from counter_app.services.intake import IntakeRequest

        intake_request = IntakeRequest(
            service_item=request.item_code,
            situation=request.situation_code,
            request_id=request.request_id,
            applicant=request.applicant,
            materials=request.materials,
            identity_source=request.identity_source,
            expired_id_reason=request.expired_id_reason,
            delivery=request.delivery,
            document_language=request.document_language,
            eligibility_reason=request.eligibility_reason,
            card_read_at=request.card_read_at,
            preapp_id=request.preapp_id,
            licences=request.licences,
            elicence_consent_code=request.elicence_consent_code,
        )
        if request.decision == "accept":
            result = intake.accept(self.store, intake_request, clerk)
        elif request.decision == "defer":
            if request.supervisor is None:
                raise ValueError("a deferred acceptance needs the approving supervisor")
            result = intake.accept_deferred(self.store, intake_request, clerk, request.supervisor)
        elif request.decision == "notify":
            result = intake.notify(self.store, intake_request, clerk)
        else:
            if request.refusal is None:
                raise ValueError("a refusal needs its reason and legal basis")
            result = intake.refuse(
                self.store,
                intake_request,
                clerk,
                reason=request.refusal.reason,
                legal_basis=request.refusal.legal_basis,
                redirect_to=request.refusal.redirect_to,
            )
        return DecisionResult(
            case_id=result.case_id,
            case_no=result.case_no,
            state=str(result.state),
            created=result.created,
            promised_date=result.promised_date,
            document=document_for_state(result.state),
        )

    # -- documents and printing --------------------------------------------------------
    def issue_document(
        self,
        username: str,
        case_id: str,
        kind: DocumentKind,
        *,
        page_width: int,
    ) -> DocumentPreview:
        """Issue (once) the decision's document and rasterise its pages for the preview,
        ``page_width`` pixels wide. Every document is in the applicant's language kept with
        the case, never the clerk's interface language."""
        issued = self._issue_once(username, case_id, kind)
        return DocumentPreview(
            pdf_path=str(issued.pdf_path),
            serial=issued.serial,
            pages=tuple(rasterize(issued.pdf_path, width=page_width)),
            printed=case_rows.document_printed(self.store, case_id, kind.value),
        )

    def print_document(self, username: str, case_id: str, kind: DocumentKind) -> str:
        return self._print(self._issued[(case_id, kind)], username)

    def _print(self, issued: IssuedDocument, username: str) -> str:
        """Print through the configured GUI route (``printing.gui_route``): Qt's print system
        (imported only then: the one Qt piece here) or CUPS ``lp``, as the command line does."""
        if self.config.printing.gui_route == "qt":
            from ui.qt_printing import print_issued

            return print_issued(
                self.store, self.config, issued, actor=username, run=self._in_document_process
            ).printer
        from printing.service import print_document

        return print_document(self.store, self.config, issued, actor=username).printer

    def case_approver(self, approval: Approval, action: str, case_id: str) -> User:
        """The supervisor who approved ``action`` on the case: authenticated here when they
        typed their password on this screen; else the one who approved the request at
        another window, who may not have made the case either (four eyes)."""
        if isinstance(approval, InPlaceApproval):
            return self.approve(approval.username, approval.password, action, case_id)
        if approval.approver is None:
            raise ValueError("only an approved request approves an action")
        requesters = (self.signed_in().username, case_rows.get_case(self.store, case_id).clerk)
        refuse_own_approval(approval.approver, requesters)
        return approval.approver

    def reprint(self, username: str, case_id: str, *, approval: Approval, reason: str) -> str:
        """补打: approved by a supervisor, marked on the paper, audited, printed."""
        from printing import service as printing_service

        approver = self.case_approver(approval, "reprint", case_id)
        issued = printing_service.issue_document(
            self.store,
            self.config,
            self.store.home,
            case_id,
            actor=username,
            reprint_reason=reason,
            approved_by=approver,
            render=self._document_process,
        )
        self._issued[(case_id, issued.kind)] = issued
        return self._print(issued, username)

    def void(self, clerk: User, case_id: str, *, approval: Approval, reason: str) -> int:
        """作废 through the case-review service, approved by a supervisor."""
        from counter_app.services.case_endings import void_case

        approver = self.case_approver(approval, "void_case", case_id)
        return void_case(self.store, case_id, clerk, approver, reason)

    def accept_returned(
        self, clerk: User, case_id: str, codes: list[str], *, eligibility_reason: str = ""
    ) -> int:
        """The applicant came back after a one-time notice: the same case is accepted
        (against the situation's eligibility rule only with ``eligibility_reason``)."""
        from counter_app.services.later_materials import accept_returned

        return accept_returned(
            self.store, case_id, clerk, codes, eligibility_reason=eligibility_reason
        )

    def withdraw(self, clerk: User, case_id: str, *, reason: str) -> int:
        """撤回 through the case-review service; the window collected the applicant's
        confirmation before calling this."""
        from counter_app.services.case_endings import withdraw

        return withdraw(self.store, case_id, clerk, reason, applicant_confirmed=True)

    def pay_at_window(self, clerk: User, case_id: str, receipt_no: str) -> int:
        """A card payment at the window's POS terminal, with the terminal's receipt number."""
        from counter_app.services.payments import pay_at_window

        return pay_at_window(self.store, case_id, clerk, receipt_no)

    def issue_and_print(self, username: str, case_id: str, kind: DocumentKind) -> str:
        """Issue a case's document (once) and print it, without a preview."""
        return self._print(self._issue_once(username, case_id, kind), username)

    def _issue_once(self, username: str, case_id: str, kind: DocumentKind) -> IssuedDocument:
        """The document issued for this case and kind in this session, issuing it the first
        time: a second call (a retried print) is never an unmarked second original."""
        from printing import service as printing_service

        issued = self._issued.get((case_id, kind))
        if issued is None:
            issued = printing_service.issue_document(
                self.store,
                self.config,
                self.store.home,
                case_id,
                kind=kind,
                actor=username,
                render=self._document_process,
            )
            self._issued[(case_id, kind)] = issued
        return issued

    def due_deferrals(self, within_days: int) -> tuple[date, list[OpenDeferral]]:
        """Today (hall-local) and the hall's open deferrals due within ``within_days`` of it,
        overdue ones included, soonest first: the supervisor's follow-up (supervisors and
        administrators only)."""
        from counter_app.services.deferrals import open_deferrals

        self._require_role(SUPERVISOR_ROLES, "deferrals.view")
        today = hall_today()
        return today, open_deferrals(self.store, today=today, due_within=within_days)

    def supply_deferred(self, clerk: User, case_id: str, codes: list[str]) -> Supplied:
        """容缺后补: the deferred materials ``codes`` arrived; the last one accepts the case."""
        from counter_app.services.deferrals import supply

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

        return hand_over(self.store, case_id, clerk, id_number=id_number, proxy=proxy)

    def post_result(self, clerk: User, case_id: str, waybill: str) -> Posted:
        from counter_app.services.delivery import post_result

        return post_result(self.store, case_id, clerk, waybill)

    def correct(
        self, clerk: User, case_id: str, codes: list[str], fields: dict[str, str]
    ) -> Corrected:
        """补正 handed in: the materials ``codes`` and applicant ``fields`` asked for."""
        from counter_app.services.corrections import correct

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
    ) -> int:
        """A typo in the applicant's data, corrected once a supervisor approved it: on this
        screen or at another window (then recorded as the approver)."""
        from counter_app.services.applicant_edits import edit_applicant

        approver = self.case_approver(approval, "edit_applicant", case_id)
        return edit_applicant(
            self.store, case_id, clerk, approver, field=field, value=value, reason=reason
        )

    def masked_applicant_edit(self, case_id: str, field: str, value: str) -> tuple[str, str]:
        """The old and new value of a correction, checked and masked: all a request to the
        supervisors may say of them (it leaves this PC)."""
        from counter_app.services.applicant_edits import masked_applicant_edit

        return masked_applicant_edit(self.store, case_id, field, value)

    def _in_document_process(self, job: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a print job in the document process (see ``ui.qt_printing``), or here before
        :meth:`warm_up` started it."""
        if self._document_process is None:
            return job(*args, **kwargs)
        return self._document_process.call(job, *args, **kwargs)

    def print_test_page(self, username: str, fmt: str = "a4", printer: str | None = None) -> str:
        """Print the specimen receipt (sample data; only the audit entry is recorded) in paper
        format ``fmt`` on ``printer`` (default: the configured one for it), through the
        configured GUI route as documents are, so the test shows what a receipt would do."""
        from printing.document_data import PaperFormat
        from printing.service import (
            TEST_PAGE_TITLE,
            print_test_page,
            printer_for,
            specimen_pdf_file,
        )
        from ui.qt_printing import print_pdf, qt_queue

        paper = PaperFormat(fmt)
        spec = (printer if printer is not None else printer_for(self.config, paper)).strip()
        lang = self.config.ui.lang
        queue = qt_queue(spec) if self.config.printing.gui_route == "qt" else None
        if queue is not None:
            with specimen_pdf_file(
                self.config, paper, lang=lang, render=self._document_process
            ) as pdf:
                self._in_document_process(
                    print_pdf, self.config, queue, pdf, paper, title=TEST_PAGE_TITLE
                )
            name = queue
        else:  # lp, the training hall's folder, or none set (which says what to configure)
            name = print_test_page(self.config, paper, printer=spec, lang=lang).printer
        self.store.audit.record(username, "printer.test_page", name, {"paper": paper.value})
        return name

    def print_queues(self) -> tuple[list[str], str]:
        """The print system's queues and its default, for the settings screen's printer
        choice (``ui.qt_printing.print_queues``)."""
        from ui.qt_printing import print_queues

        return print_queues(self.config)

    def set_printers(self, a4_printer: str, receipt_printer: str) -> Config:
        """Save the two printers in the user config (validated there; nothing changes if it
        refuses) and print on them from the next job on, without a restart; audited. Only
        an administrator may."""
        from counter_app.config import update_user_config

        username = self._require_role(ADMIN_ROLES, "printer.configured").username
        update_user_config(
            self.store.home,
            {"printing": {"a4_printer": a4_printer, "receipt_printer": receipt_printer}},
        )
        before = self.config.printing
        printing = replace(before, a4_printer=a4_printer, receipt_printer=receipt_printer)
        self.store.config = replace(self.config, printing=printing)
        self.store.audit.record(
            username,
            "printer.configured",
            None,
            {
                "a4_printer": a4_printer,
                "receipt_printer": receipt_printer,
                "was_a4_printer": before.a4_printer,
                "was_receipt_printer": before.receipt_printer,
            },
        )
        return self.store.config

    # -- catalog -----------------------------------------------------------------------
    def catalog_items(self) -> list[ServiceItem]:
        return catalog_store.list_items(self.store)

    def recent_items(self, username: str | None) -> list[ServiceItem]:
        """The clerk's most recently used items, newest first."""
        return catalog_store.recent_items(self.store, username or "", RECENT_ITEMS)

    # -- cases -------------------------------------------------------------------------
    def list_cases(
        self,
        query: str = "",
        state: str | None = None,
        sync_state: str | None = None,
        today_only: bool = True,
    ) -> list[CaseRow]:
        """Today's cases (or all), or those matching a case number, ID number or phone."""
        text = query.strip()
        if text:
            records = case_rows.search_cases(self.store, text)
            records = [
                r
                for r in records
                if (not state or r.state == state)
                and (not sync_state or r.sync_state == sync_state)
            ]
        else:
            records = case_rows.list_cases(
                self.store,
                state=state,
                sync_state=sync_state,
                day=hall_today() if today_only else None,
            )
        return _case_rows(self.store, records)

    def last_case_event(self) -> int:
        """Grows whenever any case changes (here, in the sync process, from the platform)."""
        return case_rows.last_case_event(self.store)

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

    def expected_arrivals(self, id_number: str) -> list[ExpectedArrival]:
        """The applicant's appointments of today and pre-applications still open, from the
        arrivals cache (offline too)."""
        from counter_app.services.arrivals import expected

        found = []
        for arrival in expected(self.store, id_number):
            zh, en = arrival.headline()
            fills = arrival.kind == "preapp" and arrival.review == "passed"
            appointment = arrival.kind == "appointment"
            found.append(ExpectedArrival(arrival.arrival_id, zh, en, fills, appointment))
        return found

    def preapp_intake(self, preapp_id: str) -> PreappIntake:
        """What the intake form takes from a cached pre-application."""
        from counter_app.services.arrivals import electronic_marks, open_preapp

        preapp = open_preapp(self.store, preapp_id)
        entries = [
            {
                "code": mark.code,
                "status": mark.status.value,
                "form": mark.form.value if mark.form else None,
                "count": mark.count,
                "note": mark.note,
            }
            for mark in electronic_marks(self.store, preapp)
        ]
        return PreappIntake(preapp_id, preapp.item_code, preapp.situation, entries)

    def case_detail(self, case_id: str) -> CaseDetail:
        from counter_app.services.corrections import applicant_changes
        from counter_app.store.window_tickets import case_ticket

        record = case_rows.get_case(self.store, case_id)
        history = case_rows.case_history(self.store, case_id)
        stored = case_rows.case_document(self.store, case_id)
        override = stored.get("eligibility_override")
        item = stored["service_item"]
        return CaseDetail(
            **asdict(_case_rows(self.store, [record])[0]),
            promised_date=record.promised_date,
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
            applicant_changes=tuple(applicant_changes(self.store, case_id, self.signed_in())),
            pending_document=_pending_document(self.store, record),
            payment=case_rows.case_payment(self.store, case_id),
            english_name=stored["applicant"].get("english_name"),
            document_language=stored.get("document_language") or "zh",
            eligibility_reason=override["reason"] if override else None,
            routed_to=(item["handling_department"], item["department"])
            if item.get("handling_department")
            else None,
            online_rating=stored["online_evaluation"]["level"]
            if stored.get("online_evaluation")
            else None,
            ticket=case_ticket(self.store, case_id),
            licences=_case_licences(self.store, case_id, stored),
        )

    # -- hall queue (supervisors and administrators) ------------------------------------
    def hall_queue(self, view: QueueFilter, *, limit: int, offset: int = 0) -> list[QueueEntry]:
        """A page of every window's cases of the hall, newest first (masked: no personal
        data at all). Only a supervisor or an administrator may."""
        from counter_app.services.hall_queue import read_queue
        from counter_app.store.hall_queue import QueueQuery

        self._require_role(SUPERVISOR_ROLES, "hall_queue.read")
        query = QueueQuery(text=view.text, state=view.state)
        entries = read_queue(self.store, query, today=hall_today(), limit=limit, offset=offset)
        if view.review is None:
            return entries
        reviews = self.review_states([e.case_id for e in entries])
        return [e for e in entries if reviews[e.case_id] == view.review]

    def review_states(self, case_ids: list[str]) -> dict[str, str]:
        """The review state (received, edited, has_issues, approved, rejected) of each case
        of the hall."""
        from counter_app.services.reviews import current_versions, review_states

        return review_states(self.store, current_versions(self.store, case_ids))

    def review_case(self, case_id: str, state: str, reason: str) -> Review:
        """The signed-in supervisor's review of a case of any window; sent at the next sync."""
        from counter_app.services.reviews import review_case

        return review_case(self.store, self.signed_in(), case_id, state, reason)

    def hall_queue_marker(self) -> tuple[int, int]:
        """Grows whenever the queue may have changed: a case here, or a feed item arrived."""
        from counter_app.store.hall_queue import last_hall_sequence

        return case_rows.last_case_event(self.store), last_hall_sequence(self.store)

    # -- statistics (supervisors and administrators) ------------------------------------
    def statistics(self, period: Period) -> Statistics:
        """The charts' figures for ``period`` (no personal data)."""
        from counter_app.services.statistics import compute

        self._require_role(SUPERVISOR_ROLES, "statistics.read")
        return compute(self.store, period)

    def export_statistics(self, stats: Statistics, path: Path) -> Path:
        """``stats`` written to ``path`` as CSV (``counter_app.services.statistics.csv_rows``)."""
        from counter_app.services.statistics import write_csv

        self._require_role(SUPERVISOR_ROLES, "statistics.export")
        write_csv(stats, path)
        return path

    # -- problem cases (supervisors and administrators) ---------------------------------
    def problem_cases(self) -> list[ProblemCase]:
        """The hall's cases the platform refused or holds in conflict, this workstation's
        first, each with the newest instruction about it (masked: no personal data)."""
        from counter_app.services.problems import problem_cases

        self._require_role(SUPERVISOR_ROLES, "problems.read")
        return problem_cases(self.store, today=hall_today())

    # -- end of day (supervisors and administrators) ------------------------------------
    def day_report(self, day: date) -> DayReport:
        """The hall day's figures per window and for the hall, and its reconciliation."""
        from counter_app.services.end_of_day import day_report

        self._require_role(SUPERVISOR_ROLES, "day.report")
        return day_report(self.store, day)

    def sign_off_day(self, day: date, username: str, password: str, lang: str) -> SignOff:
        """``username`` (a supervisor or an administrator, authenticated here: failures count
        towards the lockout) signs the day off; the signed report is archived and the
        sign-off queued for the platform's next sync."""
        from counter_app.services.end_of_day import SIGN_OFF_ACTION, day_report
        from printing.day_report import sign_off_and_archive

        self._require_role(SUPERVISOR_ROLES, SIGN_OFF_ACTION)
        supervisor = authorise(
            self.accounts,
            username,
            password,
            roles=SUPERVISOR_ROLES,
            action=SIGN_OFF_ACTION,
            target=day.isoformat(),
        )
        report = day_report(self.store, day)
        sign_off, _ = sign_off_and_archive(self.store, self.store.home, report, supervisor, lang)
        return sign_off

    # -- hall notices (everyone reads; supervisors and administrators publish) ----------
    def hall_notices(self) -> list[HallNotice]:
        """The hall's notices, newest first, read or not by the signed-in user."""
        from counter_app.store.hall_notices import hall_notices

        return hall_notices(self.store, self.signed_in().username)

    def mark_notice_read(self, notice_id: str) -> list[HallNotice]:
        """The signed-in user read the notice; their notices afterwards."""
        from counter_app.store.hall_notices import mark_read

        mark_read(self.store, self.signed_in().username, notice_id)
        return self.hall_notices()

    # -- what this window keeps of its platform calls (``ui.platform_facade`` makes them) --
    def pending_approvals(self, target: str) -> list[SentRequest]:
        """The signed-in clerk's requests for ``target`` still waiting (sent before the
        window closed), to wait for again."""
        from counter_app.store.approval_requests import pending_requests

        return pending_requests(self.store, self.signed_in().username, target)

    # -- e-licence tasks and attached licences (两个免于提交) ------------------------------
    def elicence_tasks(self) -> list[ElicenceCheck]:
        """E-licences the register did not confirm after the window marked them 待核验: the
        clerk's and the supervisor's tasks, oldest first."""
        from counter_app.store.elicence_checks import checks_in_state

        self.signed_in()
        return checks_in_state(self.store, "failed")

    def resolve_elicence_with_paper(self, case_no: str, material_code: str) -> int:
        """Close the task of ``material_code``: the applicant handed it in on paper; it is
        received in the case's next version (by the signed-in clerk or supervisor)."""
        from datetime import UTC, datetime

        from counter_app.services.elicence_checks import settle_with_paper

        user = self._require_role(("clerk", "supervisor"), "elicence.resolve")
        return settle_with_paper(
            self.store, open_elicence_task(self.store, case_no, material_code), user.username,
            datetime.now(UTC),
        )  # fmt: skip

    def save_licence_document(self, case_id: str, material_code: str, path: Path) -> Path:
        """The licence document attached to the case's material written to ``path`` (only
        its owner may read it), to keep or print, also offline; audited like any reading of
        an applicant's personal data."""
        from counter_app.private_file import write_private_file

        content = self._opened_licence(case_id, material_code, "case.elicence_document_saved")
        write_private_file(path, content)
        return path

    def licence_pages(self, case_id: str, material_code: str, width: int) -> list[RasterPage]:
        """The attached licence document's pages, ``width`` pixels wide, to view in the
        window (audited); a document that is not a PDF (OFD, an image) is refused with a
        message saying to save it and open it with its own viewer."""
        import tempfile

        from counter_app.errors import ValidationError

        content = self._opened_licence(case_id, material_code, "case.elicence_document_viewed")
        if not content.startswith(b"%PDF"):
            raise ValidationError(
                "该证照文件不是 PDF，窗口内不能查看；请“保存证照文件”后用相应软件打开。",
                "This licence document is not a PDF and cannot be shown here; save it and "
                "open it with its own viewer.",
                field="material",
            )
        # The clear copy lives only as long as poppler reads it, in a private directory.
        with tempfile.TemporaryDirectory(prefix="counter-licence-") as tmp:
            pdf = Path(tmp) / "licence.pdf"
            pdf.write_bytes(content)
            return rasterize(pdf, width=width)

    def _opened_licence(self, case_id: str, material_code: str, action: str) -> bytes:
        """The attached licence document's content, the reading audited as ``action``."""
        from counter_app.errors import ValidationError
        from counter_app.store.audit import AuditFact
        from counter_app.store.elicence_checks import licence_document

        user = self.signed_in()
        document = licence_document(self.store, case_id, material_code)
        if document is None:
            raise ValidationError(
                "该材料没有附入办件的电子证照文件。",
                "No e-licence document is attached to this material.",
                field="material",
            )
        with self.store.transaction() as db:
            self.store.audit.append(
                db, case_id, AuditFact(user.username, action, {"material": material_code})
            )
        return document.content

    def current_ticket(self) -> WindowTicket | None:
        """The ticket this window calls or serves, as the queue system last answered."""
        from counter_app.store.window_tickets import current_ticket

        return current_ticket(self.store)

    # -- drafts (encrypted: a draft may hold an ID number) -----------------------------
    def save_draft(self, username: str, content: IntakeDraft) -> None:
        drafts.save_draft(self.store, username, content)

    def load_draft(self, username: str) -> IntakeDraft | None:
        # The JSON the intake screen saved (``IntakeScreen.draft``); restoring it reads every
        # key with a default, as a draft from an earlier version may lack one.
        return cast("IntakeDraft | None", drafts.load_draft(self.store, username))

    def discard_draft(self, username: str) -> None:
        drafts.discard_draft(self.store, username)

    # -- identity ----------------------------------------------------------------------
    @staticmethod
    def identity_from_mrz(mrz: Mrz) -> IdentityDocument:
        """A typed passport MRZ as the identity document the intake panel shows."""
        name = f"{mrz.surname} {mrz.given_names}".strip()
        return IdentityDocument(
            doc_type=DocType.PASSPORT,
            name=name,
            english_name=name,
            id_number=mrz.document_number.replace("<", ""),
            sex={"M": "男", "F": "女"}.get(mrz.sex, ""),
            nationality=mrz.nationality,
            birth_date=mrz_date(mrz.birth_date, field="birth_date", expiry=False),
            valid_to=mrz_date(mrz.expiry_date, field="expiry_date", expiry=True),
        )

    # -- evaluations (好差评) ------------------------------------------------------------
    def record_evaluation(
        self, username: str, case_id: str, level: int | None, reason_code: str | None, reason: str
    ) -> None:
        """``level`` None: the applicant declined to rate."""
        evaluations.record_evaluation(
            self.store, case_id, level, reason_code=reason_code, reason=reason, actor=username
        )

    def rating_followups(self) -> list[evaluations.Followup]:
        """Every bad rating's follow-up, overdue ones first (supervisors and administrators)."""
        self._require_role(SUPERVISOR_ROLES, "evaluations.followups")
        return evaluations.list_followups(self.store)

    def record_followup_step(self, case_id: str, step: str, note: str) -> None:
        """The signed-in supervisor's step in the follow-up of ``case_id``'s bad rating."""
        user = self._require_role(SUPERVISOR_ROLES, "case.evaluation_followup")
        evaluations.record_followup_step(
            self.store, case_id, FollowupStep(step), note, by=user.username
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
        for line in stored["materials"]
        if line.get("licence")
    )


def open_elicence_task(store: Store, case_no: str, material_code: str) -> ElicenceCheck:
    """The open e-licence task of the case's material; refused when there is none (someone
    else may have settled it already)."""
    from counter_app.errors import ValidationError
    from counter_app.store.elicence_checks import open_task

    task = open_task(store, case_no, material_code)
    if task is None:
        raise ValidationError(
            f"办件 {case_no} 的材料 {material_code} 没有待处理的电子证照核验任务（可能已由他人处理）。",
            f"Case {case_no} has no open e-licence task for material {material_code} "
            "(someone may have settled it already).",
            field="material",
        )
    return task
