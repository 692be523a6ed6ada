"""The city's e-licence register (电子证照库) and its lookup log.

A window asks for an applicant's licences of some types (``POST /v1/elicences:lookup``);
the platform answers only with the applicant's authorisation (a code from the app, or their
card read at the window), and like Estonia's X-Road keeps a record of every lookup, answered
or refused: the device, hall, window and clerk, what it serves (a case number or a check),
the request and the answer hashed, signed with the platform's record-signing key
(``PayloadSealer.record_signing_key``) so anyone holding the public key can check it.
The document file of a licence a lookup answered with goes only to the device that made the
lookup (``POST /v1/elicences:document``), logged the same way. It is kept sealed with the
platform's key, bound to its licence's row; a store that kept files in plaintext before is
read as it is (``_document_file``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from datetime import date, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from central.errors import ConsentRequired, OperatorError, UnknownInHall
from central.store.base import CentralStore, Device, code_hash, iso, new_enroll_code, utc_now
from counter_app.domain.case_document import canonical_json
from counter_app.domain.hall_time import hall_today
from counter_app.domain.id_types import holder_number
from counter_app.domain.idnumber import normalize_id_number
from counter_app.domain.text import first_unprintable
from counter_app.errors import CounterError
from sync.wire.elicences import ElicenceDocumentRequest, ElicenceLookup
from sync.wire.signing import MAX_CLOCK_SKEW_SECONDS

#: How long an authorisation code from the app stays usable (the applicant is at the window).
CONSENT_TTL_MINUTES = 30
#: A card read stands as consent for lookups about that visit, including the verification
#: of a material marked 待核验 while the window was offline, for this long.
CARD_READ_CONSENT_DAYS = 7
_LICENCE_COLUMNS = "licence_type, number, issuer, valid_from, valid_to, file_sha256"


# The longest text a licence's type, number or issuer may be in a lookup's answer
# (``sync.wire.elicences`` ``ShortText``).
_TEXT_MAX_CHARS = 200


def _holder(holder: str) -> str:
    """``--holder`` as a lookup names it (``holder_number``); an operator error for what no
    lookup could name."""
    try:
        return holder_number(holder)
    except CounterError as exc:
        raise OperatorError(f"--holder：{exc.zh}", f"--holder: {exc.en}") from None


def _check_texts(texts: dict[str, str]) -> None:
    for option, text in texts.items():
        if not text.strip() or len(text) > _TEXT_MAX_CHARS or first_unprintable(text) is not None:
            raise OperatorError(
                f"{option} 应为 1–{_TEXT_MAX_CHARS} 个字，不含控制字符。",
                f"{option} takes 1-{_TEXT_MAX_CHARS} characters, no control characters.",
            )


def add_licence(
    store: CentralStore,
    *,
    holder: str,
    licence_type: str,
    number: str,
    issuer: str,
    valid_from: date | None,
    valid_to: date | None,
    document: bytes | None,
) -> dict[str, Any]:
    """Register one licence of ``holder`` (an ID number); the same type and number again is
    refused, and so is what no window could look up or show (an empty type or number, a
    holder no lookup could name, a validity that ends before it starts)."""
    holder_id = _holder(holder)
    _check_texts({"--type": licence_type, "--number": number, "--issuer": issuer})
    if valid_from is not None and valid_to is not None and valid_from > valid_to:
        raise OperatorError(
            f"有效期起始 {valid_from} 晚于截止 {valid_to}，请核对。",
            f"The licence is valid from {valid_from}, after it ends ({valid_to}); check the dates.",
        )
    licence_id = str(uuid.uuid4())
    licence = {
        "licence_id": licence_id,
        "licence_type": licence_type,
        "number": number,
        "issuer": issuer,
        "valid_from": valid_from.isoformat() if valid_from else None,
        "valid_to": valid_to.isoformat() if valid_to else None,
        "file_sha256": hashlib.sha256(document).hexdigest() if document is not None else None,
    }
    with store.transaction() as cur:
        taken = cur.execute(
            store.sql("SELECT 1 FROM elicences WHERE licence_type = ? AND number = ?"),
            (licence_type, number),
        ).fetchone()
        if taken is not None:
            raise OperatorError(
                f"电子证照库已有{licence_type}“{number}”。",
                f"The register already holds the {licence_type} '{number}'.",
            )
        cur.execute(
            store.sql(
                "INSERT INTO elicences (licence_id, holder_index, licence_type, number, issuer, "
                "valid_from, valid_to, file_sha256, file, added_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            ),
            (
                licence_id,
                store.sealer.holder_index(holder_id),
                licence_type,
                number,
                issuer,
                licence["valid_from"],
                licence["valid_to"],
                licence["file_sha256"],
                None
                if document is None
                else store.sealer.seal_bytes(document, _file_context(licence_id)),
                iso(utc_now()),
            ),
        )
    return licence


def create_consent(store: CentralStore, holder: str) -> dict[str, Any]:
    """An authorisation code ``holder`` gives the window from the app (随申办 → 授权查询电子证照);
    only its hash is kept. A holder no lookup could name is an operator error."""
    holder_id, code, now = _holder(holder), new_enroll_code(), utc_now()
    expires = now + timedelta(minutes=CONSENT_TTL_MINUTES)
    with store.transaction() as cur:
        cur.execute(
            store.sql(
                "INSERT INTO elicence_consents (code_hash, holder_index, created_at, expires_at) "
                "VALUES (?, ?, ?, ?)"
            ),
            (
                code_hash(code),
                store.sealer.holder_index(holder_id),
                iso(now),
                iso(expires),
            ),
        )
    return {"code": code, "expires_at": iso(expires)}


def lookup(
    store: CentralStore, device: Device, request: ElicenceLookup, body: bytes
) -> dict[str, Any]:
    """The holder's licences of the requested types, valid today, with the id of the signed
    record of this lookup. Without a valid authorisation: the refusal is recorded, then
    ``ConsentRequired`` is raised."""
    now = utc_now()
    holder = store.sealer.holder_index(normalize_id_number(request.holder_id_number))
    lookup_id = str(uuid.uuid4())
    with store.transaction() as cur:
        refusal = _consent_refusal(store, cur, request, holder, now)
        licences: list[dict[str, Any]] = []
        if refusal is None:
            marks = ",".join("?" * len(request.types))
            rows = cur.execute(
                store.sql(
                    f"SELECT {_LICENCE_COLUMNS} FROM elicences "  # noqa: S608
                    f"WHERE holder_index = ? AND licence_type IN ({marks}) ORDER BY added_at"
                ),
                (holder, *request.types),
            ).fetchall()
            today = hall_today(now).isoformat()  # valid through its last day, in hall time
            licences = [
                dict(zip(_LICENCE_COLUMNS.split(", "), row, strict=True))
                for row in rows
                if row[4] is None or row[4] >= today
            ]
        answer = {"refused": "consent_required"} if refusal else {"licences": licences}
        _log_signed(
            store,
            cur,
            record_id=lookup_id,
            now=now,
            device=device,
            request=request,
            body=body,
            answer=answer,
            holder_index=holder,
            types=request.types,
            consent=request.consent.kind,
            outcome="refused" if refusal else "answered",
        )
    if refusal is not None:
        raise refusal
    return {"lookup_id": lookup_id, "licences": licences, "logged_at": iso(now)}


def fetch_document(
    store: CentralStore, device: Device, request: ElicenceDocumentRequest, body: bytes
) -> dict[str, Any]:
    """The document file of a licence that one of ``device``'s lookups answered with, within
    that lookup's consent (``CARD_READ_CONSENT_DAYS``); the fetch is logged and signed like a
    lookup. Anything else (another device's lookup, a licence it did not answer with, a
    licence without a file) is logged as refused and answered ``unknown_licence_document`` (404)."""
    now = utc_now()
    fetch_id = str(uuid.uuid4())
    with store.transaction() as cur:
        row = cur.execute(
            store.sql("SELECT record FROM elicence_lookups WHERE lookup_id = ?"),
            (request.lookup_id,),
        ).fetchone()
        looked: dict[str, Any] = json.loads(row[0]) if row is not None else {}
        licence = cur.execute(
            store.sql(
                "SELECT holder_index, file_sha256, file, licence_id FROM elicences "
                "WHERE licence_type = ? AND number = ?"
            ),
            (request.licence_type, request.number),
        ).fetchone()
        oldest = iso(now - timedelta(days=CARD_READ_CONSENT_DAYS))
        served = (
            looked.get("outcome") == "answered"
            and looked.get("device") == device.device_id
            and request.licence_type in looked.get("types", ())
            and looked.get("logged_at", "") >= oldest
            and licence is not None
            and licence[0] == looked.get("holder_index")
            and licence[2] is not None
        )
        answer: dict[str, Any] = {"refused": "not_found"}
        if served:
            answer = {
                "fetch_id": fetch_id,
                "licence_type": request.licence_type,
                "number": request.number,
                "file_sha256": licence[1],
                "content": base64.b64encode(_document_file(store, *licence[1:])).decode(),
            }
        _log_signed(
            store,
            cur,
            record_id=fetch_id,
            now=now,
            device=device,
            request=request,
            body=body,
            answer=answer,
            holder_index=looked.get("holder_index"),
            types=[request.licence_type],
            consent=f"lookup:{request.lookup_id}",
            outcome="document" if served else "refused",
        )
    if not served:
        raise UnknownInHall(
            "unknown_licence_document",
            f"该查询（{request.lookup_id}）没有答复{request.licence_type}“{request.number}”的证照"
            "文件，或已超过授权期限。请重新查询电子证照。",
            f"That lookup ({request.lookup_id}) did not answer with a document of the "
            f"{request.licence_type} '{request.number}', or its authorisation has lapsed. "
            "Look the e-licences up again.",
        )
    return answer


def _file_context(licence_id: str) -> bytes:
    """Associated data of a licence's sealed document file: it opens only in that row."""
    return f"elicences:{licence_id}".encode()


