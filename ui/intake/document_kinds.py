"""The identity documents a clerk may choose by hand for a person (the applicant, or the
代办人/经办人 present for them), each with the platform ID-type code it travels as."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QComboBox

from counter_app.domain.id_types import DocKind, IdType

# The labels keep the identity panel's Linguist context, where their translations are.
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


def add_manual_kinds(combo: QComboBox) -> None:
    """Fill ``combo`` with the person's documents, each item's data its kind's value."""
    for kind, _id_type, label in MANUAL_KINDS:
        combo.addItem(QCoreApplication.translate("IdentityPanel", str(label)), kind.value)


def id_type_of(kind: DocKind) -> IdType:
    """The platform ID-type code ``kind`` travels as (990 其他 for one not listed)."""
    for listed, id_type, _label in MANUAL_KINDS:
        if listed == kind:
            return id_type
    return IdType.OTHER
