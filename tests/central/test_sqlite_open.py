"""Opening the platform's SQLite store while other connections open it: a command beside a
starting ``serve`` (the training hall enrols while its platform starts). SQLite answers the
switch to WAL with "database is locked" without waiting; the store retries instead."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from central.store.sqlite import SqliteStore
from tests.at_once import failures_at_once
from tests.central.conftest import CliRun

ROUNDS = 40
OPENERS = 6


def test_stores_opened_at_once_on_a_new_file_all_open(tmp_path: Path) -> None:
    paths = [tmp_path / f"central-{round_no}.sqlite3" for round_no in range(ROUNDS)]
    failures = [
        failure
        for path in paths
        for failure in failures_at_once(lambda: SqliteStore(str(path)).close(), OPENERS)
    ]
    assert failures == []


def test_a_db_that_is_no_sqlite_file_is_named_in_both_languages(
    tmp_path: Path, run_cli: Callable[..., CliRun]
) -> None:
    """A folder, another file, an empty ``--db``: an operator's error naming the path, not
    SQLite's OperationalError; the file is left as it was, and nothing is made beside it."""
    folder = tmp_path / "central"
    folder.mkdir()
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database, only the operator's notes\n" * 20, encoding="utf-8")
    for db, zh, en in (
        (folder, "是一个文件夹，不是数据库文件", "is a folder, not a database file"),
        (notes, "不是 SQLite 数据库文件（或已损坏）", "is not a SQLite database (or is damaged)"),
    ):
        refused = run_cli("cases", "--db", str(db))
        assert (refused.returncode, refused.stdout) == (1, "")
        assert refused.stderr == (
            f"错误：平台数据库 {db} {zh}：请检查 --db 给出的路径。\n"
            f"Error: The platform store {db} {en}: check the path --db gives.\n"
        )
    empty = run_cli("cases", "--db", "")
    assert empty.returncode == 1 and "错误：平台数据库的路径为空" in empty.stderr
    assert "The platform store's path is empty" in empty.stderr
    assert notes.read_text(encoding="utf-8").startswith("not a database")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["central", "notes.txt"]
    assert list(folder.iterdir()) == []


def test_a_store_under_a_file_says_what_the_system_said(
    tmp_path: Path, run_cli: Callable[..., CliRun]
) -> None:
    a_file = tmp_path / "afile"
    a_file.write_text("", encoding="utf-8")
    refused = run_cli("cases", "--db", str(a_file / "central.sqlite3"))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert refused.stderr.startswith(f"错误：{a_file} 无法使用（File exists）。请检查命令中的路径")
