"""The platform's operation log (等保): each changing ``counter-central`` command leaves one
entry naming its operator (the OS user, or ``--operator``), on SQLite and PostgreSQL; the
engines refuse to change or remove an entry; ``operator-log`` lists them, filtered; and the
serving platform's log lines carry their UTC offset."""

from __future__ import annotations

import contextlib
import getpass
import json
import logging
import re
import sqlite3
from collections.abc import Callable, Iterator
from datetime import timedelta
from logging.config import DictConfigurator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from central.errors import OperatorError
from central.serve_cli import _LOGGING
from central.simulator import SimulatedDevice
from central.store import CentralStore, open_store
from central.store.operator_log import (
    LogChoice,
    operator_action,
    operator_log,
)
from counter_app.domain.hall_time import hall_today
from counter_app.store.catalog import bundled_catalog
from tests.central.conftest import STORES, CliRun, Platform, new_store_url, push_ok
from tests.central.failing_log import break_operator_log
from tests.central.open_halls import open_every_day_command
from tests.central.postgres_fixture import RunningPostgres
from tests.central.server_fixture import RunningCentral
from tests.sample_items import ENDORSEMENT, ID_NUMBER, NAME

PASSWORD = "Window-2026-ok\n"


@pytest.fixture(params=STORES)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> list[str]:
    """The commands' ``--db URL --key-file KEY`` of a new store, SQLite and PostgreSQL."""
    url = new_store_url(request.param, tmp_path, request) or str(tmp_path / "central.sqlite3")
    return ["--db", url, "--key-file", str(tmp_path / "central.key")]


@pytest.fixture
def any_store(db: list[str]) -> Iterator[CentralStore]:
    opened = open_store(db[1], Path(db[3]))
    yield opened
    opened.close()


def _entries(store: CentralStore) -> list[dict[str, Any]]:
    return operator_log(store, LogChoice(limit=100_000))[0]


def _one_entry(
    central: RunningCentral, store: CentralStore, *argv: str, input: str | None = None
) -> tuple[dict[str, Any], Any]:
    """Run a command as operator alice: the one entry it left, and what it answered."""
    before = len(_entries(store))
    answer = central.cli(*argv, "--operator", "alice", input=input)
    after = _entries(store)
    new = after[: len(after) - before]
    assert len(new) == 1, new
    assert new[0]["operator"] == "operator:alice"
    return new[0], answer


def test_each_changing_command_leaves_one_entry_naming_its_operator(
    central: RunningCentral, store: CentralStore, enrol: Callable[..., SimulatedDevice]
) -> None:
    central.publish_bundled_catalog()  # as the OS user
    assert _entries(store)[0]["operator"] == f"operator:{getpass.getuser()}"
    assert _entries(store)[0]["action"] == "catalog publish"
    device = enrol()
    hall = device.hall
    case = device.case()
    push_ok(device, [case])
    tomorrow_noon = f"{hall_today() + timedelta(days=1)}T12:00"
    person = ("--id-number", ID_NUMBER, "--name", NAME, "--json")

    done = [
        _one_entry(central, store, *open_every_day_command(hall))[0],
        _one_entry(central, store, "enroll-code", "--hall", hall, "--window", "W2", "--json")[0],
        _one_entry(
            central, store, "notice", "publish", "--hall", hall, "--title", "停电", "--body", "明天"
        )[0],
        _one_entry(central, store, "ticket", "issue", "--hall", hall, "--json")[0],
        _one_entry(central, store, "progress", case["case_id"], "--to", "in_process")[0],
    ]
    staff = ("--hall", hall, "--name", "li.ming")
    done.append(
        _one_entry(
            central, store, "staff", "add", *staff, "--role", "clerk", "--password-stdin",
            input=PASSWORD,
        )[0]
    )  # fmt: skip
    done.append(_one_entry(central, store, "staff", "disable", *staff)[0])
    booking = ("appointment", "create", "--hall", hall, "--item", ENDORSEMENT, *person)
    booked_entry, booked = _one_entry(central, store, *booking, "--at", tomorrow_noon)
    done.append(booked_entry)
    cancel = ("appointment", "cancel", booked["arrival_id"], "--json")
    done.append(_one_entry(central, store, *cancel)[0])
    preapp = ("preapp", "create", "--hall", hall, "--item", ENDORSEMENT, *person)
    preapp_entry, created = _one_entry(central, store, *preapp)
    done.append(preapp_entry)
    done.append(_one_entry(central, store, "revoke", device.device_id)[0])
    done.append(_one_entry(central, store, "restored")[0])

    assert [(entry["action"], entry["target"]) for entry in done] == [
        ("hall-hours set", hall),
        ("enroll-code", f"{hall}/W2"),
        ("notice publish", hall),
        ("ticket issue", hall),
        ("progress", case["case_id"]),
        ("staff add", f"{hall}/li.ming"),
        ("staff disable", f"{hall}/li.ming"),
        ("appointment create", booked["arrival_id"]),
        ("appointment cancel", booked["arrival_id"]),
        ("preapp create", created["arrival_id"]),
        ("revoke", device.device_id),
        ("restored", "store"),
    ]
    # The notice's title is the operator's words, kept for good: only its length.
    assert done[2]["detail"] == {"sequence": done[2]["detail"]["sequence"], "title_length": 2}
    # No person's data in the log: the applicant's ID number and name stay in their tables.
    logged = repr(_entries(store))
    assert ID_NUMBER not in logged and NAME not in logged and "停电" not in logged


