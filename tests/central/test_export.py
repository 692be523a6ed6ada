"""``counter-central export`` on a real store (SQLite and PostgreSQL): a routed case with its department's steps,
a correction and a completion, an enterprise with its 经办人 and a passport holder, handed
over in the exchange fields and codes; the file owner-only, every export recorded, nothing
on stdout that identifies anyone, and nothing else in the store touched."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from central.simulator import SimulatedDevice
from central.store import CentralStore, Device, open_store, progress, push
from central.store import devices as device_register
from central.store.ddl import SQLITE_BYTES, SQLITE_SERIAL, statements
from counter_app.domain.hall_time import hall_today
from sync.wire.case_push import CaseSubmission
from sync.wire.signing import new_nonce, public_key_b64
from tests.central.conftest import STORES, CliRun, new_store_url
from tests.central.failing_log import break_operator_log

pytestmark = pytest.mark.integration

HALL = "310104-001"
DEPARTMENT = "310115-CLF"
ENTERPRISE_CODE = "91310000MA1FL3LR9K"
PASSPORT = "E12345678"


@pytest.fixture(params=STORES)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> list[str]:
    """The commands' ``--db URL --key-file KEY`` of a new store."""
    url = new_store_url(request.param, tmp_path, request) or str(tmp_path / "central.sqlite3")
    return ["--db", url, "--key-file", str(tmp_path / "central.key")]


@pytest.fixture
def store(db: list[str]) -> Iterator[CentralStore]:
    opened = open_store(db[1], Path(db[3]))
    yield opened
    opened.close()


@pytest.fixture
def export(run_cli: Callable[..., CliRun], db: list[str]) -> Callable[..., CliRun]:
    """``counter-central export ARGS --db URL --key-file KEY``."""
    return lambda *args: run_cli("export", *args, *db)


class Window:
    """An enrolled window of ``HALL`` pushing cases straight into the store."""

    def __init__(self, store: CentralStore) -> None:
        code, _ = device_register.create_enroll_code(store, HALL, "W03", 60)
        self.store = store
        self.device: Device = device_register.enroll(
            store, code, public_key_b64(Ed25519PrivateKey.generate()), "export", ["E1"]
        )
        self.numbering = SimulatedDevice(
            "http://127.0.0.1:9", self.device.device_id, HALL, "W03", number_device="E1"
        )

    def take(self, **changes: Any) -> dict[str, Any]:
        """A new case of the simulated shape with ``changes`` to its document, pushed."""
        case = self.numbering.case(case_id=uuid.uuid4())
        return self.send(case, 1, **changes)

    def send(self, case: dict[str, Any], version: int, **changes: Any) -> dict[str, Any]:
        payload = {**case["payload"], "data_version": version, **changes}
        sent = self.numbering.case(
            case_id=uuid.UUID(case["case_id"]),
            data_version=version,
            case_no=case["case_no"],
            payload=payload,
        )
        (result,) = push.push_batch(
            self.store, self.device, new_nonce(), [CaseSubmission.model_validate(sent)]
        )
        assert result.status == "stored", result
        return sent


def routed_case(window: Window) -> dict[str, Any]:
    """A 全市通办 case the department took in, asked a correction of, and approved."""
    first = window.take()
    item = {**first["payload"]["service_item"], "handling_department": DEPARTMENT}
    case = window.send(first, 2, service_item=item)
    number = case["case_no"]
    progress.record_progress(window.store, number, "in_process", "", department=DEPARTMENT)
    progress.record_progress(
        window.store,
        number,
        "correction_requested",
        "请补正住址",
        materials=["M01"],
        fields=["address"],
        department=DEPARTMENT,
    )
    correction = {
        "requested_at": "2026-11-30T02:00:00.000000Z",
        "note": "请补正住址",
        "materials": ["M01"],
        "fields": ["address"],
        "corrected_at": "2026-12-01T02:00:00.000000Z",
        "corrected_by": "clerk1",
        "waited_working_days": 1,
        "promised_before": "2026-12-08",
    }
    case = window.send(case, 3, state="in_process", corrections=[correction])
    progress.record_progress(
        window.store, number, "completed_approved", "准予", department=DEPARTMENT
    )
    return case


def enterprise_case(window: Window) -> dict[str, Any]:
    first = window.numbering.case(case_id=uuid.uuid4())
    materials = first["payload"]["materials"]
    materials[1] = {**materials[1], "form": "copy", "count": 2}
    materials[2] = {**materials[2], "form": "electronic"}
    materials[5] = {
        **materials[5],
        "status": "deferred",
        "form": None,
        "count": 0,
        "deadline": "2026-12-04",
    }
    return window.send(
        first,
        1,
        state="accepted_deferred",
        materials=materials,
        applicant={
            "type": "enterprise",
            "name": "上海模拟科技有限公司",
            "id_type": "990",
            "doc_kind": "other",
            "id_number": ENTERPRISE_CODE,
            "phone": "02150000000",
            "address": "上海市浦东新区模拟路1号",
        },
        agent={
            "name": "李经办",
            "id_type": "111",
            "doc_kind": "resident_id",
            "id_number": first["payload"]["applicant"]["id_number"],
            "phone": "13800000000",
            "relation": "员工",
            "authorization": "introduction_letter",
        },
    )


