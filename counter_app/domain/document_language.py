"""The language of the documents a case hands the applicant: the applicant's choice, made at
intake and kept with the case, never the clerk's interface language. Chinese by default;
bilingual Chinese/English for foreign applicants (the card decides the default, the clerk
may change it)."""

from __future__ import annotations

from enum import StrEnum

from counter_app.domain.id_types import DocKind
from counter_app.errors import ValidationError


class DocumentLanguage(StrEnum):
    CHINESE = "zh"
    BILINGUAL = "zh-en"  # every text in Chinese, then in English


LANGUAGE_NAMES = {
    DocumentLanguage.CHINESE: ("中文", "Chinese"),
    DocumentLanguage.BILINGUAL: ("中英双语", "Chinese and English"),
}

_FOREIGN_CARDS = (DocKind.FOREIGN_PERMANENT_2017, DocKind.FOREIGN_PERMANENT_2023)


def default_document_language(doc_kind: DocKind | str, nationality: str = "") -> DocumentLanguage:
    """Bilingual for a foreigner's permanent residence card and a passport that is not
    Chinese (at a counter, a passport is almost always a foreigner's: citizens show their
    ID card); Chinese for everything else."""
    kind = doc_kind if isinstance(doc_kind, DocKind) else DocKind(doc_kind)
    if kind in _FOREIGN_CARDS:
        return DocumentLanguage.BILINGUAL
    if kind is DocKind.PASSPORT and nationality.strip().upper() != "CHN":
        return DocumentLanguage.BILINGUAL
    return DocumentLanguage.CHINESE


def parse_document_language(raw: str) -> DocumentLanguage:
    try:
        return DocumentLanguage(raw.strip())
    except ValueError:
        choices = ", ".join(DocumentLanguage)
        raise ValidationError(
            f"文书语言“{raw}”无效，应为 {choices} 之一。",
            f"Unknown document language '{raw}'; expected one of {choices}.",
            field="document_language",
        ) from None
