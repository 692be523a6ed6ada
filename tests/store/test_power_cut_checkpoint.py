"""A power cut in the middle of a checkpoint (``power_cut_checkpoint.py``): the store opens
with every case, whatever part of the pages the checkpoint wrote reached the disk. With
seed 3 the file's last page is torn (not a whole number of pages); before, the counter then
called its store damaged and told IT to restore a backup, losing the cases since it; then
it read the whole store (``quick_check``) before opening; now it finishes the checkpoint
from the WAL."""

from __future__ import annotations

import json

import pytest

from tests.store.power_cut_checkpoint import CASES
from tests.store.power_cut_disk import run_in_own_mount_namespace


@pytest.mark.parametrize("how", ["lose", "scramble 3", "scramble 5"])
def test_a_power_cut_during_a_checkpoint_loses_no_case(tmp_path, how: str) -> None:
    done = run_in_own_mount_namespace("tests.store.power_cut_checkpoint", str(tmp_path), how)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)

    assert report["wal_bytes"] > 0 and report["checkpoint"] != "done"  # cut while it ran
    assert report.get("refused") is None
    assert (report["cases"], report["quick_check"], report["whole"]) == (CASES, "ok", True)
