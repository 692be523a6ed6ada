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

A consent is the window's word, so the platform checks what it can: ``serves`` names an item
of the published catalog whose materials take every type asked (``<item code>`` or ``<item
code>/<reference>``); a card read is recent, or is the very card read the platform holds for
a case of that item, of the device's hall and of that holder; and a device answers about a
bounded number of distinct holders an hour and a day (``HolderLimits``), as no window serves
more applicants.
Each lookup and fetch is also a line of the platform's log, the holder masked.

A lookup answers only with licences that stand on the hall day: valid from it or earlier,
through it or later, not revoked (``revoke_licence``). One serving an open case (the
verification after a sync) that the register answered without every type asked flags that
case ``elicence_unverified`` at once (``_flag_unverified_case``); a refused lookup asked the
register nothing and flags nothing. The signed log names a licence a lookup disclosed by its
type and the register's ``licence_id``, never by its number (which may be the holder's ID
number).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from central.errors import (
    ConsentRequired,
    HolderLimitReached,
    OperatorError,
    ServesNoItem,
    UnknownInHall,
)
from central.store import case_summaries
from central.store.arrivals import identity_of
from central.store.base import (
    CentralStore,
    DbCursor,
    Device,
    code_hash,
    iso,
    new_enroll_code,
    utc_now,
)
from central.store.case_summaries import document_moment
from central.store.cases import hall_day_bounds
from central.store.publishing import IN_FORCE, newest_catalog
from counter_app.domain.case_document import canonical_json
from counter_app.domain.case_states import TERMINAL_STATES
from counter_app.domain.catalog import APPLICANT_TYPE_NAMES, ApplicantType
from counter_app.domain.hall_queue import ELICENCE_UNVERIFIED
from counter_app.domain.hall_time import hall_today
from counter_app.domain.id_types import holder_number
from counter_app.domain.idnumber import (
    has_gb11643_shape,
    is_credit_code,
    mask_id_number,
    normalize_id_number,
)
from counter_app.domain.text import first_unprintable
from counter_app.errors import CounterError
from sync.wire.elicences import ElicenceDocumentRequest, ElicenceLookup
from sync.wire.signing import MAX_CLOCK_SKEW_SECONDS

log = logging.getLogger("central.store")

#: How long an authorisation code from the app stays usable (the applicant is at the window).
CONSENT_TTL_MINUTES = 30
#: A card read stands as consent for lookups that follow it this soon (the applicant is at
#: the window; the window's clock may be off by the signature's skew as well).
CARD_READ_FRESH_MINUTES = 30
#: An older card read stands only for the case it was read for (the verification after a sync
#: of a material marked 待核验 while the window was offline), for this long.
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


def _holder_of_document(number: str, id_type: str | None) -> str:
    """``number`` held to the rules of its document as the online channel's numbers are
    (``arrivals.identity_of``: a GB 11643 number's check character, a permit's shape); a
    number no document of that type can have names no applicant a window would ever look up."""
    try:
        return identity_of(number, id_type).number
    except CounterError as exc:
        raise OperatorError(f"--holder：{exc.zh}", f"--holder: {exc.en}") from None


def _holders_of_type(store: CentralStore, cur: DbCursor, licence_type: str) -> frozenset[str]:
    """Who may hold a licence of ``licence_type``: the applicant types (``ApplicantType``
    values) the items of the catalog in force serve whose materials it exempts. A
    type no material is exempt by (``exempt_elicence``) is refused: a lookup asks only for
    those, so such a licence would never be found. Surrounding spaces are refused by name
    rather than trimmed, so the register holds the type exactly as the operator will see it
    in the lookup log."""
    release = newest_catalog(store, cur)
    if release is None:
        raise OperatorError(
            "平台尚未发布事项目录，无法核对电子证照类型：请先执行 counter-central catalog publish。",
            "No catalog is published yet, so the licence type cannot be checked; run "
            "counter-central catalog publish first.",
        )
    holders: dict[str, set[str]] = {}
    for item in release.items:
        for situation in item.situations:
            for material in situation.materials:
                if material.exempt_elicence:
                    kinds = holders.setdefault(material.exempt_elicence, set())
                    kinds.update(kind.value for kind in item.serves)
    if licence_type in holders:
        return frozenset(holders[licence_type])
    known = sorted(holders)
    if licence_type.strip() in holders:
        raise OperatorError(
            f"--type “{licence_type}”首尾有空格：请写作“{licence_type.strip()}”。",
            f"--type '{licence_type}' has spaces around it: write '{licence_type.strip()}'.",
        )
    raise OperatorError(
        f"--type “{licence_type}”不是事项目录（第 {release.version} 版）中任何材料的电子证照类型"
        f"（exempt_elicence），窗口不会查询它。可用：{'、'.join(known) or '无'}。",
        f"--type '{licence_type}' is no material's e-licence type (exempt_elicence) in the "
        f"catalog (version {release.version}), so no window would look it up. Known: "
        f"{', '.join(known) or 'none'}.",
    )


