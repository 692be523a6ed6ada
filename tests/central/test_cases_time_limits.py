"""``counter-central cases --overdue|--due-soon|--summary``: a case's promised and statutory
dates are kept on its row with every version stored (and learnt once for the cases a store
held before), so the time-limit listings choose and count in SQL and open (decrypt) only the
cases they list, the counts none. On SQLite and PostgreSQL; asserted on decryptions."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from central.simulator import SimulatedDevice
from central.store import CentralStore, case_dates, open_store, publishing, push
from central.store import cases as case_store
from central.store import devices as device_register
from counter_app.domain.case_document import content_hash
from counter_app.store.catalog import bundled_catalog
from sync.wire.case_push import CaseSubmission
from sync.wire.signing import new_nonce, public_key_b64
from tests.central.conftest import STORES, CliRun, Platform, new_store_url, unique_hall

# The synthetic case is promised 2026-12-08 (statutory 2026-12-18, Tuesday and Friday):
# counted on Thursday 12-10 it is two working days overdue.
AFTER_PROMISE = date(2026, 12, 10)


@pytest.fixture(params=STORES)
def held(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[CentralStore, str]]:
    """A store with the bundled catalog, and a hall."""
    url = new_store_url(request.param, tmp_path, request) or str(tmp_path / "central.sqlite3")
    store = open_store(url, tmp_path / "payload.key")
    document = bundled_catalog()
    publishing.publish_document(store, "catalog", document, int(document["version"]))
    yield store, unique_hall()
    store.close()


def _pushed(store: CentralStore, hall: str) -> dict[str, str]:
    """Three cases of ``hall`` pushed by its window: one running, one withdrawn, one whose
    second version moved its dates on after a suspension; their numbers by what they are."""
    code, _ = device_register.create_enroll_code(store, hall, "W05", 60)
    device = device_register.enroll(
        store, code, public_key_b64(Ed25519PrivateKey.generate()), "limits", ["S1"]
    )
    numbering = SimulatedDevice(
        "http://127.0.0.1:9", device.device_id, device.hall, device.window, number_device="S1"
    )
    moved = {"promised_date": "2026-12-28", "statutory_date": "2027-01-08"}
    second_versions: dict[str, dict[str, Any] | None] = {
        "running": None,
        "withdrawn": {"state": "withdrawn"},
        "moved": moved,
    }
    numbers: dict[str, str] = {}
    for name, changes in second_versions.items():
        case_id = uuid.uuid4()
        numbers[name] = numbering.case_number(case_id)
        versions = [_version(numbering, case_id, 1, numbers[name], {})]
        if changes is not None:
            versions.append(_version(numbering, case_id, 2, numbers[name], changes))
        for version in versions:
            (result,) = push.push_batch(store, device, new_nonce(), [version])
            assert result.status == "stored"
    return numbers


def _version(
    numbering: SimulatedDevice, case_id: uuid.UUID, version: int, no: str, changes: dict[str, Any]
) -> CaseSubmission:
    submission = numbering.case(case_id=case_id, data_version=version, case_no=no)
    submission["payload"] = {**submission["payload"], **changes}
    submission["content_hash"] = content_hash(submission["payload"])
    return CaseSubmission.model_validate(submission)


def _listed(store: CentralStore, hall: str, **choice: Any) -> list[dict[str, Any]]:
    asked = case_store.CaseChoice(hall=hall, today=AFTER_PROMISE, **choice)
    return list(case_store.chosen_cases(store, asked))


def _counting_opens(store: CentralStore, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    opened = [0]
    sealer_open = store.sealer.open

    def opening(sealed: bytes, context: bytes) -> str:
        opened[0] += 1
        return sealer_open(sealed, context)

    monkeypatch.setattr(store.sealer, "open", opening)
    return opened


def test_overdue_lists_a_running_case_past_its_promise_not_a_finished_or_moved_one(
    held: tuple[CentralStore, str],
) -> None:
    store, hall = held
    numbers = _pushed(store, hall)

    (row,) = _listed(store, hall, overdue=True)

    assert row["case_no"] == numbers["running"]
    assert (row["promised_date"], row["statutory_date"]) == ("2026-12-08", "2026-12-18")
    assert row["working_days_left"] == -2  # 12-09 and 12-10 passed


def test_a_newer_version_after_a_suspension_moves_the_dates_listed(
    held: tuple[CentralStore, str],
) -> None:
    store, hall = held
    numbers = _pushed(store, hall)

    rows = {row["case_no"]: row for row in _listed(store, hall)}

    moved = rows[numbers["moved"]]
    assert (moved["promised_date"], moved["statutory_date"]) == ("2026-12-28", "2027-01-08")
    assert moved["working_days_left"] == 12
    assert [r["case_no"] for r in _listed(store, hall, due_soon=12)] == [numbers["moved"]]
    assert _listed(store, hall, due_soon=11) == []
    both = _listed(store, hall, overdue=True, due_soon=12)
    assert [r["case_no"] for r in both] == [numbers["running"], numbers["moved"]]  # by date


def test_listings_open_only_the_cases_they_list_and_counts_none(
    held: tuple[CentralStore, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, hall = held
    _pushed(store, hall)
    opened = _counting_opens(store, monkeypatch)

    _listed(store, hall, overdue=True)
    assert opened[0] == 1
    opened[0] = 0

    overdue = case_store.CaseChoice(hall=hall, overdue=True, today=AFTER_PROMISE)
    (counted,) = case_store.case_counts(store, overdue)

    assert opened[0] == 0
    assert (counted["hall"], counted["cases"]) == (hall, 1)
    assert counted["department"]


def test_a_store_holding_cases_before_the_columns_learns_them_once(
    held: tuple[CentralStore, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, hall = held
    numbers = _pushed(store, hall)
    with store.transaction() as cur:
        store._exec(cur, "UPDATE cases SET promised_date = NULL, statutory_date = NULL")
        store._exec(cur, "DELETE FROM meta WHERE key = 'case_dates_backfill'")
    assert _listed(store, hall, overdue=True) == []
    opened = _counting_opens(store, monkeypatch)

    case_dates.backfill_case_dates(store)
    case_dates.backfill_case_dates(store)  # the next start only reads where it got to

    assert opened[0] == 3  # each case's newest version, once
    assert [r["case_no"] for r in _listed(store, hall, overdue=True)] == [numbers["running"]]


def test_the_cases_command_shows_the_dates_and_the_supervision_counts(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    numbers = _pushed(platform.store, platform.hall)

    listed = run_cli("cases", *platform.db, "--hall", platform.hall, "--json")
    rows = {row["case_no"]: row for row in listed.json()["cases"]}
    assert rows[numbers["moved"]]["promised_date"] == "2026-12-28"
    assert rows[numbers["moved"]]["statutory_date"] == "2027-01-08"
    assert "working_days_left" in rows[numbers["running"]]

    text = run_cli("cases", *platform.db, "--hall", platform.hall)
    assert "\t到达平台时间\t承诺办结日期\t法定办结日期\t剩余工作日\t" in text.stdout
    assert "2026-12-28\t2027-01-08" in text.stdout

    summary = run_cli("cases", *platform.db, "--summary")
    heading, *counts = summary.stdout.splitlines()
    assert heading == "大厅\t部门\t办件数"
    assert [line.split("\t")[::2] for line in counts] == [[platform.hall, "3"]]
