"""``appointment create --json`` answers every failure ``counter-central`` puts in words
with ``{"error": ...}`` on stdout, its text the words stderr gets: the store busy or out of
reach (not the window-facing words of ``StoreUnavailable``), a file that cannot be used,
a SQLite store locked past its wait, as well as the booking's own refusals."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Callable

import pytest

from central.errors import StoreUnavailable
from central.store import arrivals
from tests.central.conftest import CliRun, Platform
from tests.sample_items import ENDORSEMENT, ID_NUMBER


def _busy() -> sqlite3.OperationalError:
    """SQLite's answer to a store another program kept locked past the wait."""
    busy = sqlite3.OperationalError("database is locked")
    busy.sqlite_errorcode = sqlite3.SQLITE_BUSY  # as SQLite sets it
    return busy


FAILURES = {
    "store_unavailable": StoreUnavailable("数据库不可用", "the store is unavailable"),
    "file_error": OSError(errno.ENOSPC, "No space left on device", "central.sqlite3-wal"),
    "store_busy": _busy(),
}
CODES = {"store_unavailable": "store_unavailable", "file_error": "file_error",
         "store_busy": "store_unavailable"}  # fmt: skip


@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_a_failure_with_json_is_on_stdout_in_the_words_stderr_gets(
    platform: Platform,
    run_cli: Callable[..., CliRun],
    monkeypatch: pytest.MonkeyPatch,
    failure: str,
) -> None:
    def fails(*_args: object, **_kwargs: object) -> None:
        raise FAILURES[failure]

    monkeypatch.setattr(arrivals, "create_appointment", fails)
    answer = run_cli(
        "appointment", "create", "--hall", platform.hall, "--item", ENDORSEMENT,
        "--id-number", ID_NUMBER, "--at", "2099-10-05T09:30", *platform.db, "--json",
    )  # fmt: skip
    assert answer.returncode == 1
    error = answer.json()["error"]
    assert error["code"] == CODES[failure]
    assert answer.stderr == f"错误：{error['message']}\nError: {error['message_en']}\n"
    assert "数据库不可用" not in answer.stdout  # the window's words stay the window's
