"""E-licences (电子证照): a lookup of the holder's licences (``POST /v1/elicences:lookup``)
and the fetch of a licence's document (``POST /v1/elicences:document``)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, Field, StringConstraints

from counter_app.domain.id_types import HOLDER_NUMBER
from sync.wire.base import NO_CONTROL_CHARACTERS, WireModel

# An authorisation code of the 随申办 app, as sent (spaces taken out, upper case).
CONSENT_CODE = re.compile(r"^[A-Z0-9-]{4,32}$")

# The holder rule in either case: windows before the rule sent a typed lower-case "x" as it
# was, and the platform normalises what it receives.
_HOLDER_ANY_CASE = f"(?i){HOLDER_NUMBER.pattern}"

ShortText = Annotated[
    str, StringConstraints(min_length=1, max_length=200, pattern=NO_CONTROL_CHARACTERS)
]


class ElicenceConsent(WireModel):
    """The applicant's authorisation of one lookup: a code from the 随申办 app (``code``), or
    their card read at this window (``card_read``, ``read_at`` the read's time), which the
    platform records as consent given in person."""

    kind: Literal["code", "card_read"]
    code: str | None = Field(default=None, max_length=32, pattern=CONSENT_CODE.pattern)
    read_at: AwareDatetime | None = None


class ElicenceLookup(WireModel):
    """``POST /v1/elicences:lookup``: the holder's licences of the given types. Like an X-Road
    query it names the official (``clerk``) and what it serves (``serves``: a case number or
    the id of a check), and the platform keeps a signed record of the request and answer."""

    holder_id_number: Annotated[str, StringConstraints(pattern=_HOLDER_ANY_CASE)]
    """Sent normalised (``counter_app.domain.id_types.holder_number``)."""
    types: list[ShortText] = Field(min_length=1, max_length=50)
    consent: ElicenceConsent
    clerk: ShortText
    serves: ShortText


class Licence(BaseModel):
    """One e-licence (电子证照) of the register."""

    licence_type: str
    number: str
    issuer: str
    valid_from: str | None
    valid_to: str | None
    """None: no expiry (长期)."""
    file_sha256: str | None
    """SHA-256 of the licence's document file, when the register holds one."""


class ElicenceAnswer(BaseModel):
    """The licences found (none: the holder has no licence of those types) and the id of the
    signed log record of this lookup."""

    lookup_id: str
    licences: list[Licence]
    logged_at: datetime


class ElicenceDocumentRequest(WireModel):
    """``POST /v1/elicences:document``: the document file of a licence a lookup of this device
    answered with (``lookup_id``), to attach to the case it serves. The lookup's consent
    covers it; the platform logs the fetch like a lookup."""

    lookup_id: ShortText
    licence_type: ShortText
    number: ShortText
    clerk: ShortText
    serves: ShortText


class ElicenceDocument(BaseModel):
    """The licence's document file (``content``, base64) and the id of the signed log record
    of the fetch; the window checks the file against the lookup answer's ``file_sha256``."""

    fetch_id: str
    licence_type: str
    number: str
    file_sha256: str
    content: str
