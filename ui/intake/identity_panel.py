"""Applicant identity: filled by a card on the reader, a passport chip (its fields marked,
passive authentication shown), a passport MRZ, or typed with inline validation; an
expired document is flagged with its expiry date. The English name on a foreigner's card
is shown, and the applicant's document language is chosen here (the card or the typed
nationality sets the default; the clerk may change it, Alt+Y). A printed text (a name, the
English name, an address, a number, the agent's) with a character no printing font draws is
warned about as it is entered, naming its field (issuing refuses it).

The applicant's type (个人, 法人, 其他组织) and the 代办 switch (Alt+D) are here too: with it on,
the 代办人/经办人 block (agent_panel) takes the card read, as the window reads the person present.

The panel holds the applicant's fields and their state; how they are checked, filled by a
reader, shown by origin and kept in a draft lives in modules beside it (identity_validation,
identity_reading, identity_provenance, identity_drafts, agent_switch), as functions bound here
as methods."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.delivery import ADDRESS_MAX_CHARS, DeliveryChoice, DeliveryMethod
from counter_app.domain.document_language import default_document_language
from counter_app.domain.id_types import DocKind, IdType
from counter_app.domain.names import NAME_MAX_CHARS
from counter_app.identity.provenance import IdentitySource
from ui.i18n import current_lang
from ui.intake import (
    agent_switch,
    identity_drafts,
    identity_provenance,
    identity_reading,
    identity_validation,
)
from ui.intake.agent_panel import AgentPanel
from ui.intake.document_kinds import add_manual_kinds, id_type_of
from ui.intake.identity_reading import sex_read, sex_words
from ui.intake.state_labels import set_state, state_label
from ui.labels import document_language_labels
from ui.widgets import data_label

# How long the printed texts rest before their printability is checked (on the worker).
PRINT_CHECK_MS = 300
# Documents whose "民族/国籍" field holds the holder's nationality.
_NATIONALITY_KINDS = (
    DocKind.PASSPORT,
    DocKind.FOREIGN_PERMANENT_2017,
    DocKind.FOREIGN_PERMANENT_2023,
)


class SexChoice(QComboBox):
    """The sex, chosen rather than typed: a document's values ("男"/"女") in the clerk's
    language, or empty. Readers, drafts and the ID number set it by the words it shows,
    as they would a text field; a value a card gave that is not offered ("未说明的性别")
    is kept as its own choice until another is set."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem("", "")
        for value, shown in sex_words().items():
            self.addItem(shown, value)
        self._offered = self.count()

    def text(self) -> str:
        return self.currentText()

    def setText(self, shown: str) -> None:
        index = self.findText(shown)
        if index < 0:
            self.addItem(shown, sex_read(shown))
            index = self.count() - 1
        self.setCurrentIndex(index)
        for other in reversed(range(self._offered, self.count())):
            if other != self.currentIndex():
                self.removeItem(other)

    def value(self) -> str:
        """The sex as a document gives it ("男", "女", …), whatever the window's language."""
        return str(self.currentData() or "")


