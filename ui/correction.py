"""Corrections at the window. :class:`CorrectionDialog`: the 补正 the department asked for,
each requested material checked (the applicant usually brings it all) and a field for each
requested applicant datum; Enter records it. :class:`ApplicantEditDialog`: a typo in the
applicant's name, phone or address (or, when the case has one, the agent's name, phone or
relation), approved by a supervisor typing their credentials in place or (F4) at another window
of the hall."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.agents import agent_role
from counter_app.domain.case_document import CORRECTABLE_FIELDS
from ui.facade_types import InPlaceApproval
from ui.i18n import current_lang
from ui.one_time_code import CodeRow, show_refusal
from ui.widgets import (
    FormText,
    checkable_list,
    checked_codes,
    data_label,
    error_label,
    ok_cancel_buttons,
    send_to_supervisor_button,
)

if TYPE_CHECKING:
    from ui.facade_types import CorrectionAsk


def field_labels() -> dict[str, str]:
    """The applicant's and the agent's data a correction may concern, in the interface
    language."""
    return {
        "name": QCoreApplication.translate("correction", "姓名"),
        "phone": QCoreApplication.translate("correction", "联系电话"),
        "address": QCoreApplication.translate("correction", "地址"),
        **agent_field_labels(QCoreApplication.translate("correction", "代办人（经办人）")),
    }


def agent_field_labels(role: str) -> dict[str, str]:
    """The agent's data a correction may concern, named after their ``role``."""
    return {
        "agent_name": QCoreApplication.translate("correction", "{role}姓名").format(role=role),
        "agent_phone": QCoreApplication.translate("correction", "{role}联系电话").format(role=role),
        "agent_relation": QCoreApplication.translate("correction", "{role}与申请人关系").format(
            role=role
        ),
    }


def agent_role_label(applicant_type: str) -> str:
    """What the person present for an applicant of ``applicant_type`` is called in the
    interface language: 代办人, or an organisation's 经办人."""
    return agent_role(applicant_type)[current_lang() == "en"]


def list_separator() -> str:
    """Between the items of a list in running text: 、 in Chinese, a comma in English."""
    return QCoreApplication.translate("correction", "、")


def describe_request(ask: CorrectionAsk) -> str:
    """``申请表签名不清 · 材料：申请表 · 信息：联系电话`` for the case detail."""
    labels = field_labels()
    parts = [ask.note] if ask.note else []
    if ask.materials:
        parts.append(
            QCoreApplication.translate("correction", "材料：{names}").format(
                names=list_separator().join(name for _, name in ask.materials)
            )
        )
    if ask.fields:
        parts.append(
            QCoreApplication.translate("correction", "信息：{names}").format(
                names=list_separator().join(labels.get(f, f) for f in ask.fields)
            )
        )
    return " · ".join(parts)


