"""The intake screen: one screen, keyboard-first; every action has a shortcut shown on screen.

Flow: identity (card or typed) → item and situation → checklist → decision → confirmation
→ stored on the worker (one request UUID per applicant, so a double activation can never
create two cases) → print preview → print → evaluation → next applicant.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.hall_time import hall_today
from counter_app.domain.idnumber import mask_id_number
from ui.approval import SupervisorApprovalDialog
from ui.approval_wait import ApprovalWait
from ui.evaluation import EvaluationDialog, applicant_screen
from ui.facade_types import (
    ApprovalAnswer,
    Decision,
    DecisionRequest,
    DecisionResult,
    DeferralReasons,
    DocumentPreview,
    ExpectedArrival,
    InPlaceApproval,
    IntakeDraft,
    PreappIntake,
    Refusal,
)
from ui.i18n import current_lang, error_text
from ui.intake.checklist import ChecklistPanel
from ui.intake.dialogs import (
    ConfirmDecisionDialog,
    EligibilityDialog,
    ExpiredDocumentDialog,
    MrzDialog,
    RefusalDialog,
)
from ui.intake.identity_panel import IdentityPanel
from ui.intake.item_search import ItemSearch
from ui.labels import document_title
from ui.payment import amount_text
from ui.preview import PrintPreviewDialog, page_image
from ui.widgets import CLOSED_FOR_LOCK

if TYPE_CHECKING:
    from counter_app.domain.catalog import ServiceItem
    from counter_app.domain.exemptions import Exemption, LicenceFound
    from counter_app.identity.document import IdentityDocument
    from counter_app.services.auth import User
    from counter_app.services.intake import ApplicantInput
    from counter_app.store.approval_requests import SentRequest
    from ui.core_facade import Workstation
    from ui.facade_types import CaseRow
    from ui.window_session import ChecklistSummary, Session

log = logging.getLogger(__name__)

AUTOSAVE_MS = 1500


class IntakeScreen(QWidget):
    """Emits ``case_stored(case_id)`` after a decision is durable (the case list refreshes)."""

    case_stored = Signal(str)
    elicences_looked_up = Signal(int)  # how many licences the register answered with
    flow_finished = Signal(str)  # case_id, after preview and evaluation closed
    continue_requested = Signal(str)  # case_id of an open one-time notice to continue

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intakeScreen")
        self.session = session
        self.items: dict[str, ServiceItem] = {}
        self.item: ServiceItem | None = None
        self.summary: ChecklistSummary | None = None
        self.request_id = str(uuid.uuid4())
        # E-licences the register answered with for this applicant and situation (F4), and
        # the authorisation code they gave for it (None: their card read here).
        self.licences: list[LicenceFound] = []
        self.elicence_consent_code: str | None = None
        self.busy = False
        self.last_case: DecisionResult | None = None
        # The case whose applicant was asked to rate it: previewing it again (F9) asks no more.
        self.evaluated_case_id: str | None = None
        self.show_dialogs_modal = True
        # The open decision dialogs of the current applicant (tests and screenshots use them).
        self.preview: PrintPreviewDialog | None = None
        self.evaluation: EvaluationDialog | None = None  # the single screen's step
        self.evaluator: EvaluationDialog | None = None  # the step on the applicant's screen
        self.approval: SupervisorApprovalDialog | None = None  # the 容缺 approval asked
        # A 容缺 request sent to the hall's supervisors, and the decision that waits for it.
        self.approval_wait: ApprovalWait | None = None
        self._waiting_request: DecisionRequest | None = None
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 8, 8, 8)
        grid.setSpacing(8)
        self.identity = IdentityPanel()
        self.search = ItemSearch()
        self.checklist = ChecklistPanel()
        grid.addWidget(self.identity, 0, 0)
        grid.addWidget(self.search, 0, 1)
        grid.addWidget(self.checklist, 1, 0)
        grid.addWidget(self._build_decision_panel(), 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(0, 0)
        grid.setRowStretch(1, 1)
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_draft)
        self.identity.changed.connect(self._changed)
        self.identity.changed.connect(self.apply_exemptions)  # a card read may exempt the 户口簿
        self.identity.mrz_requested.connect(self.open_mrz)
        self.search.item_chosen.connect(self.choose_item)
        self.search.situation_chosen.connect(self._situation_chosen)
        self.checklist.changed.connect(self._changed)
        self.search.set_search(self._search_items)
        self._install_shortcuts()

    # -- layout ------------------------------------------------------------------------
    def _build_decision_panel(self) -> QGroupBox:
        box = QGroupBox(self.tr("受理判断"))
        box.setObjectName("decisionPanel")
        layout = QVBoxLayout(box)
        self.summary_label = QLabel(self.tr("请先读卡并选择事项。"))
        self.summary_label.setObjectName("summary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        summary_area = QScrollArea()
        summary_area.setWidgetResizable(True)
        summary_area.setFrameShape(QFrame.Shape.NoFrame)
        summary_area.setWidget(self.summary_label)
        summary_area.setMinimumHeight(90)
        layout.addWidget(summary_area, 1)
        self._add_arrival_banner(layout)
        # Shown when the card read belongs to an applicant with an open one-time notice here.
        self.notice_button = QPushButton()
        self.notice_button.setObjectName("openNoticeButton")
        self.notice_button.hide()
        self.notice_button.clicked.connect(self.continue_notice)
        self._notice_case: str | None = None
        layout.addWidget(self.notice_button)
        layout.addWidget(self._build_waiting_panel())
        buttons = QGridLayout()
        buttons.setSpacing(6)
        self.accept_button = self._decision_button(self.tr("受理  F5"), "acceptButton")
        self.notify_button = self._decision_button(self.tr("一次性告知  F6"), "notifyButton")
        self.defer_button = self._decision_button(self.tr("容缺受理（值班长）  F7"), "deferButton")
        self.refuse_button = self._decision_button(self.tr("不予受理  F8"), "refuseButton")
        self.reprint_button = self._decision_button(self.tr("打印上一件  F9"), "lastPrintButton")
        self.clear_button = self._decision_button(self.tr("下一位  Ctrl+N"), "clearButton")
        self.elicence_button = self._decision_button(self.tr("查电子证照  F4"), "elicenceButton")
        buttons.addWidget(self.accept_button, 0, 0, 1, 2)
        buttons.addWidget(self.notify_button, 1, 0)
        buttons.addWidget(self.defer_button, 1, 1)
        buttons.addWidget(self.refuse_button, 2, 0)
        buttons.addWidget(self.reprint_button, 2, 1)
        buttons.addWidget(self.elicence_button, 3, 0)
        buttons.addWidget(self.clear_button, 3, 1)
        layout.addLayout(buttons)
        self.accept_button.clicked.connect(lambda: self.decide("accept"))
        self.notify_button.clicked.connect(lambda: self.decide("notify"))
        self.defer_button.clicked.connect(lambda: self.decide("defer"))
        self.refuse_button.clicked.connect(lambda: self.decide("refuse"))
        self.reprint_button.clicked.connect(self.preview_last)
        self.clear_button.clicked.connect(self.next_applicant)
        self.elicence_button.clicked.connect(self.look_up_elicences)
        return box

    def _build_waiting_panel(self) -> QFrame:
        """Shown while a 容缺 request waits for a supervisor at another window."""
        self.waiting = QFrame()
        self.waiting.setObjectName("approvalWaiting")
        row = QVBoxLayout(self.waiting)
        row.setContentsMargins(0, 0, 0, 0)
        self.waiting_label = QLabel()
        self.waiting_label.setObjectName("approvalWaitingText")
        self.waiting_label.setWordWrap(True)
        self.withdraw_button = QPushButton(self.tr("撤回审批请求  Ctrl+W"))
        self.withdraw_button.setObjectName("withdrawApproval")
        self.withdraw_button.clicked.connect(self.withdraw_approval)
        row.addWidget(self.waiting_label)
        row.addWidget(self.withdraw_button)
        self.waiting.hide()
        return self.waiting

    def _add_arrival_banner(self, layout: QVBoxLayout) -> None:
        """Shown at once when the card read belongs to an applicant expected from the online
        channel: an appointment of today, a pre-application (网上申报) not yet accepted."""
        self.arrival_banner = QLabel()
        self.arrival_banner.setObjectName("arrivalBanner")
        self.arrival_banner.setWordWrap(True)
        self.arrival_banner.hide()
        layout.addWidget(self.arrival_banner)
        self.preapp_button = QPushButton()
        self.preapp_button.setObjectName("preappButton")
        self.preapp_button.hide()
        self.preapp_button.clicked.connect(self.fill_from_preapp)
        self._preapp_offered: str | None = None  # the pre-application Ctrl+Y fills in
        self._arrival_lines: dict[str, str] = {}  # the banner's lines, by arrival id
        self.preapp_id: str | None = None  # the one the form was filled from
        layout.addWidget(self.preapp_button)

    def _decision_button(self, text: str, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setMinimumHeight(32)
        return button

    def _install_shortcuts(self) -> None:
        bindings = {
            "F2": self.focus_identity,
            "F3": self.focus_search,
            "F4": self.look_up_elicences,
            "F5": lambda: self.decide("accept"),
            "F6": lambda: self.decide("notify"),
            "F7": lambda: self.decide("defer"),
            "F8": lambda: self.decide("refuse"),
            "F9": self.preview_last,
            "Ctrl+R": self.checklist.receive_all_required,
            "Ctrl+N": self.next_applicant,
            "Ctrl+M": self.open_mrz,
            "Ctrl+O": self.continue_notice,
            "Ctrl+W": self.withdraw_approval,
            "Ctrl+Y": self.fill_from_preapp,
        }
        for key, slot in bindings.items():
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # -- catalog -----------------------------------------------------------------------
    def load_catalog(self) -> None:
        def loaded(result: tuple[list[ServiceItem], list[ServiceItem]]) -> None:
            items, recent = result
            self.items = {item.code: item for item in items}
            self.search.set_recent(recent)

        self.session.worker.submit(
            lambda ws: (ws.catalog_items(), ws.recent_items(self.session.username)),
            loaded,
            self.session.report_error,
            name="load_catalog",
        )

    def _search_items(self, text: str) -> list[ServiceItem]:
        return self.session.search_items(list(self.items.values()), text)

    def choose_item(
        self, code: str, situation: str | None = None, saved: list[dict[str, Any]] | None = None
    ) -> None:
        item = self.items.get(code)
        if item is None:
            return
        self.item = item
        current = item.situation(situation) or item.default_situation
        self.search.show_item(item, [(s.code, s.name) for s in item.situations], current.code)
        self.checklist.set_materials(list(current.materials), saved)
        self.licences = []  # looked up for another situation, or another applicant
        self.apply_exemptions()
        self.checklist.table.setFocus()

    def apply_exemptions(self) -> dict[str, Exemption]:
        """两个免于提交: the materials a city department issued for this applicant, and those
        an e-licence looked up (F4) covers, are shown 免交 with the basis and cannot be
        marked otherwise (the intake service records them so whatever the rows say)."""
        if self.item is None:
            return {}
        from counter_app.domain.exemptions import exemptions_for
        from counter_app.services.intake_validation import applicant_facts

        situation = self.item.situation(self.situation_code()) or self.item.default_situation
        facts = applicant_facts(self._applicant(), self.identity.identity_source(), hall_today())
        english = current_lang() == "en"
        exemptions = exemptions_for(situation, facts, self.licences)
        self.checklist.lock_exempt(
            {
                code: e.basis_en if english else e.basis_zh
                for code, e in exemptions.items()
                if e.binding
            }
        )
        return exemptions

    def look_up_elicences(self) -> None:
        """F4: ask the e-licence register for the applicant's licences of this situation's
        materials. The card read at this window is their consent; without one the applicant
        gives the authorisation code from the app. Offline the materials become 待核验."""
        if self.busy:
            return  # a decision is being recorded
        item, number = self.item, self.identity.id_number.text().strip()
        if item is None or not number:
            self._warn(
                self.tr("无法查询电子证照"),
                self.tr("请先读取申请人的证件（或录入证件号码）并选择事项。"),
            )
            return
        from counter_app.identity.provenance import SourceKind

        code: str | None = None
        if self.identity.identity_source().kind is not SourceKind.CARD:
            code, given = QInputDialog.getText(
                self,
                self.tr("申请人授权"),
                self.tr("请申请人在“随申办”生成电子证照授权码，并输入："),
            )
            if not given or not code.strip():
                return
        situation, serves = self.situation_code(), f"intake-{self.request_id}"
        self.elicence_consent_code = code

        def found(licences: list[LicenceFound]) -> None:
            if self.item is item and self.situation_code() == situation:
                self.licences = licences
                pending = [e for e in self.apply_exemptions().values() if not e.binding]
                # 待核验 (offline): marked 免交 once, left open: the clerk may still take the paper.
                english = current_lang() == "en"
                self.checklist.mark_exempt(
                    {e.code: e.basis_en if english else e.basis_zh for e in pending}
                )
            self.elicences_looked_up.emit(len(licences))

        self.session.platform_worker.submit(
            lambda desk: desk.look_up_elicences(item.code, situation, number, code, serves),
            found,
            self.session.report_error,
            name="look_up_elicences",
        )

    def _situation_chosen(self, code: str) -> None:
        if self.item is not None:
            self.choose_item(self.item.code, code)

    def situation_code(self) -> str | None:
        return self.search.situation.currentData() if self.item is not None else None

    # -- live summary ------------------------------------------------------------------
    def _changed(self) -> None:
        self._autosave.start()
        self.refresh_summary()

    def refresh_summary(self) -> ChecklistSummary | None:
        """Show what the form lacks; the checklist's summary (None before an item is chosen)."""
        problems = self.identity.problems()
        self.identity.show_expiry(hall_today())
        if self.item is None:
            self.summary = None
            self._show_summary([*problems, self.tr("请选择办理事项（F3）")], can_accept=False)
            return None
        summary = self.summary = self.session.summarize_checklist(
            self.item, self.situation_code(), self.checklist.entries()
        )
        missing = [self.tr("缺少：{name}").format(name=name) for name in summary.missing]
        self._show_summary(
            problems + missing,
            can_accept=not problems and summary.can_accept,
            deferrable=summary.can_defer,
            concerns=self.eligibility_concerns(self.item) if not problems else [],
        )
        return summary

    def eligibility_concerns(self, item: ServiceItem) -> list[str]:
        """What the card says against the chosen situation's eligibility rule, in the
        interface language (the intake service asks the same again when it decides)."""
        from counter_app.services.intake_checks import eligibility_concerns

        situation = item.situation(self.situation_code()) or item.default_situation
        concerns = eligibility_concerns(
            situation, self._applicant(), self.identity.identity_source(), hall_today()
        )
        return [c.en if current_lang() == "en" else c.zh for c in concerns]

    def _show_summary(
        self,
        problems: list[str],
        can_accept: bool,
        deferrable: bool = False,
        concerns: list[str] | None = None,
    ) -> None:
        expired = self.identity.expired_on(hall_today())
        warning = (
            "<p><b>"
            + _escape(
                self.tr("注意：证件已过期（有效期至 {date}），受理时须说明理由。").format(
                    date=expired.isoformat()
                )
            )
            + "</b></p>"
            if expired is not None
            else ""
        )
        if concerns:
            warning += (
                "<p><b>"
                + _escape(self.tr("注意：证件信息与本情形的申请条件不符，受理时须说明理由："))
                + "</b></p><ul>"
                + "".join(f"<li>{_escape(text)}</li>" for text in concerns)
                + "</ul>"
            )
        if can_accept:
            text = (
                warning + "<p class='ok'><b>" + self.tr("材料齐全，可以受理（F5）。") + "</b></p>"
            )
        else:
            text = "<p><b>" + self.tr("暂不能受理：") + "</b></p><ul>"
            text += "".join(f"<li>{_escape(p)}</li>" for p in problems) + "</ul>" + warning
            if deferrable:
                text += (
                    "<p>" + self.tr("所缺均为非核心材料，可容缺受理（F7，需值班长审批）。") + "</p>"
                )
        self.summary_label.setText(text)
        self.summary_label.setProperty("state", "ok" if can_accept else "bad")
        self.summary_label.style().unpolish(self.summary_label)
        self.summary_label.style().polish(self.summary_label)

    # -- card reader -------------------------------------------------------------------
    def card_read(self, document: IdentityDocument) -> None:
        self.identity.fill_from_document(document, self.session.reader_name())
        self.identity.set_card_state(
            self.tr("已读取护照芯片，可取走")
            if document.from_chip
            else self.tr("已读取证件，可取走")
        )

        number = document.id_number
        self.session.worker.submit(
            lambda ws: ws.expected_arrivals(number),
            self._show_arrivals,
            self.session.report_error,
            name="expected_arrivals",
        )
        self.session.worker.submit(
            lambda ws: ws.open_notices(number),
            self._show_notices,
            self.session.report_error,
            name="open_notices",
        )

    def _show_arrivals(self, arrivals: list[ExpectedArrival]) -> None:
        english = current_lang() == "en"
        self._arrival_lines = {
            a.arrival_id: a.headline_en if english else a.headline_zh for a in arrivals
        }
        self._show_arrival_lines()
        for arrival in arrivals:
            if arrival.appointment:
                self._fetch_priority_ticket(
                    arrival.arrival_id, self._arrival_lines[arrival.arrival_id]
                )
        offered = next((a for a in arrivals if a.fills_intake), None)
        self._preapp_offered = offered.arrival_id if offered else None
        self.preapp_button.setText(self.tr("按网上申报填写受理表单  Ctrl+Y"))
        self.preapp_button.setVisible(offered is not None)

    def _show_arrival_lines(self) -> None:
        self.arrival_banner.setText("\n".join(self._arrival_lines.values()))
        self.arrival_banner.setVisible(bool(self._arrival_lines))

    def _fetch_priority_ticket(self, appointment_id: str, headline: str) -> None:
        """Get the appointment holder a priority ticket from the hall's queue system and add
        it to the appointment's line; without one the line says so and the read goes on."""

        def add(note: str) -> None:
            if appointment_id in self._arrival_lines:  # not for an applicant who has left
                self._arrival_lines[appointment_id] = f"{headline} · {note}"
                self._show_arrival_lines()

        self.session.platform_worker.submit(
            lambda desk: desk.appointment_ticket(appointment_id),
            lambda number: add(self.tr("优先号 {number}").format(number=number)),
            # The error says "no priority ticket" and why, whole (sync.tickets).
            lambda exc: add(error_text(exc)),
            name="appointment_ticket",
        )

    def fill_from_preapp(self) -> None:
        """Fill the form from the offered pre-application: its item and situation, the
        materials submitted online (received, electronic, 已电子提交); the applicant stays as
        the card was read. Accepting the case then consumes the pre-application."""
        preapp_id = self._preapp_offered
        if preapp_id is None:
            return

        def filled(intake: PreappIntake) -> None:
            self.preapp_id = intake.preapp_id
            self.choose_item(intake.item_code, intake.situation_code, intake.entries)

        self.session.worker.submit(
            lambda ws: ws.preapp_intake(preapp_id),
            filled,
            self.session.report_error,
            name="preapp_intake",
        )

    def _show_notices(self, rows: list[CaseRow]) -> None:
        self._notice_case = rows[0].case_id if rows else None
        if not rows:
            self.notice_button.hide()
            return
        first = rows[0]
        self.notice_button.setText(
            self.tr(
                "该申请人有一次性告知待补齐的办件 {case_no}（{item}）等 {n} 件：继续办理 Ctrl+O"
            ).format(case_no=first.case_no, item=first.service_item, n=len(rows))
        )
        self.notice_button.show()

    def continue_notice(self) -> None:
        """Open the applicant's notified case to continue it (the same case record)."""
        if self._notice_case is not None:
            self.continue_requested.emit(self._notice_case)

    def card_removed(self) -> None:
        # Removing the card must never erase what was read or typed.
        self.identity.set_card_state(self.tr("证件已取走，信息已保留"))

    def card_problem(self, text: str) -> None:
        self.identity.set_card_state(text)

    def focus_identity(self) -> None:
        self.identity.name.setFocus()
        self.session.read_card_now()

    def focus_search(self) -> None:
        self.search.query.setFocus()
        self.search.query.selectAll()

    def open_mrz(self) -> None:
        dialog = MrzDialog(self)

        def parse() -> None:
            try:
                person, key = self.session.parse_mrz(dialog.lines())
            except Exception as exc:
                dialog.show_error(error_text(exc))
                return
            self.identity.fill_from_mrz(person)
            dialog.accept()
            # The MRZ opens the chip (BAC): the reader thread reads it now or when placed.
            self.identity.set_card_state(self.tr("机读码已录入，等待读取护照芯片"))
            self.session.read_chip(key)

        dialog.buttons.accepted.connect(parse)
        dialog.exec()

    # -- decisions ---------------------------------------------------------------------
    def decide(self, decision: Decision) -> None:
        if self.busy or self.approval_wait is not None:
            return  # a second activation while the first is in flight does nothing
        problems = self.identity.problems()
        if problems:
            self._warn(self.tr("申请人信息不完整"), "\n".join(problems))
            return
        item, summary = self.item, self.refresh_summary()
        if item is None or summary is None:
            self._warn(self.tr("请选择事项"), self.tr("请先按 F3 搜索并选择办理事项。"))
            return
        if decision == "accept" and not summary.can_accept:
            self._warn(
                self.tr("暂不能受理"),
                self.tr("还缺少：{items}").format(items="、".join(summary.missing))
                + "\n\n"
                + self.tr(
                    "可以按 F6 出具一次性告知书，告知申请人需补正的全部材料；"
                    "缺少的若都是非核心材料，可将其标为“容缺后补”并填写期限，"
                    "按 F7 容缺受理（须值班长审批）。"
                ),
            )
            return
        if decision == "defer" and not summary.can_defer:
            self._warn(
                self.tr("不能容缺受理"),
                self.tr("只有非核心材料可以容缺，且须标为“容缺后补”并填写期限。"),
            )
            return
        if decision == "notify" and summary.can_accept:
            self._warn(self.tr("材料已齐全"), self.tr("材料已经齐全，请直接受理（F5）。"))
            return
        expired_id_reason = ""
        expired = self.identity.expired_on(hall_today())
        if decision in ("accept", "defer") and expired is not None:
            expired_dialog = ExpiredDocumentDialog(expired, self)
            if expired_dialog.exec() != QDialog.DialogCode.Accepted:
                return
            expired_id_reason = expired_dialog.reason()
        eligibility_reason = ""
        concerns = self.eligibility_concerns(item) if decision in ("accept", "defer") else []
        if concerns:
            eligibility_dialog = EligibilityDialog(concerns, self)
            if eligibility_dialog.exec() != QDialog.DialogCode.Accepted:
                return
            eligibility_reason = eligibility_dialog.reason()
        refusal = None
        if decision == "refuse":
            refusal_dialog = RefusalDialog(item.legal_basis, self)
            if refusal_dialog.exec() != QDialog.DialogCode.Accepted:
                return
            refusal = Refusal(*refusal_dialog.values())
        request = self._request(decision, item, expired_id_reason, refusal, eligibility_reason)
        if not self._confirm(request, item, summary):
            return
        if decision == "defer":
            self._approve_then_submit(request, item)
            return
        self._submit(request)

    def _request(
        self,
        decision: Decision,
        item: ServiceItem,
        expired_id_reason: str,
        refusal: Refusal | None,
        eligibility_reason: str,
    ) -> DecisionRequest:
        """The decision on what the form shows now (the core imported lazily: it is warm by
        the time a clerk decides, and the screen is built before it is)."""
        from ui.checklist_marks import marks_from_entries

        identity = self.identity
        return DecisionRequest(
            request_id=self.request_id,
            decision=decision,
            applicant=self._applicant(),
            identity_source=identity.identity_source(),
            item_code=item.code,
            situation_code=self.situation_code(),
            materials=tuple(marks_from_entries(self.checklist.entries())),
            expired_id_reason=expired_id_reason,
            refusal=refusal,
            delivery=identity.delivery_choice(),
            document_language=identity.language(),
            eligibility_reason=eligibility_reason,
            card_read_at=identity.read_at,
            preapp_id=self.preapp_id,
            licences=tuple(self.licences),
            elicence_consent_code=self.elicence_consent_code,
        )

    def _applicant(self) -> ApplicantInput:
        """The applicant as the form shows them now."""
        from counter_app.services.intake import ApplicantInput

        identity = self.identity
        return ApplicantInput(
            name=identity.name.text(),
            id_type=identity.id_type().value,
            id_number=identity.id_number.text(),
            doc_kind=identity.current_kind().value,
            phone=identity.phone.text() or None,
            address=identity.address.text() or None,
            english_name=identity.english_name.text() or None,
            birth_date=identity.birth.text() or None,
            nationality=identity.nationality() or None,
        )

    def _deferral_deadlines(self, entries: list[dict[str, Any]], names: dict[str, str]) -> str:
        """By when each deferred material is due: the clerk's date, or the hall's default
        (the intake service sets it, never later than the promised date)."""
        days = self.session.config.hall.deferral_working_days
        default = self.tr("受理后 {n} 个工作日内（不晚于承诺办结日）").format(n=days)
        return "；".join(
            f"{names[e['code']]}：{e.get('deadline') or default}"
            for e in entries
            if e["status"] == "deferred"
        )

    def _confirm(
        self, request: DecisionRequest, item: ServiceItem, summary: ChecklistSummary
    ) -> bool:
        decision = request.decision
        titles = {
            "accept": self.tr("确认受理"),
            "notify": self.tr("确认一次性告知"),
            "defer": self.tr("确认容缺受理"),
            "refuse": self.tr("确认不予受理"),
        }
        entries = self.checklist.entries()
        situation = item.situation(self.situation_code()) or item.default_situation
        names = {m.code: m.name for m in situation.materials}
        received = [
            names[e["code"]] for e in entries if e["status"] in ("received", "exempt", "commitment")
        ]
        facts = [
            (self.tr("申请人"), self.identity.name.text()),
            (self.tr("证件号码"), mask_id_number(self.identity.id_number.text().strip().upper())),
            (self.tr("事项"), f"{item.name}（{self.search.situation.currentText()}）"),
            (self.tr("已收/免交材料"), "、".join(received) or self.tr("无")),
        ]
        if summary.missing:
            facts.append((self.tr("缺少材料"), "、".join(summary.missing)))
        if decision in ("accept", "defer"):
            facts.append(
                (self.tr("承诺时限"), self.tr("{n} 个工作日").format(n=item.promised_days))
            )
            if item.fee_cents:
                facts.append(
                    (
                        self.tr("收费"),
                        self.tr("{amount}，缴费后办理").format(amount=amount_text(item.fee_cents)),
                    )
                )
        if decision == "defer":
            facts.append((self.tr("补齐期限"), self._deferral_deadlines(entries, names)))
        if request.refusal is not None:
            facts.append((self.tr("理由"), request.refusal.reason))
        if request.expired_id_reason:
            facts.append((self.tr("过期证件受理理由"), request.expired_id_reason))
        if request.eligibility_reason:
            facts.append((self.tr("不符合申请条件仍受理的理由"), request.eligibility_reason))
        facts.append((self.tr("文书语言"), self.identity.document_language.currentText()))
        dialog = ConfirmDecisionDialog(titles[decision], facts, self)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _approve_then_submit(self, request: DecisionRequest, item: ServiceItem) -> None:
        """A supervisor approves here, or (F4) the request goes to the hall's supervisors
        and the form waits for the decision."""
        dialog = SupervisorApprovalDialog(
            self.tr("容缺受理"), item.name, need_reason=False, parent=self, can_send=True
        )
        self.approval = dialog
        # One id per dialog: sending again after a lost answer asks once.
        approval_id = str(uuid.uuid4())
        summary = self._deferral_summary(item)

        def verify(username: str, password: str, _reason: str) -> None:
            def approved(supervisor: User) -> None:
                dialog.accept()
                self._submit(replace(request, supervisor=supervisor))

            self.session.worker.submit(
                lambda ws: ws.approve(username, password, "defer_case", self.request_id),
                approved,
                lambda exc: dialog.show_error(error_text(exc)),
                name="approve_defer",
            )

        def send(reason: str) -> None:
            def sent(request_id: str) -> None:
                dialog.accept()
                self._wait_for_approval(request_id, request)

            self.session.platform_worker.submit(
                lambda desk: desk.request_approval(
                    "deferral", request.request_id, summary, reason, approval_id
                ),
                sent,
                lambda exc: dialog.show_error(error_text(exc)),
                name="request_approval",
            )

        dialog.approval_requested.connect(verify)
        dialog.send_requested.connect(send)
        dialog.exec()

    def _deferral_summary(self, item: ServiceItem) -> str:
        """What the supervisors read: the item and the deferred materials with their
        deadlines. Nothing about the applicant leaves the window."""
        entries = self.checklist.entries()
        names = {row.material.code: row.material.name for row in self.checklist.rows}
        return self.tr("{item}；容缺：{materials}").format(
            item=item.name, materials=self._deferral_deadlines(entries, names)
        )

    def _wait_for_approval(self, request_id: str, request: DecisionRequest) -> None:
        """The form waits for the supervisors' answer; the draft keeps the wait, so a window
        that closes meanwhile (a crash, a power cut) waits again when the draft comes back."""
        wait = ApprovalWait(self.session, request_id, self)
        self.approval_wait, self._waiting_request = wait, request
        wait.decided.connect(self._approval_decided)
        wait.trouble.connect(self._approval_trouble)
        self.waiting_label.setText(
            self.tr("已请求值班长审批容缺受理，正在等待答复……已填写的内容保留；可先处理其他工作。")
        )
        self.waiting.show()
        self._set_decision_enabled(False)
        wait.start()
        self.save_draft()

    def _approval_decided(self, answer: ApprovalAnswer) -> None:
        request = self._waiting_request
        self._end_wait()
        if answer.approver is not None and request is not None:
            self._submit(replace(request, supervisor=answer.approver))
            return
        self._warn(
            self.tr("值班长未批准"),
            self.tr("{who} 未批准容缺受理：{reason}").format(
                who=answer.decided_by, reason=answer.reason
            ),
        )

    def _approval_trouble(self, text: str) -> None:
        self.waiting_label.setText(
            self.tr("正在等待值班长答复，但暂时联系不上平台：{error}").format(error=text)
        )

    def withdraw_approval(self) -> None:
        """Ctrl+W: the clerk withdraws the waiting request; the form stays as it was."""
        if self.approval_wait is not None:
            self.approval_wait.withdraw()
            self._end_wait()

    def _end_wait(self) -> None:
        self.approval_wait = self._waiting_request = None
        self.waiting.hide()
        self._set_decision_enabled(True)

    def _submit(self, request: DecisionRequest) -> None:
        self._set_busy(True)
        clerk = self.session.user
        self.session.worker.submit(
            # Nobody signed in on the window: the core says so (NotSignedIn), in words.
            lambda ws: ws.decide(clerk or ws.signed_in(), request),
            self._stored,
            self._submit_failed,
            name="decide",
        )

    def _stored(self, result: DecisionResult) -> None:
        self.last_case = result
        self._set_busy(False)
        self.case_stored.emit(result.case_id)
        self.session.sync_nudge()
        # Next event-loop turn: the window repaints between storing and opening the preview.
        QTimer.singleShot(0, self.preview_last)

    def _submit_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        # The request UUID stays: retrying the same applicant can never make a second case.
        self._warn(self.tr("未能保存"), error_text(exc))

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._set_decision_enabled(not busy)

    def _set_decision_enabled(self, enabled: bool) -> None:
        for button in (
            self.accept_button,
            self.notify_button,
            self.defer_button,
            self.refuse_button,
        ):
            button.setEnabled(enabled)

    # -- print, evaluate, next ---------------------------------------------------------
    def preview_last(self) -> None:
        # Not over the lock screen: a case stored while it came on is previewed with F9.
        if self.last_case is None or self.busy or self.session.locked:
            return
        case = self.last_case
        dialog = PrintPreviewDialog(f"{document_title(case.document)} {case.case_no}", "…", self)
        self.preview = dialog

        def issued(result: tuple[DocumentPreview, list[QImage]]) -> None:
            document, images = result
            dialog.pdf_path = document.pdf_path
            dialog.status.setText(self.tr("文件：{path}").format(path=document.pdf_path))
            dialog.show_pages(images)
            if document.printed:
                dialog.already_printed()

        width = dialog.page_width()
        username = self.session.username or ""

        def issue(ws: Workstation) -> tuple[DocumentPreview, list[QImage]]:
            # In the applicant's language kept with the case, not the interface's.
            document = ws.issue_document(username, case.case_id, case.document, page_width=width)
            return document, [page_image(page) for page in document.pages]

        self.session.worker.submit(
            issue,
            issued,
            lambda exc: dialog.show_problem(error_text(exc)),
            name="issue_document",
        )

        def print_it() -> None:
            self.session.worker.submit(
                lambda ws: ws.print_document(
                    self.session.username or "", case.case_id, case.document
                ),
                lambda _r: dialog.printed(self.tr("已发送到打印机。"), ok=True),
                lambda exc: dialog.printed(
                    self.tr("打印失败：{e} 案件已保存，可稍后补打。").format(e=error_text(exc)),
                    ok=False,
                ),
                name="print_document",
            )

        dialog.print_requested.connect(print_it)

        def reprint(supervisor: str, password: str, reason: str) -> None:
            self.session.worker.submit(
                lambda ws: ws.reprint(
                    username,
                    case.case_id,
                    approval=InPlaceApproval(supervisor, password),
                    reason=reason,
                ),
                lambda _r: dialog.reprinted(self.tr("已补打，已发送到打印机。")),
                lambda exc: dialog.reprint_refused(error_text(exc)),
                name="reprint",
            )

        dialog.reprint_requested.connect(reprint)

        def finished(result: int) -> None:
            if result != CLOSED_FOR_LOCK:  # the evaluation follows the clerk's "done" only
                self._after_preview(case)

        dialog.finished.connect(finished)
        if self.show_dialogs_modal:
            dialog.open()
        else:
            dialog.show()

    def _after_preview(self, case: DecisionResult) -> None:
        if self.evaluated_case_id == case.case_id:
            self.flow_finished.emit(case.case_id)
            return
        self.evaluated_case_id = case.case_id
        dialog = EvaluationDialog(case.case_no, self)
        username = self.session.username or ""

        def rated(level: int | None, reason_code: str, reason: str) -> None:
            self.session.worker.submit(
                lambda ws: ws.record_evaluation(
                    username, case.case_id, level, reason_code or None, reason
                ),
                None,
                self.session.report_error,
                name="record_evaluation",
            )

        dialog.rated.connect(rated)
        screen = applicant_screen(QGuiApplication.screens(), self.screen())
        if screen is None:
            self.evaluation = dialog
            dialog.finished.connect(lambda _r: self._evaluation_closed(case))
            dialog.cover_clerk_window()
            return
        # The 评价器 faces the applicant: the rating waits there while the clerk goes on. A
        # step still unanswered when the next applicant's begins is left unrated.
        if self.evaluator is not None:
            self.evaluator.close()
        self.evaluator = dialog
        dialog.finished.connect(lambda _r: self._evaluator_closed(dialog))
        dialog.show_on(screen)
        self._evaluation_closed(case)

    def _evaluator_closed(self, dialog: EvaluationDialog) -> None:
        if self.evaluator is dialog:
            self.evaluator = None
        dialog.deleteLater()

    def _evaluation_closed(self, case: DecisionResult) -> None:
        self.preview = self.evaluation = None
        self.next_applicant(confirm=False)
        self.flow_finished.emit(case.case_id)

    def next_applicant(self, confirm: bool = True) -> None:
        if confirm and self.has_content() and self.last_case is None:
            answer = QMessageBox.question(
                self, self.tr("清空表单"), self.tr("当前内容尚未受理，确定清空并接待下一位吗？")
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._clear_form()
        username = self.session.username or ""
        self.session.worker.submit(
            lambda ws: ws.discard_draft(username), None, self.session.report_error
        )
        self.identity.name.setFocus()

    def clear_for_sign_out(self) -> None:
        """The next person to sign in starts from an empty form and cannot preview the last
        case; what was typed stays the leaving clerk's draft (saved just before)."""
        self.last_case = None
        self._clear_form()

    def _clear_form(self) -> None:
        self.withdraw_approval()  # the request was about the applicant who leaves
        self._show_notices([])
        self._show_arrivals([])
        self.preapp_id = None
        self.identity.clear()
        self.search.clear()
        self.checklist.clear()
        self.licences = []
        self.elicence_consent_code = None
        self.item = None
        self.request_id = str(uuid.uuid4())
        self.session.read_chip(None)  # the last applicant's BAC key opens no other chip
        self.identity.set_card_state(self.tr("请将证件放在读卡器上"))
        self.refresh_summary()

    # -- drafts ------------------------------------------------------------------------
    def has_content(self) -> bool:
        return bool(
            self.identity.name.text() or self.identity.id_number.text() or self.item is not None
        )

    def draft(self) -> IntakeDraft:
        draft: IntakeDraft = {
            "request_id": self.request_id,
            "identity": self.identity.to_draft(),
            "item_code": self.item.code if self.item is not None else None,
            "situation_code": self.situation_code(),
            "materials": self.checklist.entries(),
        }
        if self._waiting_request is not None:
            draft["awaiting_approval"] = {
                "expired_id_reason": self._waiting_request.expired_id_reason,
                "eligibility_reason": self._waiting_request.eligibility_reason,
            }
        return draft

    def save_draft(self) -> None:
        if not self.has_content() or self.session.username is None:
            return
        draft = self.draft()
        username = self.session.username
        self.session.worker.submit(
            lambda ws: ws.save_draft(username, draft),
            None,
            self.session.report_error,
            name="save_draft",
        )

    def restore_draft(self, draft: IntakeDraft) -> None:
        self.request_id = draft.get("request_id") or self.request_id
        self.identity.from_draft(draft.get("identity", {}))
        item_code = draft.get("item_code")
        if item_code:
            self.choose_item(item_code, draft.get("situation_code"), draft.get("materials"))
        self.refresh_summary()
        reasons = draft.get("awaiting_approval")
        if reasons is not None:
            self._resume_approval(reasons)

    def _resume_approval(self, reasons: DeferralReasons) -> None:
        """The 容缺 request this clerk sent for the restored form before the window closed
        waits again, and the supervisor's answer decides it as it would have; one decided
        or withdrawn meanwhile leaves the form to decide again (F7)."""
        request_id = self.request_id

        def resume(pending: list[SentRequest]) -> None:
            sent = next((r for r in pending if r.kind == "deferral"), None)
            if sent is None or self.item is None or request_id != self.request_id:
                return
            request = self._request(
                "defer",
                self.item,
                reasons["expired_id_reason"],
                None,
                reasons["eligibility_reason"],
            )
            self._wait_for_approval(sent.request_id, request)

        self.session.worker.submit(
            lambda ws: ws.pending_approvals(request_id),
            resume,
            self.session.report_error,
            name="pending_approvals",
        )

    def _warn(self, title: str, text: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self
        )
        box.setObjectName("intakeWarning")
        box.open()
        self.warning = box


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
