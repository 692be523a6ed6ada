"""The language of the applicant's documents follows the card: Chinese by default,
bilingual Chinese/English for foreign applicants."""

from __future__ import annotations

import pytest

from counter_app.domain.document_language import (
    DocumentLanguage,
    default_document_language,
    parse_document_language,
)
from counter_app.domain.id_types import DocKind
from counter_app.errors import ValidationError


@pytest.mark.parametrize(
    ("kind", "nationality", "expected"),
    [
        (DocKind.RESIDENT_ID, "", DocumentLanguage.CHINESE),
        (DocKind.HOUSEHOLD_REGISTER, "", DocumentLanguage.CHINESE),
        (DocKind.HK_MACAO_PERMIT, "", DocumentLanguage.CHINESE),
        (DocKind.HKMOTW_RESIDENCE_PERMIT, "", DocumentLanguage.CHINESE),
        (DocKind.FOREIGN_PERMANENT_2017, "USA", DocumentLanguage.BILINGUAL),
        (DocKind.FOREIGN_PERMANENT_2023, "ITA", DocumentLanguage.BILINGUAL),
        (DocKind.PASSPORT, "GBR", DocumentLanguage.BILINGUAL),
        (DocKind.PASSPORT, "", DocumentLanguage.BILINGUAL),
        (DocKind.PASSPORT, "CHN", DocumentLanguage.CHINESE),
    ],
)
def test_default_follows_the_card(kind, nationality, expected) -> None:
    assert default_document_language(kind, nationality) is expected


def test_an_unknown_language_is_refused_with_the_choices() -> None:
    assert parse_document_language("zh-en") is DocumentLanguage.BILINGUAL
    with pytest.raises(ValidationError) as caught:
        parse_document_language("fr")
    assert caught.value.field == "document_language"
    assert "zh-en" in caught.value.zh and "zh-en" in caught.value.en
