"""``counter-central`` as a whole: a usage error reads in Chinese first, then argparse's
English (exit 2), with the platform's own word on where its options go; a store another
program keeps locked past SQLite's wait is said in words, not a traceback, and the command
runs once the lock is gone."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from central.store import open_store
from tests.central.conftest import CliRun


@pytest.mark.parametrize(
    ("argv", "zh", "en"),
    [
        (
            ("devices", "--bogus"),
            "无法识别的参数：--bogus（--db、--key-file 等选项须写在命令之后，"
            "如 counter-central devices --db 路径）",
            "unrecognized arguments: --bogus",
        ),
        (
            ("appointment",),
            "缺少必需的参数：ACTION",
            "the following arguments are required: ACTION",
        ),
        (
            ("tikets",),
            "参数 COMMAND 的值 'tikets' 无效，可选：'serve',",
            "invalid choice: 'tikets'",
        ),
        (("ticket", "issue", "--hall"), "参数 --hall 需要一个值", "--hall: expected one argument"),
    ],
)
def test_a_usage_error_says_it_in_chinese_then_english(
    run_cli: Callable[..., CliRun], argv: tuple[str, ...], zh: str, en: str
) -> None:
    result = run_cli(*argv)
    assert result.returncode == 2
    chinese_line, english_line = result.stderr.splitlines()[-2:]
    assert chinese_line.startswith("counter-central") and "错误：" in chinese_line
    assert zh in chinese_line
    assert "error:" in english_line and en in english_line


@pytest.fixture
def held(tmp_path: Path) -> Iterator[tuple[Path, sqlite3.Connection]]:
    """The store's path and another program's connection to it, which locks it with
    ``BEGIN EXCLUSIVE`` when told."""
    db = tmp_path / "central.sqlite3"
    holder = sqlite3.connect(db, isolation_level=None)
    yield db, holder
    holder.close()


def enroll_code(run_cli: Callable[..., CliRun], db: Path) -> CliRun:
    return run_cli("enroll-code", "--hall", "H1", "--window", "W1", "--db", str(db), "--json")


def test_a_store_locked_while_it_opens_is_said_in_words(
    held: tuple[Path, sqlite3.Connection],
    run_cli: Callable[..., CliRun],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another program holds the file before the store could make it its own (WAL): SQLite's
    wait to open it runs out."""
    db, holder = held
    # The store's fixed 10-second wait, made short: the refusal is under test, not the wait.
    monkeypatch.setattr("central.store.sqlite.OPEN_SECONDS", 0.1)
    holder.execute("BEGIN EXCLUSIVE")
    refused = enroll_code(run_cli, db)
    holder.execute("ROLLBACK")

    assert refused.returncode == 1 and refused.stdout == ""
    chinese, english = refused.stderr.splitlines()
    assert chinese == (
        f"错误：平台数据库 {db} 正被另一个程序锁定，等待后仍未释放，命令没有执行。"
        "请等那个程序（如正在进行的备份，或另一个 counter-central 命令）结束后重新运行本命令。"
    )
    assert english.startswith(f"Error: The platform store {db} is locked by another program")
    assert enroll_code(run_cli, db).json()["code"]


def test_a_store_locked_past_the_commands_wait_is_said_in_words(
    held: tuple[Path, sqlite3.Connection],
    run_cli: Callable[..., CliRun],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The store opens (WAL lets it), but another program's transaction keeps the command's
    own waiting past SQLite's busy timeout."""
    db, holder = held
    open_store(str(db)).close()

    monkeypatch.setattr("central.store.sqlite.BUSY_MILLISECONDS", 100)  # the 10 s, made short
    holder.execute("BEGIN EXCLUSIVE")
    refused = enroll_code(run_cli, db)
    holder.execute("ROLLBACK")

    assert refused.returncode == 1 and refused.stdout == ""
    chinese, english = refused.stderr.splitlines()
    assert chinese.startswith("错误：平台数据库忙或暂时不可用（另一个程序长时间锁定着它")
    assert chinese.endswith("请等那个程序结束、或数据库服务器恢复后，重新运行本命令。")
    assert english.startswith("Error: The platform store is busy or unavailable")
    assert enroll_code(run_cli, db).json()["code"]
