"""A simulated counter device: a real implementation of the device side of the protocol
(Ed25519 key, enrolment, signed requests) with synthetic cases, for load tests and the
platform's own tests. It is not the counter's sync client (that is ``sync/``)."""

from __future__ import annotations

import itertools
import json
import secrets
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from counter_app.domain.case_document import (
    ApplicantPart,
    CaseDocument,
    MaterialLine,
    ServiceItemRef,
    SituationRef,
    content_hash,
)
from counter_app.domain.case_number import CaseNumber, parse_case_number
from counter_app.domain.case_states import CaseState
from counter_app.domain.catalog import CaseType, MaterialForm
from counter_app.domain.checklist import MaterialStatus
from counter_app.domain.id_types import DocKind, IdType
from counter_app.domain.idnumber import check_character
from counter_app.errors import ValidationError
from sync.wire.signing import public_key_b64, signed_headers


@dataclass
class SimulatedDevice:
    base_url: str
    device_id: str = ""
    hall: str = ""
    window: str = ""
    key: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)
    session: requests.Session = field(default_factory=requests.Session)
    timeout: float = 30.0
    clock_offset: float = 0.0
    """Seconds added to this device's clock when signing (to simulate a wrong clock)."""
    number_device: str = field(default_factory=lambda: secrets.token_hex(4).upper())
    """The device part of its case numbers (a counter's local device id), stated at
    enrolment."""
    inherited_number_devices: tuple[str, ...] = ()
    """Device parts of case numbers it took over from a PC it replaced, stated too."""
    _numbers: dict[uuid.UUID, str] = field(default_factory=dict, init=False, repr=False)
    _sequence: itertools.count[int] = field(
        default_factory=lambda: itertools.count(1), init=False, repr=False
    )

    def enroll(self, code: str, label: str = "simulator") -> requests.Response:
        response = self.session.post(
            f"{self.base_url}/v1/enroll",
            json={
                "code": code,
                "public_key": public_key_b64(self.key),
                "label": label,
                "number_devices": [self.number_device, *self.inherited_number_devices],
            },
            timeout=self.timeout,
        )
        if response.status_code == 200:
            identity = response.json()
            self.device_id, self.hall, self.window = (
                identity["device_id"],
                identity["hall"],
                identity["window"],
            )
        return response

    def request(
        self, method: str, target: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> requests.Response:
        """A signed request; ``target`` is the path with its query, exactly as sent."""
        signed = signed_headers(
            self.key,
            device_id=self.device_id,
            method=method,
            path=target,
            body=body,
            now=time.time() + self.clock_offset,
        )
        if body:
            signed["Content-Type"] = "application/json"
        signed.update(headers or {})
        return self.session.request(
            method, f"{self.base_url}{target}", data=body, headers=signed, timeout=self.timeout
        )

    def push(self, cases: list[dict[str, Any]]) -> requests.Response:
        body = json.dumps({"cases": cases}, ensure_ascii=False).encode("utf-8")
        return self.request("POST", "/v1/cases:batch", body)

    def feed(
        self, feed: str, cursor: str | None = None, limit: int | None = None, **params: str
    ) -> requests.Response:
        query = dict(params)
        if cursor is not None:
            query["cursor"] = cursor
        if limit is not None:
            query["limit"] = str(limit)
        prepared = requests.Request(
            "GET", f"{self.base_url}/v1/feeds/{feed}", params=query
        ).prepare()
        assert prepared.path_url is not None
        return self.request("GET", prepared.path_url)

    def case(
        self,
        *,
        case_id: uuid.UUID | None = None,
        data_version: int = 1,
        case_no: str | None = None,
        payload: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """One synthetic case submission from this device (valid unless edited after)."""
        case_id = case_id or uuid.uuid4()
        case_no = case_no or self.case_number(case_id)
        document = (
            payload
            if payload is not None
            else synthetic_payload(case_id, data_version, case_no).to_json()
        )
        return {
            "case_id": str(case_id),
            "data_version": data_version,
            "content_hash": content_hash(document),
            "hall": self.hall,
            "window": self.window,
            "device": self.number_device,
            "case_no": case_no,
            "payload": document,
        }

    def case_number(self, case_id: uuid.UUID) -> str:
        """This device's number for ``case_id``: the same for every version of the case."""
        if case_id not in self._numbers:
            self._numbers[case_id] = str(
                CaseNumber(
                    self.hall.upper(),
                    self.window.upper(),
                    self.number_device,
                    SIMULATED_DAY,
                    next(self._sequence),
                )
            )
        return self._numbers[case_id]


SIMULATED_DAY = date(2026, 11, 27)


def synthetic_id_number(case_id: uuid.UUID) -> str:
    """A valid GB 11643 number of nobody, one per case: the platform flags a second case of
    one applicant for one item (``same_applicant_same_item``), which simulated cases are
    not. Born 1950–1999, its date and sequence from the case id."""
    born = date(1950, 1, 1) + timedelta(days=case_id.int % 18_262)
    first17 = f"110101{born:%Y%m%d}{case_id.int // 18_262 % 1000:03d}"
    return first17 + check_character(first17)


def synthetic_payload(
    case_id: uuid.UUID, data_version: int, case_no: str, *, hall_name: str | None = "模拟受理大厅"
) -> CaseDocument:
    """An accepted case document of realistic size and shape; synthetic names, no real
    person. ``case_no`` is taken as given (tests send numbers the platform must refuse); the
    document names the hall, window and device of the number, as a window's does (those of
    the simulated hall if it does not parse). ``hall_name``: ``None`` for a document of a
    counter from before documents named their hall."""
    try:
        number = parse_case_number(case_no)
        hall, window, device = number.hall, number.window, number.device
    except ValidationError:
        hall, window, device = "SIM-HALL", "W01", "SIM"
    return CaseDocument(
        case_id=str(case_id),
        case_no=case_no,
        data_version=data_version,
        state=CaseState.ACCEPTED,
        service_item=ServiceItemRef(
            code="310101-HJ-001",
            name="模拟事项",
            catalog_version=1,
            case_type=CaseType.PROMISED,
            department="模拟部门",
        ),
        situation=SituationRef(code="default", name="一般情形"),
        applicant=ApplicantPart(
            type="person",
            name="模拟申请人𠮷",
            id_type=IdType.RESIDENT_ID,
            doc_kind=DocKind.RESIDENT_ID,
            id_number=synthetic_id_number(case_id),
            phone=None,
            address=None,
        ),
        materials=[
            MaterialLine(
                code=f"M{i:02d}",
                name=f"模拟材料{i}",
                required=True,
                core=i < 3,
                status=MaterialStatus.RECEIVED,
                form=MaterialForm.ORIGINAL,
                count=1,
                exemption=None,
                deadline=None,
                note=None,
            )
            for i in range(6)
        ],
        hall=hall,
        hall_name=hall_name,
        window=window,
        device=device,
        clerk="sim",
        approved_by=None,
        received_at="2026-11-27T09:00:00.000000Z",
        accepted_at="2026-11-27T09:00:00.000000Z",
        promised_date="2026-12-08",
        statutory_date="2026-12-18",
        reason=None,
        legal_basis=None,
        shortfalls=[],
    )
