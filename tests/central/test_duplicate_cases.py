"""Cases that repeat another, across windows and halls: the platform stores them and flags
them in the hall queue with the other case's number (``same_applicant_same_item``,
``id_number_other_name``, ``preapp_used_twice``), and ``counter-central cases`` shows the
flags; a second open pre-application of one applicant for one item is refused with the
first one's id."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from central.errors import PreappExists
from central.simulator import SimulatedDevice, synthetic_payload
from central.store import CentralStore, arrivals, publishing
from central.store.push import push_batch
from counter_app.domain.case_document import hash_canonical
from counter_app.domain.hall_queue import (
    ID_NUMBER_OTHER_NAME,
    PREAPP_USED_TWICE,
    SAME_APPLICANT_SAME_ITEM,
)
from counter_app.store.catalog import bundled_catalog
from sync.wire.case_push import CaseSubmission
from tests.central.applicant_cases import case_of, hall_queue_flags, new_person
from tests.central.conftest import CliRun, Platform, error_of, push_ok
from tests.central.enrolled import enrol_window
from tests.central.server_fixture import RunningCentral
from tests.sample_items import ENDORSEMENT, RESIDENCE_FIRST

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module", autouse=True)
def catalog(central: RunningCentral, store: CentralStore) -> Iterator[None]:
    document = bundled_catalog()
    publishing.publish_document(store, "catalog", document, int(document["version"]))
    yield


def test_the_same_applicant_taken_again_for_an_item_at_another_hall_is_flagged(
    enrol: Callable[..., SimulatedDevice],
) -> None:
    xuhui, pudong, xuhui_w2 = enrol(), enrol(), enrol()
    person = new_person()
    first = case_of(xuhui, person, "张三")
    push_ok(xuhui, [first])
    again = case_of(pudong, person, "张　三")  # the same name, spaced otherwise
    other_item = case_of(pudong, person, "张三", item="310101-HJ-002")
    push_ok(pudong, [again, other_item])
    assert hall_queue_flags(xuhui)[first["case_id"]] == []  # the first one stays as it was
    flags = hall_queue_flags(pudong)
    assert flags[again["case_id"]] == [SAME_APPLICANT_SAME_ITEM, first["case_no"]]
    assert flags[other_item["case_id"]] == []
    # A new version of the flagged case keeps the flag; the first case's new version gains none.
    push_ok(
        pudong,
        [
            pudong.case(
                case_id=uuid.UUID(again["case_id"]),
                data_version=2,
                payload={**again["payload"], "data_version": 2},
            )
        ],
    )
    assert hall_queue_flags(pudong)[again["case_id"]][:2] == [
        SAME_APPLICANT_SAME_ITEM,
        first["case_no"],
    ]
    # Two of one batch: the later is flagged with the earlier.
    one = case_of(xuhui_w2, new_person(), "李四")
    two = case_of(xuhui_w2, one["payload"]["applicant"]["id_number"], "李四")
    push_ok(xuhui_w2, [one, two])
    assert [hall_queue_flags(xuhui_w2)[c["case_id"]] for c in (one, two)] == [
        [],
        [SAME_APPLICANT_SAME_ITEM, one["case_no"]],
    ]


def test_an_ended_case_of_another_day_is_no_duplicate_but_one_of_the_same_day_is(
    enrol: Callable[..., SimulatedDevice],
) -> None:
    device, later = enrol(), enrol()
    person = new_person()
    ended = case_of(device, person, "王五", state="withdrawn")
    push_ok(device, [ended])
    same_day = case_of(later, person, "王五")
    push_ok(later, [same_day])
    assert hall_queue_flags(later)[same_day["case_id"]] == [
        SAME_APPLICANT_SAME_ITEM,
        ended["case_no"],
    ]
    other_day = case_of(later, new_person(), "赵六", state="withdrawn")
    other_day["payload"]["case_no"] = other_day["case_no"] = other_day["case_no"].replace(
        "-20261127-", "-20261126-"
    )
    retaken = case_of(later, other_day["payload"]["applicant"]["id_number"], "赵六")
    push_ok(
        later,
        [
            later.case(
                case_id=uuid.UUID(other_day["case_id"]),
                case_no=other_day["case_no"],
                payload=other_day["payload"],
            )
        ],
    )
    push_ok(later, [retaken])
    assert hall_queue_flags(later)[retaken["case_id"]] == []


def test_an_id_number_under_another_name_is_flagged(
    enrol: Callable[..., SimulatedDevice],
) -> None:
    device = enrol()
    person = new_person()
    first = case_of(device, person, "李四")
    push_ok(device, [first])
    renamed = case_of(device, person, "王 五", item="310101-HJ-002")
    respelled = case_of(device, person, "李 四", item="310101-HJ-003")
    push_ok(device, [renamed])
    push_ok(device, [respelled])
    flags = hall_queue_flags(device)
    assert flags[renamed["case_id"]] == [ID_NUMBER_OTHER_NAME, first["case_no"]]
    assert flags[respelled["case_id"]] == [ID_NUMBER_OTHER_NAME, renamed["case_no"]]


def _preapp(run_cli: Callable[..., CliRun], central: RunningCentral, hall: str, *args: str):
    return run_cli("preapp", "create", "--hall", hall, *args, *central.store_args(), "--json")


def test_a_second_open_pre_application_answers_with_the_first(
    enrol: Callable[..., SimulatedDevice],
    central: RunningCentral,
    store: CentralStore,
    run_cli: Callable[..., CliRun],
) -> None:
    hall, other_hall = enrol().hall, enrol().hall
    person = new_person()
    created = _preapp(
        run_cli, central, hall, "--item", RESIDENCE_FIRST,
        "--id-number", person.lower(), "--name", " 李　四 ",
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    first = created.json()["arrival_id"]
    typed = "".join(chr(ord(c) + 0xFEE0) for c in person)  # full width
    again = _preapp(
        run_cli, central, hall, "--item", RESIDENCE_FIRST, "--id-number", typed, "--name", "李四"
    )
    assert again.returncode == 1 and again.json()["error"]["code"] == "preapp_exists"
    assert again.stderr.index("该申请人在本大厅已有") < again.stderr.index("This applicant")
    assert first in again.stderr
    with pytest.raises(PreappExists) as refused:  # what an API would answer: 409, the first
        arrivals.create_preapp(
            store, hall, RESIDENCE_FIRST, None, id_number=person, name="李四", files=[]
        )
    assert (refused.value.status, refused.value.body()["error"]["details"]) == (
        409,
        {"preapp_id": first},
    )
    assert refused.value.code == "preapp_exists"
    # Another item at the hall, the same item at another hall: taken.
    for at, item in ((hall, ENDORSEMENT), (other_hall, RESIDENCE_FIRST)):
        taken = _preapp(
            run_cli, central, at, "--item", item, "--id-number", person, "--name", "李四"
        )
        assert taken.returncode == 0, taken.stderr


def test_a_case_refused_its_pre_application_is_flagged_with_the_first_case(
    enrol: Callable[..., SimulatedDevice],
    central: RunningCentral,
    run_cli: Callable[..., CliRun],
) -> None:
    window = enrol()
    other_window = enrol(hall=window.hall, window="W2")
    person = new_person()
    preapp_id = _preapp(
        run_cli,
        central,
        window.hall,
        "--item",
        RESIDENCE_FIRST,
        "--id-number",
        person,
        "--name",
        "李四",
    ).json()["arrival_id"]
    first = case_of(window, person, "李四", preapp_id=preapp_id)
    second = case_of(other_window, person, "李四", item="310101-HJ-009", preapp_id=preapp_id)
    push_ok(window, [first])
    push_ok(other_window, [second])

    def consume(device: SimulatedDevice, case: dict[str, Any]) -> Any:
        body = {
            "case_id": case["case_id"],
            "case_no": case["case_no"],
            "consumed_at": "2026-12-04T02:00:00Z",
            "clerk": "clerk1",
        }
        return device.request(
            "POST", f"/v1/preapps/{preapp_id}/consumed", json.dumps(body).encode("utf-8")
        )

    assert consume(window, first).status_code == 200
    refused = consume(other_window, second)
    assert refused.status_code == 409
    assert error_of(refused)["code"] == "preapp_consumed_elsewhere"
    expected = [PREAPP_USED_TWICE, first["case_no"]]
    assert hall_queue_flags(other_window)[second["case_id"]] == expected
    listed = run_cli("cases", "--hall", window.hall, *central.store_args(), "--json")
    flags = {c["case_id"]: c["flags"] for c in listed.json()["cases"]}
    assert (flags[first["case_id"]], flags[second["case_id"]]) == ([], expected)
    # Its next version is flagged at once: the platform knows who used the pre-application.
    push_ok(
        other_window,
        [
            other_window.case(
                case_id=uuid.UUID(second["case_id"]),
                case_no=second["case_no"],
                data_version=2,
                payload={**second["payload"], "data_version": 2},
            )
        ],
    )
    assert hall_queue_flags(other_window)[second["case_id"]] == expected


def test_the_platform_logs_each_case_it_flags_as_a_repeat(
    platform: Platform, caplog: pytest.LogCaptureFixture
) -> None:
    device = enrol_window(platform.store, platform.hall, "W01")
    person = new_person()
    cases = []
    for _ in range(2):
        case_id = uuid.uuid4()
        case_no = (
            f"{platform.hall}-W01-D{device.device_id[:6].upper()}-20261127-{len(cases) + 1:06d}"
        )
        document = synthetic_payload(case_id, 1, case_no)
        applicant = document.applicant.model_copy(update={"id_number": person})
        document = document.model_copy(update={"applicant": applicant})
        cases.append(
            CaseSubmission(
                case_id=case_id, data_version=1, content_hash=hash_canonical(document.canonical()),
                hall=platform.hall, window="W01", device=case_no.split("-")[2], case_no=case_no,
                payload=document,
            )
        )  # fmt: skip
    with caplog.at_level(logging.WARNING, logger="central.store"):
        results = push_batch(platform.store, device, uuid.uuid4().hex, cases)
    assert [r.status for r in results] == ["stored", "stored"]
    assert [r.getMessage() for r in caplog.records if "repeats" in r.getMessage()] == [
        f"device {device.device_id} case {cases[1].case_id} repeats another case; stored, "
        f"flagged {SAME_APPLICANT_SAME_ITEM} {cases[0].case_no}"
    ]