def _refuse_wrong_holder(licence_type: str, holder_id: str, holders: frozenset[str]) -> None:
    """Refuse a licence its holder cannot have: an organisation's (营业执照: only items for
    法人 or 其他组织 take it) held by a person, a person's (居民身份证) by an organisation.
    An organisation is named by its unified social credit code (GB 32100), a person by
    anything else; the window looks the licence up by the applicant's number, so a licence
    registered to the other kind of holder would exempt the wrong applicant's material."""
    # Of the GB 11643 shape it is an ID number, whatever its 18th character (some pass the
    # credit code's check too), as the online channel reads such a number.
    organisation = is_credit_code(holder_id) and not has_gb11643_shape(holder_id)
    person = ApplicantType.PERSON.value
    if organisation and holders == {person}:
        raise OperatorError(
            f"{licence_type}是个人的证照（事项目录中只有服务自然人的事项以它免交材料），"
            "--holder 却是统一社会信用代码：请填写持证人的身份证件号码。",
            f"A {licence_type} is a person's licence (only items for natural persons take it), "
            "but --holder is a unified social credit code: give the holder's ID number.",
        )
    if not organisation and person not in holders:
        served = "、".join(APPLICANT_TYPE_NAMES[ApplicantType(kind)][0] for kind in sorted(holders))
        served_en = ", ".join(
            APPLICANT_TYPE_NAMES[ApplicantType(kind)][1] for kind in sorted(holders)
        )
        raise OperatorError(
            f"{licence_type}由{served}持有（事项目录中只有服务{served}的事项以它免交材料），"
            "--holder 却不是统一社会信用代码：请填写持证单位的统一社会信用代码。",
            f"A {licence_type} is held by a {served_en} (only items for them take it), but "
            "--holder is no unified social credit code: give the holder's credit code.",
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
    id_type: str | None = None,
) -> dict[str, Any]:
    """Register one licence of ``holder`` (an ID number, of the document ``id_type`` names:
    as for ``arrivals.create_preapp``); the same type and number again is refused, and so is
    what no window could look up or show (an empty type or number, a holder no lookup could
    name, a validity that ends before it starts) or would ever match: a holder's number its
    document's rules refuse, a type no item of the catalog in force names as its
    ``exempt_elicence`` (written exactly: a space around it is refused, not trimmed), or a
    holder of the wrong kind: an organisation's licence held by a person or the reverse
    (``_refuse_wrong_holder``)."""
    holder_id = _holder(holder)
    _check_texts({"--type": licence_type, "--number": number, "--issuer": issuer})
    if valid_from is not None and valid_to is not None and valid_from > valid_to:
        raise OperatorError(
            f"有效期起始 {valid_from} 晚于截止 {valid_to}，请核对。",
            f"The licence is valid from {valid_from}, after it ends ({valid_to}); check the dates.",
        )
    holder_id = _holder_of_document(holder_id, id_type)
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
        _refuse_wrong_holder(licence_type, holder_id, _holders_of_type(store, cur, licence_type))
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


@dataclass(frozen=True)
class HolderLimits:
    """How many distinct holders one device's lookups may answer about in an hour and in a
    day. A window serves one applicant every few minutes (a lookup or two each, the same
    holder), so these are several times a busy day; only enumeration reaches them."""

    per_hour: int = 60
    per_day: int = 300


