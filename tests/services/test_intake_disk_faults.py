"""A full or failing disk while a case is accepted: nothing half-written, the clerk told in
plain words, and the same request accepted exactly once when the disk is mended. The disk is
full as SQLite sees it at its page limit, or really full (a small tmpfs in a mount namespace
of the program's own, ``tests/store/disk_faults.py``); ``query_only`` makes SQLite answer
SQLITE_READONLY as a file system remounted read-only after errors does."""

from __future__ import annotations

import json
import sys
import uuid
from pathlib import Path

import pytest

from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.store.database import Store
from counter_app.store.sqlite_failures import DiskFailed, DiskFull
from tests.services.conftest import complete_marks, item_named, request_for
from tests.services.import_lines import line
from tests.store.disk_faults import fill_the_disk, free_the_disk, on_a_small_disk

ATTEMPTS = 200


def _cases(store: Store) -> int:
    return int(store.db.execute("SELECT count(*) FROM cases").fetchone()[0])


def _rows_of(store: Store, request_id: str | None) -> int:
    """The case and its queued version, by the request that made it."""
    return int(
        store.db.execute(
            "SELECT count(*) FROM cases JOIN outbox USING (case_id) WHERE request_id = ?",
            (request_id,),
        ).fetchone()[0]
    )


def test_an_accept_on_a_full_disk_saves_nothing_and_is_accepted_once_later(
    intake_store: Store, clerk: User
) -> None:
    item = item_named(intake_store, "老年综合津贴申领")
    fill_the_disk(intake_store)
    # The pages already there still have room for a few cases; one soon needs a new page.
    for _attempt in range(ATTEMPTS):
        request = request_for(item, complete_marks(item), request_id=str(uuid.uuid4()))
        before = _cases(intake_store)
        try:
            intake.accept(intake_store, request, clerk)
        except DiskFull as full:
            refused = full
            break
    else:
        pytest.fail(f"{ATTEMPTS} accepts fitted in a full store")

    assert "磁盘已满" in refused.zh and "not saved" in refused.en
    assert refused.to_dict()["code"] == "disk_full"
    assert _cases(intake_store) == before
    assert _rows_of(intake_store, request.request_id) == 0

    free_the_disk(intake_store)
    first = intake.accept(intake_store, request, clerk)
    again = intake.accept(intake_store, request, clerk)  # the clerk's retry, same request
    assert again.case_no == first.case_no
    assert _cases(intake_store) == before + 1
    assert _rows_of(intake_store, request.request_id) == 1


def test_an_accept_on_a_disk_turned_read_only_saves_nothing_and_is_accepted_once_later(
    intake_store: Store, clerk: User
) -> None:
    item = item_named(intake_store, "老年综合津贴申领")
    request = request_for(item, complete_marks(item), request_id=str(uuid.uuid4()))
    before = _cases(intake_store)
    intake_store.db.execute("PRAGMA query_only = 1")

    with pytest.raises(DiskFailed) as failed:
        intake.accept(intake_store, request, clerk)

    assert "磁盘写入出错" in failed.value.zh and "do not reinstall" in failed.value.en
    assert failed.value.to_dict()["code"] == "disk_error"
    assert _cases(intake_store) == before

    intake_store.db.execute("PRAGMA query_only = 0")  # the disk mended
    first = intake.accept(intake_store, request, clerk)
    assert intake.accept(intake_store, request, clerk).case_no == first.case_no
    assert _rows_of(intake_store, request.request_id) == 1


def test_a_running_counter_whose_real_disk_fills_up_keeps_every_case_once(tmp_path: Path) -> None:
    """A real full disk under a store already open: the accept's commit cannot grow the WAL."""
    disk = tmp_path / "disk"
    disk.mkdir()
    done = on_a_small_disk(
        disk, "16m", '"$2" -m tests.services.full_disk_window "$1"', sys.executable
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen["refused"]["code"] == "disk_full" and "磁盘已满" in seen["refused"]["zh"]
    assert seen["cases_when_full"] == 0
    assert seen["same_case"] is True and seen["cases"] == 1


def test_a_counter_started_on_a_full_disk_says_the_disk_is_full(tmp_path: Path) -> None:
    """Opening the store on a full disk fails at its shared-memory index, which SQLite
    reports as an I/O error: it is still told as a full disk. Freed, the same cases come in
    once (an import, the same file twice)."""
    source = tmp_path / "cases.jsonl"
    source.write_text("\n".join(line(i) for i in range(1, 4)) + "\n", encoding="utf-8")
    disk = tmp_path / "disk"
    disk.mkdir()
    script = (
        '"$2" -m counter_app.cli.main --home "$1/home" catalog --json > /dev/null || exit 91\n'
        'dd if=/dev/zero of="$1/filler" bs=4k 2>/dev/null\n'
        '"$2" -m counter_app.cli.main --home "$1/home" import "$3" --json; echo "full: $?"\n'
        'rm "$1/filler"\n'
        '"$2" -m counter_app.cli.main --home "$1/home" import "$3" --json; echo "freed: $?"\n'
    )
    done = on_a_small_disk(disk, "16m", script, sys.executable, str(source))
    full, freed = done.stdout.split("full: ")[1].split("\n", 1)
    assert full == "2" and "磁盘已满" in done.stderr and "disk is full" in done.stderr
    lines = [json.loads(text) for text in freed.splitlines() if text.startswith("{")]
    assert [(r["status"], r["replayed"]) for r in lines] == [("accepted", False)] * 3
    assert "freed: 0" in done.stdout
