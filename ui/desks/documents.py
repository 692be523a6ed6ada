"""A case's documents, issued once per session (a retried print is never an unmarked second
original; a reprint is approved and marked as one), rendered in the document process and
printed; and the printers the window prints on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from counter_app.config import Config
from counter_app.services.approval import ADMIN_ROLES
from counter_app.store import documents as document_rows
from counter_app.store.database import Store
from printing.document_data import DocumentKind
from printing.errors import ReprintReasonRequired
from ui.desks.accounts import AccountDesk
from ui.facade_types import Approval, DocumentPreview
from ui.pdf_pages import rasterize

if TYPE_CHECKING:
    from printing.document_process import DocumentProcess
    from printing.service import IssuedDocument

T = TypeVar("T")


class DocumentDesk(AccountDesk):
    """Issuing, previewing and printing documents; the process that renders them is started
    by ``Workstation.warm_up``."""

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self._issued: dict[tuple[str, DocumentKind], IssuedDocument] = {}
        self._document_process: DocumentProcess | None = None

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
        self.signed_in()  # their account still in force
        issued = self._issue_once(username, case_id, kind)
        return DocumentPreview(
            pdf_path=str(issued.pdf_path),
            serial=issued.serial,
            pages=tuple(rasterize(issued.pdf_path, width=page_width)),
            printed=document_rows.document_printed(self.store, case_id, kind.value),
        )

    def print_document(self, username: str, case_id: str, kind: DocumentKind) -> str:
        """Print the case's ``kind`` issued in this session (F9 after the preview), issuing it
        first when there is none or it was superseded meanwhile (``_issue_once``)."""
        self.signed_in()  # their account still in force
        return self._print(self._issue_once(username, case_id, kind), username)

    def _print(self, issued: IssuedDocument, username: str) -> str:
        """Print through the configured GUI route (``printing.gui_route``): Qt's print system
        (imported only then: the one Qt piece here), which hands a CUPS queue to printing's
        dispatcher (``ui.qt_printing.qt_queue``), or CUPS ``lp``, as the command line does.
        A document already on paper is refused: a further copy is only a 补打 (``reprint``)."""
        if document_rows.is_printed(self.store, issued.document_id):
            raise ReprintReasonRequired(issued.reprint_no + 1)
        if self.config.printing.gui_route == "qt":
            from ui.qt_printing import print_issued

            return print_issued(
                self.store, self.config, issued, actor=username, run=self._in_document_process
            ).printer
        from printing.service import print_document

        return print_document(self.store, self.config, issued, actor=username).printer

    def reprint(
        self,
        username: str,
        case_id: str,
        *,
        approval: Approval,
        reason: str,
        kind: DocumentKind | None = None,
    ) -> str:
        """补打 of ``kind`` (default: what the case's state calls for): approved by a
        supervisor, marked on the paper, audited, printed."""
        from printing import service as printing_service

        approver = self.case_approver(approval, "reprint", case_id)
        issued = printing_service.issue_document(
            self.store,
            self.config,
            self.store.home,
            case_id,
            kind=kind,
            actor=username,
            reprint_reason=reason,
            approved_by=approver,
            render=self._document_process,
        )
        self._issued[(case_id, issued.kind)] = issued
        return self._print(issued, username)

    def _issue_once(self, username: str, case_id: str, kind: DocumentKind) -> IssuedDocument:
        """The document issued for this case and kind in this session, issuing it the first
        time: a second call (a retried print) is never an unmarked second original. A kept
        original that another issue superseded meanwhile (the command line's, in another
        paper or language) is not printed: the case's document is asked for again."""
        from printing import service as printing_service

        issued = self._issued.get((case_id, kind))
        if issued is not None and self._superseded(issued):
            issued = None
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

    def _superseded(self, issued: IssuedDocument) -> bool:
        """Whether ``issued``, an original never printed, is no longer the case's unprinted
        original of its kind: a later copy of that kind was issued (as ``printing.service``
        decides which original a first print is). A printed one stays: printing it again is
        refused as a 补打 (``_print``); a 补打 is kept until printed."""
        if issued.reprint_no or document_rows.is_printed(self.store, issued.document_id):
            return False
        current = document_rows.unprinted_document(self.store, issued.case_id, issued.kind.value)
        return current is None or current.document_id != issued.document_id

    def _in_document_process(self, job: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a print job in the document process (see ``ui.qt_printing``), or here before
        :meth:`warm_up` started it."""
        if self._document_process is None:
            return job(*args, **kwargs)
        return self._document_process.call(job, *args, **kwargs)

    # -- printers ----------------------------------------------------------------------
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