def lookup(
    store: CentralStore,
    device: Device,
    request: ElicenceLookup,
    body: bytes,
    limits: HolderLimits = HolderLimits(),
) -> dict[str, Any]:
    """The holder's licences of the requested types, valid today, with the id of the signed
    record of this lookup. Refused, the refusal recorded and then raised: ``ServesNoItem``
    for a ``serves`` that names no item of the published catalog taking those types,
    ``ConsentRequired`` without a valid authorisation, ``HolderLimitReached`` past the
    device's ``limits``."""
    now = utc_now()
    number = normalize_id_number(request.holder_id_number)
    holder, masked = store.sealer.holder_index(number), mask_id_number(number)
    lookup_id = str(uuid.uuid4())
    with store.transaction() as cur:
        refusal = (
            _serves_refusal(store, cur, request, now)
            or _consent_refusal(store, cur, request=request, device=device, holder=holder, now=now)
            or _holder_limit_refusal(
                store, cur, device=device, holder=holder, now=now, limits=limits
            )
        )
        found: list[tuple[str, dict[str, Any]]] = []
        if refusal is None:
            found = _valid_licences(store, cur, holder, request.types, hall_today(now))
            _flag_unverified_case(
                store,
                cur,
                device=device,
                serves=request.serves,
                missing=sorted(set(request.types) - {x["licence_type"] for _, x in found}),
                lookup_id=lookup_id,
                now=now,
            )
        licences = [licence for _, licence in found]
        answer = {"refused": refusal.code} if refusal else {"licences": licences}
        outcome = "refused" if refusal else "answered"
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
            holder=masked,
            types=request.types,
            consent=request.consent.kind,
            outcome=outcome,
            disclosed=[_disclosed(x["licence_type"], licence_id) for licence_id, x in found],
        )
    _log_access(device, request, masked, outcome if refusal is None else refusal.code)
    if refusal is not None:
        raise refusal
    return {"lookup_id": lookup_id, "licences": licences, "logged_at": iso(now)}


def _valid_licences(
    store: CentralStore, cur: DbCursor, holder: str, types: list[str], today: date
) -> list[tuple[str, dict[str, Any]]]:
    """The holder's licences of ``types`` that stand on hall day ``today``: valid from it or
    earlier (a licence issued for a later day exempts nothing yet), through it or later
    (valid through its last day), and not revoked; each as its ``licence_id`` and as a
    lookup answers with it."""
    marks = ",".join("?" * len(types))
    rows = cur.execute(
        store.sql(
            f"SELECT licence_id, {_LICENCE_COLUMNS} FROM elicences e "  # noqa: S608 - marks only
            f"WHERE holder_index = ? AND licence_type IN ({marks}) "
            "AND (valid_from IS NULL OR valid_from <= ?) AND (valid_to IS NULL OR valid_to >= ?) "
            "AND NOT EXISTS (SELECT 1 FROM elicence_revocations r "
            "WHERE r.licence_id = e.licence_id) ORDER BY added_at"
        ),
        (holder, *types, today.isoformat(), today.isoformat()),
    ).fetchall()
    return [(row[0], dict(zip(_LICENCE_COLUMNS.split(", "), row[1:], strict=True))) for row in rows]


def _disclosed(licence_type: str, licence_id: str) -> dict[str, str]:
    """A licence a lookup or fetch disclosed, as its signed record names it: its type and
    the register's id of it (``elicence list`` shows both), never its number, which the log
    would keep forever and which may be the holder's ID number (居民身份证电子证照)."""
    return {"licence_type": licence_type, "licence_id": licence_id}


