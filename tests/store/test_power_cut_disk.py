"""The power-cut disk itself: what was synced survives the cut, what was not is lost. The
power-cut tests elsewhere mean something only if it does both."""

from __future__ import annotations

import json

from tests.store.power_cut_disk import run_in_own_mount_namespace
from tests.store.power_cut_probe import ROWS


def _probe(tmp_path, how: str) -> dict:
    done = run_in_own_mount_namespace("tests.store.power_cut_probe", str(tmp_path), how)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_cut_keeps_what_was_synced_and_loses_the_rest(tmp_path) -> None:
    kept = _probe(tmp_path, "lose")

    assert kept["synced"] == "synced"
    assert kept["old"] == "old"  # overwritten, never synced
    assert kept["name_never_synced"] is False  # its data synced, its directory not
    assert kept["full_rows"] == ROWS  # SQLite, WAL, synchronous=FULL: every commit
    assert kept["off_rows"] is None or kept["off_rows"] < ROWS  # synchronous=OFF: lost


def test_a_cut_that_writes_part_of_the_cache_keeps_every_synced_commit(tmp_path) -> None:
    kept = _probe(tmp_path, "scramble 3")

    assert kept["synced"] == "synced"
    assert kept["name_never_synced"] is False
    assert kept["full_rows"] == ROWS
