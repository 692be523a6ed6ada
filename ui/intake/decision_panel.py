"""The intake screen's decision panel: the live summary of what the form lacks, the clock
warning, what a catalog version loaded during the day changed, a 容缺 request waiting for a
supervisor and the decision buttons, each with its shortcut on it; and the banners of a
card read (expected arrival, pre-application, open one-time notice) and the applicant's
earlier cases of the item, laid out under the identity panel."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
)

from counter_app.domain.hall_time import hall_today
from ui.intake.clock_warning import add_clock_banner
from ui.intake.state_labels import set_state
from ui.widgets import data_label

if TYPE_CHECKING:
    from ui.intake.screen import IntakeScreen

# The summary's least height (four lines), and the most it takes before it scrolls (eight):
# more would push the decision buttons off a 1280×720 screen with a banner shown.
SUMMARY_LEAST = 90
SUMMARY_MOST = 180

# The screen's strings keep its Linguist context, where their translations are.
translate = QCoreApplication.translate


def build_decision_panel(screen: IntakeScreen) -> QGroupBox:
    box = QGroupBox(translate("IntakeScreen", "受理判断"))
    box.setObjectName("decisionPanel")
    layout = QVBoxLayout(box)
    add_clock_banner(screen, layout)
    # What a catalog version loaded during the day changed for the form in progress.
    screen.catalog_note = _hidden_note("catalogNote")
    layout.addWidget(screen.catalog_note)
    # What a change of situation or item did to the materials already marked.
    screen.marks_note = _hidden_note("marksNote")
    layout.addWidget(screen.marks_note)
    screen.summary_label = QLabel(empty_form_text())
    screen.summary_label.setObjectName("summary")
    screen.summary_label.setWordWrap(True)
    screen.summary_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    screen.summary_label.setTextFormat(Qt.TextFormat.RichText)
    summary_area = _SummaryArea()
    summary_area.setObjectName("summaryArea")
    summary_area.setWidgetResizable(True)
    summary_area.setFrameShape(QFrame.Shape.NoFrame)
    summary_area.setWidget(screen.summary_label)
    layout.addWidget(summary_area, 1)
    layout.addWidget(_build_waiting_panel(screen))
    buttons = QGridLayout()
    buttons.setSpacing(6)
    (
        screen.accept_button,
        screen.notify_button,
        screen.defer_button,
        screen.refuse_button,
        screen.reprint_button,
        screen.clear_button,
        screen.elicence_button,
    ) = (
        _decision_button(translate("IntakeScreen", "受理  F5"), "acceptButton"),
        _decision_button(translate("IntakeScreen", "一次性告知  F6"), "notifyButton"),
        _decision_button(translate("IntakeScreen", "容缺受理（值班长）  F7"), "deferButton"),
        _decision_button(translate("IntakeScreen", "不予受理  F8"), "refuseButton"),
        _decision_button(translate("IntakeScreen", "打印上一件  F9"), "lastPrintButton"),
        _decision_button(translate("IntakeScreen", "下一位  Ctrl+N"), "clearButton"),
        _decision_button(translate("IntakeScreen", "查电子证照  F4"), "elicenceButton"),
    )
    # In bundle mode (ui.intake.bundle_mode) one decision takes the place of the four.
    screen.bundle_button = _decision_button(
        translate("IntakeScreen", "办理一件事  Ctrl+Enter"), "bundleButton"
    )
    screen.bundle_button.hide()
    buttons.addWidget(screen.bundle_button, 0, 0, 1, 2)
    buttons.addWidget(screen.accept_button, 0, 0, 1, 2)
    buttons.addWidget(screen.notify_button, 1, 0)
    buttons.addWidget(screen.defer_button, 1, 1)
    buttons.addWidget(screen.refuse_button, 2, 0)
    buttons.addWidget(screen.reprint_button, 2, 1)
    buttons.addWidget(screen.elicence_button, 3, 0)
    buttons.addWidget(screen.clear_button, 3, 1)
    layout.addLayout(buttons)
    screen.accept_button.clicked.connect(lambda: screen.decide("accept"))
    screen.notify_button.clicked.connect(lambda: screen.decide("notify"))
    screen.defer_button.clicked.connect(lambda: screen.decide("defer"))
    screen.refuse_button.clicked.connect(lambda: screen.decide("refuse"))
    screen.bundle_button.clicked.connect(screen.decide_bundle)
    screen.reprint_button.clicked.connect(screen.preview_last)
    screen.clear_button.clicked.connect(screen.next_applicant)
    screen.elicence_button.clicked.connect(screen.look_up_elicences)
    screen.defer_button.setToolTip(
        translate(
            "IntakeScreen",
            "容缺受理：只缺非核心材料时，经值班长审批先行受理，申请人在期限内补交所缺材料。",
        )
    )
    screen.notify_button.setToolTip(
        translate(
            "IntakeScreen",
            "一次性告知：材料不齐时出具告知书，一次写明须补正的全部材料，申请人补齐后继续办理。",
        )
    )
    # Where the form is kept: a clerk closing the window or signing out sees it is not lost.
    screen.draft_status = _hidden_note("draftStatus")
    layout.addWidget(screen.draft_status)
    return box


def empty_form_text() -> str:
    """The summary of a form with nothing on it yet."""
    return translate("IntakeScreen", "请先读卡并选择事项。")


def show_empty(screen: IntakeScreen) -> None:
    """The summary of an empty form: where to begin, not what is wrong."""
    screen.summary_label.setText(empty_form_text())
    set_state(screen.summary_label, "")
    _show_ready(screen, False)


class _SummaryArea(QScrollArea):
    """The summary's scroll area, never lower than its text needs at its width (up to
    ``SUMMARY_MOST``): the reasons F5 is refused show without scrolling, the search's result
    list above giving up the height (at 1280×720, a banner shown, the summary had about three
    lines left)."""

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        summary = self.widget()
        needed = summary.heightForWidth(self.viewport().width()) if summary else 0
        return QSize(hint.width(), max(SUMMARY_LEAST, min(needed, SUMMARY_MOST)))

    def viewportEvent(self, event: QEvent) -> bool:
        # The summary's new text asks its parent, the viewport, for a layout: the height it
        # needs is this area's minimum, so the panel's layout asks again.
        if event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().viewportEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # wrapped at another width, the text needs another height


def _build_waiting_panel(screen: IntakeScreen) -> QFrame:
    """Shown while a 容缺 request waits for a supervisor at another window."""
    screen.waiting = QFrame()
    screen.waiting.setObjectName("approvalWaiting")
    row = QVBoxLayout(screen.waiting)
    row.setContentsMargins(0, 0, 0, 0)
    screen.waiting_label = data_label()  # may quote a supervisor's reason
    screen.waiting_label.setObjectName("approvalWaitingText")
    screen.waiting_label.setWordWrap(True)
    screen.withdraw_button = QPushButton(translate("IntakeScreen", "撤回审批请求  Ctrl+W"))
    screen.withdraw_button.setObjectName("withdrawApproval")
    screen.withdraw_button.clicked.connect(screen.withdraw_approval)
    row.addWidget(screen.waiting_label)
    row.addWidget(screen.withdraw_button)
    screen.waiting.hide()
    return screen.waiting


def build_card_banners(screen: IntakeScreen) -> QFrame:
    """What a card read brings up, under the identity panel (the materials table gives up
    the height, so the decision panel keeps its own for the summary): the applicant's
    expected arrival, their open one-time notice, their earlier cases of the chosen item
    (``ui.intake.earlier_cases``). Hidden until a card or the form calls for them."""
    banners = QFrame()
    banners.setObjectName("cardBanners")
    layout = QVBoxLayout(banners)
    layout.setContentsMargins(0, 0, 0, 0)
    _add_arrival_banner(screen, layout)
    # Shown when the card read belongs to an applicant with an open one-time notice here:
    # which case, wrapped (a case number and an item name do not fit a button at 1366 px,
    # and a button's text would widen the whole column), and the key that continues it.
    screen.notice_label = _hidden_note("openNoticeText")
    layout.addWidget(screen.notice_label)
    screen.notice_button = QPushButton(translate("IntakeScreen", "继续办理  Ctrl+O"))
    screen.notice_button.setObjectName("openNoticeButton")
    screen.notice_button.hide()
    screen.notice_button.clicked.connect(screen.continue_notice)
    layout.addWidget(screen.notice_button)
    screen.earlier_banner = _hidden_note("earlierCasesBanner")
    layout.addWidget(screen.earlier_banner)
    _add_draft_banner(screen, layout)
    return banners


def _add_draft_banner(screen: IntakeScreen, layout: QVBoxLayout) -> None:
    """Shown when the sign-in brought back a form saved earlier (``ui.intake.drafts``):
    whose applicant, which item, saved when; the clerk goes on with it or clears it."""
    screen.draft_banner = QFrame()
    screen.draft_banner.setObjectName("restoredDraftBanner")
    column = QVBoxLayout(screen.draft_banner)
    column.setContentsMargins(0, 0, 0, 0)
    screen.draft_banner_text = data_label()  # quotes a (masked) name and an item's name
    screen.draft_banner_text.setObjectName("restoredDraftText")
    screen.draft_banner_text.setWordWrap(True)
    column.addWidget(screen.draft_banner_text)
    row = QHBoxLayout()
    screen.keep_draft_button = QPushButton(translate("IntakeScreen", "继续办理"))
    screen.keep_draft_button.setObjectName("keepRestoredDraft")
    screen.clear_draft_button = QPushButton(translate("IntakeScreen", "清空表单"))
    screen.clear_draft_button.setObjectName("clearRestoredDraft")
    row.addWidget(screen.keep_draft_button)
    row.addWidget(screen.clear_draft_button)
    row.addStretch(1)
    column.addLayout(row)
    screen.keep_draft_button.clicked.connect(screen.keep_restored_draft)
    screen.clear_draft_button.clicked.connect(screen.clear_restored_draft)
    screen.draft_banner.hide()
    layout.addWidget(screen.draft_banner)


def _add_arrival_banner(screen: IntakeScreen, layout: QVBoxLayout) -> None:
    """Shown at once when the card read belongs to an applicant expected from the online
    channel: an appointment of today, a pre-application (网上申报) not yet accepted; under
    it what the clerk can do: fill the form from the pre-application, put the appointment's
    missed priority ticket back in the queue."""
    screen.arrival_banner = _hidden_note("arrivalBanner")
    layout.addWidget(screen.arrival_banner)
    screen.preapp_button = QPushButton()
    screen.preapp_button.setObjectName("preappButton")
    screen.preapp_button.hide()
    screen.preapp_button.clicked.connect(screen.fill_from_preapp)
    layout.addWidget(screen.preapp_button)
    screen.requeue_button = QPushButton(translate("IntakeScreen", "重新排队(&Q)"))
    screen.requeue_button.setObjectName("requeueMissedTicket")
    screen.requeue_button.hide()
    screen.requeue_button.clicked.connect(screen.requeue_missed_ticket)
    layout.addWidget(screen.requeue_button)


def _hidden_note(name: str) -> QLabel:
    """A wrapped line shown only when something calls for it (names, item names, notes:
    as they are)."""
    note = data_label()
    note.setObjectName(name)
    note.setWordWrap(True)
    note.hide()
    return note


def _decision_button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setMinimumHeight(32)
    return button


def set_decision_enabled(screen: IntakeScreen, enabled: bool) -> None:
    for button in (
        screen.accept_button,
        screen.notify_button,
        screen.defer_button,
        screen.bundle_button,
    ):
        button.setEnabled(enabled)
    # 不予受理 is never a bundle's decision (its tooltip says why).
    screen.refuse_button.setEnabled(enabled and screen.bundle is None)


def show_bundle_mode(screen: IntakeScreen, bundle: bool) -> None:
    """One decision for a 一件事 (each member accepted, 容缺 or notified as its materials
    allow) in place of 受理, 一次性告知 and 容缺受理; 不予受理 is decided item by item."""
    screen.bundle_button.setVisible(bundle)
    for button in (screen.accept_button, screen.notify_button, screen.defer_button):
        button.setVisible(not bundle)
    screen.refuse_button.setEnabled(not bundle and not screen.busy)
    screen.refuse_button.setToolTip(no_bundle_refusal() if bundle else "")


def no_bundle_refusal() -> str:
    """Why 不予受理 is not offered for a 一件事."""
    return translate(
        "IntakeScreen",
        "一件事不作不予受理：请取消勾选该事项，办理一件事后再单独选择该事项（F3）作出决定。",
    )


def show_summary(
    screen: IntakeScreen,
    problems: list[str],
    can_accept: bool,
    *,
    deferrable: bool = False,
    concerns: list[str] | None = None,
    commitments: list[str] | None = None,
    ready: str | None = None,
) -> None:
    """What the form lacks, or ``ready`` (受理 F5 unless given) when nothing; the materials
    of ``commitments`` (告知承诺) are named for the commitment the applicant signs."""
    expired = screen.identity.document_expired_on(hall_today())
    warning = (
        "<p><b>"
        + escape(
            translate(
                "IntakeScreen",
                "注意：{holder}证件已过期（有效期至 {date}），受理时须说明理由。",
            ).format(holder=expired.holder, date=expired.on.isoformat())
        )
        + "</b></p>"
        if expired is not None
        else ""
    )
    if concerns:
        warning += (
            "<p><b>"
            + escape(
                translate(
                    "IntakeScreen", "注意：证件信息与本情形的申请条件不符，受理时须说明理由："
                )
            )
            + "</b></p><ul>"
            + "".join(f"<li>{escape(text)}</li>" for text in concerns)
            + "</ul>"
        )
    if commitments:
        warning += (
            "<p>"
            + escape(
                translate(
                    "IntakeScreen",
                    "告知承诺：申请人须当场签署书面承诺（{materials}），承诺不实的依法承担责任。",
                ).format(materials="、".join(commitments))
            )
            + "</p>"
        )
    if can_accept:
        text = (
            warning
            + "<p class='ok'><b>"
            + escape(ready or translate("IntakeScreen", "材料齐全，可以受理（F5）。"))
            + "</b></p>"
        )
    else:
        text = "<p><b>" + translate("IntakeScreen", "暂不能受理：") + "</b></p><ul>"
        text += "".join(f"<li>{escape(p)}</li>" for p in problems) + "</ul>" + warning
        if deferrable:
            text += (
                "<p>"
                + translate("IntakeScreen", "所缺均为非核心材料，可容缺受理（F7，需值班长审批）。")
                + "</p>"
            )
    screen.summary_label.setText(text)
    set_state(screen.summary_label, "ok" if can_accept else "bad")
    _show_ready(screen, can_accept)


def _show_ready(screen: IntakeScreen, ready: bool) -> None:
    # F5 works either way (it says what is missing): only the look follows the summary.
    for button in (screen.accept_button, screen.bundle_button):
        button.setProperty("ready", ready)
        button.style().unpolish(button)
        button.style().polish(button)


def show_result(screen: IntakeScreen, html: str) -> None:
    """What a decision made, in the summary's place until the next applicant."""
    screen.summary_label.setText(html)
    set_state(screen.summary_label, "ok")