def _flag_unverified_case(
    store: CentralStore,
    cur: DbCursor,
    *,
    device: Device,
    serves: str,
    missing: list[str],
    lookup_id: str,
    now: datetime,
) -> None:
    """A lookup serving a case (``<item code>/<case number>``: the verification after a
    sync of a material marked 待核验 offline, or a new lookup to close its task) that the
    register answered without every type asked (``missing``; the caller asks only for a
    lookup it did not refuse) is the register's no to that case: its hall-queue summary
    gets ``elicence_unverified`` now, from the platform's own answer, so the listings
    (``counter-central cases``, the hall queue) see it before the window's version saying
    so arrives; the export reads the same lookups from the log
    (``exports._unconfirmed_licence_types``) and hands the material over as missing at once
    too. Only a case of the device's hall that has not ended (as ``version_summary`` flags
    no ended case); a case flagged already is left as it is."""
    case_no = serves.partition("/")[2]
    if not missing or not case_no:
        return
    row = cur.execute(
        store.sql("SELECT case_id FROM cases WHERE case_no = ? AND hall = ?"),
        (case_no, device.hall),
    ).fetchone()
    if row is None:
        return
    case_id = row[0]
    store.lock_cases(cur, [case_id])
    latest = cur.execute(store.sql(case_summaries.LATEST_STATE_AND_FLAGS), (case_id,)).fetchone()
    if (
        latest is None
        or latest[0] in TERMINAL_STATES
        or ELICENCE_UNVERIFIED in json.loads(latest[1])
    ):
        return
    store.lock_hall_feed(cur, "case_summaries", device.hall)
    types = "、".join(missing)
    cur.execute(
        store.sql(case_summaries.INSERT_REFLAGGED),
        (
            f"电子证照未核实：电子证照库未确认{types}（查询 {lookup_id}） / e-licence "
            f"unverified: the register did not confirm {', '.join(missing)} (lookup {lookup_id})",
            iso(now),
            json.dumps([*json.loads(latest[1]), ELICENCE_UNVERIFIED]),
            case_id,
        ),
    )


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
                "SELECT holder_index, file_sha256, file, licence_id FROM elicences e "
                "WHERE licence_type = ? AND number = ? AND NOT EXISTS (SELECT 1 FROM "
                "elicence_revocations r WHERE r.licence_id = e.licence_id)"
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
            holder=looked.get("holder"),
            types=[request.licence_type],
            consent=f"lookup:{request.lookup_id}",
            outcome="document" if served else "refused",
            disclosed=[_disclosed(request.licence_type, licence[3])] if served else [],
        )
    _log_access(device, request, looked.get("holder"), "document" if served else "refused")
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


@dataclass(frozen=True)
class LookupLogChoice:
    """Which lookup records ``counter-central elicence log`` lists: about ``holder`` (an ID
    number, matched by the keyed index the log keeps, never by the number), for case
    ``case_no`` (what the record serves), asked by ``official`` (the clerk the window
    named), logged on hall days ``since`` to ``until`` (both included); None: any."""

    holder: str | None = None
    case_no: str | None = None
    official: str | None = None
    since: date | None = None
    until: date | None = None


def lookup_log(store: CentralStore, choice: LookupLogChoice = LookupLogChoice()) -> dict[str, Any]:
    """The lookup records ``choice`` selects, oldest first, each with its signature, and the
    public key that verifies them (``counter-central elicence log``)."""
    holder = None if choice.holder is None else store.sealer.holder_index(_holder(choice.holder))
    since = "" if choice.since is None else hall_day_bounds(choice.since)[0]
    until = "9999" if choice.until is None else hall_day_bounds(choice.until)[1]
    with store.snapshot() as cur:
        rows = cur.execute(
            store.sql(
                "SELECT record, signature FROM elicence_lookups "
                "WHERE logged_at >= ? AND logged_at < ? ORDER BY seq"
            ),
            (since, until),
        ).fetchall()
    entries = [{"record": json.loads(row[0]), "signature": row[1]} for row in rows]
    public = store.sealer.record_signing_key().public_key()
    return {
        "signing_key": base64.b64encode(
            public.public_bytes(Encoding.Raw, PublicFormat.Raw)
        ).decode(),
        "algorithm": "ed25519",
        "entries": [
            entry
            for entry in entries
            if (holder is None or entry["record"].get("holder_index") == holder)
            and (
                choice.case_no is None
                or entry["record"]["serves"].partition("/")[2] == choice.case_no
            )
            and (choice.official is None or entry["record"]["clerk"] == choice.official)
        ],
    }