class CorrectionDialog(QDialog):
    """Emits ``correction_requested(codes, fields)`` when the clerk confirms; the opener
    records it and calls ``accept()`` or ``show_error()``."""

    correction_requested = Signal(list, dict)

    def __init__(self, case_no: str, ask: CorrectionAsk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("correction")
        self.setWindowTitle(self.tr("收取补正材料 — {case_no}").format(case_no=case_no))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        heading = data_label(self.tr("补正要求：{request}").format(request=describe_request(ask)))
        heading.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(QLabel(self.tr("勾选申请人本次提交的补正材料（空格切换，回车确认）：")))
        self.materials = checkable_list(ask.materials)
        layout.addWidget(self.materials, 1)
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        labels = field_labels()
        for name in ask.fields:
            edit = QLineEdit()
            edit.setObjectName(f"correction_{name}")
            form.addRow(self.tr("更正后的{field}").format(field=labels.get(name, name)), edit)
            self.fields[name] = edit
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons = ok_cancel_buttons(self.tr("确认收取"), self.tr("取消"))
        self.buttons.accepted.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _confirm(self) -> None:
        # The core says what is still missing; the dialog only collects.
        self.buttons.setEnabled(False)
        self.correction_requested.emit(
            checked_codes(self.materials), {name: edit.text() for name, edit in self.fields.items()}
        )

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.buttons.setEnabled(True)


class ApplicantEditDialog(QDialog):
    """Emits ``edit_requested(field, value, reason, approval)`` (an ``InPlaceApproval``); the
    opener has the core verify the supervisor and record it, then calls ``accept()`` or
    ``refused()``.
    With ``can_send`` it offers 请求值班长审批 (F4), which emits ``send_requested(field,
    value, reason)``; the opener sends the request to the hall's supervisors and hides the
    dialog while it waits (what was typed stays for a refusal). With ``agent_role`` (the case
    has an agent, so called: ``agent_role_label``) the agent's data may be corrected too."""

    edit_requested = Signal(str, str, str, object)
    send_requested = Signal(str, str, str)

    def __init__(
        self,
        case_no: str,
        parent: QWidget | None = None,
        *,
        can_send: bool = False,
        agent_role: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("applicantEdit")
        self.setWindowTitle(self.tr("更正申请人信息 — {case_no}").format(case_no=case_no))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        heading = QLabel(
            self.tr(
                "受理后更正申请人信息须经值班长审批；原值与新值记入办理过程。证件号码不能更正。"
            )
        )
        heading.setWordWrap(True)
        layout.addWidget(heading)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.field = QComboBox()
        labels = field_labels()
        choices = {code: labels[code] for code in CORRECTABLE_FIELDS}
        if agent_role is not None:
            choices |= agent_field_labels(agent_role)
        for code, label in choices.items():
            self.field.addItem(label, code)
        self.value = QLineEdit()
        self.reason = FormText("correctionReason", 70)
        self.supervisor = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("更正项"), self.field)
        form.addRow(self.tr("正确的内容"), self.value)
        form.addRow(self.tr("原因（必填）"), self.reason)
        form.addRow(self.tr("值班长账号"), self.supervisor)
        form.addRow(self.tr("密码"), self.password)
        self.code = CodeRow(form, self.tr("动态口令"), "editSupervisorCode")
        self.supervisor.textEdited.connect(lambda _text: self.code.hide())
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons = ok_cancel_buttons(self.tr("确认更正"), self.tr("取消"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self.send_button: QPushButton | None = None
        if can_send:
            self.send_button = send_to_supervisor_button(
                self.buttons,
                self.tr("请求值班长审批 (F4)"),
                self.tr("发给本大厅的值班长在其窗口审批；请求只含打码后的原值与新值。"),
            )
            self.send_button.clicked.connect(self._send)
        layout.addWidget(self.buttons)

    def _filled(self) -> bool:
        if not self.value.text().strip() or not self.reason.text():
            self.show_error(self.tr("请填写正确的内容和更正原因。"))
            return False
        return True

    def _submit(self) -> None:
        if not self._filled():
            return
        if not self.supervisor.text().strip() or not self.password.text():
            self.show_error(self.tr("请值班长输入账号和密码。"))
            return
        self.buttons.setEnabled(False)
        self.edit_requested.emit(
            str(self.field.currentData()),
            self.value.text().strip(),
            self.reason.text(),
            InPlaceApproval(self.supervisor.text().strip(), self.password.text(), self.code.code()),
        )

    def _send(self) -> None:
        if not self._filled():
            return
        self.buttons.setEnabled(False)
        self.send_requested.emit(
            str(self.field.currentData()),
            self.value.text().strip(),
            self.reason.text(),
        )

    def show_error(self, text: str) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(text)
        self.error.show()
        self.code.hide()
        self.password.clear()

    def refused(self, exc: BaseException) -> None:
        """The core's refusal of the supervisor's credentials (``show_refusal``)."""
        self.buttons.setEnabled(True)
        show_refusal(self.code, exc, self.error, self.password)
