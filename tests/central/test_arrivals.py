"""The online channel on the platform: pre-applications and appointments made with
``counter-central``, read by the hall's windows in the ``arrivals`` feed for a window of
days, and a window's report that it accepted a case from a pre-application (idempotent) -
on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from central.simulator import SimulatedDevice
from central.store import CentralStore, publishing
from counter_app.domain.hall_time import hall_today
from counter_app.identity.samples import gb11643
from counter_app.store.catalog import bundled_catalog
from sync.wire.arrivals import Arrival, PreappConsumed
from tests.central.booking_times import later_today
from tests.central.conftest import CliRun, error_of, unique_hall
from tests.central.open_halls import open_every_day
from tests.central.server_fixture import RunningCentral
from tests.sample_items import ENDORSEMENT, ID_NUMBER, NAME, RESIDENCE_FIRST

pytestmark = pytest.mark.integration

APPLICANT = (ID_NUMBER, NAME)


@pytest.fixture(scope="module", autouse=True)
def catalog(central: RunningCentral, store: CentralStore) -> Iterator[None]:
    document = bundled_catalog()
    publishing.publish_document(store, "catalog", document, int(document["version"]))
    yield


def window_of(device: SimulatedDevice, first: date, days: int) -> dict[str, str]:
    return {"from": first.isoformat(), "until": (first + timedelta(days=days)).isoformat()}


def arrivals(device: SimulatedDevice, first: date, days: int = 2, **more: Any) -> dict[str, Any]:
    response = device.feed("arrivals", **window_of(device, first, days), **more)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    for item in page["items"]:
        Arrival.model_validate(item)
    return page


def cli_json(run: Callable[..., CliRun], central: RunningCentral, *args: str) -> Any:
    result = run(*args, *central.store_args(), "--json")
    assert result.returncode == 0, result.stderr
    return result.json()


def consume(device: SimulatedDevice, preapp_id: str, case_id: str) -> requests.Response:
    body = {
        "case_id": case_id,
        "case_no": "H1-W1-D1-20261204-000001",
        "consumed_at": "2026-12-04T02:00:00Z",
        "clerk": "clerk1",
    }
    return device.request(
        "POST", f"/v1/preapps/{preapp_id}/consumed", json.dumps(body).encode("utf-8")
    )


def test_a_pre_application_reaches_its_halls_windows_with_its_files_hashes(
    enrol: Callable[..., SimulatedDevice],
    central: RunningCentral,
    run_cli: Callable[..., CliRun],
    tmp_path: Path,
) -> None:
    hall = unique_hall()
    window, stranger = enrol(hall), enrol()
    form = tmp_path / "申请表.pdf"
    form.write_bytes(b"%PDF-1.4 application form")
    created = cli_json(
        run_cli,
        central,
        "preapp",
        "create",
        "--hall",
        hall,
        "--item",
        RESIDENCE_FIRST,
        "--id-number",
        APPLICANT[0],
        "--name",
        APPLICANT[1],
        "--material",
        f"M01={form}",
    )
    assert (created["state"], created["review"], created["situation"]) == (
        "submitted",
        "passed",
        "S01",
    )
    [item] = arrivals(window, hall_today())["items"]
    assert (item["arrival_id"], item["item_name"], item["name"]) == (
        created["arrival_id"],
        "上海市居住证办理（首次申领）",
        "王建国",
    )
    assert item["materials"] == [
        {
            "code": "M01",
            "file_name": "申请表.pdf",
            "size": len(form.read_bytes()),
            "sha256": hashlib.sha256(form.read_bytes()).hexdigest(),
            "sm3": hashlib.new("sm3", form.read_bytes()).hexdigest(),
        }
    ]
    assert arrivals(stranger, hall_today())["items"] == []


def test_appointments_for_the_date_window_with_their_cancellation(
    enrol: Callable[..., SimulatedDevice],
    central: RunningCentral,
    store: CentralStore,
    run_cli: Callable[..., CliRun],
) -> None:
    hall = unique_hall()
    window = enrol(hall)
    open_every_day(store, hall)
    tomorrow = hall_today() + timedelta(days=1)

    def book(day: date, id_number: str = APPLICANT[0]) -> dict[str, Any]:
        return cli_json(
            run_cli,
            central,
            "appointment",
            "create",
            "--hall",
            hall,
            "--item",
            ENDORSEMENT,
            "--id-number",
            id_number,
            "--at",
            f"{day.isoformat()}T09:30",
        )

    # Two holders the same day: a holder books an item once a day at a hall.
    first, second = book(tomorrow), book(tomorrow, gb11643("31010419580312002"))
    far = book(hall_today() + timedelta(days=5))  # within 5 working days, whatever today
    assert (first["appointment_no"], second["appointment_no"]) == (
        f"A{tomorrow:%m%d}001",
        f"A{tomorrow:%m%d}002",
    )
    assert first["slot_at"] == f"{tomorrow.isoformat()}T09:30:00+08:00"
    cancelled = cli_json(run_cli, central, "appointment", "cancel", first["arrival_id"])
    assert cancelled["state"] == "cancelled"
    # Cancelled again (a script's retry): the same answer, no new revision in the feed below.
    again = cli_json(run_cli, central, "appointment", "cancel", first["arrival_id"])
    assert again == {**cancelled, "replayed": True} and cancelled["replayed"] is False
    refused = run_cli("appointment", "no-show", first["arrival_id"], *central.store_args())
    assert refused.returncode == 1 and "cancelled" in refused.stderr
    # A no-show waits for its day to be over (tests/central/test_appointment_no_shows.py).
    early = run_cli("appointment", "no-show", second["arrival_id"], *central.store_args())
    assert early.returncode == 1 and "还没有过去" in early.stderr

    page = arrivals(window, hall_today())
    assert [(i["arrival_id"], i["state"]) for i in page["items"]] == [
        (first["arrival_id"], "booked"),
        (second["arrival_id"], "booked"),
        (first["arrival_id"], "cancelled"),
    ]
    # The appointment five days ahead comes with a window that reaches it.
    assert far["arrival_id"] in {i["arrival_id"] for i in arrivals(window, tomorrow, 10)["items"]}
    # The cursor is bound to its window of days: another window starts again from the start.
    stale = window.feed("arrivals", **window_of(window, tomorrow, 2), cursor=page["cursor"])
    assert stale.status_code == 400 and error_of(stale)["code"] == "bad_cursor"
    again = arrivals(window, hall_today(), cursor=page["cursor"])
    assert (again["items"], again["more"]) == ([], False)


def test_a_script_run_again_books_and_publishes_nothing_twice(
    enrol: Callable[..., SimulatedDevice],
    central: RunningCentral,
    store: CentralStore,
    run_cli: Callable[..., CliRun],
    tmp_path: Path,
) -> None:
    """``--id`` names the arrival: created again, it answers the one stored as it stands
    (a pre-application accepted meanwhile stays accepted); ``catalog publish --if-newer``
    of a version published already changes nothing."""
    hall = unique_hall()
    window = enrol(hall)
    open_every_day(store, hall)
    appointment_id, preapp_id = str(uuid.uuid4()), str(uuid.uuid4())
    form = tmp_path / "申请表.pdf"
    form.write_bytes(b"%PDF-1.4 application form")

    def book() -> dict[str, Any]:
        return cli_json(
            run_cli, central, "appointment", "create", "--id", appointment_id, "--hall", hall,
            "--item", ENDORSEMENT, "--id-number", APPLICANT[0], "--at", later_today().isoformat(),
        )  # fmt: skip

    def submit() -> dict[str, Any]:
        return cli_json(
            run_cli, central, "preapp", "create", "--id", preapp_id, "--hall", hall,
            "--item", RESIDENCE_FIRST, "--id-number", APPLICANT[0], "--name", APPLICANT[1],
            "--material", f"M10={form}",
        )  # fmt: skip

    booked, submitted = book(), submit()
    assert (booked["arrival_id"], submitted["arrival_id"]) == (appointment_id, preapp_id)
    assert consume(window, preapp_id, str(uuid.uuid4())).status_code == 200
    rebooked = book()
    assert (rebooked["appointment_no"], rebooked["revision"]) == (booked["appointment_no"], 1)
    assert submit()["state"] == "consumed"
    page = arrivals(window, hall_today())
    assert [(i["arrival_id"], i["state"]) for i in page["items"]] == [
        (appointment_id, "booked"),
        (preapp_id, "submitted"),
        (preapp_id, "consumed"),
    ]
    taken = run_cli("preapp", "create", "--id", appointment_id, "--hall", hall, "--item",
                    RESIDENCE_FIRST, "--id-number", APPLICANT[0], "--name", APPLICANT[1],
                    *central.store_args())  # fmt: skip
    assert taken.returncode == 1 and "another kind" in taken.stderr

    catalog = tmp_path / "catalog.json"
    catalog.write_text(json.dumps(bundled_catalog(), ensure_ascii=False), encoding="utf-8")
    again = run_cli("catalog", "publish", str(catalog), "--if-newer", *central.store_args())
    assert again.returncode == 0 and again.json()["sequence"] is None
    refused = run_cli("catalog", "publish", str(catalog), *central.store_args())
    assert refused.returncode == 1 and "not newer" in refused.stderr


def test_a_window_reports_a_pre_application_consumed_once(
    enrol: Callable[..., SimulatedDevice],
    central: RunningCentral,
    run_cli: Callable[..., CliRun],
) -> None:
    hall = unique_hall()
    window, other_window, stranger = enrol(hall), enrol(hall, "W2"), enrol()
    preapp = cli_json(
        run_cli,
        central,
        "preapp",
        "create",
        "--hall",
        hall,
        "--item",
        RESIDENCE_FIRST,
        "--id-number",
        APPLICANT[0],
        "--name",
        APPLICANT[1],
    )
    preapp_id, case_id = preapp["arrival_id"], str(uuid.uuid4())
    unseen = consume(stranger, preapp_id, case_id)
    assert unseen.status_code == 404 and error_of(unseen)["code"] == "unknown_preapp"
    first, again = consume(window, preapp_id, case_id), consume(window, preapp_id, case_id)
    assert (first.status_code, again.status_code) == (200, 200)
    answers = [PreappConsumed.model_validate(r.json()) for r in (first, again)]
    assert [a.status for a in answers] == ["stored", "duplicate"]
    assert answers[0].recorded_at == answers[1].recorded_at
    elsewhere = consume(other_window, preapp_id, str(uuid.uuid4()))
    assert elsewhere.status_code == 409
    assert error_of(elsewhere)["code"] == "preapp_consumed_elsewhere"

    items = arrivals(other_window, hall_today())["items"]
    assert [(i["state"], i["consumed_case_id"]) for i in items] == [
        ("submitted", None),
        ("consumed", case_id),
    ]
    shown = cli_json(run_cli, central, "preapp", "show", preapp_id)
    assert (shown["state"], shown["consumed_device"]) == ("consumed", window.device_id)


def test_a_window_of_days_is_checked(enrol: Callable[..., SimulatedDevice]) -> None:
    device = enrol()
    response = device.feed("arrivals", **{"from": "2026-12-05", "until": "2026-12-04"})
    assert response.status_code == 422
    assert error_of(response)["code"] == "validation_failed"


def test_a_material_that_is_a_folder_or_missing_is_named(
    tmp_path: Path, run_cli: Callable[..., CliRun]
) -> None:
    """Once ``错误：[Errno 21] Is a directory`` in both languages; nothing is created."""
    folder = tmp_path / "scans"
    folder.mkdir()
    db = tmp_path / "central.sqlite3"
    create = ("preapp", "create", "--hall", "H1", "--item", RESIDENCE_FIRST, "--id-number",
              ID_NUMBER, "--name", NAME, "--db", str(db))  # fmt: skip
    for material, zh, en in (
        (folder, "是一个文件夹，不是文件", "is a folder, not a file"),
        (tmp_path / "gone.pdf", "不存在", "does not exist"),
    ):
        refused = run_cli(*create, "--material", f"M10={material}")
        assert refused.returncode == 1
        assert refused.stderr == (
            f"错误：{material} {zh}。请检查命令中的路径后重试。\n"
            f"Error: {material} {en}. Check the path in the command and try again.\n"
        )
    assert not db.exists()
