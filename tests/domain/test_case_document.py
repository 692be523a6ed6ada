"""The typed case document: documents stored before it existed parse and keep their content
hash, a malformed one is refused with the field, and docs/sync-protocol.md describes exactly
the fields the type has."""

from __future__ import annotations

import hashlib
import json
import types
import typing
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from counter_app.domain.case_document import CaseDocument, canonical_json, content_hash

ROOT = Path(__file__).resolve().parents[2]
# Documents written by intake and the review services before the document had a type
# (every decision, identity source, expired-document reason, versions 2 and 3).
BEFORE_TYPING = Path(__file__).with_name("data") / "case_documents_before_typing.json"
# Canonical JSON texts the counter wrote (and the platform hashed) before the document was
# built and encoded more cheaply: every decision, later versions, every part, awkward text
# (tests/services/test_case_document_golden.py makes the counter's again).
GOLDEN = Path(__file__).with_name("data") / "case_documents_golden.json"
DOC_BEGIN = "<!-- case-document fields: begin (generated from CaseDocument) -->"
DOC_END = "<!-- case-document fields: end -->"


def _stored() -> list[dict[str, Any]]:
    documents: list[dict[str, Any]] = json.loads(BEFORE_TYPING.read_text(encoding="utf-8"))
    return documents


@pytest.mark.parametrize("stored", _stored(), ids=lambda d: f"{d['state']}-v{d['data_version']}")
def test_a_stored_document_parses_and_keeps_its_content_hash(stored: dict[str, Any]) -> None:
    document = CaseDocument.from_json(stored)
    assert document.canonical() == canonical_json(stored)
    assert document.content_hash() == content_hash(stored)


def _golden() -> dict[str, str]:
    texts: dict[str, str] = json.loads(GOLDEN.read_text(encoding="utf-8"))
    return texts


@pytest.mark.parametrize("name", sorted(_golden()))
def test_a_document_parsed_as_the_platform_does_gives_back_the_same_bytes(name: str) -> None:
    text = _golden()[name]
    expected = hashlib.sha256(text.encode("utf-8")).hexdigest()
    for document in (
        CaseDocument.model_validate_json(text),  # the platform's parse of a push
        CaseDocument.from_json(json.loads(text)),  # a stored version read back
    ):
        assert document.canonical() == text.encode("utf-8")
        assert document.content_hash() == expected
        assert canonical_json(document.to_json()) == text.encode("utf-8")


def test_optional_fields_stay_absent_and_null_fields_stay_null() -> None:
    stored = next(d for d in _stored() if "expired_id_reason" not in d)
    written = CaseDocument.from_json(stored).to_json()
    assert "identity_source" not in written["applicant"]
    assert "remarks" not in written and "withdrawal_reason" not in written
    assert "approved_by" in written and written["approved_by"] is None


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.update(state="tampered"), ("state",)),
        (lambda d: d["materials"][0].update(count="1"), ("materials", 0, "count")),
        (lambda d: d["applicant"].update(nickname="x"), ("applicant", "nickname")),
        (lambda d: d.pop("case_no"), ("case_no",)),
        (lambda d: d.update(data_version=1.0), ("data_version",)),
    ],
)
def test_a_malformed_document_is_refused_naming_the_field(change: Any, where: tuple) -> None:
    stored = _stored()[0]
    change(stored)
    with pytest.raises(ValidationError) as caught:
        CaseDocument.from_json(stored)
    assert [tuple(e["loc"]) for e in caught.value.errors()] == [where]


# ----------------------------------------------------------------------------- the doc


def _strip(annotation: Any) -> tuple[Any, bool]:
    """The annotation without ``Annotated`` and ``| None``, and whether None was allowed."""
    nullable = False
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        nullable = len(args) < len(typing.get_args(annotation))
        (annotation,) = args
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation, nullable


def _rows(model: type[BaseModel], prefix: str = "") -> list[str]:
    rows = []
    for name, info in model.model_fields.items():
        annotation, nullable = _strip(info.annotation)
        path = f"{prefix}{name}"
        nested: type[BaseModel] | None = None
        if typing.get_origin(annotation) is list:
            (item,) = typing.get_args(annotation)
            item, _ = _strip(item)
            if isinstance(item, type) and issubclass(item, BaseModel):
                nested, kind = item, "array of objects"
                path_of_items = f"{path}[]."
            else:  # a list of codes or names
                kind = "array of " + {str: "strings", int: "integers"}[item]
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            nested, kind = annotation, "object"
            path_of_items = f"{path}."
        elif isinstance(annotation, type) and issubclass(annotation, Enum):
            kind = " \\| ".join(f"`{member.value}`" for member in annotation)
        else:
            kind = {str: "string", int: "integer", bool: "boolean"}[annotation]
        if info.exclude_if is not None:
            presence = "omitted when absent"
        elif nullable:
            presence = "required, may be null"
        else:
            presence = "required"
        rows.append(f"| `{path}` | {kind} | {presence} | {info.description or ''} |")
        if nested is not None:
            rows.extend(_rows(nested, path_of_items))
    return rows


def test_the_protocol_doc_lists_exactly_the_fields_of_the_type() -> None:
    """If this fails, paste the expected table between the markers in the doc."""
    table = "\n".join(
        ["| Field | Type | Presence | Meaning |", "|---|---|---|---|", *_rows(CaseDocument)]
    )
    text = (ROOT / "docs" / "sync-protocol.md").read_text(encoding="utf-8")
    assert DOC_BEGIN in text and DOC_END in text
    documented = text.split(DOC_BEGIN, 1)[1].split(DOC_END, 1)[0].strip()
    assert documented == table, f"expected between the markers:\n{table}"