def revoke_licence(
    store: CentralStore, *, number: str, reason: str, licence_type: str | None = None
) -> dict[str, Any]:
    """Record that the licence ``number`` (of ``licence_type``, needed when two types share
    the number) was revoked, and why: no lookup answers with it from now on, nor does a
    fetch of its document. One the register does not hold, or revoked already, is an
    operator error. The licence as ``licences`` lists it."""
    _check_texts({"--reason": reason})
    with store.transaction() as cur:
        licence_id = _licence_id(store, cur, number, licence_type)
        held = cur.execute(
            store.sql("SELECT revoked_at FROM elicence_revocations WHERE licence_id = ?"),
            (licence_id,),
        ).fetchone()
        if held is not None:
            raise OperatorError(
                f"证照“{number}”已于 {held[0]} 吊销。",
                f"The licence '{number}' was revoked already, at {held[0]}.",
            )
        cur.execute(
            store.sql(
                "INSERT INTO elicence_revocations (licence_id, revoked_at, reason) VALUES (?, ?, ?)"
            ),
            (licence_id, iso(utc_now()), reason),
        )
        (licence,) = _listed(store, cur, "e.licence_id = ?", [licence_id])
    return licence


def licence(store: CentralStore, *, number: str, licence_type: str | None = None) -> dict[str, Any]:
    """The licence ``number`` (of ``licence_type``, needed when two types share the number)
    as ``licences`` lists it; an operator error when the register holds none."""
    with store.snapshot() as cur:
        licence_id = _licence_id(store, cur, number, licence_type)
        (found,) = _listed(store, cur, "e.licence_id = ?", [licence_id])
    return found


def _licence_id(store: CentralStore, cur: DbCursor, number: str, licence_type: str | None) -> str:
    of_type = "" if licence_type is None else " AND licence_type = ?"
    rows = cur.execute(
        store.sql(f"SELECT licence_id, licence_type FROM elicences WHERE number = ?{of_type}"),  # noqa: S608
        (number,) if licence_type is None else (number, licence_type),
    ).fetchall()
    if not rows:
        raise OperatorError(
            f"电子证照库中没有编号为“{number}”的证照。",
            f"The register holds no licence numbered '{number}'.",
        )
    if len(rows) > 1:
        types = sorted(row[1] for row in rows)
        raise OperatorError(
            f"编号“{number}”有多种证照（{'、'.join(types)}）：请用 --type 指明。",
            f"Several licences are numbered '{number}' ({', '.join(types)}): name one with --type.",
        )
    return str(rows[0][0])


def licences(
    store: CentralStore,
    *,
    holder: str | None = None,
    number: str | None = None,
    licence_type: str | None = None,
) -> list[dict[str, Any]]:
    """The register's licences, oldest first: of ``holder`` (an ID number, found by its
    keyed index), numbered ``number``, of ``licence_type`` (None: any); each with whether
    and why it was revoked. The holder's number is never part of them."""
    clauses: list[str] = []
    params: list[str] = []
    if holder is not None:
        clauses.append("e.holder_index = ?")
        params.append(store.sealer.holder_index(_holder(holder)))
    if number is not None:
        clauses.append("e.number = ?")
        params.append(number)
    if licence_type is not None:
        clauses.append("e.licence_type = ?")
        params.append(licence_type)
    with store.snapshot() as cur:
        return _listed(store, cur, " AND ".join(clauses) or "1 = 1", params)


_LISTED = (
    "licence_id",
    "licence_type",
    "number",
    "issuer",
    "valid_from",
    "valid_to",
    "file_sha256",
    "added_at",
    "revoked_at",
    "revoked_reason",
)


def _listed(
    store: CentralStore, cur: DbCursor, where: str, params: list[str]
) -> list[dict[str, Any]]:
    rows = cur.execute(
        store.sql(
            "SELECT e.licence_id, e.licence_type, e.number, e.issuer, e.valid_from, e.valid_to, "  # noqa: S608 - fixed clauses
            "e.file_sha256, e.added_at, r.revoked_at, r.reason FROM elicences e "
            "LEFT JOIN elicence_revocations r ON r.licence_id = e.licence_id "
            f"WHERE {where} ORDER BY e.added_at, e.licence_id"
        ),
        params,
    ).fetchall()
    return [{**dict(zip(_LISTED, row, strict=True)), "revoked": row[8] is not None} for row in rows]