def test_an_entry_that_cannot_be_written_rolls_its_change_back(
    db: list[str], any_store: CentralStore, run_cli: Callable[..., CliRun]
) -> None:
    epoch = any_store.store_epoch()
    break_operator_log(any_store)

    restored = run_cli("restored", *db)
    hours = run_cli("hall-hours", "set", "--hall", "H1", "--weekdays", "08:00-12:00", *db)

    assert (restored.returncode, restored.stdout) == (1, "")
    assert (hours.returncode, hours.stdout) == (1, "")
    assert any_store.store_epoch() == epoch
    shown = run_cli("hall-hours", "show", "--hall", "H1", "--json", *db)
    assert shown.json()["halls"][0]["default"] is True
    assert _entries(any_store) == []


def test_a_change_failing_in_its_transaction_leaves_no_entry(any_store: CentralStore) -> None:
    epoch = any_store.store_epoch()
    refused = OperatorError("拒绝", "refused")
    with (
        pytest.raises(OperatorError),
        operator_action(any_store, "restored", "store", operator="operator:alice"),
        any_store.transaction() as cur,
    ):
        any_store._exec(cur, "UPDATE meta SET value = 'x' WHERE key = 'store_epoch'")
        raise refused
    with (
        pytest.raises(OperatorError),
        operator_action(any_store, "restored", "store", operator="operator:alice"),
    ):
        any_store.mark_restored()
        raise refused  # after the store call, before its COMMIT
    assert any_store.store_epoch() == epoch
    assert _entries(any_store) == []


def test_a_commands_transactions_and_reads_are_one_with_its_entry(
    any_store: CentralStore,
) -> None:
    epoch = any_store.store_epoch()
    with operator_action(any_store, "restored", "store", operator="operator:alice") as entry:
        any_store.mark_restored()
        second = any_store.mark_restored()  # a second transaction: inside the first
        assert any_store.store_epoch() == second  # a read sees them before their COMMIT
        entry.detail["store_epoch"] = second
    (logged,) = _entries(any_store)
    assert logged["detail"] == {"store_epoch": second}

    with (
        pytest.raises(RuntimeError, match="held transaction failed"),
        operator_action(any_store, "restored", "store", operator="operator:alice"),
    ):
        any_store.mark_restored()
        with contextlib.suppress(Exception), any_store.transaction() as cur:
            cur.execute("SELECT * FROM no_such_table")  # a failure let pass
    assert any_store.store_epoch() == second != epoch
    assert len(_entries(any_store)) == 1


def test_a_retry_or_a_command_that_changed_nothing_leaves_no_entry(
    platform: Platform, run_cli: Callable[..., CliRun], tmp_path: Path
) -> None:
    run_cli(*open_every_day_command(platform.hall), *platform.db)
    tomorrow_noon = f"{hall_today() + timedelta(days=1)}T12:00"
    booked = run_cli(
        "appointment", "create", "--hall", platform.hall, "--item", ENDORSEMENT,
        "--id-number", ID_NUMBER, "--name", NAME, "--at", tomorrow_noon, "--json", *platform.db,
    ).json()  # fmt: skip
    cancel = ("appointment", "cancel", booked["arrival_id"], *platform.db)
    assert run_cli(*cancel).returncode == 0
    assert run_cli(*cancel).returncode == 0  # a script's retry: nothing new
    assert run_cli("appointment", "no-show", "NO-SUCH", *platform.db).returncode == 1
    catalog = tmp_path / "catalog.json"
    catalog.write_text(json.dumps(bundled_catalog()), encoding="utf-8")
    again = run_cli("catalog", "publish", str(catalog), "--if-newer", *platform.db)
    assert again.returncode == 0, again.stderr

    assert [entry["action"] for entry in _entries(platform.store)] == [
        "appointment cancel",
        "appointment create",
        "hall-hours set",
    ]


