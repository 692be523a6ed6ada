"""Who is expected at the hall from the online channel: appointments (预约) and
pre-applications (网上申报, pre-reviewed online, materials submitted as files), as the
platform's ``arrivals`` feed brings them to the window and its cache keeps them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from cryptography.hazmat.primitives import hashes

from counter_app.domain.hall_time import HALL_TIMEZONE

APPOINTMENT = "appointment"
PREAPP = "preapp"
# States in which the applicant is still expected (a pre-application not yet accepted).
OPEN_STATES = frozenset({"booked", "submitted"})
# An arrival's state in people's words (the command line's list of the day).
STATE_NAMES: dict[str, tuple[str, str]] = {
    "booked": ("已预约", "booked"),
    "cancelled": ("已取消", "cancelled"),
    "no_show": ("爽约", "no-show"),
    "submitted": ("待受理", "submitted"),
    "consumed": ("已受理", "taken"),
}
# What the checklist and the case say of a material the applicant submitted online.
SUBMITTED_ELECTRONICALLY = ("已电子提交", "submitted electronically")


def file_digests(content: bytes) -> tuple[str, str]:
    """SHA-256 and SM3 (hex) of a file submitted online. SM3 through ``cryptography``, as
    the store's keys: Python's ``hashlib`` has it only where its OpenSSL was built with it."""
    sm3 = hashes.Hash(hashes.SM3())
    sm3.update(content)
    return hashlib.sha256(content).hexdigest(), sm3.finalize().hex()


def with_contract_ids(document: dict[str, Any]) -> dict[str, Any]:
    """An arrival's JSON (``arrival_id``, ``appointment_no``) with the names hall scripts
    know it by as well (CONTRACTS.md): an appointment's ``appointment_id`` and ``number``,
    a pre-application's ``preapp_id``."""
    if document["kind"] == APPOINTMENT:
        return {
            "appointment_id": document["arrival_id"],
            "number": document.get("appointment_no"),
            **document,
        }
    return {"preapp_id": document["arrival_id"], **document}


@dataclass(frozen=True)
class SubmittedFile:
    """A material file submitted with a pre-application (it stays on the platform)."""

    code: str
    file_name: str
    size: int
    sha256: str
    sm3: str


@dataclass(frozen=True)
class Arrival:
    arrival_id: str
    kind: str  # APPOINTMENT | PREAPP
    sequence: int  # the feed's: a newer item of the same arrival has a higher one
    state: str  # booked, cancelled, no_show | submitted, consumed
    item_code: str
    item_name: str
    situation: str | None  # a pre-application's situation code
    id_number: str
    name: str
    first_day: date
    last_day: date  # the cache forgets it after this hall day
    slot_at: datetime | None  # an appointment's slot
    appointment_no: str | None
    review: str | None  # a pre-application's pre-review: passed | failed
    review_note: str
    materials: tuple[SubmittedFile, ...]
    consumed_case_id: str | None
    id_type: str = "111"  # the holder's document type code, as the platform checked it
    doc_kind: str | None = None  # its document kind (id_types.DocKind), where 990 needs one

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def slot_text(self) -> str:
        """The slot's hall time, ``09:30`` (empty for a pre-application)."""
        return self.slot_at.astimezone(HALL_TIMEZONE).strftime("%H:%M") if self.slot_at else ""

    def headline(self) -> tuple[str, str]:
        """What a card read shows at once: ``预约 09:30 居住证签注`` or
        ``网上预审已通过：居住证首次申领`` (Chinese, English)."""
        if self.kind == APPOINTMENT:
            return (
                f"预约 {self.slot_text()} {self.item_name}（预约号 {self.appointment_no}）",
                f"Appointment {self.slot_text()} {self.item_name} (no. {self.appointment_no})",
            )
        if self.review == "passed":
            return f"网上预审已通过：{self.item_name}", f"Pre-review passed: {self.item_name}"
        note = f"（{self.review_note}）" if self.review_note else ""
        return (
            f"网上预审未通过：{self.item_name}{note}",
            f"Pre-review not passed: {self.item_name}{note}",
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "arrival_id": self.arrival_id,
            "kind": self.kind,
            "sequence": self.sequence,
            "state": self.state,
            "item_code": self.item_code,
            "item_name": self.item_name,
            "situation": self.situation,
            "id_number": self.id_number,
            "name": self.name,
            "first_day": self.first_day.isoformat(),
            "last_day": self.last_day.isoformat(),
            "slot_at": self.slot_at.isoformat() if self.slot_at else None,
            "appointment_no": self.appointment_no,
            "review": self.review,
            "review_note": self.review_note,
            "materials": [
                {
                    "code": m.code,
                    "file_name": m.file_name,
                    "size": m.size,
                    "sha256": m.sha256,
                    "sm3": m.sm3,
                }
                for m in self.materials
            ],
            "consumed_case_id": self.consumed_case_id,
            "id_type": self.id_type,
            "doc_kind": self.doc_kind,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Arrival:
        """The inverse of :meth:`to_json` (the feed's items have the same keys)."""
        slot = data.get("slot_at")
        consumed = data.get("consumed_case_id")
        return cls(
            arrival_id=str(data["arrival_id"]),
            kind=str(data["kind"]),
            sequence=int(data["sequence"]),
            state=str(data["state"]),
            item_code=str(data["item_code"]),
            item_name=str(data["item_name"]),
            situation=data.get("situation"),
            id_number=str(data["id_number"]),
            name=str(data["name"]),
            first_day=date.fromisoformat(str(data["first_day"])),
            last_day=date.fromisoformat(str(data["last_day"])),
            slot_at=datetime.fromisoformat(str(slot)) if slot else None,
            appointment_no=data.get("appointment_no"),
            review=data.get("review"),
            review_note=str(data.get("review_note") or ""),
            materials=tuple(
                SubmittedFile(
                    str(m["code"]), str(m["file_name"]), int(m["size"]), m["sha256"], m["sm3"]
                )
                for m in data.get("materials") or ()
            ),
            consumed_case_id=str(consumed) if consumed else None,
            id_type=str(data.get("id_type") or "111"),
            doc_kind=data.get("doc_kind"),
        )
