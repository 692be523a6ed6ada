"""Change feeds (paging, opaque cursors, hall scoping) fed by the operator CLI."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from central.errors import OperatorError
from central.simulator import SimulatedDevice
from central.store import CentralStore, progress, publishing
from central.store import cases as case_store
from sync.wire.feeds import FeedPage, ProgressEvent, PublishedDocument
from sync.wire.notices import Notice
from tests.central.case_versions import version_of
from tests.central.conftest import CliRun, error_of, push_ok, read_all, unique_hall
from tests.central.server_fixture import RunningCentral

pytestmark = pytest.mark.integration

DATA = Path(__file__).parents[2] / "counter_app" / "data"


def test_progress_feed_pages_without_skip_or_duplicate(
    enrol: Callable[..., SimulatedDevice],
    central: RunningCentral,
    store: CentralStore,
    run_cli: Callable[..., CliRun],
) -> None:
    device = enrol()
    other = enrol()
    cases = [device.case() for _ in range(4)]
    assert device.push(cases).status_code == 200
    assert other.push([other.case()]).status_code == 200
    progress.record_progress(store, cases[0]["case_id"], "in_process", "")
    for case in cases[1:]:
        progress.record_progress(store, case["case_no"], "in_process", "材料审核中")
    progress.record_progress(store, cases[0]["case_id"], "completed_approved", "准予")
    (others,) = case_store.chosen_cases(store, case_store.CaseChoice(hall=other.hall))
    progress.record_progress(store, others["case_id"], "in_process", "")

    items, pages, cursor = read_all(device, "progress", limit=2)
    FeedPage[ProgressEvent].model_validate({"items": items, "cursor": cursor, "more": False})
    assert pages == 3
    assert [i["sequence"] for i in items] == sorted({i["sequence"] for i in items})
    assert len(items) == 5  # the other hall's progress is not here
    assert items[-1]["state"] == "completed_approved"
    assert {i["case_id"] for i in items} == {c["case_id"] for c in cases}

    # Nothing new: same cursor back, no items. New progress: exactly it.
    empty = device.feed("progress", cursor=cursor).json()
    assert (empty["items"], empty["cursor"], empty["more"]) == ([], cursor, False)
    done = run_cli(
        "progress",
        cases[0]["case_no"],
        "--to",
        "result_ready",
        "--note",
        "可领取",
        *central.store_args(),
    )
    assert done.returncode == 0, done.stderr
    (fresh,) = device.feed("progress", cursor=cursor).json()["items"]
    assert (fresh["case_id"], fresh["state"], fresh["note"]) == (
        cases[0]["case_id"],
        "result_ready",
        "可领取",
    )


def test_bad_cursors_are_400(enrol: Callable[..., SimulatedDevice]) -> None:
    device = enrol()
    good = device.feed("notices").json()["cursor"]
    body, tag = good.split(".")
    # Another tag: its first character changed (a fixed ending such as "AA" is, once in a
    # few hundred runs, the tag's own).
    forged = f"{body}.{'B' if tag[0] == 'A' else 'A'}{tag[1:]}"
    for cursor in ("garbage", good + "x", forged, "a.b", "…", "", "." * 3):
        response = device.feed("notices", cursor=cursor)
        if cursor == "":
            assert response.status_code == 200  # empty = from the start
            continue
        assert response.status_code == 400, cursor
        assert error_of(response)["code"] == "bad_cursor"
    catalog_cursor = device.feed("catalog").json()["cursor"]
    response = device.feed("calendar", cursor=catalog_cursor)  # another feed's cursor
    assert response.status_code == 400 and error_of(response)["code"] == "bad_cursor"


def test_catalog_and_calendar_publish_reach_the_feeds(
    enrol: Callable[..., SimulatedDevice],
    central: RunningCentral,
    tmp_path: Path,
    run_cli: Callable[..., CliRun],
) -> None:
    device = enrol()
    _, _, start = read_all(device, "catalog", limit=500)
    catalog = json.loads((DATA / "catalog" / "training.json").read_text(encoding="utf-8"))
    latest = max([0, *(i["version"] for i in read_all(device, "catalog", 500)[0])])
    catalog["version"] = latest + 1
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(catalog, ensure_ascii=False), encoding="utf-8")
    published = run_cli("catalog", "publish", str(path), *central.store_args()).json()
    assert published["version"] == latest + 1
    (item,) = device.feed("catalog", cursor=start).json()["items"]
    PublishedDocument.model_validate(item)
    assert item["version"] == latest + 1 and item["document"] == catalog

    calendar = json.loads((DATA / "calendar" / "cn-2025-2026.json").read_text(encoding="utf-8"))
    cal_start = read_all(device, "calendar", 500)
    calendar["version"] = max([0, *(i["version"] for i in cal_start[0])]) + 1
    path = tmp_path / "calendar.json"
    path.write_text(json.dumps(calendar, ensure_ascii=False), encoding="utf-8")
    assert run_cli("calendar", "publish", str(path), *central.store_args()).returncode == 0
    (item,) = device.feed("calendar", cursor=cal_start[2]).json()["items"]
    assert item["document"] == calendar


def test_publishing_refuses_bad_documents_clearly(
    central: RunningCentral, tmp_path: Path, run_cli: Callable[..., CliRun]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"version": 999999, "published_at": "2026-01-01T00:00:00Z", "items": []}')
    out = run_cli("catalog", "publish", str(bad), *central.store_args())
    assert out.returncode == 1 and "items" in out.stderr and "错误" in out.stderr
    bad.write_text("{not json")
    out = run_cli("calendar", "publish", str(bad), *central.store_args())
    assert out.returncode == 1 and "JSON" in out.stderr
    catalog = json.loads((DATA / "catalog" / "training.json").read_text(encoding="utf-8"))
    catalog["version"] = 1
    (tmp_path / "old.json").write_text(json.dumps(catalog), encoding="utf-8")
    out = run_cli("catalog", "publish", str(tmp_path / "old.json"), *central.store_args())
    if out.returncode == 0:  # first publish on this store; the second must be refused
        out = run_cli("catalog", "publish", str(tmp_path / "old.json"), *central.store_args())
    assert out.returncode == 1 and "version" in out.stderr.lower()


def test_a_catalog_no_store_can_keep_is_refused_naming_the_field(
    tmp_path: Path, run_cli: Callable[..., CliRun]
) -> None:
    """A version past an integer column (was OverflowError) and a lone surrogate in an item's
    name (was UnicodeEncodeError): refused before the store is opened."""
    db = tmp_path / "central.sqlite3"
    catalog = json.loads((DATA / "catalog" / "training.json").read_text(encoding="utf-8"))
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps({**catalog, "version": 10**30}), encoding="utf-8")
    huge = run_cli("catalog", "publish", str(path), "--db", str(db))
    assert huge.returncode == 1 and "Traceback" not in huge.stderr
    assert "version：目录版本号应为 1 至 2147483647 之间的整数" in huge.stderr
    item = {**catalog["items"][0], "name": "\ud800户籍"}
    path.write_text(json.dumps({**catalog, "version": 2, "items": [item]}), encoding="utf-8")
    surrogate = run_cli("catalog", "publish", str(path), "--db", str(db))
    assert surrogate.returncode == 1
    assert (
        "第1个事项" in surrogate.stderr
        and "name：含有不可见的控制字符或无效字符 U+D800" in surrogate.stderr
    )
    assert "holds a control or invalid character U+D800" in surrogate.stderr
    assert not db.exists()


def test_notices_for_own_hall_and_every_hall(
    enrol: Callable[..., SimulatedDevice],
    central: RunningCentral,
    store: CentralStore,
    run_cli: Callable[..., CliRun],
) -> None:
    device = enrol()
    start = read_all(device, "notices", 500)[2]
    published = run_cli(
        "notice",
        "publish",
        "--hall",
        device.hall,
        "--title",
        "停电通知",
        "--body",
        "明日下午停电，请提前同步。",
        *central.store_args(),
    )
    assert published.returncode == 0, published.stderr
    publishing.publish_notice(store, unique_hall(), "别的大厅", "not for this hall")
    publishing.publish_notice(store, "*", "全市通知", "所有大厅")
    items = device.feed("notices", cursor=start).json()["items"]
    FeedPage[Notice].model_validate({"items": items, "cursor": "x", "more": False})
    assert [(i["hall"], i["title"]) for i in items] == [
        (device.hall, "停电通知"),
        ("*", "全市通知"),
    ]


def test_progress_cli_refuses_unknown_case_and_illegal_step(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral, run_cli: Callable[..., CliRun]
) -> None:
    out = run_cli("progress", "NO-SUCH-CASE", "--to", "in_process", *central.store_args())
    assert out.returncode == 1 and "NO-SUCH-CASE" in out.stderr
    device = enrol()
    case = device.case()
    assert device.push([case]).status_code == 200
    out = run_cli("progress", case["case_id"], "--to", "result_ready", *central.store_args())
    assert out.returncode == 1 and "result_ready" in out.stderr
    out = run_cli("progress", case["case_id"], "--to", "teleported", *central.store_args())
    assert out.returncode == 2


def test_cases_and_enroll_code_cli_json(
    enrol: Callable[..., SimulatedDevice],
    central: RunningCentral,
    store: CentralStore,
    run_cli: Callable[..., CliRun],
) -> None:
    device = enrol()
    cases = [device.case() for _ in range(3)]
    assert device.push(cases).status_code == 200
    progress.record_progress(store, cases[0]["case_no"], "in_process", "")
    # The one real subprocess here: the installed console entry point end to end.
    listed = central.cli("cases", "--hall", device.hall, "--json")["cases"]
    assert {c["case_id"] for c in listed} == {c["case_id"] for c in cases}
    for row in listed:
        assert {"case_id", "case_no", "hall", "window", "data_version", "received_at"} <= set(row)
        assert (row["hall"], row["window"], row["data_version"]) == (device.hall, "W1", 1)
        # Where it stands (the back office's step counts) and its item; nobody's name.
        state = "in_process" if row["case_id"] == cases[0]["case_id"] else "accepted"
        assert (row["state"], row["item_code"], row["item_name"]) == (
            state,
            "310101-HJ-001",
            "模拟事项",
        )
        assert "模拟申请人" not in json.dumps(row, ensure_ascii=False)
    shown = run_cli("cases", "--hall", device.hall, *central.store_args())
    assert f"{cases[0]['case_no']}\tW1\tv1\t办理中\t310101-HJ-001 模拟事项\t" in shown.stdout
    assert shown.stdout.splitlines()[0].startswith("办件编号\t窗口\t版本\t状态")
    code = run_cli("enroll-code", "--hall", "H9", "--window", "W2", "--json", *central.store_args())
    assert set(code.json()) == {"code", "expires_at", "hall", "window", "replaces", "second_pc"}
    out = run_cli("enroll-code", "--hall", "bad hall!", "--window", "W", *central.store_args())
    assert out.returncode == 1 and "Hall code" in out.stderr
    devices = run_cli("devices", "--hall", device.hall, "--json", *central.store_args())
    assert [d["device_id"] for d in devices.json()["devices"]] == [device.device_id]


def test_default_db_comes_from_the_environment(tmp_path: Path) -> None:
    db = tmp_path / "env.sqlite3"
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "central.cli",
            "enroll-code",
            "--hall",
            "H",
            "--window",
            "W",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={**os.environ, "COUNTER_CENTRAL_DB": str(db)},
    )
    assert json.loads(out.stdout)["code"] and db.exists()


def test_progress_follows_the_case_state_machine_from_the_counters_latest_version(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    """The platform's steps are the domain's: a case the counter withdrew takes no step, a
    容缺 case goes only into processing, and an accepted one may be completed at once."""
    device = enrol()
    accepted, withdrawn, deferred = device.case(), device.case(), device.case()
    withdrawn["payload"]["state"] = "withdrawn"
    deferred["payload"]["state"] = "accepted_deferred"
    cases = [
        device.case(case_id=uuid.UUID(c["case_id"]), case_no=c["case_no"], payload=c["payload"])
        for c in (accepted, withdrawn, deferred)
    ]
    push_ok(device, cases)
    with pytest.raises(OperatorError) as refused:
        progress.record_progress(store, cases[1]["case_id"], "in_process", "")
    assert cases[1]["case_no"] in refused.value.zh and "withdrawn" in refused.value.en
    with pytest.raises(OperatorError):
        progress.record_progress(store, cases[2]["case_id"], "completed_approved", "")
    progress.record_progress(store, cases[2]["case_id"], "in_process", "")
    progress.record_progress(store, cases[2]["case_id"], "suspended", "特别程序")
    progress.record_progress(store, cases[0]["case_id"], "completed_approved", "")
    with pytest.raises(OperatorError):
        progress.record_progress(store, cases[0]["case_id"], "in_process", "")
    progress.record_progress(store, cases[0]["case_id"], "result_ready", "")


def test_delivery_reports_a_posted_result_through_the_progress_feed(
    enrol: Callable[..., SimulatedDevice],
    central: RunningCentral,
    store: CentralStore,
    run_cli: Callable[..., CliRun],
) -> None:
    """``counter-central delivery``: the waybill of a result posted (EMS) and then its delivery
    reach the hall through the progress feed; only a result that is ready can be posted."""
    device = enrol()
    drafted = device.case()
    postal = {
        "method": "post",
        "address": "上海市黄浦区人民大道200号",
        "waybill": None,
        "posted_at": None,
    }
    case = device.case(
        case_id=uuid.UUID(drafted["case_id"]),
        case_no=drafted["case_no"],
        payload={**drafted["payload"], "delivery": postal},
    )
    push_ok(device, [case])
    start = device.feed("progress").json()["cursor"]
    early = run_cli(
        "delivery", case["case_no"], "--waybill", "EA1", "--status", "posted",
        *central.store_args(),
    )  # fmt: skip
    assert early.returncode == 1 and case["case_no"] in early.stderr
    assert "not ready" in early.stderr
    progress.record_progress(store, case["case_id"], "completed_approved", "")
    progress.record_progress(store, case["case_id"], "result_ready", "")
    for status in ("posted", "delivered"):
        done = run_cli(
            "delivery", case["case_id"], "--waybill", "EA123456789CN", "--status", status,
            *central.store_args(),
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert (done.json()["waybill"], done.json()["delivery_status"]) == (
            "EA123456789CN",
            status,
        )
    again = run_cli(
        "delivery", case["case_id"], "--waybill", "EA123456789CN", "--status", "delivered",
        *central.store_args(),
    )  # fmt: skip
    assert again.returncode == 1
    assert (
        run_cli("delivery", case["case_id"], "--waybill", "X", "--status", "lost").returncode == 2
    )
    items, _, _ = read_all(device, "progress", limit=10, cursor=start)
    page = FeedPage[ProgressEvent].model_validate({"items": items, "cursor": "x", "more": False})
    assert [(i.state, i.waybill, i.delivery_status) for i in page.items] == [
        ("completed_approved", None, None),
        ("result_ready", None, None),
        ("result_ready", "EA123456789CN", "posted"),
        ("delivered", "EA123456789CN", "delivered"),
    ]


def test_a_result_handed_over_at_the_window_is_not_posted(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    """The counter's hand-over (its newest version, delivered) stands: the platform does not
    then record the same result as posted or delivered by the carrier."""
    device = enrol()
    first = device.case()
    push_ok(device, [first])
    progress.record_progress(store, first["case_id"], "completed_approved", "")
    progress.record_progress(store, first["case_id"], "result_ready", "")
    handed = {**first["payload"], "data_version": 2, "state": "delivered"}
    push_ok(
        device,
        [
            device.case(
                case_id=uuid.UUID(first["case_id"]),
                case_no=first["case_no"],
                data_version=2,
                payload=handed,
            )
        ],
    )
    with pytest.raises(OperatorError) as refused:
        progress.record_delivery(store, first["case_no"], "EA1", "posted")
    assert "窗口" in refused.value.zh and "window" in refused.value.en


def test_a_correction_request_says_what_to_correct_and_the_counters_correction_resumes_it(
    enrol: Callable[..., SimulatedDevice],
    store: CentralStore,
    central: RunningCentral,
    run_cli: Callable[..., CliRun],
) -> None:
    """补正: the operator names the materials and fields to correct; the progress feed carries
    them; the counter's corrected version (back in processing) is where the platform's next
    step starts from."""
    device = enrol()
    case = device.case()
    push_ok(device, [case])
    args = ("progress", case["case_no"], "--to")
    out = run_cli(*args, "in_process", "--material", "M01", *central.store_args())
    assert out.returncode == 1 and "correction_requested" in out.stderr
    out = run_cli(*args, "correction_requested", *central.store_args())
    assert out.returncode == 1 and "--material" in out.stderr
    out = run_cli(*args, "correction_requested", "--material", "M99", *central.store_args())
    assert out.returncode == 1 and "M99" in out.stderr
    out = run_cli(*args, "correction_requested", "--field", "id_number", *central.store_args())
    assert out.returncode == 2  # only name, phone and address are the applicant's to correct
    out = run_cli(
        *args,
        "correction_requested",
        "--material",
        "M01",
        "--material",
        "M02",
        "--field",
        "phone",
        "--note",
        "申请表签名不清",
        *central.store_args(),
    )
    assert out.returncode == 0, out.stderr
    assert out.json()["correction_materials"] == ["M01", "M02"]

    items, _, _ = read_all(device, "progress", limit=10)
    FeedPage[ProgressEvent].model_validate({"items": items, "cursor": "x", "more": False})
    (asked,) = [i for i in items if i["case_id"] == case["case_id"]]
    assert asked["state"] == "correction_requested"
    assert (asked["correction_materials"], asked["correction_fields"]) == (
        ["M01", "M02"],
        ["phone"],
    )
    assert asked["note"] == "申请表签名不清"
    with pytest.raises(OperatorError):  # still waiting for the applicant
        progress.record_progress(store, case["case_id"], "completed_approved", "")

    push_ok(device, [version_of(device, case, 2, state="in_process")])
    done = progress.record_progress(store, case["case_id"], "completed_approved", "准予")
    assert done["correction_materials"] == []
    later, _, _ = read_all(device, "progress", limit=10)
    assert [i["correction_materials"] for i in later if i["case_id"] == case["case_id"]] == [
        ["M01", "M02"],
        [],
    ]


def test_a_department_may_ask_to_correct_the_agents_data(
    enrol: Callable[..., SimulatedDevice],
    central: RunningCentral,
    run_cli: Callable[..., CliRun],
) -> None:
    """补正 of the 代办人's (经办人's) name, phone or relation: the fields the window accepts."""
    device = enrol()
    case = device.case()
    push_ok(device, [case])
    out = run_cli(
        "progress", case["case_no"], "--to", "correction_requested",
        "--field", "agent_phone", "--field", "agent_relation", "--note", "代办人电话打不通",
        *central.store_args(),
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    items, _, _ = read_all(device, "progress", limit=10)
    (asked,) = [i for i in items if i["case_id"] == case["case_id"]]
    assert asked["correction_fields"] == ["agent_phone", "agent_relation"]


def test_a_reader_gone_ends_a_command_quietly(tmp_path: Path) -> None:
    """``counter-central … | head``: no traceback, SIGPIPE's status, as a shell tool's."""
    reading, writing = os.pipe()
    os.close(reading)  # the reader is gone before the command writes its line
    try:
        out = subprocess.run(
            [sys.executable, "-m", "central.cli", "enroll-code", "--hall", "H", "--window", "W"],
            stdout=writing,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
            env={**os.environ, "COUNTER_CENTRAL_DB": str(tmp_path / "pipe.sqlite3")},
        )
    finally:
        os.close(writing)
    assert (out.returncode, out.stderr) == (128 + signal.SIGPIPE, "")