def passport_case(window: Window) -> dict[str, Any]:
    return window.take(
        applicant={
            "type": "person",
            "name": "约翰·史密斯",
            "english_name": "SMITH JOHN",
            "id_type": "414",
            "doc_kind": "passport",
            "id_number": PASSPORT,
            "phone": None,
            "address": None,
            "nationality": "GBR",
            "birth_date": "1980-05-01",
        }
    )


def records(path: Path) -> dict[str, dict[str, Any]]:
    """The export file's records by case number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {record["serial_no"]: record for record in map(json.loads, lines)}


def rows_beside_exports(store: CentralStore) -> dict[str, list[str]]:
    """Every row of every table of the store but the export's own records (``exports`` and
    the operator log), on either engine."""
    created = (
        re.match(r"CREATE TABLE IF NOT EXISTS (\w+)", statement)
        for statement in statements(SQLITE_SERIAL, SQLITE_BYTES)
    )
    tables = [
        m.group(1)
        for m in created
        if m is not None and m.group(1) not in ("exports", "operator_log")
    ]
    with store.snapshot() as cur:
        return {
            table: sorted(map(repr, store._exec(cur, f"SELECT * FROM {table}").fetchall()))
            for table in tables
        }


def test_a_routed_case_goes_to_its_department_with_its_steps_correction_and_result(
    store: CentralStore, export: Callable[..., CliRun], tmp_path: Path
) -> None:
    window = Window(store)
    routed = routed_case(window)
    window.take()  # the hall's own case: not the department's
    before = rows_beside_exports(store)
    out = tmp_path / "clf.jsonl"

    done = export("--department", DEPARTMENT, "--out", str(out), "--reason", "全市通办移交")

    assert done.returncode == 0, done.stderr
    assert out.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    (record,) = records(out).values()
    applicant = routed["payload"]["applicant"]
    assert record["serial_no"] == routed["case_no"] and record["case_id"] == routed["case_id"]
    assert (record["item_code"], record["catalog_version"]) == ("310101-HJ-001", 1)
    assert record["handling_department"] == DEPARTMENT
    assert record["situation"] == {"code": "default", "name": "一般情形"}
    assert (record["applicant_type_code"], record["applicant_type"]) == ("1", "自然人")
    assert record["applicant"]["id_number"] == applicant["id_number"]
    assert (record["applicant"]["id_type"], record["applicant"]["doc_kind"]) == (
        "111",
        "resident_id",
    )
    assert record["agent"] is None
    assert record["region_code"] == "310104" and record["hall"] == HALL
    assert (record["promised_date"], record["statutory_date"]) == ("2026-12-08", "2026-12-18")
    assert record["decision"] == {
        "state": "accepted",
        "reason": None,
        "legal_basis": None,
        "redirect_to": None,
    }
    assert record["state"] == "completed_approved"
    assert [(s["state"], s["department"]) for s in record["progress"]] == [
        ("in_process", DEPARTMENT),
        ("correction_requested", DEPARTMENT),
        ("completed_approved", DEPARTMENT),
    ]
    asked = record["progress"][1]
    assert (asked["note"], asked["materials"], asked["fields"]) == (
        "请补正住址",
        ["M01"],
        ["address"],
    )
    assert [c["fields"] for c in record["corrections"]] == [["address"]]
    assert record["result"] == {
        "state": "completed_approved",
        "at": record["progress"][2]["at"],
        "note": "准予",
        "department": DEPARTMENT,
    }
    # What the operator sees names the file and its digest, never a person.
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    assert digest in done.stdout and str(out) in done.stdout and "1" in done.stdout
    assert applicant["id_number"] not in done.stdout + done.stderr
    assert applicant["name"] not in done.stdout + done.stderr
    # Only the record of the export was written.
    assert rows_beside_exports(store) == before

    listed = export("--list", "--json")
    (made,) = listed.json()["exports"]
    assert made["sha256"] == digest and made["case_count"] == 1
    assert made["selection"] == {
        "department": DEPARTMENT,
        "hall": None,
        "all": False,
        "since": None,
        "until": None,
    }
    assert made["reason"] == "全市通办移交" and made["operator"] is None
    assert made["run_by"].startswith("operator") and made["file"] == str(out)


def test_a_halls_cases_carry_the_standards_codes(
    store: CentralStore, export: Callable[..., CliRun], tmp_path: Path
) -> None:
    window = Window(store)
    enterprise = enterprise_case(window)
    passport = passport_case(window)
    out = tmp_path / "hall.jsonl"

    done = export("--hall", HALL, "--out", str(out), "--operator", "王科长")

    assert done.returncode == 0, done.stderr
    held = records(out)
    assert set(held) == {enterprise["case_no"], passport["case_no"]}
    firm = held[enterprise["case_no"]]
    assert (firm["applicant_type_code"], firm["applicant_type"]) == ("2", "法人")
    assert (firm["applicant"]["id_type"], firm["applicant"]["id_number"]) == (
        "990",
        ENTERPRISE_CODE,
    )
    agent = enterprise["payload"]["agent"]
    assert firm["agent"] == {
        "name": "李经办",
        "english_name": None,
        "id_type": "111",
        "doc_kind": "resident_id",
        "id_number": agent["id_number"],
        "phone": "13800000000",
        "nationality": None,
        "birth_date": None,
        "address": None,
        "relation": "员工",
        "authorization": "introduction_letter",
    }
    forms = [(m["form_code"], m["form"], m["count"], m["deadline"]) for m in firm["materials"]]
    assert forms[:3] == [("0", "原件", 1, None), ("1", "复印件", 2, None), ("2", "电子件", 1, None)]
    assert forms[5] == (None, None, 0, "2026-12-04")
    assert firm["decision"]["state"] == "accepted_deferred"
    assert firm["progress"] == [] and firm["result"] is None and firm["corrections"] == []

    foreigner = held[passport["case_no"]]["applicant"]
    assert (foreigner["id_type"], foreigner["doc_kind"], foreigner["id_number"]) == (
        "414",
        "passport",
        PASSPORT,
    )
    assert (foreigner["nationality"], foreigner["birth_date"]) == ("GBR", "1980-05-01")
    assert foreigner["english_name"] == "SMITH JOHN"
    for number in (ENTERPRISE_CODE, PASSPORT, agent["id_number"]):
        assert number not in done.stdout + done.stderr

    (made,) = export("--list", "--json").json()["exports"]
    assert made["operator"] == "operator:王科长" and made["case_count"] == 2
    from central.store.operator_log import LogChoice, operator_log

    logged, _more = operator_log(store, LogChoice(action="export"))
    (entry,) = logged
    assert (entry["operator"], entry["target"]) == ("operator:王科长", f"hall:{HALL}")
    assert entry["detail"]["case_count"] == 2
    assert made["selection"]["hall"] == HALL
    text = export("--list")
    assert text.returncode == 0
    heading, row = (line.split("\t") for line in text.stdout.splitlines())
    assert heading[:5] == ["编号", "导出时间", "执行人", "申请人", "范围"]
    assert row[3:5] == ["operator:王科长", f"大厅 {HALL}"]


def test_the_days_choose_by_arrival_at_the_platform(
    store: CentralStore, export: Callable[..., CliRun], tmp_path: Path
) -> None:
    case = Window(store).take()
    today = hall_today()
    out = tmp_path / "days.jsonl"

    before = export("--all", "--until", str(today - timedelta(days=1)), "--out", str(out))
    assert before.returncode == 0, before.stderr
    assert records(out) == {}
    out = tmp_path / "today.jsonl"
    since = export("--all", "--since", str(today), "--until", str(today), "--out", str(out))
    assert since.returncode == 0, since.stderr
    assert list(records(out)) == [case["case_no"]]
    yesterday = str(today - timedelta(days=1))
    backwards = export("--all", "--since", str(today), "--until", yesterday, "--out", str(out))
    assert backwards.returncode == 2
    assert f"错误：--until {yesterday} 早于 --since {today}" in backwards.stderr
    made = export("--list", "--json").json()["exports"]
    assert [(m["case_count"], m["selection"]["all"]) for m in made] == [(0, True), (1, True)]


def test_an_unknown_department_or_missing_file_exports_nothing(
    store: CentralStore, export: Callable[..., CliRun], tmp_path: Path
) -> None:
    Window(store).take()
    out = tmp_path / "none.jsonl"

    unknown = export("--department", "NO-SUCH", "--out", str(out))
    assert unknown.returncode == 1 and "NO-SUCH" in unknown.stderr
    without_file = export("--all")
    assert without_file.returncode == 2 and "--out" in without_file.stderr
    no_folder = export("--all", "--out", str(tmp_path / "absent" / "x.jsonl"))
    assert no_folder.returncode == 1 and "不存在" in no_folder.stderr

    assert not out.exists()
    assert export("--list").stdout == "无导出记录。 / No exports.\n"


def test_an_existing_file_is_never_overwritten(
    store: CentralStore, export: Callable[..., CliRun], tmp_path: Path
) -> None:
    Window(store).take()
    out = tmp_path / "cases.jsonl"
    assert export("--all", "--out", str(out)).returncode == 0
    handed_over = out.read_bytes()

    again = export("--all", "--out", str(out))

    assert again.returncode == 1 and "已存在" in again.stderr and "exists" in again.stderr
    assert out.read_bytes() == handed_over
    (made,) = export("--list", "--json").json()["exports"]
    assert made["sha256"] == hashlib.sha256(handed_over).hexdigest()


def test_an_export_whose_log_entry_fails_leaves_neither_record_nor_file(
    store: CentralStore, export: Callable[..., CliRun], tmp_path: Path
) -> None:
    Window(store).take()
    break_operator_log(store)

    failed = export("--all", "--out", str(tmp_path / "cases.jsonl"))

    assert (failed.returncode, failed.stdout) == (1, "")
    assert list(tmp_path.glob("*.jsonl*")) == [] and list(tmp_path.glob(".*.tmp")) == []
    assert export("--list", "--json").json()["exports"] == []
