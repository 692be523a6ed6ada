"""Applicant identity: filled by a card on the reader, a passport chip (its fields marked,
passive authentication shown), a passport MRZ, or typed with inline validation; an
expired document is flagged with its expiry date. The English name on a foreigner's card
is shown, and the applicant's document language is chosen here (the card sets the
default; the clerk may change it, Alt+Y)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
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
from counter_app.domain.hall_time import hall_today
from counter_app.domain.id_types import DocKind, IdType, validate_identity
from counter_app.domain.names import validate_name
from counter_app.errors import CounterError
from counter_app.identity.document import IdentityDocument
from counter_app.identity.provenance import IdentitySource, SourceKind
from counter_app.store.timestamps import utc_now
from ui.case_history_text import validity_text
from ui.i18n import current_lang, error_text
from ui.labels import document_language_labels

# Document kinds a clerk may choose by hand, with the platform ID-type code each travels as.
MANUAL_KINDS: tuple[tuple[DocKind, IdType, object], ...] = (
    (DocKind.RESIDENT_ID, IdType.RESIDENT_ID, QT_TRANSLATE_NOOP("IdentityPanel", "居民身份证")),
    (
        DocKind.HOUSEHOLD_REGISTER,
        IdType.HOUSEHOLD_REGISTER,
        QT_TRANSLATE_NOOP("IdentityPanel", "居民户口簿"),
    ),
    (DocKind.PASSPORT, IdType.PASSPORT, QT_TRANSLATE_NOOP("IdentityPanel", "护照")),
    (
        DocKind.HK_MACAO_PERMIT,
        IdType.HK_MACAO_PERMIT,
        QT_TRANSLATE_NOOP("IdentityPanel", "港澳居民来往内地通行证"),
    ),
    (
        DocKind.HKMOTW_RESIDENCE_PERMIT,
        IdType.OTHER,
        QT_TRANSLATE_NOOP("IdentityPanel", "港澳台居民居住证"),
    ),
    (
        DocKind.FOREIGN_PERMANENT_2023,
        IdType.OTHER,
        QT_TRANSLATE_NOOP("IdentityPanel", "外国人永久居留身份证（2023版）"),
    ),
    (
        DocKind.FOREIGN_PERMANENT_2017,
        IdType.OTHER,
        QT_TRANSLATE_NOOP("IdentityPanel", "外国人永久居留身份证（2017版）"),
    ),
)
# Documents whose "民族/国籍" field holds the holder's nationality.
_NATIONALITY_KINDS = (
    DocKind.PASSPORT,
    DocKind.FOREIGN_PERMANENT_2017,
    DocKind.FOREIGN_PERMANENT_2023,
)


class IdentityPanel(QGroupBox):
    """Emits ``changed`` on every edit (drafts autosave on it) and ``mrz_requested`` for passports."""

    changed = Signal()
    mrz_requested = Signal()

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
        outer = QHBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.kind = QComboBox()
        self.kind.setObjectName("docKind")
        for kind, _id_type, label in MANUAL_KINDS:
            self.kind.addItem(self.tr(str(label)), kind.value)
        self.name = QLineEdit()
        self.name.setObjectName("applicantName")
        self.name.setMaxLength(100)
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
        self.id_hint = QLabel()
        self.id_hint.setObjectName("fieldHint")
        self.id_hint.setWordWrap(True)
        self.sex = QLineEdit()
        self.sex.setMaxLength(4)
        self.birth = QLineEdit()
        self.birth.setPlaceholderText("YYYY-MM-DD")
        self.birth.setMaxLength(10)
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
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.kind, 1)
        self.mrz_button = QPushButton(self.tr("录入机读码 (Ctrl+M)"))
        self.mrz_button.setObjectName("mrzButton")
        kind_row.addWidget(self.mrz_button)
        form.addRow(self.tr("证件类型"), kind_row)
        # The English name and the document language share rows: the panel keeps its
        # height on a 1366×768 screen.
        names = QHBoxLayout()
        names.addWidget(self.name, 1)
        names.addWidget(QLabel(self.tr("英文姓名")))
        names.addWidget(self.english_name, 1)
        form.addRow(self.tr("姓名"), names)
        form.addRow(self.tr("证件号码"), self.id_number)
        form.addRow("", self.id_hint)
        sex_birth = QHBoxLayout()
        sex_birth.addWidget(self.sex, 1)
        sex_birth.addWidget(QLabel(self.tr("出生日期")))
        sex_birth.addWidget(self.birth, 2)
        form.addRow(self.tr("性别"), sex_birth)
        nation_language = QHBoxLayout()
        nation_language.addWidget(self.nation, 1)
        language_label = QLabel(self.tr("文书语言(&Y)"))
        language_label.setBuddy(self.document_language)
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
        form.addRow(self.tr("有效期至"), self.valid_to)
        self.expiry_warning = _state_label("expiryWarning")
        form.addRow("", self.expiry_warning)
        self.origin = _state_label("identityOrigin")
        form.addRow(self.tr("来源"), self.origin)
        self.chip_auth = _state_label("chipAuth")
        form.addRow("", self.chip_auth)
        outer.addLayout(form, 1)
        side = QVBoxLayout()
        self.photo = QLabel(self.tr("照片"))
        self.photo.setObjectName("photo")
        self.photo.setFixedSize(102, 126)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setWordWrap(True)
        side.addWidget(self.photo)
        self.card_state = QLabel(self.tr("请将证件放在读卡器上"))
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
            self.sex,
            self.birth,
            self.nation,
            self.address,
            self.phone,
        )
        # Fields a card or chip fills: typing over one makes the identity typed by hand.
        self._document_fields = self._text_fields[:-1]
        for edit in self._document_fields:
            edit.textEdited.connect(self._edited)
        self.phone.textEdited.connect(self.changed)
        self.delivery_address.textEdited.connect(self.changed)
        self.delivery_method.activated.connect(self.changed)  # the clerk's choice only
        self.delivery_method.currentIndexChanged.connect(self._enable_address)
        self._enable_address()
        self.id_number.textEdited.connect(self._validate_number)
        self.name.editingFinished.connect(self._validate_name)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.document_language.currentIndexChanged.connect(self.changed)
        self.mrz_button.clicked.connect(self.mrz_requested)
        self._kind_changed()
        self._show_origin()

    # -- state -------------------------------------------------------------------------
    def current_kind(self) -> DocKind:
        return DocKind(self.kind.currentData())

    def id_type(self) -> IdType:
        for kind, id_type, _label in MANUAL_KINDS:
            if kind == self.current_kind():
                return id_type
        return IdType.OTHER

    def _edited(self) -> None:
        if self.source != "manual":
            self.source = "manual"
            self.read_source = None
            self._mark_chip_fields(False)
            self._show_origin()
        self.changed.emit()

    def nationality(self) -> str:
        """The holder's nationality, for the documents whose card carries one ("" else)."""
        return self.nation.text().strip() if self.current_kind() in _NATIONALITY_KINDS else ""

    def language(self) -> str:
        """The applicant's document language: "zh" or "zh-en"."""
        return str(self.document_language.currentData())

    def _default_language(self) -> None:
        """The language the document type calls for (bilingual for a foreign applicant)."""
        default = default_document_language(self.current_kind(), self.nationality())
        self.document_language.setCurrentIndex(self.document_language.findData(default.value))

    def _kind_changed(self) -> None:
        passport = self.current_kind() == DocKind.PASSPORT
        self.mrz_button.setVisible(passport)
        self._default_language()
        self._validate_number()
        self.changed.emit()

    def _validate_number(self) -> bool:
        text = self.id_number.text()
        if not text.strip():
            self._hint("", ok=None)
            return False
        try:
            result = validate_identity(self.id_type(), text, self.current_kind())
        except CounterError as exc:
            self._hint(error_text(exc), ok=False)
            return False
        if result.birth_date is not None:
            if not self.birth.text():
                self.birth.setText(result.birth_date.isoformat())
            elif self.birth.text() != result.birth_date.isoformat():
                self._hint(self.tr("出生日期与证件号码不一致，请核对。"), ok=False)
                return False
        self._hint(self.tr("号码校验通过"), ok=True)
        return True

    def _validate_name(self) -> None:
        if not self.name.text():
            return
        try:
            validate_name(self.name.text())
        except CounterError as exc:
            self._hint(error_text(exc), ok=False)

    def _hint(self, text: str, ok: bool | None) -> None:
        self.id_hint.setText(text)
        _set_state(self.id_hint, {None: "", True: "ok", False: "bad"}[ok])

    def problems(self) -> list[str]:
        """What must be fixed before a decision; empty when the applicant is complete."""
        found = []
        if not self.name.text().strip():
            found.append(self.tr("请填写申请人姓名"))
        else:
            try:
                validate_name(self.name.text())
            except CounterError as exc:
                found.append(error_text(exc))
        if not self.id_number.text().strip():
            found.append(self.tr("请读卡或填写证件号码"))
        elif not self._validate_number():
            found.append(self.id_hint.text())
        return found

    # -- filling -----------------------------------------------------------------------
    def fill_from_document(self, doc: IdentityDocument, reader: str = "") -> None:
        """Fill from a document a reader returned (``reader``: its name)."""
        self._fill(doc)
        self.read_source = IdentitySource.of_document(doc, reader)
        self.read_at = self.read_at or utc_now()
        self.source = "chip" if doc.from_chip else f"card:{doc.doc_kind.value}"
        self._mark_chip_fields(doc.from_chip)
        self._show_origin()
        self.changed.emit()

    def fill_from_mrz(self, doc: IdentityDocument) -> None:
        """Fill from a typed or scanned passport MRZ (the chip not read, or not yet)."""
        self._fill(doc)
        self.read_source = None
        self.read_at = self.read_at or utc_now()
        self.source = "mrz"
        self._mark_chip_fields(False)
        self._show_origin()
        self.changed.emit()

    def _fill(self, doc: Any) -> None:
        kind = str(getattr(doc, "doc_kind", "") or DocKind.RESIDENT_ID.value)
        index = self.kind.findData(kind)
        self.kind.blockSignals(True)
        if index >= 0:
            self.kind.setCurrentIndex(index)
        self.kind.blockSignals(False)
        self.name.setText(str(getattr(doc, "name", "") or ""))
        self.english_name.setText(str(getattr(doc, "english_name", "") or ""))
        self.id_number.setText(
            str(getattr(doc, "id_number", "") or getattr(doc, "pass_number", "") or "")
        )
        self.sex.setText(str(getattr(doc, "sex", "") or ""))
        birth = getattr(doc, "birth_date", None)
        self.birth.setText(birth.isoformat() if isinstance(birth, date) else str(birth or ""))
        nation = getattr(doc, "nation", None) or getattr(doc, "nationality", None) or ""
        self.nation.setText(str(nation))
        self.address.setText(str(getattr(doc, "address", "") or ""))
        self._default_language()
        valid_to = getattr(doc, "valid_to", None)
        self._set_valid_to(
            valid_to.isoformat() if isinstance(valid_to, date) else str(valid_to or "")
        )
        self.mrz_button.setVisible(self.current_kind() == DocKind.PASSPORT)
        pixmap = QPixmap()
        if getattr(doc, "photo_decodable", False) and pixmap.loadFromData(doc.photo):
            self.photo.setPixmap(
                pixmap.scaled(self.photo.size(), Qt.AspectRatioMode.KeepAspectRatio)
            )
        else:
            self.photo.setPixmap(QPixmap())
            if getattr(doc, "photo_format", "") == "jp2":
                self.photo.setText(self.tr("照片为 JPEG 2000 格式，本机无法显示"))
            elif getattr(doc, "photo", b""):
                self.photo.setText(self.tr("照片无法在本机解码"))
            else:
                self.photo.setText(self.tr("无照片"))
        self._validate_number()
        self.phone.setFocus()

    def _mark_chip_fields(self, on: bool) -> None:
        """Tint the fields the chip filled and say so in their tooltips."""
        tip = self.tr("来自芯片") if on else ""
        for widget in (self.name, self.id_number, self.sex, self.birth, self.nation):
            widget.setProperty("fromChip", on)
            widget.setToolTip(tip)
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def _show_origin(self) -> None:
        source = self.identity_source()
        texts = {
            SourceKind.CARD: self.tr("读卡器读取"),
            SourceKind.CHIP: self.tr(
                "来自芯片：姓名、证件号码、性别、出生日期、国籍、有效期、照片（BAC 读取）"
            ),
            SourceKind.MRZ: self.tr("护照机读码录入（未读芯片）"),
            SourceKind.MANUAL: self.tr("手工录入"),
            SourceKind.IMPORT: self.tr("批量导入"),
        }
        self.origin.setText(texts[source.kind])
        _set_state(self.origin, "ok" if source.kind == SourceKind.CHIP else "")
        auth = source.chip_auth
        self.chip_auth.setText(auth.message(current_lang()) if auth else "")
        self.chip_auth.setVisible(auth is not None)
        _set_state(self.chip_auth, "" if auth is None else "ok" if auth.ok else "bad")
        self.show_expiry(hall_today())

    def expired_on(self, today: date) -> date | None:
        """The document's expiry date when it is before ``today`` (else None)."""
        expiry = self.identity_source().expiry()
        return expiry if expiry is not None and expiry < today else None

    def show_expiry(self, today: date) -> None:
        expired = self.expired_on(today)
        self.expiry_warning.setVisible(expired is not None)
        if expired is not None:
            self.expiry_warning.setText(
                self.tr("证件已过期（有效期至 {date}）：受理须说明理由。").format(
                    date=expired.isoformat()
                )
            )
        _set_state(self.expiry_warning, "bad" if expired is not None else "")

    def identity_source(self) -> IdentitySource:
        """Where the identity on the form came from, as the case will record it."""
        if self.read_source is not None:
            return self.read_source
        return IdentitySource(
            SourceKind.MRZ if self.source == "mrz" else SourceKind.MANUAL,
            doc_type=self.current_kind().value if self.source == "mrz" else "",
            valid_to=self.valid_to_value,
        )

    def _set_valid_to(self, value: str) -> None:
        """``value`` as read (ISO date, "长期" or ""); the label says it in the clerk's words."""
        self.valid_to_value = value
        self.valid_to.setText(validity_text(value) if value else "—")

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
        for edit in self._text_fields:
            edit.clear()
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
        self._mark_chip_fields(False)
        self._show_origin()
        self._hint("", ok=None)

    def to_draft(self) -> dict[str, Any]:
        return {
            "doc_kind": self.current_kind().value,
            "name": self.name.text(),
            "english_name": self.english_name.text(),
            "document_language": self.language(),
            "id_number": self.id_number.text(),
            "sex": self.sex.text(),
            "birth": self.birth.text(),
            "nation": self.nation.text(),
            "address": self.address.text(),
            "phone": self.phone.text(),
            "delivery_method": self.delivery_method.currentData(),
            "delivery_address": self.delivery_address.text(),
            "valid_to": self.valid_to_value,
            "source": self.source,
            "read_source": self.read_source.to_json() if self.read_source else None,
        }

    def from_draft(self, data: dict[str, Any]) -> None:
        index = self.kind.findData(data.get("doc_kind", DocKind.RESIDENT_ID.value))
        self.kind.setCurrentIndex(max(index, 0))
        self.name.setText(data.get("name", ""))
        self.id_number.setText(data.get("id_number", ""))
        self.sex.setText(data.get("sex", ""))
        self.birth.setText(data.get("birth", ""))
        self.nation.setText(data.get("nation", ""))
        self.address.setText(data.get("address", ""))
        self.phone.setText(data.get("phone", ""))
        method = self.delivery_method.findData(data.get("delivery_method"))
        self.delivery_method.setCurrentIndex(max(method, 0))
        self.delivery_address.setText(data.get("delivery_address", ""))
        self.english_name.setText(data.get("english_name", ""))
        self._default_language()
        chosen = self.document_language.findData(data.get("document_language"))
        if chosen >= 0:  # a draft from before the choice existed keeps the default
            self.document_language.setCurrentIndex(chosen)
        # Drafts saved before the raw value was kept hold the label's "—" for unknown.
        valid_to = data.get("valid_to", "")
        self._set_valid_to("" if valid_to == "—" else valid_to)
        self.source = data.get("source", "manual")
        read = data.get("read_source")
        self.read_source = IdentitySource.from_json(read) if read else None
        self._mark_chip_fields(self.source == "chip")
        self._show_origin()
        self._validate_number()


def _state_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


def _set_state(label: QLabel, state: str) -> None:
    """Set the ``state`` property the style sheet colours by, and re-apply the style."""
    label.setProperty("state", state)
    label.style().unpolish(label)
    label.style().polish(label)