def _serves_refusal(
    store: CentralStore, cur: Any, request: ElicenceLookup, now: datetime
) -> ServesNoItem | None:
    """None when ``serves`` begins with the code of an item of the catalog in force at
    ``now`` whose materials take every licence type asked; the refusal otherwise (before any
    catalog is in force, no lookup serves anything; a version published ahead of its date
    does not count yet)."""
    item_code = request.serves.split("/", 1)[0]
    row = cur.execute(
        store.sql(
            "SELECT document FROM feed_documents WHERE feed = 'catalog' "  # noqa: S608 - constant
            f"AND {IN_FORCE} ORDER BY version DESC LIMIT 1"
        ),
        (iso(now),),
    ).fetchone()
    # Validated when published (``central.publish``); only the names are read here.
    items = json.loads(row[0])["items"] if row is not None else []
    item = next((i for i in items if i["code"] == item_code), None)
    taken = {
        material.get("exempt_elicence")
        for situation in (item or {}).get("situations", ())
        for material in situation["materials"]
    }
    if item is not None and taken.issuperset(request.types):
        return None
    return ServesNoItem(
        f"查询用途“{request.serves}”不是已发布事项目录中以这些电子证照免交材料的事项编码，"
        "平台不予查询。请更新本机事项目录后重试。",
        f"What the lookup serves ('{request.serves}') is not the code of an item of the "
        "published catalog whose materials these e-licences replace; the platform did not "
        "look it up. Update this window's catalog and try again.",
        details={"serves": request.serves, "types": request.types},
    )


