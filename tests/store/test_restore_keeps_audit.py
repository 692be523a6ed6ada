"""A restore keeps the audit entries the backup lacks (等保 finding): not in the restored chain,
which forks from the platform's head by design, but in ``audit_log_replaced``, named by the
restore's entry, checked by ``audit verify`` and shown by ``audit list``."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from counter_app.config import load_config
from counter_app.home import Home
from counter_app.store import database
from counter_app.store.backup import create_backup, restore_backup
from counter_app.store.database import open_store
from counter_app.store.migrations.registry import MIGRATIONS
from tests.in_process import CliResult

Cli = Callable[..., CliResult]
_ROW = "seq, at, actor, hall_code, window_code, action, target, detail, prev_hash, hash"


def _backup(home: Home, path: Path) -> Path:
    with open_store(home, load_config(home)) as store:
        return create_backup(store, path, actor="admin01").database


def _person_searches(home: Home, times: int = 3) -> None:
    """What the probe did after the backup: three wrong sign-ins, a right one, searches."""
    with open_store(home, load_config(home)) as store:
        for _ in range(times):
            store.audit.record("super01", "login.failure", "super01", {"reason": "password"})
        store.audit.record("super01", "login.success", "super01")
        store.audit.record("super01", "person.searched", None, {"subject": "0123456789abcdef"})


def _rows(db: Path, table: str = "audit_log") -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(db)) as raw:
        return raw.execute(f"SELECT {_ROW} FROM {table} ORDER BY seq").fetchall()


def _last_restore(home: Home) -> tuple[int, Any]:
    with closing(sqlite3.connect(home.db_path)) as raw, raw:
        seq, detail = raw.execute(
            "SELECT seq, detail FROM audit_log WHERE action = 'backup.restore' ORDER BY seq DESC"
        ).fetchone()
    return seq, json.loads(detail)["replaced_log"]


def _verify(cli: Cli) -> dict[str, Any]:
    result = cli("audit", "verify", "--json")
    report: dict[str, Any] = json.loads(result.stdout)
    assert result.returncode == (0 if report["ok"] else 1)
    return report


def test_the_probes_entries_are_kept_named_checked_and_listed(
    home: Home, cli: Cli, tmp_path: Path
) -> None:
    _person_searches(home)  # the log the backup holds
    backup = _backup(home, tmp_path / "th.bak")
    _person_searches(home)
    before = _rows(home.db_path)
    backed_up = len(_rows(backup))
    written_after = before[backed_up:]  # backup.create, 3 failures, a success, the search

    restored = cli("restore", str(backup), "--json")
    assert restored.returncode == 0, restored.stderr

    live = _rows(home.db_path)
    assert live[:-1] == before[:backed_up] and live[-1][5] == "backup.restore"
    restore_seq, said = _last_restore(home)
    first, last = written_after[0][0], written_after[-1][0]
    assert (said["from_seq"], said["to_seq"], said["count"]) == (first, last, 6)
    assert said["head"] == f"{last}:{written_after[-1][-1]}"
    assert _rows(home.db_path, "audit_log_replaced") == written_after  # as they were

    report = _verify(cli)
    assert report["ok"] and report["entries"] == restore_seq
    assert [run["message"] for run in report["replaced"]] == [
        f"第 {restore_seq} 条恢复备份时替换了原日志第 {first}–{last} 条（共 6 条，已保留，哈希链无误）。"
    ]
    text = cli("audit", "verify")
    assert text.returncode == 0 and f"替换了原日志第 {first}–{last} 条" in text.stdout

    listed = json.loads(cli("audit", "list", "--json").stdout)["entries"]
    marked = [(e["seq"], e["action"], e["replaced_by_restore"]) for e in listed[-7:]]
    assert marked == [
        *((row[0], row[5], restore_seq) for row in written_after),
        (restore_seq, "backup.restore", None),
    ]
    failures = cli("--lang", "en", "audit", "list", "--action", "login.failure").stdout
    assert failures.count(f"(replaced by the restore at seq {restore_seq})") == 3

    with closing(sqlite3.connect(home.db_path)) as raw, raw:
        for statement in (
            "UPDATE audit_log_replaced SET actor = 'nobody'",
            "DELETE FROM audit_log_replaced",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                raw.execute(statement)


def test_a_backup_of_another_history_keeps_the_whole_replaced_log(
    home: Home, cli: Cli, tmp_path: Path
) -> None:
    """The restored log and the replaced one differ at the backup's last entry (the backup
    is of a branch the live log left): every entry of the replaced log is kept, as a chain
    from the start, with what an earlier restore kept from it."""
    first_backup = _backup(home, tmp_path / "a.bak")
    _person_searches(home)
    second_backup = _backup(home, tmp_path / "b.bak")
    restore_backup(home, load_config(home), first_backup)
    _person_searches(home, times=4)  # past b.bak's last seq, on another branch
    replaced = _rows(home.db_path)
    kept_before = _rows(home.db_path, "audit_log_replaced")

    restore_backup(home, load_config(home), second_backup)

    restore_seq, said = _last_restore(home)
    assert (said["from_seq"], said["count"]) == (1, len(replaced))
    assert said["kept_earlier"] == len(kept_before) == 7  # a.bak's entry, the probe's, b.bak's
    kept = _rows(home.db_path, "audit_log_replaced")
    assert sorted(kept) == sorted([*replaced, *kept_before])
    report = _verify(cli)
    assert report["ok"], report["problems"]
    runs = {(run["from_seq"], run["restore_replaced"]): run for run in report["replaced"]}
    assert runs[(1, False)]["restore_seq"] == restore_seq
    assert runs[(kept_before[0][0], True)]["message"].startswith("已被替换的日志中第 ")
    assert all(run["ok"] and run["checked"] for run in report["replaced"])


def test_two_restores_in_a_row_keep_both_runs(home: Home, cli: Cli, tmp_path: Path) -> None:
    backup = _backup(home, tmp_path / "th.bak")
    _person_searches(home)
    restore_backup(home, load_config(home), backup)  # two within one second, as like as not
    first_seq, first = _last_restore(home)
    restore_backup(home, load_config(home), backup)
    second_seq, second = _last_restore(home)

    # The second replaced only the first restore's entry, and brought the first's run along.
    assert first_seq == second_seq
    assert (second["from_seq"], second["to_seq"], second["count"]) == (first_seq, first_seq, 1)
    assert second["kept_earlier"] == first["count"]
    report = _verify(cli)
    assert report["ok"], report["problems"]
    assert sorted((run["from_seq"], run["count"]) for run in report["replaced"]) == sorted(
        [(first["from_seq"], first["count"]), (first_seq, 1)]
    )
    listed = json.loads(cli("audit", "list", "--json").stdout)["entries"]
    assert sum(entry["replaced_by_restore"] is not None for entry in listed) == 7


def _tamper(home: Home, statement: str) -> None:
    """What someone with the file and the sqlite3 shell does: the triggers dropped first."""
    with closing(sqlite3.connect(home.db_path)) as raw, raw:
        raw.execute("DROP TRIGGER audit_log_replaced_no_update")
        raw.execute("DROP TRIGGER audit_log_replaced_no_delete")
        raw.execute(statement)


@pytest.mark.parametrize(
    ("statement", "found"),
    [
        (
            "UPDATE audit_log_replaced SET actor = 'admin01' WHERE action = 'login.failure'",
            "内容被改动（哈希不符）",
        ),
        (
            "DELETE FROM audit_log_replaced WHERE action = 'person.searched'",
            "末尾的记录被删除或改动",
        ),
        ("DELETE FROM audit_log_replaced WHERE action = 'login.success'", "链接不符"),
        ("DELETE FROM audit_log_replaced", "全部缺失（被删除）"),
    ],
    ids=["edited", "tail-deleted", "middle-deleted", "all-deleted"],
)
def test_verify_finds_a_replaced_entry_edited_or_deleted(
    home: Home, cli: Cli, tmp_path: Path, statement: str, found: str
) -> None:
    backup = _backup(home, tmp_path / "th.bak")
    _person_searches(home)
    restore_backup(home, load_config(home), backup)
    _tamper(home, statement)

    report = _verify(cli)
    assert not report["ok"]
    assert any(found in problem["message"] for problem in report["problems"])
    assert cli("audit", "verify").returncode == 1


def test_an_unreadable_replaced_database_is_said_and_nothing_is_lost(
    home: Home, cli: Cli, tmp_path: Path
) -> None:
    backup = _backup(home, tmp_path / "th.bak")
    damaged = b"not a database any more" * 500
    home.db_path.write_bytes(damaged)

    result = restore_backup(home, load_config(home), backup)

    assert result.safety_copy is not None and result.safety_copy.read_bytes() == damaged
    assert _last_restore(home)[1] == "unreadable"
    report = _verify(cli)
    assert report["ok"] and report["replaced"] == []


def test_entries_under_another_key_are_kept_and_said_to_be_uncheckable(
    home: Home, cli: Cli, tmp_path: Path
) -> None:
    """A replacement PC restored with the backup's key (another installation's): the
    replaced entries are kept all the same; this key cannot check their hashes."""
    other = Home(tmp_path / "other")
    (tmp_path / "safe").mkdir()
    with open_store(other, load_config(other)) as store:
        made = create_backup(store, tmp_path / "o.bak", key_file=tmp_path / "safe" / "o.key")
    assert made.key is not None
    _person_searches(home)
    replaced = _rows(home.db_path)

    restore_backup(home, load_config(home), made.database, key_file=made.key)

    assert _rows(home.db_path, "audit_log_replaced") == replaced
    report = _verify(cli)
    assert report["ok"], report["problems"]
    [run] = report["replaced"]
    assert not run["checked"] and "本机密钥无法核对" in run["message"]


def test_a_backup_from_before_the_replaced_table_keeps_them_too(
    home: Home, cli: Cli, tmp_path: Path
) -> None:
    """The backup's schema lacks ``audit_log_replaced``: the restore makes it in the
    backup's copy, so the entries still go in with the swap; the upgrade then finds it."""
    old_program = tmp_path / "old.db"
    old = database.connect(old_program, 5000)
    MIGRATIONS.apply(old, stop_before="m0047_audit_log_replaced")
    old.close()
    _person_searches(home)
    replaced = _rows(home.db_path)

    restore_backup(home, load_config(home), old_program)

    assert _rows(home.db_path, "audit_log_replaced") == replaced
    with open_store(home, load_config(home)) as store:
        assert "m0047_audit_log_replaced" in store.schema_versions()
    report = _verify(cli)
    assert report["ok"], report["problems"]
    assert [(run["from_seq"], run["count"]) for run in report["replaced"]] == [(1, len(replaced))]


def test_a_newer_backup_over_the_log_it_continues_replaces_nothing(
    home: Home, cli: Cli, tmp_path: Path
) -> None:
    """The database replaced is an older state of the backup's own history (its log ends
    at an entry the backup holds): no entry is lost, none is kept."""
    _person_searches(home)
    older = _backup(home, tmp_path / "older.bak")
    _person_searches(home)
    newer = _backup(home, tmp_path / "newer.bak")
    # The database put back to the older state.
    with closing(sqlite3.connect(older)) as source, closing(sqlite3.connect(home.db_path)) as live:
        source.backup(live)

    restore_backup(home, load_config(home), newer)

    assert _last_restore(home)[1]["count"] == 0
    assert _rows(home.db_path, "audit_log_replaced") == []
    assert _verify(cli)["replaced"] == []
