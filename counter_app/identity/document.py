"""What a card reader hands over: :class:`IdentityDocument`, and the events readers report."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Literal

from counter_app.domain.id_types import DocKind, IdType
from counter_app.domain.idnumber import mask_id_number

from .sod import PassiveAuthentication

PHOTO_NOT_DECODABLE = ("本工作站无法解码证件照片", "photo cannot be decoded on this workstation")


class DocType(StrEnum):
    RESIDENT_ID = DocKind.RESIDENT_ID.value
    FOREIGN_PERMANENT_2017 = DocKind.FOREIGN_PERMANENT_2017.value
    FOREIGN_PERMANENT_2023 = DocKind.FOREIGN_PERMANENT_2023.value
    HKMOTW_RESIDENCE_PERMIT = DocKind.HKMOTW_RESIDENCE_PERMIT.value
    SOCIAL_SECURITY_CARD = "social_security_card"
    PASSPORT = DocKind.PASSPORT.value


# GA/T 2000.156 code used at intake. The social security number is the holder's citizen ID
# number, so that card files the applicant as 111; the foreigner cards and the residence
# permit travel as 990 with their DocKind (see counter_app.domain.id_types).
ID_TYPE_OF: dict[DocType, IdType] = {
    DocType.RESIDENT_ID: IdType.RESIDENT_ID,
    DocType.SOCIAL_SECURITY_CARD: IdType.RESIDENT_ID,
    DocType.PASSPORT: IdType.PASSPORT,
    DocType.FOREIGN_PERMANENT_2017: IdType.OTHER,
    DocType.FOREIGN_PERMANENT_2023: IdType.OTHER,
    DocType.HKMOTW_RESIDENCE_PERMIT: IdType.OTHER,
}

Expiry = date | Literal["长期"]


@dataclass(frozen=True)
class Check:
    """One validation the reader performed on the card data, and its outcome: ``detail``
    in English, ``detail_zh`` in Chinese (a case keeps the English only, so a check read back
    from a case has "")."""

    name: str  # e.g. "gb11643", "number_matches_card", "mrz_check_digits"
    ok: bool
    detail: str
    # The same outcome in Chinese: not part of what a check is (a case keeps the English).
    detail_zh: str = field(default="", compare=False)

    def to_json(self) -> dict[str, Any]:
        """As a case keeps it (the synced document's shape: no Chinese detail)."""
        return {"name": self.name, "ok": self.ok, "detail": self.detail}

    def said(self, lang: str) -> str:
        """The detail in ``lang`` ("zh" falls back to the English of an old record)."""
        return self.detail if lang == "en" else self.detail_zh or self.detail


@dataclass(frozen=True, repr=False)
class IdentityDocument:
    """An identity document as read from a card. Holds personal data: its ``repr`` shows
    only the document type, the masked number and the photo size, so it is safe in logs."""

    doc_type: DocType
    name: str
    id_number: str
    english_name: str = ""
    sex: str = ""
    nation: str = ""
    nationality: str = ""
    birth_date: date | None = None
    address: str = ""
    issuer: str = ""
    valid_from: date | None = None
    valid_to: Expiry | None = None
    card_number: str = ""
    pass_number: str = ""
    photo: bytes = b""
    photo_format: str = ""  # "wlt" | "bmp" | "jpeg" | "jp2" | ""
    photo_decodable: bool = False
    photo_message: str = ""
    checks: tuple[Check, ...] = field(default_factory=tuple)
    # Set when the data was read from a passport chip (after BAC): what passive
    # authentication against EF.SOD found. None for every other source.
    chip_auth: PassiveAuthentication | None = None

    @property
    def from_chip(self) -> bool:
        return self.chip_auth is not None

    @property
    def id_type(self) -> IdType:
        return ID_TYPE_OF[self.doc_type]

    @property
    def doc_kind(self) -> DocKind:
        return (
            DocKind.RESIDENT_ID
            if self.doc_type == DocType.SOCIAL_SECURITY_CARD
            else DocKind(self.doc_type.value)
        )

    def to_json(self) -> dict[str, Any]:
        """The ``read-card --json`` fields: dates ISO 8601, ``valid_to`` may be "长期";
        the photo is described, never included."""

        def iso(value: date | str | None) -> str | None:
            return value.isoformat() if isinstance(value, date) else value

        return {
            "doc_type": self.doc_type.value,
            "id_type": self.id_type.value,
            "name": self.name,
            "english_name": self.english_name,
            "id_number": self.id_number,
            "sex": self.sex,
            "nation": self.nation,
            "nationality": self.nationality,
            "birth_date": iso(self.birth_date),
            "address": self.address,
            "issuer": self.issuer,
            "valid_from": iso(self.valid_from),
            "valid_to": iso(self.valid_to),
            "card_number": self.card_number,
            "pass_number": self.pass_number,
            "photo": {
                "format": self.photo_format,
                "bytes": len(self.photo),
                "decodable": self.photo_decodable,
                "message": self.photo_message,
                "message_zh": PHOTO_NOT_DECODABLE[0]
                if self.photo and not self.photo_decodable
                else "",
            },
            "checks": [{**c.to_json(), "detail_zh": c.detail_zh} for c in self.checks],
            "passive_authentication": self.chip_auth.to_json() if self.chip_auth else None,
        }

    def __repr__(self) -> str:
        failed = [c.name for c in self.checks if not c.ok]
        return (
            f"IdentityDocument(doc_type={self.doc_type.value}, "
            f"id_number={mask_id_number(self.id_number)}, photo={len(self.photo)} bytes, "
            f"failed_checks={failed})"
        )

    __str__ = __repr__


class CardEventKind(StrEnum):
    INSERTED = "inserted"
    REMOVED = "removed"


@dataclass(frozen=True)
class CardEvent:
    kind: CardEventKind
    reader: str
