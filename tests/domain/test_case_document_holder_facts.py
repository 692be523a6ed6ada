"""The applicant's nationality and birth date in the case document: kept as written (so the
content hash the counter computed holds), and a birth date that is no ISO day refused with
its field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from counter_app.domain.case_document import CaseDocument, canonical_json, content_hash

GOLDEN = Path(__file__).with_name("data") / "case_documents_golden.json"


def _with_holder_facts(**facts: Any) -> dict[str, Any]:
    texts: dict[str, str] = json.loads(GOLDEN.read_text(encoding="utf-8"))
    stored: dict[str, Any] = json.loads(texts[sorted(texts)[0]])
    return {**stored, "applicant": {**stored["applicant"], **facts}}


def test_a_document_with_nationality_and_birth_date_keeps_its_hash() -> None:
    stored = _with_holder_facts(nationality="GBR", birth_date="1987-06-04")
    document = CaseDocument.from_json(stored)
    assert (document.applicant.nationality, document.applicant.birth_date) == (
        "GBR",
        "1987-06-04",
    )
    assert document.canonical() == canonical_json(stored)
    assert document.content_hash() == content_hash(stored)


@pytest.mark.parametrize(
    "day", ["19870604", "1987-W23-4", "1987-6-4", "1987-02-30", "04/06/1987", ""]
)
def test_a_birth_date_that_is_no_iso_day_is_refused(day: str) -> None:
    with pytest.raises(ValidationError) as refused:
        CaseDocument.from_json(_with_holder_facts(birth_date=day))
    assert [error["loc"] for error in refused.value.errors()] == [("applicant", "birth_date")]
