"""The hash-chained audit log, and `counter-app audit verify` against edits behind its back."""

from __future__ import annotations

import json
import sqlite3

import pytest
from cryptography.hazmat.primitives import hashes, hmac

from counter_app.config import Config, load_config
from counter_app.home import Home
from counter_app.store import database
from counter_app.store.audit import GENESIS_HASH, AuditFact, _row_hash
from counter_app.store.database import Store, open_store
from counter_app.store.migrations.registry import MIGRATIONS
from counter_app.store.pii import audit_chain_key
from tests.store.audit_attacks import rewrite_with_public_rule


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


def _hmac_sm3_hex(key: bytes, message: bytes) -> str:
    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(message)
    return mac.finalize().hex()


def test_an_entry_and_the_head_are_hashed_by_the_documented_rule(store: Store) -> None:
    """The chain's bytes, computed here from the rule (existing stores must keep verifying):
    the detail as sorted compact JSON, a row's hash HMAC-SM3 of the previous hash, a newline
    and the row as a compact JSON array, the head's MAC over seq, hash and keyed-from."""
    store.audit.record("clerk", "case.accept", "c1", {"名": "受理", "n": [1, {"b": 2, "a": None}]})
    store.audit.record("clerk", "case.accept", "c2")
    rows = store.db.execute(
        "SELECT seq, at, actor, hall_code, window_code, action, target, detail, prev_hash, hash"
        " FROM audit_log ORDER BY seq"
    ).fetchall()
    assert [row[7] for row in rows] == ['{"n":[1,{"a":null,"b":2}],"名":"受理"}', "{}"]
    key = audit_chain_key(store.pii.key)
    prev = GENESIS_HASH
    for row in rows:
        canonical = json.dumps(list(row[:8]), ensure_ascii=False, separators=(",", ":"))
        assert (row[8], row[9]) == (prev, _hmac_sm3_hex(key, f"{prev}\n{canonical}".encode()))
        prev = row[9]
    assert store.meta("audit_head") == f"2:{prev}"
    assert store.meta("audit_head_mac") == _hmac_sm3_hex(key, f"head\n2\n{prev}\n1".encode())


def test_an_entry_reads_the_tail_and_the_marker_in_one_statement(store: Store) -> None:
    """Every accept appends at least one entry: one read (the last entry and the keyed-from
    marker together), the row, the head."""
    store.audit.record("clerk", "case.accept", "c1")
    statements: list[str] = []
    with store.transaction() as db:
        db.conn.set_trace_callback(statements.append)
        try:
            store.audit.append(db, "c2", AuditFact("clerk", "case.accept"))
        finally:
            db.conn.set_trace_callback(None)
    assert [s.split()[0] for s in statements] == ["SELECT", "INSERT", "INSERT"]
    assert store.audit.verify() == []


def test_two_connections_appending_in_turn_keep_one_chain(
    store: Store, home: Home, config: Config
) -> None:
    """The window and the sync worker append to the same log: each entry links to the
    other connection's last one (nothing about the tail is remembered between entries)."""
    with open_store(home, config, role="sync") as other:
        for n in range(3):
            store.audit.record("clerk", "case.accept", f"c{n}")
            other.audit.record("system", "sync.sent", f"c{n}")
        assert other.audit.verify() == []
    assert [e["actor"] for e in store.audit.entries()] == ["clerk", "system"] * 3
    assert store.audit.verify() == []


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


def test_a_rehashed_edit_of_the_last_entry_is_caught_at_the_entry(store: Store, home: Home) -> None:
    """An editor who knows the public hash rule but not the key file rehashes the row in
    vain: from the key's introduction on, a row's hash is HMAC-SM3 under that key."""
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
    assert [p.seq for p in problems][:1] == [3]
    assert "was edited" in problems[0].en


def test_cutting_and_rehashing_with_the_public_rule_fails_verify(
    store: Store, home: Home, cli
) -> None:
    _fill(store, 8)
    store.close()
    rewrite_with_public_rule(home.db_path, keep=5)

    result = cli("--lang", "en", "audit", "verify", "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["entries"] == 5
    assert report["problems"][0]["seq"] == 1 and "was edited" in report["problems"][0]["message_en"]


def test_audit_verify_says_from_which_entry_the_chain_is_keyed(store: Store, cli) -> None:
    _fill(store, 2)
    store.close()
    result = cli("--lang", "en", "audit", "verify", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["keyed_from"] == 1
    text = cli("--lang", "en", "audit", "verify")
    assert "keyed from entry 1" in text.stdout


def _legacy_store(home: Home, entries: int) -> None:
    """A store as the program before the keyed chain left it: schema up to m0004, entries
    chained with plain SM3, the head in meta."""
    old = database.connect(home.db_path, 5000)
    MIGRATIONS.apply(old, stop_before="m0005_audit_chain_keyed")
    prev = GENESIS_HASH
    for seq in range(1, entries + 1):
        content = (
            seq,
            "2026-01-05T01:00:00Z",
            "clerk",
            "310104-TRAIN",
            "W01",
            "case.accept",
            f"c{seq}",
            "{}",
        )
        row_hash = _row_hash(prev, content)
        old.execute(
            "INSERT INTO audit_log (seq, at, actor, hall_code, window_code, action, target, detail, prev_hash, hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*content, prev, row_hash),
        )
        prev = row_hash
    old.execute("INSERT INTO meta (key, value) VALUES ('audit_head', ?)", (f"{entries}:{prev}",))
    old.close()


def test_an_upgraded_store_verifies_and_is_keyed_from_the_upgrade_on(
    home: Home, config: Config, cli
) -> None:
    _legacy_store(home, 4)

    result = cli("--lang", "en", "audit", "verify", "--json")
    assert result.returncode == 0, result.stdout
    assert json.loads(result.stdout)["keyed_from"] == 5
    with open_store(home, config) as store:
        introduced = store.audit.entries(after_seq=4)
        assert [(e["seq"], e["action"]) for e in introduced] == [(5, "audit.chain_keyed")]
        assert json.loads(introduced[0]["detail"]) == {"keyed_from": 5}
        store.audit.record("clerk", "case.accept", "c5")
        assert store.audit.verify() == []


def test_an_upgraded_store_cut_and_rehashed_with_the_public_rule_fails_verify(
    home: Home, config: Config, cli
) -> None:
    _legacy_store(home, 4)
    with open_store(home, config) as store:
        _fill(store, 4)
    rewrite_with_public_rule(home.db_path, keep=6)
    result = cli("--lang", "en", "audit", "verify", "--json")
    assert result.returncode == 1
    assert json.loads(result.stdout)["problems"][0]["seq"] == 5


@pytest.mark.parametrize("marker", ["4", "99"], ids=["as-if-just-upgraded", "far-ahead"])
def test_moving_the_keyed_from_marker_past_the_end_is_caught(
    store: Store, home: Home, marker: str
) -> None:
    """Declaring the whole log "from before the key" (so the public rule would apply) is
    itself a change the key catches; opening the store does not re-key such a log."""
    _fill(store, 3)
    store.close()
    rewrite_with_public_rule(home.db_path, keep=3)
    with sqlite3.connect(home.db_path) as raw:
        raw.execute("UPDATE meta SET value = ? WHERE key = 'audit_keyed_from'", (marker,))
        raw.execute("DELETE FROM meta WHERE key = 'audit_head_mac'")
    with open_store(home, load_config(home)) as reopened:
        problems = reopened.audit.verify()
    assert [p.seq for p in problems] == [3]
    assert "keyed-from" in problems[0].en
