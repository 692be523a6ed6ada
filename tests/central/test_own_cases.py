"""``GET /v1/device/own-cases`` over each store (SQLite, PostgreSQL): the cases whose number
carries a prefix bound to the calling device - its own and those of the PC it replaced -
in case-number order, page by page, each with its newest version and where it stands;
never another window's."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import requests

from central.simulator import SimulatedDevice
from central.store import CentralStore, progress
from central.store import devices as device_register
from sync.wire.own_cases import OWN_CASES_PATH, OwnCasesPage
from tests.central.conftest import error_of, push_ok, unique_hall
from tests.central.server_fixture import RunningCentral


def own_cases(device: SimulatedDevice, after: str, limit: int) -> requests.Response:
    prepared = requests.Request(
        "GET", f"{device.base_url}{OWN_CASES_PATH}", params={"after": after, "limit": limit}
    ).prepare()
    assert prepared.path_url is not None
    return device.request("GET", prepared.path_url)


def walk(device: SimulatedDevice, limit: int) -> tuple[list[tuple[str, int, str]], int]:
    """Every page from the first: ((case number, version, state) in order, pages read)."""
    items: list[tuple[str, int, str]] = []
    after, pages = "", 0
    while True:
        response = own_cases(device, after, limit)
        assert response.status_code == 200, response.text
        page = OwnCasesPage.model_validate(response.json())
        items += [(i.case_no, i.data_version, i.state.value) for i in page.items]
        after, pages = page.after, pages + 1
        if not page.more:
            return items, pages


def _uuid(case: dict[str, object]) -> uuid.UUID:
    return uuid.UUID(str(case["case_id"]))


def test_a_replacement_lists_its_own_cases_and_the_replaced_pcs_in_pages(
    central: RunningCentral, store: CentralStore, enrol: Callable[..., SimulatedDevice]
) -> None:
    old = enrol(unique_hall(), "W1")
    taken = [old.case() for _ in range(3)]
    push_ok(old, taken)
    push_ok(old, [old.case(case_id=_uuid(taken[0]), data_version=2, case_no=taken[0]["case_no"])])
    progress.record_progress(store, taken[1]["case_id"], "in_process", "")
    neighbour = enrol(old.hall, "W2")
    beside = neighbour.case()
    push_ok(neighbour, [beside])

    replacement = SimulatedDevice(central.url, inherited_number_devices=(old.number_device,))
    code, _ = device_register.create_enroll_code(store, old.hall, "W1", 60, replaces=old.device_id)
    assert replacement.enroll(code).status_code == 200
    own = replacement.case()
    push_ok(replacement, [own])

    items, pages = walk(replacement, limit=2)

    expected = sorted(
        [
            (taken[0]["case_no"], 2, "accepted"),
            (taken[1]["case_no"], 1, "in_process"),
            (taken[2]["case_no"], 1, "accepted"),
            (own["case_no"], 1, "accepted"),
        ]
    )
    assert (items, pages) == (expected, 2)
    assert walk(neighbour, limit=100) == ([(beside["case_no"], 1, "accepted")], 1)
    refused = own_cases(old, "", 10)  # revoked by the replacement's enrolment
    assert refused.status_code == 401, refused.text
    assert error_of(refused)["code"] == "device_revoked"


def test_an_after_that_is_no_case_number_is_refused(
    enrol: Callable[..., SimulatedDevice],
) -> None:
    device = enrol(unique_hall(), "W1")
    for after in ("\x00", "W1;DROP", "x" * 81):
        refused = own_cases(device, after, 10)
        assert refused.status_code == 422, refused.text
        assert error_of(refused)["code"] == "validation_failed"
