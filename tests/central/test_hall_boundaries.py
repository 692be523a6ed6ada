"""Ids a device chooses (a review's, a lockout's, a sign-off's) or names (a case, a window)
stay inside its hall, on SQLite and PostgreSQL: one that belongs to another hall or device is
refused without a word of the other's, whose rows stay as they were, while the same
device's own retry is answered as before. A review holds only for a version the platform
has, a pre-application is consumed by a case of its own hall only, and a ticket is
redirected only to a window a live device of the hall is enrolled under."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from central.simulator import SimulatedDevice
from central.store import CentralStore, day_sign_offs
from central.store import arrivals as arrival_store
from central.store import cases as case_store
from central.store import devices as device_register
from central.store import staff as staff_register
from sync.errors import PlatformRefused
from sync.queue_system import PlatformQueueSystem
from sync.transport import PlatformTransport, TransportSettings
from sync.wire.arrivals import PreappConsumed
from sync.wire.signing import signed_headers
from sync.wire.tickets import TicketAction
from tests.central.conftest import error_of, push_ok, read_all, unique_hall
from tests.central.enrolled import register_staff
from tests.central.server_fixture import RunningCentral
from tests.sample_items import ID_NUMBER, NAME, RESIDENCE_FIRST

pytestmark = pytest.mark.integration

REVIEWS = "/v1/hall/reviews"
LOCKOUTS = "/v1/staff-lockouts"
SIGN_OFFS = "/v1/day-sign-offs"
TICKET_ACTIONS = "/v1/hall/tickets/actions"


@pytest.fixture(scope="module", autouse=True)
def catalog(central: RunningCentral) -> Iterator[None]:
    """Pre-applications name an item of the published catalog."""
    central.publish_bundled_catalog()
    yield


def post(device: SimulatedDevice, path: str, body: dict[str, Any]) -> requests.Response:
    return device.request("POST", path, json.dumps(body, ensure_ascii=False).encode("utf-8"))


def refused(response: requests.Response, status: int, code: str) -> requests.Response:
    """``response`` is the bilingual refusal ``status`` ``code`` (checked against the wire)."""
    assert response.status_code == status, response.text
    assert error_of(response)["code"] == code
    return response


def review(case: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {
        "review_id": str(uuid.uuid4()),
        "case_id": case["case_id"],
        "data_version": case["data_version"],
        "state": "rejected",
        "reason": "复印件与原件不符 copies differ",
        "reviewed_by": "chief1",
        "reviewed_at": datetime.now(UTC).isoformat(),
        **changes,
    }


def test_a_review_id_of_another_hall_is_refused_without_a_word_of_its_review(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    owner = enrol(unique_hall(), "W1")
    console = enrol(owner.hall, "W7")
    register_staff(store, owner.hall, ("chief1", "supervisor"))
    case = owner.case()
    push_ok(owner, [case])
    kept = post(console, REVIEWS, review(case))
    assert kept.status_code == 200, kept.text
    held = kept.json()

    intruder = enrol(unique_hall(), "W2")
    own_case = intruder.case()
    push_ok(intruder, [own_case])
    replayed = {k: held[k] for k in ("review_id", "case_id", "state", "reason", "reviewed_by")}
    for body in (
        review(case, **replayed),  # the other hall's review, as if sent again
        review(own_case, review_id=held["review_id"]),  # its id on a case of its own hall
    ):
        answer = refused(post(intruder, REVIEWS, body), 409, "review_id_taken")
        for leaked in (case["case_no"], held["reason"], "W7", held["reviewed_at"]):
            assert leaked not in answer.text
    assert read_all(intruder, "reviews", limit=10)[0] == []

    # The hall's own review is as it was, and the reviewing device's retry answers it again.
    assert read_all(owner, "reviews", limit=10)[0] == [held]
    again = post(console, REVIEWS, review(case, **replayed))
    assert (again.status_code, again.json()) == (200, held)


def test_a_review_holds_only_for_a_version_the_platform_has(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    owner = enrol(unique_hall(), "W1")
    console = enrol(owner.hall, "W2")
    register_staff(store, owner.hall, ("chief1", "supervisor"))
    case = owner.case()
    push_ok(owner, [case])
    for version in (999, 2):  # never sent; not sent yet
        answer = refused(
            post(console, REVIEWS, review(case, data_version=version)),
            404,
            "unknown_case_version",
        )
        assert case["case_no"] in error_of(answer)["message_zh"]
    assert read_all(owner, "reviews", limit=10)[0] == []

    first = review(case)
    kept = post(console, REVIEWS, first)
    assert (kept.status_code, kept.json()["data_version"]) == (200, 1), kept.text
    # Version 2 once pushed is reviewed too; the version 1 review's retry answers it again.
    second = owner.case(case_id=uuid.UUID(case["case_id"]), data_version=2, case_no=case["case_no"])
    push_ok(owner, [second])
    later = post(console, REVIEWS, review(case, data_version=2, state="approved", reason=""))
    assert later.status_code == 200, later.text
    assert post(console, REVIEWS, first).json() == kept.json()
    reviews = read_all(owner, "reviews", limit=10)[0]
    assert [(r["data_version"], r["state"]) for r in reviews] == [(1, "rejected"), (2, "approved")]


def add_clerk(central: RunningCentral, hall: str) -> None:
    central.cli(
        "staff",
        "add",
        "--hall",
        hall,
        "--name",
        "li.ming",
        "--role",
        "clerk",
        "--password-stdin",
        input="Window-2026-ok\n",
    )


def lockout(**changes: Any) -> dict[str, Any]:
    locked_at = datetime.now(UTC).replace(microsecond=0)
    return {
        "lockout_id": str(uuid.uuid4()),
        "username": "li.ming",
        "locked_at": locked_at.isoformat(),
        "until": (locked_at + timedelta(minutes=15)).isoformat(),
        "failed_attempts": 5,
        "lifted_at": None,
        "lifted_by": None,
        **changes,
    }


def lockouts_of(store: CentralStore, hall: str) -> list[dict[str, Any]]:
    (account,) = staff_register.staff_of_hall(store, hall)
    listed: list[dict[str, Any]] = account["lockouts"]
    return listed


def test_a_lockout_id_of_another_device_is_refused_and_the_others_lockout_kept(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    reporter, intruder = enrol(unique_hall(), "W1"), enrol(unique_hall(), "W1")
    neighbour = enrol(reporter.hall, "W2")
    for hall in (reporter.hall, intruder.hall):
        add_clerk(central, hall)
    report = lockout()
    first = post(reporter, LOCKOUTS, report)
    assert (first.status_code, first.json()["status"]) == (200, "stored"), first.text
    before = lockouts_of(store, reporter.hall)

    lifted = {"lifted_at": datetime.now(UTC).isoformat(), "lifted_by": "admin1"}
    for device in (intruder, neighbour):  # another hall's device, another of this hall
        answer = refused(post(device, LOCKOUTS, report | lifted), 409, "lockout_id_taken")
        assert first.json()["received_at"] not in answer.text
    assert lockouts_of(store, reporter.hall) == before
    assert [lock["state"] for lock in before] == ["active"]
    assert lockouts_of(store, intruder.hall) == []

    again = post(reporter, LOCKOUTS, report)
    assert again.json() == {"status": "duplicate", "received_at": first.json()["received_at"]}
    lifting = post(reporter, LOCKOUTS, report | lifted)
    assert (lifting.status_code, lifting.json()["status"]) == (200, "stored"), lifting.text
    assert [lock["state"] for lock in lockouts_of(store, reporter.hall)] == ["lifted"]


def sign_off(**changes: Any) -> dict[str, Any]:
    return {
        "sign_off_id": str(uuid.uuid4()),
        "day": "2026-11-26",
        "signed_by": "super01",
        "signed_at": "2026-11-26T10:00:00Z",
        "reconciled": True,
        "unacknowledged": [],
        "flagged_windows": [],
        "windows": [],
        **changes,
    }


def test_a_sign_off_id_of_another_device_is_refused_and_the_others_sign_off_kept(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    signer, intruder = enrol(unique_hall(), "W1"), enrol(unique_hall(), "W1")
    neighbour = enrol(signer.hall, "W2")
    body = sign_off()
    first = post(signer, SIGN_OFFS, body)
    assert (first.status_code, first.json()["status"]) == (200, "stored"), first.text
    before = day_sign_offs.day_sign_offs(store, signer.hall)

    for device in (intruder, neighbour):
        theirs = body | {"signed_by": "super02", "day": "2026-11-27", "reconciled": False}
        answer = refused(post(device, SIGN_OFFS, theirs), 409, "sign_off_id_taken")
        assert first.json()["received_at"] not in answer.text
    assert day_sign_offs.day_sign_offs(store, signer.hall) == before
    assert day_sign_offs.day_sign_offs(store, intruder.hall) == []

    again = post(signer, SIGN_OFFS, body)
    assert again.json() == {"status": "duplicate", "received_at": first.json()["received_at"]}


def test_the_pc_replacing_a_device_may_send_its_lockouts_and_sign_offs_again(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    """A replacement PC restored from the broken one's backup resends what that one had sent:
    the same reports, under its window's revoked device, are duplicates, not 409s; while the
    old device is live, a second device of the same window may not claim them."""
    old = enrol(unique_hall(), "W1")
    add_clerk(central, old.hall)
    report, body = lockout(), sign_off()
    first_lockout, first_sign_off = post(old, LOCKOUTS, report), post(old, SIGN_OFFS, body)
    assert (first_lockout.json()["status"], first_sign_off.json()["status"]) == (
        "stored",
        "stored",
    )

    beside = enrol(old.hall, "W1")  # the old device still live
    refused(post(beside, LOCKOUTS, report), 409, "lockout_id_taken")
    refused(post(beside, SIGN_OFFS, body), 409, "sign_off_id_taken")

    replacement = SimulatedDevice(central.url)
    code, _ = device_register.create_enroll_code(store, old.hall, "W1", 60, replaces=old.device_id)
    assert replacement.enroll(code).status_code == 200
    assert post(replacement, LOCKOUTS, report).json() == {
        "status": "duplicate",
        "received_at": first_lockout.json()["received_at"],
    }
    assert post(replacement, SIGN_OFFS, body).json() == {
        "status": "duplicate",
        "received_at": first_sign_off.json()["received_at"],
    }
    other_window = enrol(old.hall, "W2")  # the revoked device was not that window's
    refused(post(other_window, LOCKOUTS, report), 409, "lockout_id_taken")
    refused(post(other_window, SIGN_OFFS, body), 409, "sign_off_id_taken")
    assert [lock["state"] for lock in lockouts_of(store, old.hall)] == ["active"]
    assert len(day_sign_offs.day_sign_offs(store, old.hall)) == 1


def consume(device: SimulatedDevice, preapp_id: str, case_id: str) -> requests.Response:
    body = {
        "case_id": case_id,
        "case_no": "H1-W1-D1-20261204-000001",
        "consumed_at": "2026-12-04T02:00:00Z",
        "clerk": "clerk1",
    }
    return post(device, f"/v1/preapps/{preapp_id}/consumed", body)


def preapp(store: CentralStore, hall: str) -> str:
    created = arrival_store.create_preapp(
        store, hall, RESIDENCE_FIRST, None, id_number=ID_NUMBER, name=NAME, files=()
    )
    return str(created["arrival_id"])


def test_a_pre_application_is_not_consumed_by_another_halls_case(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    other, window = enrol(unique_hall(), "W1"), enrol(unique_hall(), "W1")
    foreign = other.case()
    push_ok(other, [foreign])
    foreign_before = list(case_store.chosen_cases(store, case_store.CaseChoice(hall=other.hall)))
    preapp_id = preapp(store, window.hall)

    answer = refused(consume(window, preapp_id, foreign["case_id"]), 404, "unknown_case")
    assert foreign["case_no"] not in answer.text
    assert arrival_store.arrival(store, preapp_id)["state"] == "submitted"
    assert (
        list(case_store.chosen_cases(store, case_store.CaseChoice(hall=other.hall)))
        == foreign_before
    )

    # A case of its own hall, held or not pushed yet (the report may come first), consumes it.
    own = window.case()
    push_ok(window, [own])
    first, again = (
        consume(window, preapp_id, own["case_id"]),
        consume(window, preapp_id, own["case_id"]),
    )
    answers = [PreappConsumed.model_validate(r.json()) for r in (first, again)]
    assert [(a.status, a.recorded_at) for a in answers] == [
        ("stored", answers[0].recorded_at),
        ("duplicate", answers[0].recorded_at),
    ]
    ahead = consume(window, preapp(store, window.hall), str(uuid.uuid4()))
    assert (ahead.status_code, ahead.json()["status"]) == (200, "stored"), ahead.text


class DeviceSigner:
    """Signs as a simulated device: the window's real transport and queue-system adapter,
    without a counter's home to hold the key."""

    def __init__(self, device: SimulatedDevice) -> None:
        self.device = device

    def headers_for(self, method: str, path: str, body: bytes) -> dict[str, str]:
        return signed_headers(
            self.device.key, device_id=self.device.device_id, method=method, path=path, body=body
        )