def _consent_refusal(
    store: CentralStore,
    cur: Any,
    *,
    request: ElicenceLookup,
    device: Device,
    holder: str,
    now: datetime,
) -> ConsentRequired | None:
    consent = request.consent
    if consent.kind == "card_read":
        read_at = consent.read_at
        skew = timedelta(seconds=MAX_CLOCK_SKEW_SECONDS)
        fresh = now - timedelta(minutes=CARD_READ_FRESH_MINUTES) - skew
        if (
            read_at is not None
            and read_at <= now + skew
            and (
                read_at >= fresh
                or _read_for_case(
                    store, cur, request=request, device=device, holder=holder, now=now
                )
            )
        ):
            return None
        return ConsentRequired(
            f"读卡授权缺少读卡时间，或读卡已超过 {CARD_READ_FRESH_MINUTES} 分钟且不是本大厅已上报"
            "办件的读卡，请重新读取申请人的证件。",
            f"The card-read consent has no read time, or the read is more than "
            f"{CARD_READ_FRESH_MINUTES} minutes old and not that of a case of this hall the "
            "platform holds; read the applicant's card again.",
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


def _read_for_case(
    store: CentralStore,
    cur: Any,
    *,
    request: ElicenceLookup,
    device: Device,
    holder: str,
    now: datetime,
) -> bool:
    """Whether the card read stands for the case ``serves`` names (``<item code>/<case
    number>``): a case of that item, of the device's hall and of the holder, whose newest
    version records that very card read (``read_at`` the same moment as its
    ``card_read_at``), within ``CARD_READ_CONSENT_DAYS``. One card read thus opens the
    licences one case of one item takes, never the holder's others."""
    read_at = request.consent.read_at
    item_code, _, case_no = request.serves.partition("/")
    if read_at is None or not case_no or read_at < now - timedelta(days=CARD_READ_CONSENT_DAYS):
        return False
    row = cur.execute(
        store.sql(
            "SELECT f.card_read_at FROM cases c "
            "JOIN case_applicants a ON a.case_id = c.case_id "
            "JOIN case_service_facts f ON f.case_id = c.case_id "
            "WHERE c.case_no = ? AND c.hall = ? AND a.applicant_index = ? "
            "AND f.card_read_at IS NOT NULL AND ("
            " SELECT s.item_code FROM case_summaries s WHERE s.case_id = c.case_id"
            " ORDER BY s.seq DESC LIMIT 1) = ?"
        ),
        (case_no, device.hall, holder, item_code),
    ).fetchone()
    return row is not None and document_moment(row[0]) == read_at


def _holder_limit_refusal(
    store: CentralStore,
    cur: Any,
    *,
    device: Device,
    holder: str,
    now: datetime,
    limits: HolderLimits,
) -> HolderLimitReached | None:
    """The refusal when answering about ``holder`` would take the distinct holders the
    device's lookups answered about past ``limits``; a holder asked about already counts
    once."""
    rows = cur.execute(
        store.sql(
            "SELECT logged_at, record FROM elicence_lookups WHERE logged_at >= ? AND record LIKE ?"
        ),
        (iso(now - timedelta(days=1)), f'%"device":{json.dumps(device.device_id)}%'),
    ).fetchall()
    hour_ago = iso(now - timedelta(hours=1))
    day: set[str] = set()
    hour: set[str] = set()
    for logged_at, text in rows:
        record = json.loads(text)
        if record.get("outcome") != "answered" or record.get("device") != device.device_id:
            continue
        day.add(record["holder_index"])
        if logged_at >= hour_ago:
            hour.add(record["holder_index"])
    for seen, bound, zh_span, en_span in (
        (hour, limits.per_hour, "一小时", "an hour"),
        (day, limits.per_day, "一天", "a day"),
    ):
        if holder not in seen and len(seen) >= bound:
            log.warning(
                "e-licence lookups of device %s (hall %s) refused: %d distinct holders in %s",
                device.device_id,
                device.hall,
                len(seen),
                en_span,
            )
            return HolderLimitReached(
                f"本设备{zh_span}内已查询 {len(seen)} 位不同申请人的电子证照，达到上限，平台暂停"
                "为本设备查询新的申请人。如确属业务需要，请联系信息科。",
                f"This device looked up the e-licences of {len(seen)} different holders in "
                f"{en_span}, the limit; the platform looks up no new holder for it for now. "
                "If the work needs more, tell IT.",
                details={"distinct_holders": len(seen), "limit": bound, "per": en_span},
            )
    return None


def _log_access(
    device: Device,
    request: ElicenceLookup | ElicenceDocumentRequest,
    holder: str | None,
    outcome: str,
) -> None:
    """One line of the platform's log per lookup or document fetch: who asked from where,
    about whom (masked), for what, and how it ended; the signed lookup log keeps the same."""
    log.info(
        "e-licence %s: device=%s hall=%s window=%s clerk=%s holder=%s serves=%s outcome=%s",
        "lookup" if isinstance(request, ElicenceLookup) else "document",
        device.device_id,
        device.hall,
        device.window,
        request.clerk,
        holder,
        request.serves,
        outcome,
    )


def unconfirmed_licence_types(store: CentralStore, cur: DbCursor, case_id: str) -> frozenset[str]:
    """The e-licence types the register answered without in the newest answered lookup of
    each type that served the case (``<item code>/<case number>``, from a device of its hall,
    as ``_flag_unverified_case`` reads ``serves``) since its newest version arrived:
    the window's version tells what it made of earlier lookups; of later ones the platform
    alone knows until the window's next version. A newer lookup that found the type confirms
    it again."""
    case_no, hall, arrived = store._exec(
        cur, "SELECT case_no, hall, updated_at FROM cases WHERE case_id = ?", (case_id,)
    ).fetchone()
    # Narrowed by text, then read: the log keeps its records as signed JSON.
    rows = store._exec(
        cur,
        "SELECT record FROM elicence_lookups WHERE logged_at >= ? AND record LIKE ? ORDER BY seq",
        (arrived, f"%/{case_no}%"),
    ).fetchall()
    confirmed: dict[str, bool] = {}
    for (text,) in rows:
        record = json.loads(text)
        if (
            record["outcome"] != "answered"
            or record["hall"] != hall
            or record["serves"].partition("/")[2] != case_no
        ):
            continue
        found = {licence["licence_type"] for licence in record["disclosed"]}
        confirmed.update((licence_type, licence_type in found) for licence_type in record["types"])
    return frozenset(licence_type for licence_type, yes in confirmed.items() if not yes)