class IdentityPanel(QGroupBox):
    """Emits ``changed`` on every edit (drafts autosave on it), ``mrz_requested`` for
    passports and ``print_check_requested(texts)`` when an identity text the papers print
    changed (the applicant's, and the agent's with 代办 on): the screen asks the core which
    characters no printing font draws and hands the answer to ``show_unprintable``."""

    changed = Signal()
    mrz_requested = Signal()
    print_check_requested = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:  # noqa: PLR0915 - layout
        super().__init__(parent)
        self.setObjectName("identityPanel")
        self.setTitle(self.tr("申请人  [F2 读卡]"))
        self.source = "manual"  # manual | card:<doc_type> | mrz
        # What the last reader returned (card or chip), kept until a field of it is typed over.
        self.read_source: IdentitySource | None = None
        # When the applicant's document was first read for this applicant: the service's
        # start, kept when a field is typed over (the statistics' handling time).
        self.read_at: datetime | None = None
        # When the card was read last: a new read renews the applicant's consent to the
        # e-licence lookup (the platform takes only a recent read).
        self.last_read_at: datetime | None = None
        outer = QHBoxLayout(self)
        form = self.form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.kind = QComboBox()
        self.kind.setObjectName("docKind")
        add_manual_kinds(self.kind)
        self.name = QLineEdit()
        self.name.setObjectName("applicantName")
        # Qt counts UTF-16 units: a name of 生僻字 beyond the BMP takes two each, and the
        # field must never cut off what validate_name would take.
        self.name.setMaxLength(2 * NAME_MAX_CHARS)
        self.english_name = QLineEdit()
        self.english_name.setObjectName("englishName")
        self.english_name.setMaxLength(100)
        self.document_language = QComboBox()
        self.document_language.setObjectName("documentLanguage")
        for code, language in document_language_labels().items():
            self.document_language.addItem(language, code.value)
        self.id_number = QLineEdit()
        self.id_number.setObjectName("idNumber")
        self.id_number.setMaxLength(40)
        self.id_hint = data_label()
        self.id_hint.setObjectName("fieldHint")
        self.id_hint.setWordWrap(True)
        self.sex = SexChoice()
        self.sex.setObjectName("sex")
        self.birth = QLineEdit()
        self.birth.setPlaceholderText("YYYY-MM-DD")
        self.birth.setMaxLength(11)  # 1985年12月26日
        self.nation = QLineEdit()
        self.nation.setMaxLength(40)
        self.address = QLineEdit()
        self.address.setMaxLength(200)
        self.phone = QLineEdit()
        self.phone.setObjectName("phone")
        self.phone.setMaxLength(20)
        self.phone.setInputMask("")
        # 出件: how the applicant receives the result; the address only for postal delivery.
        self.delivery_method = QComboBox()
        self.delivery_method.setObjectName("deliveryMethod")
        self.delivery_method.addItem(self.tr("窗口领取"), DeliveryMethod.PICKUP.value)
        self.delivery_method.addItem(self.tr("邮寄送达（EMS）"), DeliveryMethod.POST.value)
        self.delivery_address = QLineEdit()
        self.delivery_address.setObjectName("deliveryAddress")
        self.delivery_address.setMaxLength(ADDRESS_MAX_CHARS)
        self.delivery_address.setPlaceholderText(self.tr("邮寄地址（选择邮寄送达时必填）"))
        self.valid_to = QLabel("—")
        self.valid_to_value = ""
        # Who applies, and whether someone else is present for them (代办 / 经办).
        self.applicant_type = QComboBox()
        self.applicant_type.setObjectName("applicantType")
        for value, type_label in agent_switch.APPLICANT_TYPES:
            self.applicant_type.addItem(self.tr(str(type_label)), value)
        self.agent_switch = QCheckBox(agent_switch.switch_text(False))
        self.agent_switch.setObjectName("agentSwitch")
        self.agent_chosen = False  # the clerk's own setting of the switch
        self.agent = AgentPanel()
        self.agent.hide()
        type_row = QHBoxLayout()
        type_row.addWidget(self.applicant_type)
        type_row.addWidget(self.agent_switch, 1)
        form.addRow(self.tr("申请人类型"), type_row)
        form.addRow(self.agent)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.kind, 1)
        self.mrz_button = QPushButton(self.tr("录入机读码 (Ctrl+M)"))
        self.mrz_button.setObjectName("mrzButton")
        kind_row.addWidget(self.mrz_button)
        form.addRow(self.tr("证件类型"), kind_row)
        # The English name and the document language share rows: the panel keeps its
        # height on a 1366×768 screen.
        names = self.names = QHBoxLayout()
        names.addWidget(self.name, 1)
        english_label = QLabel(self.tr("英文姓名"))
        english_label.setBuddy(self.english_name)
        names.addWidget(english_label)
        names.addWidget(self.english_name, 1)
        form.addRow(self.tr("姓名"), names)
        form.addRow(self.tr("证件号码"), self.id_number)
        form.addRow("", self.id_hint)
        sex_birth = QHBoxLayout()
        sex_birth.addWidget(self.sex, 1)
        birth_label = QLabel(self.tr("出生日期"))
        birth_label.setBuddy(self.birth)
        sex_birth.addWidget(birth_label)
        sex_birth.addWidget(self.birth, 2)
        form.addRow(self.tr("性别"), sex_birth)
        nation_language = QHBoxLayout()
        nation_language.addWidget(self.nation, 1)
        language_label = QLabel(self.tr("文书语言(&Y)"))
        language_label.setBuddy(self.document_language)
        language_label.setAccessibleName(self.tr("文书语言"))  # read without its "(Y)"
        nation_language.addWidget(language_label)
        nation_language.addWidget(self.document_language)
        form.addRow(self.tr("民族/国籍"), nation_language)
        form.addRow(self.tr("住址"), self.address)
        form.addRow(self.tr("联系电话"), self.phone)
        # One row: the smallest screen has no height to spare for the address on its own.
        delivery_row = QHBoxLayout()
        delivery_row.addWidget(self.delivery_method)
        delivery_row.addWidget(self.delivery_address, 1)
        form.addRow(self.tr("结果领取"), delivery_row)
        # What a screen reader announces, in the visible labels' words: a label added with
        # its row's layout names no field, and a combo box is otherwise named by its value.
        for field, label in (
            (self.applicant_type, self.tr("申请人类型")),
            (self.agent_switch, self.tr("代办（他人到场办理）")),
            (self.kind, self.tr("证件类型")),
            (self.name, self.tr("姓名")),
            (self.english_name, english_label.text()),
            (self.sex, self.tr("性别")),
            (self.birth, birth_label.text()),
            (self.nation, self.tr("民族/国籍")),
            (self.document_language, language_label.accessibleName()),
            (self.delivery_method, self.tr("结果领取")),
            (self.delivery_address, self.tr("邮寄地址")),
        ):
            field.setAccessibleName(label)
        # On Linux a combo box is announced by the label it is the buddy of (its name there
        # is its value): each row's label goes with the row's first field.
        for row_fields, first in (
            (type_row, self.applicant_type),
            (kind_row, self.kind),
            (names, self.name),
            (sex_birth, self.sex),
            (nation_language, self.nation),
            (delivery_row, self.delivery_method),
        ):
            row_label = form.labelForField(row_fields)
            if isinstance(row_label, QLabel):
                row_label.setBuddy(first)
        self.origin = state_label("identityOrigin")
        # One row for the validity and the origin: the 代办人 block needs the height.
        validity_origin = QHBoxLayout()
        validity_origin.addWidget(self.valid_to)
        validity_origin.addSpacing(24)
        origin_label = QLabel(self.tr("来源"))
        origin_label.setBuddy(self.origin)
        validity_origin.addWidget(origin_label)
        validity_origin.addWidget(self.origin, 1)
        form.addRow(self.tr("有效期至"), validity_origin)
        self.expiry_warning = state_label("expiryWarning")
        form.addRow("", self.expiry_warning)
        self.print_warning = state_label("printWarning")
        self.print_warning.hide()
        form.addRow("", self.print_warning)
        self.chip_auth = state_label("chipAuth")
        form.addRow("", self.chip_auth)
        outer.addLayout(form, 1)
        side = QVBoxLayout()
        self.photo = QLabel(self.tr("照片"))
        self.photo.setObjectName("photo")
        self.photo.setFixedSize(102, 126)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setWordWrap(True)
        side.addWidget(self.photo)
        # A person's facts, hidden while the applicant is an organisation (agent_switch):
        # the 性别/出生日期 row, and the 民族/国籍, English name and photo beside the fields
        # an organisation has too (its name, its documents' language).
        self._person_row = sex_birth
        self._person_fields = (
            english_label,
            self.english_name,
            form.labelForField(nation_language),
            self.nation,
            self.photo,
        )
        self.card_state = data_label(self.tr("请将证件放在读卡器上"))
        self.card_state.setObjectName("cardState")
        self.card_state.setWordWrap(True)
        self.card_state.setMaximumWidth(140)
        side.addWidget(self.card_state)
        side.addStretch(1)
        outer.addLayout(side)
        # The applicant's text fields: each edit marks the form typed, "clear" empties them all.
        self._text_fields = (
            self.name,
            self.english_name,
            self.id_number,
            self.birth,
            self.nation,
            self.address,
            self.phone,
        )
        # Fields a card or chip fills: typing over one makes the identity typed by hand.
        self._document_fields = self._text_fields[:-1]
        for edit in self._document_fields:
            edit.textEdited.connect(self._edited)
        self.sex.activated.connect(self._edited)  # the clerk's choice only, as typing
        self.phone.textEdited.connect(self.changed)
        self.delivery_address.textEdited.connect(self.changed)
        self.delivery_method.activated.connect(self.changed)  # the clerk's choice only
        self.delivery_method.currentIndexChanged.connect(self._enable_address)
        self._enable_address()
        self.id_number.textEdited.connect(self._validate_number)
        self.name.editingFinished.connect(self._validate_name)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.applicant_type.currentIndexChanged.connect(self._type_chosen)
        self.agent_switch.toggled.connect(self._switch_toggled)
        self.agent.changed.connect(self.changed)
        self.document_language.currentIndexChanged.connect(self.changed)
        self.mrz_button.clicked.connect(self.mrz_requested)
        # The default last set: a language other than it is the clerk's choice (kept when
        # the nationality is typed), as ``identity_reading.entered_by_clerk`` counts it.
        self._defaulted_language = ""
        self.nation.textEdited.connect(self._nationality_edited)
        # The printed texts as last sent to the printability check; typing, a read and a
        # draft all change them, checked once they rest.
        self._print_checked = self._print_texts()
        self._print_check = QTimer(self)
        self._print_check.setSingleShot(True)
        self._print_check.setInterval(PRINT_CHECK_MS)
        self._print_check.timeout.connect(self._request_print_check)
        for printed in (
            self.name.textChanged,
            self.english_name.textChanged,
            self.id_number.textChanged,
            self.address.textChanged,
            self.delivery_address.textChanged,
            self.delivery_method.currentIndexChanged,
            self.applicant_type.currentIndexChanged,
            self.agent_switch.toggled,
            self.agent.name.textChanged,
            self.agent.id_number.textChanged,
            self.agent.relation.editTextChanged,
        ):
            printed.connect(self._printed_text_changed)
        self._kind_changed()
        self._show_origin()

    # -- what the panel does, each part in its module ------------------------------------
    # Bound here as methods, so the slots connected above stay the panel's own (Qt
    # disconnects them when it goes).
    _validate_number = identity_validation.validate_number
    _validate_name = identity_validation.validate_typed_name
    _hint = identity_validation.hint
    problems = identity_validation.problems
    _edited = identity_reading.typed_over
    fill_from_document = identity_reading.fill_from_document
    fill_from_mrz = identity_reading.fill_from_mrz
    _fill = identity_reading.fill
    _mark_chip_fields = identity_reading.mark_chip_fields
    _show_origin = identity_provenance.show_origin
    expired_on = identity_provenance.expired_on
    show_expiry = identity_provenance.show_expiry
    identity_source = identity_provenance.identity_source
    _set_valid_to = identity_provenance.set_valid_to
    _type_chosen = agent_switch.type_chosen
    _switch_toggled = agent_switch.switch_toggled
    chosen_type = agent_switch.applicant_type
    agent_on = agent_switch.agent_on
    agent_input = agent_switch.agent_input
    agent_identity_source = agent_switch.agent_identity_source
    card_read_at = agent_switch.card_read_at
    present_role = agent_switch.present_role
    document_expired_on = agent_switch.document_expired_on
    confirmation_facts = agent_switch.confirmation_facts
    to_draft = identity_drafts.to_draft
    from_draft = identity_drafts.from_draft

    # -- state -------------------------------------------------------------------------
    def current_kind(self) -> DocKind:
        return DocKind(self.kind.currentData())

    def id_type(self) -> IdType:
        return id_type_of(self.current_kind())

    def nationality(self) -> str:
        """The holder's nationality, for the documents whose card carries one ("" else)."""
        return self.nation.text().strip() if self.current_kind() in _NATIONALITY_KINDS else ""

    def language(self) -> str:
        """The applicant's document language: "zh" or "zh-en"."""
        return str(self.document_language.currentData())

    def _default_language(self) -> None:
        """The language the document type calls for (bilingual for a foreign applicant)."""
        default = default_document_language(self.current_kind(), self.nationality())
        self._defaulted_language = default.value
        self.document_language.setCurrentIndex(self.document_language.findData(default.value))

    def _nationality_edited(self) -> None:
        """A typed nationality decides the default as a read one does (a Chinese passport:
        Chinese documents), unless the clerk chose the language by hand."""
        if self.language() == self._defaulted_language:
            self._default_language()

    # -- printability ----------------------------------------------------------------
    def _printed_fields(self) -> list[tuple[str, str]]:
        """The identity texts the papers print, each with its field's name: the applicant's
        (a postal address while post is chosen) and, with 代办 on, the agent's."""
        fields = [
            (self.tr("姓名"), self.name.text()),
            (self.tr("英文姓名"), self.english_name.text()),
            (self.tr("证件号码"), self.id_number.text()),
            (self.tr("住址"), self.address.text()),
        ]
        if self.delivery_method.currentData() == DeliveryMethod.POST.value:
            fields.append((self.tr("邮寄地址"), self.delivery_address.text()))
        if self.agent_on():
            fields.extend(self.agent.printed_fields())
        return fields

    def _print_texts(self) -> list[str]:
        return [text for _, text in self._printed_fields()]

    def _printed_text_changed(self) -> None:
        # Not QTimer.start itself: a signal's index or flag would become its interval.
        self._print_check.start()

    def _request_print_check(self) -> None:
        texts = self._print_texts()
        if texts == self._print_checked:
            return
        self._print_checked = texts
        if any(text.strip() for text in texts):
            self.print_check_requested.emit(texts)
        else:
            self.print_warning.hide()

    def show_unprintable(self, texts: list[str], characters: list[str]) -> None:
        """Warn of ``characters`` (none: the warning goes) found in ``texts``, naming the
        fields that hold them; the answer for texts changed since is dropped, as their own
        check follows."""
        sep, named = (
            (", ", "{} (U+{:04X})") if current_lang() == "en" else ("、", "“{}”（U+{:04X}）")
        )
        listed = sep.join(named.format(c, ord(c)) for c in characters)
        fields = sep.join(
            field for field, text in self._printed_fields() if any(c in text for c in characters)
        )
        self.show_print_trouble(
            texts,
            self.tr(
                "{fields}中的 {characters} 打印字体里没有，出具文书时会被拒绝：请核对更正；若确是该字，请联系信息技术人员配置含此字的字体。"
            ).format(fields=fields, characters=listed)
            if characters
            else "",
        )

    def show_print_trouble(self, texts: list[str], text: str) -> None:
        """Show ``text`` (why ``texts`` could not be checked, say) where the printability
        warning goes; "" hides it."""
        if texts != self._print_texts():
            return
        self.print_warning.setText(text)
        self.print_warning.setVisible(bool(text))
        set_state(self.print_warning, "bad" if text else "")

    def _kind_changed(self) -> None:
        passport = self.current_kind() == DocKind.PASSPORT
        self.mrz_button.setVisible(passport)
        self._default_language()
        self._validate_number()
        self.changed.emit()

    def show_person_facts(self, shown: bool) -> None:
        """Show or hide what only a person has; hiding keeps what the fields hold."""
        self.form.setRowVisible(self._person_row, shown)
        for widget in self._person_fields:
            widget.setVisible(shown)

    def set_card_state(self, text: str) -> None:
        self.card_state.setText(text)

    def delivery_choice(self) -> DeliveryChoice:
        """The applicant's choice of how to receive the result (the intake service checks
        that a postal delivery has an address)."""
        method = DeliveryMethod(self.delivery_method.currentData())
        return DeliveryChoice(method, self.delivery_address.text() or None)

    def _enable_address(self) -> None:
        self.delivery_address.setEnabled(
            self.delivery_method.currentData() == DeliveryMethod.POST.value
        )

    def clear(self) -> None:
        self.agent_chosen = False
        self.applicant_type.setCurrentIndex(0)
        self.agent_switch.setChecked(False)
        self.agent.clear()
        for edit in self._text_fields:
            edit.clear()
        self.sex.setText("")
        self.delivery_method.setCurrentIndex(0)
        self.delivery_address.clear()
        self._set_valid_to("")
        self.photo.setPixmap(QPixmap())
        self.photo.setText(self.tr("照片"))
        self.kind.setCurrentIndex(0)
        self._default_language()
        self.source = "manual"
        self.read_source = None
        self.read_at = None
        self.last_read_at = None
        self._mark_chip_fields(False)
        self._show_origin()
        self._hint("", ok=None)
