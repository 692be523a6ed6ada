"""A case's document brought up from the case detail: issued (or, when the system issued it
unrendered, rendered under its serial) on the worker and previewed; F9 prints it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from counter_app.domain.documents import DocumentKind
from ui.dialog_lifetime import delete_on_close
from ui.facade_types import InPlaceApproval
from ui.i18n import error_text
from ui.labels import document_titles
from ui.preview import PrintPreviewDialog, page_image

if TYPE_CHECKING:
    from ui.core_facade import Workstation
    from ui.facade_types import DocumentPreview
    from ui.window_session import Session

# The preview's strings keep its Linguist context, where their translations are.
translate = QCoreApplication.translate


def open_case_document(
    session: Session,
    case_id: str,
    case_no: str,
    kind: DocumentKind,
    parent: QWidget,
    *,
    on_printed: Callable[[], None] | None = None,
) -> PrintPreviewDialog:
    """Issue ``kind`` for the case on the worker and preview it; F9 prints it, then
    ``on_printed`` runs (the opener shows the case as printed)."""
    dialog = delete_on_close(
        PrintPreviewDialog(f"{document_titles()[kind]} {case_no}", "…", parent)
    )
    width = dialog.page_width()
    username = session.username or ""

    def issue(ws: Workstation) -> tuple[DocumentPreview, list[QImage]]:
        document = ws.issue_document(username, case_id, kind, page_width=width)
        return document, [page_image(page) for page in document.pages]

    def issued(result: tuple[DocumentPreview, list[QImage]]) -> None:
        document, images = result
        dialog.pdf_path = document.pdf_path
        dialog.status.setText(
            translate("PrintPreviewDialog", "文件：{path}").format(path=document.pdf_path)
        )
        dialog.show_pages(images)
        if document.printed:
            dialog.already_printed()

    def printed(_printer: str) -> None:
        dialog.printed(translate("PrintPreviewDialog", "已发送到打印机。"), ok=True)
        if on_printed is not None:
            on_printed()

    def print_it() -> None:
        session.worker.submit(
            lambda ws: ws.print_document(username, case_id, kind),
            printed,
            lambda exc: dialog.printed(
                translate(
                    "PrintPreviewDialog", "打印失败：{e} 可稍后打印（案件详情 Ctrl+P）。"
                ).format(e=error_text(exc)),
                ok=False,
            ),
            name="print_document",
        )

    session.worker.submit(
        issue, issued, lambda exc: dialog.show_problem(error_text(exc)), name="issue_document"
    )
    dialog.print_requested.connect(print_it)
    connect_reprint(session, dialog, case_id, kind, after=on_printed)
    dialog.show()
    return dialog


def connect_reprint(
    session: Session,
    dialog: PrintPreviewDialog,
    case_id: str,
    kind: DocumentKind,
    *,
    after: Callable[[], None] | None = None,
) -> None:
    """The preview's 补打 (F9 once the document is on paper): a supervisor approves on it
    with a reason; the copy of ``kind`` is marked, audited and printed, then ``after`` runs."""
    username = session.username or ""

    def reprint(approval: InPlaceApproval, reason: str) -> None:
        def done(_printer: str) -> None:
            dialog.reprinted(translate("PrintPreviewDialog", "已补打，已发送到打印机。"))
            if after is not None:
                after()

        session.worker.submit(
            lambda ws: ws.reprint(
                username,
                case_id,
                approval=approval,
                reason=reason,
                kind=kind,
            ),
            done,
            dialog.reprint_refused,
            name="reprint",
        )

    dialog.reprint_requested.connect(reprint)