def _document_file(store: CentralStore, file_sha256: str, stored: bytes, licence_id: str) -> bytes:
    """A licence's document file as registered. A store that kept the files in plaintext
    (before they were sealed) is read as it is: such a file is the one whose stored bytes
    hash to its own ``file_sha256``, which no sealed file can (its bytes are a ciphertext)."""
    stored = bytes(stored)
    if hashlib.sha256(stored).hexdigest() == file_sha256:
        return stored
    return store.sealer.open_bytes(stored, _file_context(licence_id))


def _log_signed(
    store: CentralStore,
    cur: Any,
    *,
    record_id: str,
    now: datetime,
    device: Device,
    request: ElicenceLookup | ElicenceDocumentRequest,
    body: bytes,
    answer: dict[str, Any],
    **what: Any,
) -> None:
    """Keep the record of one lookup or document fetch in the lookup log, with the
    platform's signature over it: who asked from where, for whom, ``what`` was asked and
    how it ended, and the hashes of the request and of the answer."""
    record = {
        "lookup_id": record_id,
        "logged_at": iso(now),
        "device": device.device_id,
        "hall": device.hall,
        "window": device.window,
        "clerk": request.clerk,
        "serves": request.serves,
        **what,
        "request_sha256": hashlib.sha256(body).hexdigest(),
        "answer_sha256": hashlib.sha256(canonical_json(answer)).hexdigest(),
    }
    signed = canonical_json(record)
    signature = base64.b64encode(store.sealer.record_signing_key().sign(signed)).decode()
    cur.execute(
        store.sql(
            "INSERT INTO elicence_lookups (lookup_id, logged_at, record, signature) "
            "VALUES (?, ?, ?, ?)"
        ),
        (record["lookup_id"], record["logged_at"], signed.decode("utf-8"), signature),
    )


