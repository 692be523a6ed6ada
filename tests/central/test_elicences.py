"""The e-licence register on the platform, on SQLite and PostgreSQL: a lookup with the
holder's authorisation answers their valid licences of the types asked, one without it is
refused (403 ``consent_required``); both leave a signed record naming the device, clerk and
what the lookup served, which verifies with the platform's published key."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from central.errors import OperatorError
from central.simulator import SimulatedDevice
from central.store import CentralStore, elicences
from central.store import devices as device_register
from counter_app.domain.case_document import canonical_json
from counter_app.domain.idnumber import check_character
from sync.wire.elicences import ElicenceAnswer, ElicenceLookup
from tests.central.conftest import error_of
from tests.central.server_fixture import RunningCentral

pytestmark = pytest.mark.integration

BIRTH = "11310104002425311A004000100001"  # 生育登记: its materials take these e-licences


@pytest.fixture(scope="module", autouse=True)
def published(central: RunningCentral) -> None:
    """Lookups serve an item of the published catalog."""
    central.publish_bundled_catalog()


PATH = "/v1/elicences:lookup"


def holder(first17: str) -> str:
    return first17 + check_character(first17)


def lookup(device: SimulatedDevice, body: dict[str, Any]) -> Any:
    return device.request("POST", PATH, json.dumps(body).encode())


def body_for(number: str, consent: dict[str, Any], serves: str) -> dict[str, Any]:
    return {
        "holder_id_number": number,
        "types": ["结婚证电子证照", "居民户口簿电子证照"],
        "consent": consent,
        "clerk": "clerk07",
        "serves": serves,
    }


def test_a_lookup_with_consent_answers_and_every_lookup_is_signed(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    wang, li = holder("31010419900101201"), holder("31010419900101202")
    kept = elicences.add_licence(
        store, holder=wang, licence_type="结婚证电子证照", number="J-1", issuer="徐汇区民政局",
        valid_from=date(2020, 5, 20), valid_to=None, document=b"%PDF-1.7 marriage",
    )  # fmt: skip
    elicences.add_licence(
        store,
        holder=wang,
        licence_type="居民户口簿电子证照",
        number="HK-OLD",
        issuer="上海市公安局",
        valid_from=None,
        valid_to=date.today() - timedelta(days=1),
        document=None,
    )  # fmt: skip
    device = enrol()

    code = elicences.create_consent(store, wang)["code"]
    answered = lookup(device, body_for(wang, {"kind": "code", "code": code}, f"{BIRTH}/intake-1"))
    assert answered.status_code == 200, answered.text
    answer = ElicenceAnswer.model_validate(answered.json())
    assert [(x.number, x.issuer, x.file_sha256) for x in answer.licences] == [
        ("J-1", "徐汇区民政局", kept["file_sha256"])
    ]

    card = {"kind": "card_read", "read_at": datetime.now(UTC).isoformat()}
    assert (
        lookup(device, body_for(wang, card, f"{BIRTH}/H-W1-D1-20261204-000001")).status_code == 200
    )

    for consent in (
        {"kind": "code", "code": code},  # Wang's code does not open Li's licences
        {"kind": "code"},
        {"kind": "card_read"},  # a card read says when it was read
    ):
        refused = lookup(device, body_for(li, consent, f"{BIRTH}/intake-2"))
        assert refused.status_code == 403, refused.text
        assert error_of(refused)["code"] == "consent_required"

    log = elicences.lookup_log(store)
    public = Ed25519PublicKey.from_public_bytes(base64.b64decode(log["signing_key"]))
    mine = [e for e in log["entries"] if e["record"]["device"] == device.device_id]
    assert [(e["record"]["serves"], e["record"]["outcome"]) for e in mine] == [
        (f"{BIRTH}/intake-1", "answered"),
        (f"{BIRTH}/H-W1-D1-20261204-000001", "answered"),
        (f"{BIRTH}/intake-2", "refused"),
        (f"{BIRTH}/intake-2", "refused"),
        (f"{BIRTH}/intake-2", "refused"),
    ]
    for entry in mine:
        public.verify(base64.b64decode(entry["signature"]), canonical_json(entry["record"]))
    forged = dict(mine[0]["record"], clerk="someone-else")
    with pytest.raises(InvalidSignature):
        public.verify(base64.b64decode(mine[0]["signature"]), canonical_json(forged))


def test_a_licence_document_goes_only_to_the_device_whose_lookup_answered_with_it(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    wang = holder("31010419900101203")
    kept = elicences.add_licence(
        store, holder=wang, licence_type="结婚证电子证照", number="J-2", issuer="徐汇区民政局",
        valid_from=None, valid_to=None, document=b"%PDF-1.7 marriage J-2",
    )  # fmt: skip
    elicences.add_licence(
        store, holder=holder("31010419900101204"), licence_type="居民户口簿电子证照",
        number="HK-9", issuer="上海市公安局", valid_from=None, valid_to=None, document=b"hk",
    )  # fmt: skip
    mine, other = enrol(), enrol()
    code = elicences.create_consent(store, wang)["code"]
    answered = lookup(mine, body_for(wang, {"kind": "code", "code": code}, f"{BIRTH}/intake-3"))
    lookup_id = answered.json()["lookup_id"]

    def fetch(device: SimulatedDevice, licence_type: str, number: str) -> Any:
        body = {
            "lookup_id": lookup_id, "licence_type": licence_type, "number": number,
            "clerk": "clerk07", "serves": f"{BIRTH}/intake-3",
        }  # fmt: skip
        return device.request("POST", "/v1/elicences:document", json.dumps(body).encode())

    sent = fetch(mine, "结婚证电子证照", "J-2")
    assert sent.status_code == 200, sent.text
    assert base64.b64decode(sent.json()["content"]) == b"%PDF-1.7 marriage J-2"
    assert sent.json()["file_sha256"] == kept["file_sha256"]
    for device, licence_type, number in (
        (other, "结婚证电子证照", "J-2"),  # not the device that looked it up
        (mine, "居民户口簿电子证照", "HK-9"),  # someone else's licence, of a type asked for
    ):
        refused = fetch(device, licence_type, number)
        assert refused.status_code == 404, refused.text
        assert error_of(refused)["code"] == "unknown_licence_document"
    ours = {mine.device_id, other.device_id}
    log = [e["record"] for e in elicences.lookup_log(store)["entries"]]
    assert [r["outcome"] for r in log if r["device"] in ours] == [
        "answered", "document", "refused", "refused",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"holder": ""}, "不是证件号码"),
        ({"licence_type": " "}, "--type"),
        ({"number": "x" * 201}, "--number"),
        ({"issuer": "民政局\x1b[2J"}, "--issuer"),
        ({"valid_from": date(2030, 1, 1), "valid_to": date(2020, 1, 1)}, "晚于截止"),
    ],
)
def test_the_register_takes_only_a_licence_a_window_could_look_up_and_show(
    store: CentralStore, changes: dict[str, Any], said: str
) -> None:
    licence: dict[str, Any] = {
        "holder": "310104198501011234",
        "licence_type": "结婚证",
        "number": "J310104-2020-99",
        "issuer": "上海市徐汇区民政局",
        "valid_from": None,
        "valid_to": None,
        "document": None,
    }
    with pytest.raises(OperatorError) as refused:
        elicences.add_licence(store, **{**licence, **changes})
    assert said in refused.value.zh


def test_a_licence_ends_with_its_last_day_in_hall_time(
    enrol: Callable[..., SimulatedDevice], store: CentralStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 00:25 in the hall on the day after a licence's last day (16:25 UTC the day
    before), it is expired, as at 08:05: the UTC date would still call it valid."""
    number = holder("31010419900101205")
    elicences.add_licence(
        store, holder=number, licence_type="结婚证电子证照", number="J-END", issuer="徐汇区民政局",
        valid_from=None, valid_to=date(2026, 12, 7), document=None,
    )  # fmt: skip
    simulated = enrol()
    device = device_register.device(store, simulated.device_id)
    assert device is not None
    for utc in (datetime(2026, 12, 7, 16, 25, tzinfo=UTC), datetime(2026, 12, 8, 0, 5, tzinfo=UTC)):
        monkeypatch.setattr(elicences, "utc_now", lambda at=utc: at)
        code = elicences.create_consent(store, number)["code"]
        request = ElicenceLookup.model_validate(
            body_for(number, {"kind": "code", "code": code}, f"{BIRTH}/intake-3")
        )
        answer = elicences.lookup(store, device, request, b"{}")
        assert answer["licences"] == [], utc
