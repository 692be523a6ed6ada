"""代办人 / 经办人: the person present at the window for the applicant (an organisation's
always; a person's when they send someone), in a compact block of the applicant panel. With
代办 on, the card reader fills this block: the window reads the card of the person present.
Their document type and number, name, phone, relation to the applicant and what authorises
them, checked as they are typed (the first problem shown under the block)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import QComboBox, QFrame, QGridLayout, QLabel, QLineEdit, QWidget

from counter_app.domain.agents import (
    AGENT_AUTHORIZATION_NAMES,
    MAX_RELATION_LENGTH,
    AgentAuthorization,
    agent_role,
)
from counter_app.domain.hall_time import hall_today
from counter_app.domain.id_types import DocKind, validate_identity
from counter_app.domain.idnumber import normalize_id_number, normalize_phone
from counter_app.domain.names import NAME_MAX_CHARS, validate_name
from counter_app.errors import CounterError
from counter_app.identity.document import IdentityDocument
from counter_app.identity.provenance import IdentitySource
from counter_app.services.intake_request import AgentInput
from counter_app.store.timestamps import utc_now
from ui.i18n import current_lang, error_text
from ui.intake.document_kinds import add_manual_kinds, id_type_of
from ui.intake.identity_reading import document_number
from ui.intake.state_labels import set_state, state_label

# The applicant's expiry warning, in the identity panel's Linguist context.
translate = QCoreApplication.translate

# The relations offered (the clerk may type another): the stored word is the Chinese one.
RELATIONS = (
    QT_TRANSLATE_NOOP("AgentPanel", "配偶"),
    QT_TRANSLATE_NOOP("AgentPanel", "父母"),
    QT_TRANSLATE_NOOP("AgentPanel", "子女"),
    QT_TRANSLATE_NOOP("AgentPanel", "其他亲属"),
    QT_TRANSLATE_NOOP("AgentPanel", "单位员工"),
    QT_TRANSLATE_NOOP("AgentPanel", "法定代表人"),
    QT_TRANSLATE_NOOP("AgentPanel", "其他"),
)


class AgentPanel(QFrame):
    """Emits ``changed`` on every edit and read (the screen's summary and draft follow)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agentPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.applicant_type = "person"
        # What the reader returned for the agent, kept until a field of it is typed over.
        self.read_source: IdentitySource | None = None
        self.read_at: datetime | None = None
        self.kind = QComboBox()
        self.kind.setObjectName("agentDocKind")
        add_manual_kinds(self.kind)
        self.id_number = QLineEdit()
        self.id_number.setObjectName("agentIdNumber")
        self.id_number.setMaxLength(40)
        self.name = QLineEdit()
        self.name.setObjectName("agentName")
        self.name.setMaxLength(2 * NAME_MAX_CHARS)  # UTF-16 units, as the applicant's
        self.phone = QLineEdit()
        self.phone.setObjectName("agentPhone")
        self.phone.setMaxLength(20)
        self.relation = QComboBox()
        self.relation.setObjectName("agentRelation")
        self.relation.setEditable(True)
        self.relation.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.relation.addItem("", "")
        for word in RELATIONS:
            self.relation.addItem(self.tr(str(word)), str(word))
        line = self.relation.lineEdit()
        if line is not None:
            line.setMaxLength(MAX_RELATION_LENGTH)
        self.authorization = QComboBox()
        self.authorization.setObjectName("agentAuthorization")
        self.role = QLabel()
        self.role.setObjectName("agentRole")
        self.origin = state_label("agentOrigin")
        self.hint = state_label("agentHint")
        self.hint.setWordWrap(True)
        self._lay_out()
        for edit in (self.id_number, self.name):
            edit.textEdited.connect(self._typed_over)
        self.kind.activated.connect(self._typed_over)
        self.phone.textEdited.connect(self.changed)
        self.relation.editTextChanged.connect(self.changed)
        self.authorization.activated.connect(self.changed)
        self.set_applicant_type("person")

    def _lay_out(self) -> None:
        """A line with the role's name, the identity's origin and the first problem; three
        rows of two fields below it (the applicant panel keeps its height at 1366×768)."""
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 2, 6, 4)
        grid.setVerticalSpacing(3)
        grid.addWidget(self.role, 0, 0)
        grid.addWidget(self.origin, 0, 1)
        grid.addWidget(self.hint, 0, 2, 1, 2)
        rows = (
            ((self.tr("证件类型"), self.kind), (self.tr("证件号码"), self.id_number)),
            ((self.tr("姓名"), self.name), (self.tr("联系电话"), self.phone)),
            ((self.tr("关系/职务"), self.relation), (self.tr("授权"), self.authorization)),
        )
        for row, pairs in enumerate(rows, start=1):
            for column, (text, field) in enumerate(pairs):
                label = QLabel(text)
                label.setBuddy(field)
                grid.addWidget(label, row, 2 * column)
                grid.addWidget(field, row, 2 * column + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

    # -- role ------------------------------------------------------------------------
    def role_word(self) -> str:
        """代办人 for a person's applicant, 经办人 for an organisation's (in the clerk's language)."""
        zh, en = agent_role(self.applicant_type)
        return en if current_lang() == "en" else zh

    def set_applicant_type(self, applicant_type: str) -> None:
        """Name the block for ``applicant_type`` and offer the authorisations it may have."""
        self.applicant_type = applicant_type
        self.role.setText(self.role_word())
        for field, label in (
            (self.kind, self.tr("证件类型")),
            (self.id_number, self.tr("证件号码")),
            (self.name, self.tr("姓名")),
            (self.phone, self.tr("联系电话")),
            (self.relation, self.tr("关系/职务")),
            (self.authorization, self.tr("授权")),
        ):
            field.setAccessibleName(f"{self.role_word()} {label}")
        # 法定代表人本人 only for an organisation (the intake service refuses it for a person).
        kept = self.authorization.currentData()
        self.authorization.clear()
        english = current_lang() == "en"
        for value, (zh, en) in AGENT_AUTHORIZATION_NAMES.items():
            if value is not AgentAuthorization.LEGAL_REPRESENTATIVE or applicant_type != "person":
                self.authorization.addItem(en if english else zh, value.value)
        self.authorization.setCurrentIndex(max(self.authorization.findData(kept), 0))

    # -- what a reader filled ----------------------------------------------------------
    def fill_from_document(self, doc: IdentityDocument, reader: str = "") -> None:
        index = self.kind.findData(doc.doc_kind.value)
        self.kind.setCurrentIndex(max(index, 0))
        self.id_number.setText(document_number(doc))
        self.name.setText(doc.name or doc.english_name or "")
        self.read_source = IdentitySource.of_document(doc, reader)
        self.read_at = self.read_at or utc_now()
        self._show_origin()
        self.phone.setFocus()
        self.changed.emit()

    def _typed_over(self) -> None:
        if self.read_source is not None:
            self.read_source = None
            self._show_origin()
        self.changed.emit()

    def _show_origin(self) -> None:
        """Where the agent's identity came from; an expired card read says so in red."""
        origin = self.tr("读卡器读取") if self.read_source is not None else self.tr("手工录入")
        expired = self.expired_on(hall_today())
        if expired is not None:
            origin += " · " + translate(
                "IdentityPanel", "证件已过期（有效期至 {date}）：受理须说明理由。"
            ).format(date=expired.isoformat())
        self.origin.setText(origin)
        set_state(self.origin, "bad" if expired is not None else "")

    def expired_on(self, today: date) -> date | None:
        """The read document's expiry date when it is before ``today`` (else None)."""
        expiry = self.read_source.expiry() if self.read_source is not None else None
        return expiry if expiry is not None and expiry < today else None

    # -- checks ----------------------------------------------------------------------
    def problems(self, applicant_number: str) -> list[str]:
        """What must be fixed before a decision (the first shown under the block); the
        agent's number must not be the applicant's (``applicant_number``)."""
        role = self.role_word()
        found: list[str] = []
        if not self.name.text().strip():
            found.append(self.tr("请填写{role}姓名").format(role=role))
        else:
            try:
                validate_name(self.name.text(), field="agent.name")
            except CounterError as exc:
                found.append(error_text(exc))
        number = self.id_number.text()
        if not number.strip():
            found.append(self.tr("请读取{role}的证件或填写证件号码").format(role=role))
        else:
            try:
                kind = DocKind(self.kind.currentData())
                validate_identity(id_type_of(kind), number, kind)
            except CounterError as exc:
                found.append(error_text(exc))
            else:
                if normalize_id_number(number) == normalize_id_number(applicant_number):
                    found.append(self.tr("{role}与申请人为同一人，请取消代办").format(role=role))
        if self.phone.text().strip():
            try:
                normalize_phone(self.phone.text())
            except CounterError as exc:
                found.append(error_text(exc))
        if not self.relation_word():
            found.append(self.tr("请填写{role}与申请人的关系或职务").format(role=role))
        self.hint.setText(found[0] if found else "")
        set_state(self.hint, "bad" if found else "")
        return found

    def printed_fields(self) -> list[tuple[str, str]]:
        """The agent's texts the papers print, each with its field's name ("代办人姓名")."""
        role = self.role_word()
        return [
            (self.tr("{role}姓名").format(role=role), self.name.text()),
            (self.tr("{role}证件号码").format(role=role), self.id_number.text()),
            (self.tr("{role}关系/职务").format(role=role), self.relation_word()),
        ]

    def relation_word(self) -> str:
        """The relation as recorded: an offered one in Chinese, whatever the window's
        language; a typed one as typed."""
        text = self.relation.currentText().strip()
        index = self.relation.findText(text)
        return str(self.relation.itemData(index)) if index > 0 else text

    def agent_input(self) -> AgentInput:
        kind = DocKind(self.kind.currentData())
        return AgentInput(
            name=self.name.text(),
            id_type=id_type_of(kind).value,
            id_number=self.id_number.text(),
            doc_kind=kind.value,
            phone=self.phone.text() or None,
            relation=self.relation_word(),
            authorization=str(self.authorization.currentData()),
        )

    # -- draft -------------------------------------------------------------------------
    def to_draft(self) -> dict[str, Any]:
        return {
            "doc_kind": self.kind.currentData(),
            "id_number": self.id_number.text(),
            "name": self.name.text(),
            "phone": self.phone.text(),
            "relation": self.relation_word(),
            "authorization": self.authorization.currentData(),
            "read_source": self.read_source.to_json() if self.read_source else None,
        }

    def from_draft(self, data: dict[str, Any]) -> None:
        self.kind.setCurrentIndex(max(self.kind.findData(data.get("doc_kind")), 0))
        self.id_number.setText(data.get("id_number", ""))
        self.name.setText(data.get("name", ""))
        self.phone.setText(data.get("phone", ""))
        relation = data.get("relation", "")
        offered = self.relation.findData(relation)
        if offered > 0:
            self.relation.setCurrentIndex(offered)
        else:
            self.relation.setEditText(relation)
        chosen = self.authorization.findData(data.get("authorization"))
        self.authorization.setCurrentIndex(max(chosen, 0))
        read = data.get("read_source")
        self.read_source = IdentitySource.from_json(read) if read else None
        self._show_origin()

    def clear(self) -> None:
        self.kind.setCurrentIndex(0)
        for edit in (self.id_number, self.name, self.phone):
            edit.clear()
        self.relation.setCurrentIndex(0)
        self.relation.setEditText("")
        self.authorization.setCurrentIndex(0)
        self.read_source = None
        self.read_at = None
        self.hint.clear()
        set_state(self.hint, "")
        self._show_origin()