def lookup_log(store: CentralStore) -> dict[str, Any]:
    """Every lookup record, oldest first, each with its signature, and the public key that
    verifies them (``counter-central elicence log``)."""
    with store.snapshot() as cur:
        rows = cur.execute(
            store.sql("SELECT record, signature FROM elicence_lookups ORDER BY seq")
        ).fetchall()
    public = store.sealer.record_signing_key().public_key()
    return {
        "signing_key": base64.b64encode(
            public.public_bytes(Encoding.Raw, PublicFormat.Raw)
        ).decode(),
        "algorithm": "ed25519",
        "entries": [{"record": json.loads(row[0]), "signature": row[1]} for row in rows],
    }


def _consent_refusal(
    store: CentralStore, cur: Any, request: ElicenceLookup, holder: str, now: datetime
) -> ConsentRequired | None:
    consent = request.consent
    if consent.kind == "card_read":
        read_at = consent.read_at
        if read_at is not None and (
            now - timedelta(days=CARD_READ_CONSENT_DAYS)
            <= read_at
            <= now + timedelta(seconds=MAX_CLOCK_SKEW_SECONDS)
        ):
            return None
        return ConsentRequired(
            "读卡授权缺少读卡时间或已超过有效期，请重新读取申请人的证件。",
            "The card-read consent has no read time or is too old; read the applicant's "
            "card again.",
        )
    row = None
    if consent.code:
        row = cur.execute(
            store.sql("SELECT holder_index, expires_at FROM elicence_consents WHERE code_hash = ?"),
            (code_hash(consent.code),),
        ).fetchone()
    if row is not None and row[0] == holder and row[1] > iso(now):
        return None
    return ConsentRequired(
        "没有申请人的有效授权，不能查询其电子证照。请申请人在“随申办”生成授权码，或读取其证件。",
        "No valid authorisation from the applicant: they give an authorisation code from the "
        "app, or their card is read at the window.",
    )
