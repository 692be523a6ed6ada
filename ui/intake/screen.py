"""The intake screen: one screen, keyboard-first; every action has a shortcut shown on screen.

Flow: identity (card or typed) → item and situation (or a 一件事 bundle: its members, each
in its situation) → checklist → decision → confirmation
→ stored on the worker (one request UUID per applicant, so a double activation can never
create two cases) → print preview → print → evaluation → next applicant.

The screen holds the applicant's form and its state; what it does with them lives in modules
beside it (decision panel, card reading, exemptions, decisions, deferral approval, approval
past a paused intake, print and evaluate, drafts, the clock warning, the catalog followed
through the day, the applicant's earlier cases of the item), as functions of the screen bound here as its methods.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.hall_time import hall_today
from ui.dialog_lifetime import delete_on_close
from ui.focus_scroll import FocusScrollArea
from ui.i18n import current_lang, error_text
from ui.intake import (
    bundle_decision,
    bundle_mode,
    card_reading,
    catalog_updates,
    clock_warning,
    decision_panel,
    decisions,
    deferral_approval,
    drafts,
    earlier_cases,
    exemptions,
    print_and_evaluate,
)
from ui.intake.bundle_panel import BundlePanel
from ui.intake.checklist import ChecklistPanel
from ui.intake.identity_panel import IdentityPanel
from ui.intake.item_search import ItemSearch
from ui.widgets import show_as_text

if TYPE_CHECKING:
    from counter_app.domain.bundles import ServiceBundle, SharedMaterial
    from counter_app.domain.catalog import ServiceItem
    from counter_app.domain.exemptions import LicenceFound
    from counter_app.services.intake_request import ApplicantInput
    from counter_app.store.earlier_cases import EarlierCases
    from ui.approval import SupervisorApprovalDialog
    from ui.approval_wait import ApprovalWait
    from ui.evaluation import EvaluationDialog
    from ui.facade_types import DecisionRequest, DecisionResult
    from ui.intake.deferral_approval import DeferredDecision
    from ui.preview import PrintPreviewDialog
    from ui.window_session import ChecklistSummary, Session

log = logging.getLogger(__name__)

AUTOSAVE_MS = 1500


class IntakeScreen(QWidget):
    """Emits ``case_stored(case_id)`` after a decision is durable (the case list refreshes)."""

    case_stored = Signal(str)
    elicences_looked_up = Signal(int)  # how many licences the register answered with
    flow_finished = Signal(str)  # case_id, after preview and evaluation closed
    continue_requested = Signal(str)  # case_id of an open one-time notice to continue

    # The decision panel's widgets (built by ui.intake.decision_panel).
    clock_banner: QLabel
    catalog_note: QLabel
    marks_note: QLabel
    draft_status: QLabel
    draft_banner: QFrame
    draft_banner_text: QLabel
    keep_draft_button: QPushButton
    clear_draft_button: QPushButton
    summary_label: QLabel
    arrival_banner: QLabel
    preapp_button: QPushButton
    requeue_button: QPushButton
    notice_label: QLabel
    notice_button: QPushButton
    earlier_banner: QLabel
    waiting: QFrame
    waiting_label: QLabel
    withdraw_button: QPushButton
    accept_button: QPushButton
    notify_button: QPushButton
    defer_button: QPushButton
    refuse_button: QPushButton
    bundle_button: QPushButton
    reprint_button: QPushButton
    clear_button: QPushButton
    elicence_button: QPushButton

    # 一件事 (ui.intake.bundle_mode): the bundle chosen (bundle mode), its merged checklist,
    # and the serial of the latest preview of its members' outcomes asked for.
    bundle: ServiceBundle | None = None
    shared: tuple[SharedMaterial, ...] = ()
    plan_serial = 0
    # After a 一件事: the notified members' cases, their notices previewed after the receipt.
    last_notices: tuple[DecisionResult, ...] = ()
    # The form (``request_id``) ``last_case`` was decided from: while the form is still that
    # one, it shows a decided applicant (``print_and_evaluate``).
    decided_request_id: str | None = None
    # The marks of a form whose situation is gone from the catalog (a pre-application's
    # electronic copies, a saved form's marks): kept for the situation the clerk chooses.
    pending_marks: list[dict[str, Any]] | None = None
    # The form as the sign-in restored it, until the clerk goes on with it or clears it
    # (ui.intake.drafts): clearing it asks first only once something was typed since.
    restored: drafts.RestoredForm | None = None
    # The missed priority ticket of the card just read, which 重新排队 puts back in the
    # queue (ui.intake.card_reading).
    _missed_ticket: card_reading.MissedTicket | None = None

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intakeScreen")
        self.session = session
        self.items: dict[str, ServiceItem] = {}
        self.catalog_version: int | None = None  # the version ``items`` belong to
        self.item: ServiceItem | None = None
        self.bundles: dict[str, ServiceBundle] = {}  # the catalog's 一件事, by code
        self.summary: ChecklistSummary | None = None
        self.request_id = str(uuid.uuid4())
        # E-licences the register answered with for this applicant and situation (F4), and
        # the authorisation code they gave for it (None: their card read here).
        self.licences: list[LicenceFound] = []
        self.elicence_consent_code: str | None = None
        self.busy = False
        self.last_case: DecisionResult | None = None
        # The decision sent to the worker last: what a supervisor's approval past a paused
        # intake sends again.
        self.submitted: DecisionRequest | None = None
        self.deciding_for: str | None = None  # who signed in when the decision was sent
        # The case whose applicant was asked to rate it: previewing it again (F9) asks no more.
        self.evaluated_case_id: str | None = None
        self.show_dialogs_modal = True
        # The open decision dialogs of the current applicant (tests and screenshots use them).
        self.preview: PrintPreviewDialog | None = None
        self.evaluation: EvaluationDialog | None = None  # the single screen's step
        self.evaluator: EvaluationDialog | None = None  # the step on the applicant's screen
        self.approval: SupervisorApprovalDialog | None = None  # the 容缺 approval asked
        # A 容缺 request sent to the hall's supervisors, and the decision that waits for it
        # (one item's, or a 一件事's).
        self.approval_wait: ApprovalWait | None = None
        self._waiting_decision: DeferredDecision | None = None
        # What a card read brought up (ui.intake.card_reading): the open one-time notice to
        # continue (Ctrl+O) and the expected arrivals.
        self._notice_case: str | None = None
        self._preapp_offered: str | None = None  # the pre-application Ctrl+Y fills in
        self._arrival_lines: dict[str, str] = {}  # the banner's lines, by arrival id
        self.preapp_id: str | None = None  # the one the form was filled from
        # The applicant's earlier cases of the item (ui.intake.earlier_cases), each state
        # by the (ID number, name, item) it is for: asked, answered, confirmed by the clerk.
        self.earlier: EarlierCases | None = None
        self.earlier_asked: earlier_cases.FormKey | None = None
        self.earlier_known: earlier_cases.FormKey | None = None
        self.earlier_confirmed: earlier_cases.FormKey | None = None
        self.identity = IdentityPanel()
        self.search = ItemSearch()
        self.checklist = ChecklistPanel()
        self.bundle_panel = BundlePanel()
        self._lay_out(
            decision_panel.build_decision_panel(self), decision_panel.build_card_banners(self)
        )
        print_and_evaluate.show_reprint_state(self)
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_draft)
        self._connect_panels()
        self._install_shortcuts()

    def _connect_panels(self) -> None:
        self.identity.changed.connect(self._changed)
        self.identity.changed.connect(self.apply_exemptions)  # a card read may exempt the 户口簿
        self.identity.mrz_requested.connect(self.open_mrz)
        self.identity.print_check_requested.connect(self._check_printable)
        # The items offered follow the applicant type (服务对象).
        self.identity.applicant_type.currentIndexChanged.connect(self.search.run_search_now)
        self.search.item_chosen.connect(self.choose_found)
        self.search.situation_chosen.connect(self._situation_chosen)
        self.search.set_search(self._search_items)
        self.checklist.changed.connect(self._changed)
        self.bundle_panel.changed.connect(self.bundle_members_changed)

    # -- actions, each group in its module -----------------------------------------------
    # Bound here as methods, so the callbacks and slots they hand out stay the screen's own:
    # a worker's answer for a screen deleted meanwhile is dropped, and Qt disconnects its
    # slots when it goes.
    show_clock_skew = clock_warning.show_clock_skew
    load_catalog = catalog_updates.load_catalog
    check_catalog = catalog_updates.check_catalog
    _catalog_loaded = catalog_updates.catalog_loaded
    card_read = card_reading.card_read
    _show_arrivals = card_reading.show_arrivals
    _show_notices = card_reading.show_notices
    fill_from_preapp = card_reading.fill_from_preapp
    requeue_missed_ticket = card_reading.requeue_missed_ticket
    continue_notice = card_reading.continue_notice
    card_removed = card_reading.card_removed
    card_prompt = card_reading.card_prompt
    focus_identity = card_reading.focus_identity
    open_mrz = card_reading.open_mrz
    apply_exemptions = exemptions.apply_exemptions
    look_up_earlier = earlier_cases.look_up_earlier
    look_up_elicences = exemptions.look_up_elicences
    decide = decisions.decide
    choose_found = bundle_mode.choose_found
    choose_bundle = bundle_mode.choose_bundle
    leave_bundle = bundle_mode.leave_bundle
    bundle_members_changed = bundle_mode.members_changed
    decide_bundle = bundle_decision.decide_bundle
    _request = decisions.decision_request
    _submit = decisions.submit
    _stored = decisions.stored
    _submit_failed = decisions.submit_failed
    withdraw_approval = deferral_approval.withdraw_approval
    _approval_decided = deferral_approval.approval_decided
    _approval_trouble = deferral_approval.approval_trouble
    preview_last = print_and_evaluate.preview_last
    draft = drafts.current_draft
    save_draft = drafts.save_draft
    restore_draft = drafts.restore_draft
    keep_restored_draft = drafts.keep_restored_draft
    clear_restored_draft = drafts.clear_restored_draft

    def _lay_out(self, decision: QWidget, card_banners: QWidget) -> None:
        # Each column stacks its panels on its own: on a 1366×768 screen the identity panel
        # takes the height its wrapped lines need (a passport chip's provenance, an expired
        # card's warning) from the checklist below it, not from the decision panel, which
        # in turn has the search panel's spare height for the list of what the form lacks.
        # A card read's banners take theirs from the checklist too: in the decision panel
        # they left the summary three lines at 1280×720 (150 % scaling of 1920×1080).
        # Below the height the panels need (1920×1080 at 200 %, 1366×768 at 150 %: about
        # 960×540 and 910×512), the form's column and the search scroll, each keeping the
        # focused field in view, and the decision panel stays whole under the search, its
        # buttons on screen; above it the scroll areas take the panels' own sizes.
        form = QWidget()
        left = QVBoxLayout(form)
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(8)
        left.addWidget(self.identity)
        left.addWidget(card_banners)
        left.addWidget(self.checklist, 1)
        self.form_area = FocusScrollArea(form)
        self.form_area.setObjectName("intakeFormArea")
        finding = QWidget()
        search = QVBoxLayout(finding)
        search.setContentsMargins(0, 0, 0, 0)
        search.setSpacing(8)
        search.addWidget(self.search)
        search.addWidget(self.bundle_panel)
        self.search_area = FocusScrollArea(finding)
        self.search_area.setObjectName("intakeSearchArea")
        right = QVBoxLayout()
        right.setSpacing(8)
        right.addWidget(self.search_area)
        right.addWidget(decision, 1)
        columns = QHBoxLayout(self)
        columns.setContentsMargins(8, 8, 8, 8)
        columns.setSpacing(8)
        columns.addWidget(self.form_area, 3)
        columns.addLayout(right, 2)

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
            "Ctrl+Return": self.decide_bundle,
            "Ctrl+Enter": self.decide_bundle,  # the keypad's
        }
        for key, slot in bindings.items():
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # -- catalog (ui.intake.catalog_updates keeps it current) ---------------------------
    def _search_items(self, text: str) -> Sequence[ServiceItem | ServiceBundle]:
        # A bundle is matched as an item is: by its code, name and pinyin keys.
        # The catalog's matcher, the one ``counter-app catalog search`` uses too (imported
        # here, not before the login is painted: it loads the catalog's domain).
        # Only what the chosen applicant type may apply for (服务对象).
        from counter_app.domain.item_search import open_to, search_items

        found: list[ServiceItem | ServiceBundle] = [*self.items.values(), *self.bundles.values()]
        return search_items(open_to(found, self.items, self.identity.chosen_type()), text)

    def choose_item(
        self, code: str, situation: str | None = None, saved: list[dict[str, Any]] | None = None
    ) -> None:
        """Show ``code``'s checklist in ``situation`` (its default if None), marked as in
        ``saved``; without ``saved``, the marks the form has are kept for the same materials
        (code and name: a code alone may name another material in another situation) when
        only the situation changes, and cleared with a note when the item does. A
        ``situation`` the catalog no longer has is chosen by the clerk, not defaulted."""
        item = self.items.get(code)
        if item is None:
            return
        marks, previous = self.checklist.marks(), self.item
        names = {row.material.code: row.material.name for row in self.checklist.rows}
        self.item = item
        self.pending_marks = None
        self.licences = []  # looked up for another situation, or another applicant
        if situation is not None and item.situation(situation) is None:
            self._situation_gone(item, situation, marks if saved is None else saved)
            return
        current = item.situation(situation) or item.default_situation
        self.search.show_item(item, [(s.code, s.name) for s in item.situations], current.code)
        carried = saved is None and previous is item
        if carried:
            same = {m.code for m in current.materials if names.get(m.code) == m.name}
            saved = [entry for entry in marks if entry["code"] in same]
        refused = self.checklist.set_materials(list(current.materials), saved)
        if carried:
            self._say_marks_carried(current.name, len(marks), len(saved or []), refused)
        elif saved is None and previous is not None and marks:
            self._say_marks(
                self.tr(
                    "已改选事项「{item}」：原事项的 %n 项材料标记已清除。", "", len(marks)
                ).format(item=item.name)
            )
        else:
            self._say_marks(self._refused_text(refused))
        self.apply_exemptions()
        self.look_up_earlier()
        self.checklist.table.setFocus()

    def _situation_gone(self, item: ServiceItem, code: str, marks: list[dict[str, Any]]) -> None:
        """``item`` no longer has the situation ``code``: the clerk chooses one, and the marks
        wait for it (those of materials it lists are kept)."""
        self.search.show_item(item, [(s.code, s.name) for s in item.situations])
        self.search.situation.setCurrentIndex(-1)
        self.search.situation.setEnabled(True)  # chosen even when there is only one
        self.checklist.clear(self.tr("请先选择办理情形"))
        self.pending_marks = marks
        origin = self.tr("网上预申请") if self.preapp_id is not None else self.tr("保存的表单")
        self._say_marks(
            self.tr(
                "{origin}所选的办理情形（{code}）已不在事项目录中，请在「情形」中重新选择；"
                "所选情形中相同的材料保留已有标记（含电子材料）。"
            ).format(origin=origin, code=code)
        )
        self.search.situation.setFocus()
        self.refresh_summary()

    def _situation_chosen(self, code: str) -> None:
        if self.item is None:
            return
        marks = self.pending_marks
        if marks is None:
            self.choose_item(self.item.code, code)
            return
        self.choose_item(self.item.code, code, marks)
        situation = self.item.situation(code)
        kept = {m.code for m in situation.materials} if situation is not None else set()
        self._say_marks(
            self.tr(
                "已选择情形：%n 项已标记的材料予以保留", "", sum(e["code"] in kept for e in marks)
            )
            + self.tr("；%n 项本情形不需要，未保留", "", sum(e["code"] not in kept for e in marks))
            + self.tr("。")
            + self.marks_note.text()
        )

    def _say_marks_carried(
        self, situation: str, marked: int, carried: int, refused: list[tuple[str, str]]
    ) -> None:
        """What a change of situation did to the ``marked`` materials of the form, of which
        the new one lists ``carried``."""
        if not marked:
            self._say_marks("")
            return
        text = self.tr("已改为情形「{situation}」：保留 %n 项材料标记", "", carried - len(refused))
        text = text.format(situation=situation)
        if dropped := marked - carried:
            text += self.tr("；%n 项本情形不需要，已移除", "", dropped)
        self._say_marks(text + self.tr("。") + self._refused_text(refused))

    def _refused_text(self, refused: list[tuple[str, str]]) -> str:
        from ui.intake.checklist import material_status_labels

        labels = material_status_labels()
        return "".join(
            self.tr("《{material}》在本情形不能标为“{status}”，已改为未收。").format(
                material=name, status=labels.get(status, status)
            )
            for name, status in refused
        )

    def _say_marks(self, text: str) -> None:
        self.marks_note.setText(text)
        self.marks_note.setVisible(bool(text))

    def situation_code(self) -> str | None:
        return self.search.situation.currentData() if self.item is not None else None

    # -- live checks -------------------------------------------------------------------
    def _check_printable(self, texts: list[str]) -> None:
        """Ask the core which characters of the name and address no printing font draws."""
        identity = self.identity
        self.session.worker.submit(
            lambda ws: ws.unprintable_characters(texts),
            lambda characters: identity.show_unprintable(texts, characters),
            lambda exc: identity.show_print_trouble(texts, error_text(exc)),
            name="unprintable_characters",
        )

    # -- live summary ------------------------------------------------------------------
    def _changed(self) -> None:
        self._autosave.start()
        self.refresh_summary()
        self.look_up_earlier()

    def refresh_summary(self) -> ChecklistSummary | None:
        """Show what the form lacks; the checklist's summary (None before an item is chosen,
        and in bundle mode: each member's outcome is previewed there)."""
        self.identity.show_expiry(hall_today())
        if self.bundle is not None:
            bundle_mode.refresh_bundle(self, self.bundle)
            return None
        if not self.has_content():
            self.summary = None
            decision_panel.show_empty(self)
            return None
        problems = self._audience_problems() + self.identity.problems()
        if self.item is None or self.situation_code() is None:
            self.summary = None
            needed = (
                self.tr("请选择办理事项（F3）") if self.item is None else self.tr("请选择办理情形")
            )
            decision_panel.show_summary(self, [*problems, needed], can_accept=False)
            return None
        summary = self.summary = self.session.summarize_checklist(
            self.item, self.situation_code(), self.checklist.entries()
        )
        missing = [self.tr("缺少：{name}").format(name=name) for name in summary.missing]
        decision_panel.show_summary(
            self,
            problems + missing,
            can_accept=not problems and summary.can_accept,
            deferrable=summary.can_defer,
            concerns=self.eligibility_concerns(self.item) if not problems else [],
            commitments=self.checklist.under_commitment(),
        )
        return summary

    def _audience_problems(self) -> list[str]:
        """Whether the chosen item serves the chosen applicant type (服务对象), in the
        interface language (the intake service refuses it as well)."""
        from counter_app.domain.catalog import audience_problems

        return [error_text(p) for p in audience_problems(self.item, self.identity.chosen_type())]

    def eligibility_concerns(self, item: ServiceItem) -> list[str]:
        """What the card says against the chosen situation's eligibility rule, in the
        interface language (the intake service asks the same again when it decides)."""
        from counter_app.services.intake_checks import eligibility_concerns

        situation = item.situation(self.situation_code()) or item.default_situation
        concerns = eligibility_concerns(
            situation, self._applicant(), self.identity.identity_source(), hall_today()
        )
        return [c.en if current_lang() == "en" else c.zh for c in concerns]

    def _applicant(self) -> ApplicantInput:
        """The applicant as the form shows them now."""
        from counter_app.services.intake_request import ApplicantInput

        identity = self.identity
        applicant_type = identity.chosen_type()
        # An organisation has no English name, birth date or nationality: the fields hidden
        # for one keep what was entered for a person, which is not the organisation's.
        person = applicant_type == "person"
        return ApplicantInput(
            name=identity.name.text(),
            id_type=identity.id_type().value,
            id_number=identity.id_number.text(),
            applicant_type=applicant_type,
            doc_kind=identity.current_kind().value,
            phone=identity.phone.text() or None,
            address=identity.address.text() or None,
            english_name=(identity.english_name.text() or None) if person else None,
            birth_date=(identity.birth.text() or None) if person else None,
            nationality=(identity.nationality() or None) if person else None,
        )

    def focus_search(self) -> None:
        self.search.query.setFocus()
        self.search.query.selectAll()

    # -- next applicant ----------------------------------------------------------------
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
            lambda ws: ws.discard_draft(username),
            None,
            self.session.report_error,
            name="discard_draft",
        )
        self.identity.name.setFocus()

    def clear_for_sign_out(self) -> None:
        """The next person to sign in starts from an empty form and cannot preview the last
        case; what was typed stays the leaving clerk's draft (saved just before)."""
        self.last_case, self.last_notices = None, ()
        print_and_evaluate.show_reprint_state(self)
        self._clear_form()

    def _clear_form(self) -> None:
        self.withdraw_approval()  # the request was about the applicant who leaves
        self._show_notices([])
        self._show_arrivals([])
        earlier_cases.forget_earlier(self)
        catalog_updates.show_catalog_note(self, "")
        self.preapp_id = None
        self.pending_marks = None
        self._say_marks("")
        drafts.form_cleared(self)
        self.identity.clear()
        self.leave_bundle()
        self.search.clear()
        self.checklist.clear()
        self.licences = []
        self.elicence_consent_code = None
        self.item = None
        self.request_id = str(uuid.uuid4())
        self.session.read_chip(None)  # the last applicant's BAC key opens no other chip
        self.identity.set_card_state(self.tr("请将证件放在读卡器上"))
        self.refresh_summary()

    def has_content(self) -> bool:
        return bool(
            self.identity.name.text()
            or self.identity.id_number.text()
            or self.item is not None
            or self.bundle is not None
        )

    def _warn(self, title: str, text: str) -> None:
        box = delete_on_close(
            QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        )
        box.setObjectName("intakeWarning")
        show_as_text(box)  # problems and errors quote names and input
        box.open()
        self.warning = box
