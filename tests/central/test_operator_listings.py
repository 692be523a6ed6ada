"""``counter-central`` listings for a person at the terminal, run against a SQLite store: a
heading row in Chinese, the domain's state names, ``—`` for what is not there, times in the
hall's, a "无…" line when there is nothing, and ``--json`` as it was."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from central.simulator import SimulatedDevice
from central.store import CentralStore, Device, open_store, push, tickets
from central.store import devices as device_register
from counter_app.domain.case_states import STATE_NAMES, CaseState
from counter_app.domain.hall_time import hall_minute_text, hall_today
from sync.wire.case_push import CaseSubmission
from sync.wire.signing import new_nonce, public_key_b64
from sync.wire.tickets import TicketAction
from tests.central.conftest import CliRun

HALL = "310104-001"
# Nothing a person reads may carry a value the program had no words for.
RAW = re.compile(r"\bNone\b|\bNones\b|\d{2}:\d{2}(:\d{2})?Z|T\d{2}:\d{2}")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "central.sqlite3"


@pytest.fixture
def store(db: Path) -> Iterator[CentralStore]:
    opened = open_store(str(db), None)
    yield opened
    opened.close()


@pytest.fixture
def listing(run_cli: Callable[..., CliRun], db: Path) -> Callable[..., CliRun]:
    """``counter-central COMMAND --hall HALL --db DB [ARGS]``, asserted to succeed."""

    def run(command: str, *args: str) -> CliRun:
        result = run_cli(command, "--hall", HALL, "--db", str(db), *args)
        assert result.returncode == 0, result.stderr
        return result

    return run


def enrolled(store: CentralStore) -> tuple[Device, SimulatedDevice]:
    code, _ = device_register.create_enroll_code(store, HALL, "W03", 60)
    device = device_register.enroll(
        store, code, public_key_b64(Ed25519PrivateKey.generate()), "listing", ["L1"]
    )
    numbering = SimulatedDevice(
        "http://127.0.0.1:9", device.device_id, device.hall, device.window, number_device="L1"
    )
    return device, numbering


def cells(result: CliRun) -> list[list[str]]:
    return [line.split("\t") for line in result.stdout.splitlines()]


@pytest.mark.parametrize(
    ("command", "none"),
    [
        ("cases", "无办件。 / No cases."),
        ("conflicts", "无冲突提交。 / No conflicting submissions."),
        ("evaluations", "无评价。 / No ratings."),
        ("audit-heads", "无已登记终端。 / No enrolled devices."),
        ("day-sign-offs", "无日结签字。 / No end-of-day sign-offs."),
        ("tickets", "无叫号记录。 / No ticket visits."),
        ("devices", "无已登记的窗口。 / No enrolled windows."),
    ],
)
def test_an_empty_listing_says_there_is_nothing(
    listing: Callable[..., CliRun], store: CentralStore, command: str, none: str
) -> None:
    assert listing(command).stdout == none + "\n"


def test_cases_show_the_state_by_name_and_the_hall_time(
    listing: Callable[..., CliRun], store: CentralStore
) -> None:
    device, numbering = enrolled(store)
    case = CaseSubmission.model_validate(numbering.case(case_id=uuid.uuid4()))
    push.push_batch(store, device, new_nonce(), [case])

    (row,) = listing("cases", "--json").json()["cases"]  # the contract's fields, as before
    assert {"case_id", "case_no", "state", "data_version", "received_at"} <= row.keys()
    text = listing("cases")
    heading, line = cells(text)
    assert heading[:11] == [
        "办件编号", "窗口", "版本", "状态", "事项", "收件时间", "到达平台时间",
        "承诺办结日期", "法定办结日期", "剩余工作日", "办件ID",
    ]  # fmt: skip
    assert line[:4] == [row["case_no"], "W03", "v1", STATE_NAMES[CaseState(row["state"])][0]]
    assert line[5] == hall_minute_text(row["taken_at"]) and line[10] == row["case_id"]
    assert line[6] == hall_minute_text(row["received_at"])
    assert not RAW.search(text.stdout)


def test_ticket_visits_show_minutes_and_dashes_not_python_values(
    listing: Callable[..., CliRun], store: CentralStore
) -> None:
    device, _ = enrolled(store)
    served = tickets.issue_ticket(store, HALL, None, None)
    tickets.issue_ticket(store, HALL, None, None)  # still waiting: no window, no times
    for action in ("call", "start", "close"):
        tickets.act(
            store,
            device,
            new_nonce(),
            TicketAction(
                request_id=uuid.uuid4(),
                action=action,
                ticket_id=None if action == "call" else uuid.UUID(served["ticket_id"]),
            ),
        )

    done, waiting = listing("tickets", "--json").json()["visits"]
    text = listing("tickets")
    heading, *rows = cells(text)
    assert heading == [
        "日期", "大厅", "号码", "取号", "窗口", "事项", "叫号", "开始", "结束",
        "等候", "走动", "办理", "结果",
    ]  # fmt: skip
    today = str(hall_today())
    assert rows[0][:5] == [today, HALL, done["number"], rows[0][3], "W03"]
    assert rows[0][12] == "已办结" and done["day"] == today
    assert all(re.fullmatch(r"\d\d:\d\d", rows[0][n]) for n in (3, 6, 7, 8))
    assert all(re.fullmatch(r"\d+(秒|分钟)", cell) for cell in rows[0][9:12])
    assert rows[1] == [today, HALL, waiting["number"], rows[1][3], *["—"] * 8, "未结束"]
    assert not RAW.search(text.stdout)


def test_devices_and_audit_heads_read_in_chinese_in_the_hall_time(
    listing: Callable[..., CliRun], store: CentralStore
) -> None:
    device, _ = enrolled(store)

    (row,) = listing("devices", "--json").json()["devices"]
    line = listing("devices").stdout.strip()
    contact = hall_minute_text(row["last_contact"]) if row["last_contact"] else "从未"
    assert line.startswith(f"{HALL}/W03  {device.device_id}  ")
    assert f"最近联系 {contact}  尚无状态报告" in line and not RAW.search(line)

    heads = listing("audit-heads")
    assert cells(heads) == [
        ["终端", "大厅/窗口", "序号", "链头", "链头时间", "被拒上报", "状态", "已准许分叉"],
        [device.device_id, f"{HALL}/W03", "—", "—", "—", "0", "正常", "0"],
    ]


def test_an_enrolment_code_expires_in_the_hall_time(
    run_cli: Callable[..., CliRun], db: Path
) -> None:
    result = run_cli("enroll-code", "--hall", HALL, "--window", "W03", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert re.search(
        r"有效至 / expires \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\)$", result.stdout.strip()
    )
    assert not RAW.search(result.stdout)
