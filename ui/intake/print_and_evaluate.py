"""What follows a decision stored at the intake screen: its document in the print preview
(print, a supervised reprint) — after a 一件事 the bundle's receipt, then each notified
member's notice in turn — then the applicant's evaluation, on their own screen when the
window has one, and the next applicant."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication, QImage

from ui.dialog_lifetime import delete_on_close
from ui.document_preview import connect_reprint
from ui.evaluation import EvaluationDialog, applicant_screen
from ui.i18n import error_text
from ui.labels import document_title
from ui.preview import PrintPreviewDialog, page_image
from ui.widgets import CLOSED_FOR_LOCK

if TYPE_CHECKING:
    from ui.core_facade import Workstation
    from ui.facade_types import DecisionResult, DocumentPreview
    from ui.intake.screen import IntakeScreen

# The screen's strings keep its Linguist context, where their translations are.
translate = QCoreApplication.translate


def holds_decided_applicant(screen: IntakeScreen) -> bool:
    """Whether the form still shows the applicant of the decision stored last: the very form
    it was decided from (a cleared form has a new ``request_id``), their preview or rating
    not yet through. Such a form is no draft: accepting it again only finds the same case."""
    case = screen.last_case
    if case is None or screen.decided_request_id != screen.request_id:
        return False
    return screen.evaluated_case_id != case.case_id or screen.evaluation is not None


def preview_last(screen: IntakeScreen) -> None:
    show_reprint_state(screen)  # a case stored while the lock came on: offered all the same
    # Not over the lock screen: a case stored while it came on is previewed with F9.
    if screen.busy or screen.session.locked:
        return
    if screen.last_case is None:
        screen._warn(translate("IntakeScreen", "打印上一件"), _nothing_decided())
        return
    _preview(screen, screen.last_case, screen.last_notices, screen.last_case)


def show_reprint_state(screen: IntakeScreen) -> None:
    """打印上一件 is offered once this sign-in decided a case; until then it says why not."""
    decided = screen.last_case is not None
    screen.reprint_button.setEnabled(decided)
    screen.reprint_button.setToolTip("" if decided else _nothing_decided())


def _nothing_decided() -> str:
    return translate("IntakeScreen", "本次登录尚无已办结的办件。")


def _preview(
    screen: IntakeScreen,
    case: DecisionResult,
    following: tuple[DecisionResult, ...],
    rated: DecisionResult,
) -> None:
    """``case``'s document, then each of ``following`` once the clerk is done with it, then
    the applicant's rating of ``rated``."""
    dialog = delete_on_close(
        PrintPreviewDialog(f"{document_title(case.document)} {case.case_no}", "…", screen)
    )
    screen.preview = dialog

    def issued(result: tuple[DocumentPreview, list[QImage]]) -> None:
        document, images = result
        dialog.pdf_path = document.pdf_path
        dialog.status.setText(
            translate("IntakeScreen", "文件：{path}").format(path=document.pdf_path)
        )
        dialog.show_pages(images)
        if document.printed:
            dialog.already_printed()

    width = dialog.page_width()
    username = screen.session.username or ""

    def issue(ws: Workstation) -> tuple[DocumentPreview, list[QImage]]:
        # In the applicant's language kept with the case, not the interface's.
        document = ws.issue_document(username, case.case_id, case.document, page_width=width)
        return document, [page_image(page) for page in document.pages]

    screen.session.worker.submit(
        issue,
        issued,
        lambda exc: dialog.show_problem(error_text(exc)),
        name="issue_document",
    )

    def print_it() -> None:
        screen.session.worker.submit(
            lambda ws: ws.print_document(
                screen.session.username or "", case.case_id, case.document
            ),
            lambda _r: dialog.printed(translate("IntakeScreen", "已发送到打印机。"), ok=True),
            lambda exc: dialog.printed(
                translate(
                    "IntakeScreen", "打印失败：{e} 案件已保存，可稍后在案件详情中打印（Ctrl+P）。"
                ).format(e=error_text(exc)),
                ok=False,
            ),
            name="print_document",
        )

    dialog.print_requested.connect(print_it)

    connect_reprint(screen.session, dialog, case.case_id, case.document)

    def finished(result: int) -> None:
        if result == CLOSED_FOR_LOCK:  # what follows, follows the clerk's "done" only
            _cut_short(screen, rated)
            return
        if following:
            _preview(screen, following[0], following[1:], rated)
        else:
            _after_preview(screen, rated)

    dialog.finished.connect(finished)
    if screen.show_dialogs_modal:
        dialog.open()
    else:
        dialog.show()


def _after_preview(screen: IntakeScreen, case: DecisionResult) -> None:
    if screen.evaluated_case_id == case.case_id:
        screen.flow_finished.emit(case.case_id)
        return
    screen.evaluated_case_id = case.case_id
    dialog = delete_on_close(EvaluationDialog(case.case_no, screen))
    username = screen.session.username or ""

    def rated(level: int | None, reason_code: str, reason: str) -> None:
        screen.session.worker.submit(
            lambda ws: ws.record_evaluation(
                username, case.case_id, level, reason_code or None, reason
            ),
            None,
            screen.session.report_error,
            name="record_evaluation",
        )

    dialog.rated.connect(rated)
    display = applicant_screen(QGuiApplication.screens(), screen.screen())
    if display is None:
        screen.evaluation = dialog
        dialog.finished.connect(lambda _r: _evaluation_closed(screen, case))
        dialog.cover_clerk_window()
        return
    # The 评价器 faces the applicant: the rating waits there while the clerk goes on. A
    # step still unanswered when the next applicant's begins is left unrated.
    if screen.evaluator is not None:
        screen.evaluator.close()
    screen.evaluator = dialog
    dialog.finished.connect(lambda _r: _evaluator_closed(screen, dialog))
    dialog.show_on(display)
    _evaluation_closed(screen, case)


def _cut_short(screen: IntakeScreen, case: DecisionResult) -> None:
    """The lock (or a sign-out) closed ``case``'s preview: the applicant's turn ends there,
    unrated, as a step still unanswered when the next applicant's begins is; their form goes.
    The receipt stays a keypress away (打印上一件, F9: no rating asked) and in the case list.
    A reprint over the next applicant's form (F9) leaves that form as it is."""
    if not holds_decided_applicant(screen):
        return
    screen.preview = None
    screen.evaluated_case_id = case.case_id
    if screen.session.user is not None:  # a sign-out clears the form itself
        screen.next_applicant(confirm=False)


def _evaluator_closed(screen: IntakeScreen, dialog: EvaluationDialog) -> None:
    if screen.evaluator is dialog:
        screen.evaluator = None


def _evaluation_closed(screen: IntakeScreen, case: DecisionResult) -> None:
    screen.preview = screen.evaluation = None
    screen.next_applicant(confirm=False)
    screen.flow_finished.emit(case.case_id)
