"""Where an applicant's identity came from, as recorded with the case: a card read by a
reader (with the checks the reader ran), a passport chip (with passive authentication),
a passport MRZ typed or scanned, typed by hand, or an import file."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from counter_app.errors import ValidationError

from .document import Check, IdentityDocument
from .sod import PaOutcome, PassiveAuthentication


class SourceKind(StrEnum):
    CARD = "card"
    CHIP = "chip"
    MRZ = "mrz"
    MANUAL = "manual"
    IMPORT = "import"


@dataclass(frozen=True)
class IdentitySource:
    kind: SourceKind
    reader: str = ""  # the reader's name, for a card or a chip
    doc_type: str = ""  # IdentityDocument.doc_type, when a document was read
    checks: tuple[Check, ...] = field(default_factory=tuple)
    chip_auth: PassiveAuthentication | None = None
    valid_to: str = ""  # the document's expiry as read: ISO date, "长期", or "" (unknown)

    @classmethod
    def of_document(cls, document: IdentityDocument, reader: str = "") -> IdentitySource:
        """A document a reader returned (a chip when it carries passive authentication)."""
        valid_to = document.valid_to
        return cls(
            kind=SourceKind.CHIP if document.from_chip else SourceKind.CARD,
            reader=reader,
            doc_type=document.doc_type.value,
            checks=document.checks,
            chip_auth=document.chip_auth,
            valid_to=valid_to.isoformat() if isinstance(valid_to, date) else valid_to or "",
        )

    def expiry(self) -> date | None:
        """The expiry date, when one was read ("长期" and unknown give None)."""
        try:
            return date.fromisoformat(self.valid_to) if self.valid_to[:1].isdigit() else None
        except ValueError:
            return None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "reader": self.reader,
            "doc_type": self.doc_type,
            "checks": [check.to_json() for check in self.checks],
            "passive_authentication": self.chip_auth.to_json() if self.chip_auth else None,
            "valid_to": self.valid_to,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IdentitySource:
        """The inverse of :meth:`to_json`; ``ValidationError`` for what is not one."""
        try:
            auth = data.get("passive_authentication")
            return cls(
                kind=SourceKind(data["kind"]),
                reader=str(data.get("reader") or ""),
                doc_type=str(data.get("doc_type") or ""),
                checks=tuple(
                    Check(str(c["name"]), bool(c["ok"]), str(c["detail"]))
                    for c in data.get("checks") or ()
                ),
                chip_auth=PassiveAuthentication(
                    PaOutcome(auth["outcome"]), str(auth["zh"]), str(auth["en"])
                )
                if auth
                else None,
                valid_to=str(data.get("valid_to") or ""),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise ValidationError(
                "证件来源记录格式不正确。",
                "The identity source record is malformed.",
                field="identity_source",
            ) from None