def ticket_step(device: SimulatedDevice, action: str, **fields: Any) -> requests.Response:
    return post(
        device, TICKET_ACTIONS, {"request_id": str(uuid.uuid4()), "action": action, **fields}
    )


def test_a_ticket_is_redirected_only_to_a_window_of_the_hall(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    hall = unique_hall()
    w01, w02, w03 = enrol(hall, "W01"), enrol(hall, "W02"), enrol(hall, "W03")
    elsewhere = enrol(unique_hall(), "W09")  # a window of another hall
    device_register.revoke_device(store, w03.device_id)
    central.cli("ticket", "issue", "--hall", hall, "--json")
    called = ticket_step(w01, "call").json()["ticket"]
    started = ticket_step(w01, "start", ticket_id=called["ticket_id"])
    assert started.status_code == 200, started.text

    for window in ("W09", "W03", "w02"):  # another hall's, revoked, not its exact code
        answer = refused(
            ticket_step(w01, "redirect", ticket_id=called["ticket_id"], to_window=window),
            404,
            "unknown_window",
        )
        assert window in error_of(answer)["message_zh"]
    listed = w01.request("GET", "/v1/hall/tickets").json()
    assert (listed["current"]["state"], len(listed["current"]["visits"])) == ("serving", 1)
    assert elsewhere.request("GET", "/v1/hall/tickets").json()["waiting"] == []

    # The window's queue-system adapter takes it as a refusal in words, as it takes the others.
    system = PlatformQueueSystem(
        PlatformTransport(
            TransportSettings(central.url, allow_insecure_http=True), DeviceSigner(w01)
        )
    )
    step = TicketAction(
        request_id=uuid.uuid4(), action="redirect", ticket_id=called["ticket_id"], to_window="W09"
    )
    try:
        with pytest.raises(PlatformRefused) as refusal:
            system.act(step)
    finally:
        system.close()
    assert refusal.value.platform_code == "unknown_window"
    assert "本大厅没有窗口 W09" in refusal.value.message("zh")
    assert "no window W09" in refusal.value.message("en")

    body = {
        "request_id": str(uuid.uuid4()),
        "action": "redirect",
        "ticket_id": called["ticket_id"],
        "to_window": "W02",
    }
    moved, again = post(w01, TICKET_ACTIONS, body), post(w01, TICKET_ACTIONS, body)
    assert (moved.json()["status"], again.json()["status"]) == ("done", "repeated")
    assert again.json()["ticket"] == moved.json()["ticket"]
    assert (moved.json()["ticket"]["state"], moved.json()["ticket"]["window"]) == ("waiting", "W02")
    assert ticket_step(w02, "call").json()["ticket"]["ticket_id"] == called["ticket_id"]
