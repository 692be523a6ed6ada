"""When the register's answer flags a case ``elicence_unverified``: a lookup serving an open
case that the register asked did not confirm; never a lookup it refused (the register was
not asked), nor a case that has ended, which no summary and no export flags. The export
flags an e-licence the window's version says failed only while the case is open, and hands
a material the platform's own lookup did not confirm over as missing at once, until the
window's next version or a lookup that finds the licence."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from central.errors import ConsentRequired
from central.exchange import exchange_record
from central.simulator import SimulatedDevice, synthetic_id_number, synthetic_payload
from central.store import CentralStore, Device, elicences, push
from central.store import devices as device_register
from central.store.case_summaries import LATEST_FLAGS
from central.store.exports import ExportChoice, HeldCase, held_cases
from counter_app.domain.case_document import LicenceRecord
from counter_app.domain.case_states import CaseState
from counter_app.domain.exemptions import Verification
from sync.wire.case_push import CaseSubmission
from sync.wire.elicences import ElicenceLookup
from sync.wire.signing import new_nonce, public_key_b64
from tests.central.conftest import Platform

BIRTH_REGISTRATION = "11310104002425311A004000100001"  # takes 结婚证 e-licences
MARRIAGE = "结婚证电子证照"
HALL = "310104-001"


class Window:
    """An enrolled window of ``HALL`` pushing cases straight into the store."""

    def __init__(self, store: CentralStore) -> None:
        code, _ = device_register.create_enroll_code(store, HALL, "W03", 60)
        self.store = store
        self.device: Device = device_register.enroll(
            store, code, public_key_b64(Ed25519PrivateKey.generate()), "flags", ["E1"]
        )
        self.numbering = SimulatedDevice(
            "http://127.0.0.1:9", self.device.device_id, HALL, "W03", number_device="E1"
        )

    def send(self, case_id: uuid.UUID, version: int, **changes: Any) -> str:
        """Version ``version`` of the case with ``changes`` to its document, pushed; its
        number."""
        case_no = self.numbering.case_number(case_id)
        payload = {**synthetic_payload(case_id, version, case_no).to_json(), **changes}
        sent = self.numbering.case(
            case_id=case_id, data_version=version, case_no=case_no, payload=payload
        )
        (result,) = push.push_batch(
            self.store, self.device, new_nonce(), [CaseSubmission.model_validate(sent)]
        )
        assert result.status == "stored", result
        return case_no

    def look_up(self, case_id: uuid.UUID, case_no: str, consent: dict[str, str]) -> None:
        """A lookup of the case's applicant's 结婚证, serving the case (the register holds
        none)."""
        request = ElicenceLookup.model_validate({
            "holder_id_number": synthetic_id_number(case_id),
            "types": [MARRIAGE],
            "consent": consent,
            "clerk": "clerk07",
            "serves": f"{BIRTH_REGISTRATION}/{case_no}",
        })  # fmt: skip
        elicences.lookup(self.store, self.device, request, request.model_dump_json().encode())

    def flags(self, case_id: uuid.UUID) -> list[str]:
        with self.store.snapshot() as cur:
            (flags,) = cur.execute(LATEST_FLAGS, (str(case_id),)).fetchone()
        return list(json.loads(flags))


FRESH_CARD_READ = {"kind": "card_read", "read_at": datetime.now(UTC).isoformat()}


@pytest.fixture
def window(platform: Platform) -> Window:
    return Window(platform.store)


def test_a_lookup_the_register_answered_without_the_licence_flags_the_open_case(
    window: Window,
) -> None:
    case_id = uuid.uuid4()
    case_no = window.send(case_id, 1)
    window.look_up(case_id, case_no, FRESH_CARD_READ)
    assert window.flags(case_id) == ["elicence_unverified"]


def test_a_refused_lookup_flags_nothing_the_register_was_never_asked(window: Window) -> None:
    case_id = uuid.uuid4()
    case_no = window.send(case_id, 1)
    with pytest.raises(ConsentRequired):
        window.look_up(case_id, case_no, {"kind": "code", "code": "WRONG-CODE"})
    assert window.flags(case_id) == []


def test_a_lookup_serving_an_ended_case_flags_nothing(window: Window) -> None:
    case_id = uuid.uuid4()
    case_no = window.send(case_id, 1)
    window.send(case_id, 2, state=CaseState.WITHDRAWN.value)
    window.look_up(case_id, case_no, FRESH_CARD_READ)
    assert window.flags(case_id) == []


@pytest.mark.parametrize(
    ("state", "flags"),
    [(CaseState.ACCEPTED, ["elicence_unverified"]), (CaseState.WITHDRAWN, [])],
)
def test_the_export_flags_a_failed_licence_only_while_the_case_is_open(
    state: CaseState, flags: list[str]
) -> None:
    case_id = uuid.uuid4()
    document = synthetic_payload(case_id, 2, f"{HALL}-test")
    failed = LicenceRecord(
        licence_type=MARRIAGE,
        number=None,
        issuer=None,
        valid_to=None,
        file_sha256=None,
        lookup_id=None,
        verification=Verification.FAILED,
    )
    lines = [document.materials[0].model_copy(update={"licence": failed}), *document.materials[1:]]
    held = HeldCase(
        document.model_copy(update={"materials": lines, "state": state}), state, [], frozenset()
    )
    record = exchange_record(held)
    assert record["flags"] == flags
    assert (record["materials"][0]["status"], record["materials"][0]["licence_verification"]) == (
        "missing",
        "failed",
    )


def exempt_by_marriage_licence(case_id: uuid.UUID) -> list[dict[str, Any]]:
    """The synthetic case's materials, the first exempt by a 结婚证 marked 待核验 offline (the
    lookup after the sync verifies it)."""
    first, *rest = synthetic_payload(case_id, 1, f"{HALL}-test").to_json()["materials"]
    pending = {
        "licence_type": MARRIAGE,
        "number": None,
        "issuer": None,
        "valid_to": None,
        "file_sha256": None,
        "lookup_id": None,
        "verification": Verification.PENDING.value,
    }
    exempt = {
        **first,
        "status": "exempt",
        "form": None,
        "count": 0,
        "exemption": "电子证照：结婚证",
        "exemption_kind": "elicence",
        "licence": pending,
    }
    return [exempt, *rest]


def exported(store: CentralStore) -> dict[str, Any]:
    """The one case of ``HALL`` as the export hands it over."""
    (record,) = map(exchange_record, held_cases(store, ExportChoice(hall=HALL)))
    return record


def first_material(record: dict[str, Any]) -> tuple[Any, ...]:
    material = record["materials"][0]
    return material["status"], material["exemption"], material["licence_verification"]


def test_the_export_hands_over_at_once_a_material_the_platforms_lookup_did_not_confirm(
    window: Window,
) -> None:
    case_id = uuid.uuid4()
    case_no = window.send(case_id, 1, materials=exempt_by_marriage_licence(case_id))
    assert first_material(exported(window.store)) == ("exempt", "电子证照：结婚证", "pending")
    window.look_up(case_id, case_no, FRESH_CARD_READ)
    record = exported(window.store)
    assert first_material(record) == ("missing", None, "failed")
    assert record["flags"] == window.flags(case_id) == ["elicence_unverified"]
    assert [m["status"] for m in record["materials"][1:]] == ["received"] * 5


def test_after_the_lookup_the_windows_next_version_tells_the_material(window: Window) -> None:
    case_id = uuid.uuid4()
    case_no = window.send(case_id, 1, materials=exempt_by_marriage_licence(case_id))
    window.look_up(case_id, case_no, FRESH_CARD_READ)
    paper = synthetic_payload(case_id, 2, case_no).to_json()["materials"]
    window.send(case_id, 2, materials=paper)  # the clerk took the paper certificate
    record = exported(window.store)
    assert first_material(record) == ("received", None, None)
    assert record["flags"] == window.flags(case_id) == []


def test_a_later_lookup_that_finds_the_licence_confirms_it_again(window: Window) -> None:
    case_id = uuid.uuid4()
    case_no = window.send(case_id, 1, materials=exempt_by_marriage_licence(case_id))
    window.look_up(case_id, case_no, FRESH_CARD_READ)
    elicences.add_licence(
        window.store,
        holder=synthetic_id_number(case_id),
        licence_type=MARRIAGE,
        number="J310104-2026-000123",
        issuer="上海市徐汇区民政局",
        valid_from=None,
        valid_to=None,
        document=None,
    )
    window.look_up(case_id, case_no, FRESH_CARD_READ)
    record = exported(window.store)
    assert first_material(record) == ("exempt", "电子证照：结婚证", "pending")
    assert record["flags"] == []
