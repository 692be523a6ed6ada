"""Dialogs of the decision step: the confirmation with the key facts, the refusal form, MRZ
entry, the reasons for accepting on an expired document or against the card's facts, and
the question before accepting again for an applicant with earlier cases of the item."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ui.widgets import FormText, data_label, error_label, ok_cancel_buttons, show_as_text

if TYPE_CHECKING:
    from ui.intake.agent_switch import ExpiredDocument


class ConfirmDecisionDialog(QDialog):
    """The key facts, read back with whoever is ``present`` at the window (申请人, or the
    代办人/经办人 who came for them, in the clerk's language) before anything is stored."""

    def __init__(
        self,
        title: str,
        facts: Sequence[tuple[str, str]],
        present: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("confirmDecision")
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("请与{present}核对以下信息：").format(present=present))
        heading.setObjectName("dialogHeading")
        layout.addWidget(heading)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, value in facts:
            text = data_label(value)
            text.setWordWrap(True)
            form.addRow(label, text)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("确认 (Enter)"))
        ok.setObjectName("confirmButton")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("返回修改 (Esc)"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class RefusalDialog(QDialog):
    """不予受理: reason and legal basis are required, where to apply instead is optional."""

    def __init__(self, legal_basis: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("refusalDialog")
        self.setWindowTitle(self.tr("不予受理"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.reason = FormText("refusalReason", 90)
        self.basis = FormText("refusalBasis", 70)
        self.basis.setPlainText(legal_basis)
        self.redirect = QLineEdit()
        self.redirect.setObjectName("refusalRedirect")
        self.redirect.setMaxLength(200)
        form.addRow(self.tr("不予受理理由（必填）"), self.reason)
        form.addRow(self.tr("法律依据（必填）"), self.basis)
        form.addRow(self.tr("建议向何处申请"), self.redirect)
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        buttons = ok_cancel_buttons(self.tr("下一步"), self.tr("取消"))
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _check(self) -> None:
        if not self.reason.text() or not self.basis.text():
            self.error.setText(self.tr("请填写不予受理的理由和法律依据。"))
            self.error.show()
            return
        self.accept()

    def values(self) -> tuple[str, str, str]:
        return (
            self.reason.text(),
            self.basis.text(),
            self.redirect.text().strip(),
        )


class MrzDialog(QDialog):
    """Passport machine-readable zone: typed, or sent by a keyboard-wedge MRZ scanner."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mrzDialog")
        self.setWindowTitle(self.tr("录入护照机读码"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("请输入护照资料页底部的两行（或三行）机读码，扫描枪可直接输入。"))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.text = FormText("mrzText", 100, lines=True)
        font = self.text.font()
        font.setFamily("monospace")
        self.text.setFont(font)
        layout.addWidget(self.text)
        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons = ok_cancel_buttons(self.tr("解析 (Ctrl+Enter)"), self.tr("取消"))
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def lines(self) -> list[str]:
        return [line.strip() for line in self.text.toPlainText().splitlines() if line.strip()]

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


class ExpiredDocumentDialog(QDialog):
    """Accepting on an expired document: whose it is and its expiry date said plainly, a
    reason required."""

    def __init__(self, expired: ExpiredDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("expiredDocumentDialog")
        self.setWindowTitle(self.tr("证件已过期"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        warning = data_label(
            self.tr(
                "{holder}证件已于 {date} 过期。如仍在此证件上受理，请写明理由"
                "（例如：新证在办，已核验临时身份证明）。理由将随案件保存并记入审计日志。"
            ).format(holder=expired.holder, date=expired.on.isoformat())
        )
        warning.setObjectName("expiredWarning")
        warning.setWordWrap(True)
        layout.addWidget(warning)
        self.text = FormText("expiredReason", 90)
        layout.addWidget(self.text)
        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons = ok_cancel_buttons(self.tr("继续受理"), self.tr("取消"))
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _check(self) -> None:
        if not self.reason():
            self.error.setText(self.tr("请写明在过期证件上受理的理由。"))
            self.error.show()
            return
        self.accept()

    def reason(self) -> str:
        return self.text.text()


class EligibilityDialog(QDialog):
    """Accepting although the card contradicts the situation's eligibility rule: what the
    card says, plainly, and a reason required."""

    def __init__(self, concerns: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eligibilityDialog")
        self.setWindowTitle(self.tr("不符合申请条件"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        warning = data_label(
            self.tr(
                "证件信息与本情形的申请条件不符：\n{concerns}\n如仍受理，请写明理由"
                "（例如：已核验户口簿，户籍已迁入本市）。理由将随案件保存、同步并记入审计日志。"
            ).format(concerns="\n".join(f"· {text}" for text in concerns))
        )
        warning.setObjectName("eligibilityWarning")
        warning.setWordWrap(True)
        layout.addWidget(warning)
        self.text = FormText("eligibilityReason", 90)
        layout.addWidget(self.text)
        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons = ok_cancel_buttons(self.tr("仍然受理"), self.tr("取消"))
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.text.setFocus()

    def _check(self) -> None:
        if not self.reason():
            self.error.setText(self.tr("请写明不符合申请条件仍受理的理由。"))
            self.error.show()
            return
        self.accept()

    def reason(self) -> str:
        return self.text.text()


class EarlierCasesDialog(QMessageBox):
    """受理 or 容缺受理 for an applicant who already has cases of the item (or whose ID number
    is on file under another name): what is on file, and whether to go on. Cancel is the
    default, so Enter does not make a second case by mistake; ``exec`` answers ``Yes`` to
    go on."""

    def __init__(self, lines: Sequence[str], parent: QWidget | None = None) -> None:
        yes, cancel = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Cancel
        super().__init__(QMessageBox.Icon.Warning, "", "", yes | cancel, parent)
        self.setObjectName("earlierCasesDialog")
        show_as_text(self)  # names and item names on file
        self.setWindowTitle(self.tr("可能重复受理"))
        self.setText(
            "\n".join(lines)
            + "\n\n"
            + self.tr(
                "请与申请人核实后再决定：此前的申请已被退回、撤回，或这次办的是另一件事"
                "（例如为家庭成员申请）时，可以继续受理。"
            )
        )
        self.button(yes).setText(self.tr("仍然受理"))
        self.button(cancel).setText(self.tr("取消"))
        self.setDefaultButton(cancel)
        self.setEscapeButton(cancel)
