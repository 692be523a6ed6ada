"""The applicant's identity filled from what a reader returned (a card, or a passport's chip
with the fields it filled marked) or from a passport's MRZ, with the card's photo; typing over
a field a reader filled makes the identity typed by hand again."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication

from counter_app.domain.document_language import default_document_language
from counter_app.domain.id_types import DocKind
from counter_app.identity.provenance import IdentitySource
from counter_app.store.timestamps import utc_now

if TYPE_CHECKING:
    from counter_app.identity.document import IdentityDocument
    from ui.intake.identity_panel import IdentityPanel

# The panel's strings keep its Linguist context, where their translations are.
translate = QCoreApplication.translate


def sex_words() -> dict[str, str]:
    """A document's sex as the readers give it (the card's and the MRZ's, both "男"/"女")
    in the clerk's language."""
    return {
        "男": translate("IdentityPanel", "男"),
        "女": translate("IdentityPanel", "女"),
    }


def sex_shown(value: str) -> str:
    """``value`` (a document's "男"/"女") as the sex field shows it."""
    return sex_words().get(value, value)


def sex_read(shown: str) -> str:
    """The sex field's text back as a document gives it (a draft keeps that, whatever the
    language it is restored in)."""
    return {words: value for value, words in sex_words().items()}.get(shown, shown)


def typed_over(panel: IdentityPanel) -> None:
    if panel.source != "manual":
        panel.source = "manual"
        panel.read_source = None
        panel._mark_chip_fields(False)
        panel._show_origin()
    panel.changed.emit()


def fill_from_document(panel: IdentityPanel, doc: IdentityDocument, reader: str = "") -> None:
    """Fill from a document a reader returned (``reader``: its name)."""
    panel._fill(doc)
    panel.read_source = IdentitySource.of_document(doc, reader)
    panel.last_read_at = utc_now()
    panel.read_at = panel.read_at or panel.last_read_at
    panel.source = "chip" if doc.from_chip else f"card:{doc.doc_kind.value}"
    panel._mark_chip_fields(doc.from_chip)
    panel._show_origin()
    panel.changed.emit()


def fill_from_mrz(panel: IdentityPanel, doc: IdentityDocument) -> None:
    """Fill from a typed or scanned passport MRZ (the chip not read, or not yet)."""
    panel._fill(doc)
    panel.read_source = None
    panel.read_at = panel.read_at or utc_now()
    panel.source = "mrz"
    panel._mark_chip_fields(False)
    panel._show_origin()
    panel.changed.emit()


def document_number(doc: Any) -> str:
    """The number a document is filled in as: its ID number, else its pass number."""
    return str(getattr(doc, "id_number", "") or getattr(doc, "pass_number", "") or "")


def entered_by_clerk(panel: IdentityPanel) -> bool:
    """Whether the panel holds anything the clerk entered rather than a reader filled: the
    phone, the delivery, a document language of their choice, an identity typed by hand,
    and with 代办 on the agent's phone or relation."""
    default = default_document_language(panel.current_kind(), panel.nationality())
    agent = panel.agent
    return bool(
        (panel.agent_on() and (agent.phone.text() or agent.relation_word()))
        or panel.phone.text()
        or panel.delivery_address.text()
        or panel.delivery_method.currentIndex() != 0
        or panel.language() != default.value
        or (panel.source in ("manual", "mrz") and panel.id_number.text())
    )


def fill(panel: IdentityPanel, doc: Any) -> None:
    # The same applicant's document again keeps the document language the clerk chose.
    same_applicant = document_number(doc) == panel.id_number.text()
    kind = str(getattr(doc, "doc_kind", "") or DocKind.RESIDENT_ID.value)
    index = panel.kind.findData(kind)
    panel.kind.blockSignals(True)
    if index >= 0:
        panel.kind.setCurrentIndex(index)
    panel.kind.blockSignals(False)
    panel.name.setText(str(getattr(doc, "name", "") or ""))
    panel.english_name.setText(str(getattr(doc, "english_name", "") or ""))
    panel.id_number.setText(document_number(doc))
    panel.sex.setText(sex_shown(str(getattr(doc, "sex", "") or "")))
    birth = getattr(doc, "birth_date", None)
    panel.birth.setText(birth.isoformat() if isinstance(birth, date) else str(birth or ""))
    nation = getattr(doc, "nation", None) or getattr(doc, "nationality", None) or ""
    panel.nation.setText(str(nation))
    panel.address.setText(str(getattr(doc, "address", "") or ""))
    if not same_applicant:
        panel._default_language()
    valid_to = getattr(doc, "valid_to", None)
    panel._set_valid_to(valid_to.isoformat() if isinstance(valid_to, date) else str(valid_to or ""))
    panel.mrz_button.setVisible(panel.current_kind() == DocKind.PASSPORT)
    pixmap = QPixmap()
    if getattr(doc, "photo_decodable", False) and pixmap.loadFromData(doc.photo):
        panel.photo.setPixmap(pixmap.scaled(panel.photo.size(), Qt.AspectRatioMode.KeepAspectRatio))
    else:
        panel.photo.setPixmap(QPixmap())
        if getattr(doc, "photo_format", "") == "jp2":
            panel.photo.setText(translate("IdentityPanel", "照片为 JPEG 2000 格式，本机无法显示"))
        elif getattr(doc, "photo", b""):
            panel.photo.setText(translate("IdentityPanel", "照片无法在本机解码"))
        else:
            panel.photo.setText(translate("IdentityPanel", "无照片"))
    panel._validate_number()
    # A read ends while the clerk may have moved on (the item search, a dialog): the phone
    # takes the focus only from this panel, or from nowhere in particular.
    focus = QApplication.focusWidget()
    if focus is None or focus is panel.window() or panel.isAncestorOf(focus):
        panel.phone.setFocus()


def mark_chip_fields(panel: IdentityPanel, on: bool) -> None:
    """Tint the fields the chip filled and say so in their tooltips."""
    tip = translate("IdentityPanel", "来自芯片") if on else ""
    for widget in (panel.name, panel.id_number, panel.sex, panel.birth, panel.nation):
        widget.setProperty("fromChip", on)
        widget.setToolTip(tip)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
