"""The hash-chained audit log, and `counter-app audit verify` against edits behind its back."""

from __future__ import annotations

import json
import sqlite3

import pytest

from counter_app.config import load_config
from counter_app.home import Home
from counter_app.store.audit import _row_hash
from counter_app.store.database import Store, open_store


def _fill(store: Store, count: int = 5) -> None:
    for n in range(count):
        store.audit.record(f"clerk{n}", "case.accept", f"case-{n}", {"n": n, "名": "受理"})


def test_chain_verifies_and_records_where(store: Store) -> None:
    _fill(store)
    assert store.audit.verify() == []
    entries = store.audit.entries()
    assert [e["seq"] for e in entries] == [1, 2, 3, 4, 5]
    assert {(e["hall_code"], e["window_code"]) for e in entries} == {("310104-TRAIN", "W01")}


def test_entries_join_the_callers_transaction(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.audit.record("clerk", "case.accept", "c1")
        raise RuntimeError
    assert store.audit.entries() == []
    assert store.audit.verify() == []


def test_personal_data_in_detail_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="ID number or phone"):
        store.audit.record("clerk", "x", detail={"who": "310104199003070017"})
    with pytest.raises(ValueError):
        store.audit.record("clerk", "x", detail={"contact": ["13912345678"]})


def test_the_program_cannot_change_or_delete_entries(store: Store) -> None:
    _fill(store, 1)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.db.execute("UPDATE audit_log SET actor = 'x'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.db.execute("DELETE FROM audit_log")


def _tamper(home: Home, *statements: str) -> None:
    """What someone with the file and the sqlite3 shell could do."""
    with sqlite3.connect(home.db_path) as raw:
        raw.execute("DROP TRIGGER audit_log_no_update")
        raw.execute("DROP TRIGGER audit_log_no_delete")
        for statement in statements:
            raw.execute(statement)


def test_cli_verify_passes_on_an_intact_log(store: Store, cli) -> None:
    _fill(store)
    store.close()
    result = cli("--lang", "en", "audit", "verify")
    assert result.returncode == 0, result.stderr
    assert "5 entries" in result.stdout


@pytest.mark.parametrize(
    ("statement", "seq"),
    [
        ("UPDATE audit_log SET detail = '{\"n\":99}' WHERE seq = 3", 3),
        ("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 1", 1),
        ("DELETE FROM audit_log WHERE seq = 2", 2),
        ("DELETE FROM audit_log WHERE seq = 5", 5),
    ],
    ids=["edit-detail", "edit-actor", "delete-middle", "delete-last"],
)
def test_cli_verify_names_the_row_edited_behind_its_back(
    store: Store, home: Home, cli, statement: str, seq: int
) -> None:
    _fill(store)
    store.close()
    _tamper(home, statement)
    result = cli("--lang", "en", "audit", "verify")
    assert result.returncode != 0
    assert f" {seq} " in result.stderr or f"entries {seq} to" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    as_json = json.loads(cli("audit", "verify", "--json").stdout)
    assert as_json["ok"] is False and as_json["problems"][0]["seq"] == seq


def test_the_installed_command_names_the_edited_row(store: Store, home: Home, run_cli) -> None:
    _fill(store)
    store.close()
    _tamper(home, "UPDATE audit_log SET target = 'case-x' WHERE seq = 4")
    result = run_cli("audit", "verify")
    assert result.returncode == 1
    assert "第 4 条" in result.stderr and "Traceback" not in result.stderr


def test_a_rehashed_edit_of_the_last_entry_is_caught_by_the_head(store: Store, home: Home) -> None:
    """An editor who knows the (public) hash rule and rehashes the row still breaks the head
    recorded in meta; only one who also rewrites meta goes unseen - hence the triggers, the
    0700 home and the platform's copy of every case."""
    _fill(store, 3)
    store.close()
    with sqlite3.connect(home.db_path) as raw:
        row = raw.execute(
            "SELECT seq, at, actor, hall_code, window_code, action, target, detail, prev_hash FROM audit_log WHERE seq = 3"
        ).fetchone()
    forged = (*row[:7], '{"n":42}')
    _tamper(
        home,
        f"UPDATE audit_log SET detail = '{forged[7]}', hash = '{_row_hash(row[8], forged)}' WHERE seq = 3",
    )

    with open_store(home, load_config(home)) as reopened:
        problems = reopened.audit.verify()
    assert [p.seq for p in problems] == [3]
    assert "head" in problems[0].en