def test_an_elicence_consent_is_logged_without_its_holder(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    consent = ("elicence", "consent", "--holder", ID_NUMBER, "--operator", "alice")
    made = run_cli(*consent, *platform.db)
    assert made.returncode == 0, made.stderr

    (entry,) = _entries(platform.store)
    assert (entry["operator"], entry["action"], entry["detail"]) == (
        "operator:alice",
        "elicence consent",
        {},
    )
    assert ID_NUMBER not in repr(entry) and made.json()["code"] not in repr(entry)


def test_without_operator_the_os_user_is_named(platform: Platform, run_cli: Callable[..., CliRun]):
    assert run_cli("restored", *platform.db).returncode == 0
    (entry,) = _entries(platform.store)
    assert entry["operator"] == f"operator:{getpass.getuser()}"


def _logged(store: CentralStore, action: str, operator: str) -> None:
    """An entry ``operator`` left: a change (a new store epoch) logged as ``action``."""
    with operator_action(store, action, "T", operator=operator):
        store.mark_restored()


def _refused_changes(store: CentralStore, refusal: type[Exception]) -> None:
    _logged(store, "restored", "operator:alice")
    for statement in (
        "UPDATE operator_log SET operator = 'operator:eve'",
        "DELETE FROM operator_log",
    ):
        with pytest.raises(refusal, match="append-only"), store.transaction() as cur:
            cur.execute(statement)
    assert [entry["operator"] for entry in _entries(store)] == ["operator:alice"]


def test_sqlite_refuses_to_change_or_remove_an_entry(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "central.sqlite3"))
    try:
        _refused_changes(store, sqlite3.IntegrityError)
    finally:
        store.close()


def test_postgresql_refuses_to_change_or_remove_an_entry(
    pg_cluster: RunningPostgres, tmp_path: Path
) -> None:
    store = open_store(pg_cluster.create_database(), tmp_path / "payload.key")
    try:
        _refused_changes(store, psycopg.errors.RaiseException)
        with pytest.raises(psycopg.errors.RaiseException), store.transaction() as cur:
            cur.execute("TRUNCATE operator_log")
    finally:
        store.close()


def test_the_listing_filters_by_day_operator_and_action(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    for operator, action in (("alice", "revoke"), ("bob", "revoke"), ("alice", "restored")):
        _logged(platform.store, action, f"operator:{operator}")

    def listed(*options: str) -> list[tuple[str, str]]:
        out = run_cli("operator-log", *options, *platform.db, "--json")
        assert out.returncode == 0, out.stderr
        return [(entry["operator"], entry["action"]) for entry in out.json()["entries"]]

    everything = [
        ("operator:alice", "restored"),
        ("operator:bob", "revoke"),
        ("operator:alice", "revoke"),
    ]
    assert listed() == everything  # newest first
    today, tomorrow = hall_today(), hall_today() + timedelta(days=1)
    assert listed("--since", str(today), "--until", str(today)) == everything
    assert listed("--since", str(tomorrow)) == []
    assert listed("--until", str(today - timedelta(days=1))) == []
    assert listed("--operator", "alice") == [everything[0], everything[2]]
    assert listed("--operator", "operator:bob", "--action", "revoke") == [everything[1]]
    limited = run_cli("operator-log", "--limit", "1", *platform.db, "--json")
    assert limited.json() | {"entries": []} == {"entries": [], "more": True}
    assert len(limited.json()["entries"]) == 1
    assert run_cli("operator-log", "--operator", "a b", *platform.db).returncode == 2


def test_the_serving_platforms_log_lines_carry_the_utc_offset() -> None:
    configurator = DictConfigurator(_LOGGING)
    formatter = configurator.configure_formatter(dict(_LOGGING["formatters"]["plain"]))
    record = logging.LogRecord("central", logging.INFO, __file__, 1, "started", None, None)
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d INFO central started",
        formatter.format(record),
    )
