"""A restore cut off by a power cut (``power_cut_restore.py``) leaves a window that starts,
and the same restore run again completes: the backup's cases are back, and the cases
taken after the backup get new numbers when entered again, never the numbers already
handed out; the staged and unfinished copies the cut left are cleared."""

from __future__ import annotations

import json

import pytest

from tests.store.power_cut_disk import run_in_own_mount_namespace


@pytest.mark.parametrize("part", ["restoring-", "unsynced-kept-"])
def test_a_restore_cut_off_by_a_power_cut_can_be_run_again(tmp_path, part: str) -> None:
    done = run_in_own_mount_namespace("tests.store.power_cut_restore", str(tmp_path), part)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)

    assert report["cut_exit"] != 0
    assert {report["doctor"][name] for name in ("database", "key_file", "audit_chain")} == {"ok"}
    assert report["again_exit"] == 0, report["again"]
    assert len(report["reimported"]) == len(report["issued_later"]) == 4
    assert not set(report["reimported"]) & set(report["issued_later"])
    assert sorted(report["case_numbers"]) == sorted(report["morning"] + report["reimported"])
    # What the cut-off restore left there was cleared by the next: its safety copies stay.
    kept = ("pre-restore-", "unsynced-kept-")
    assert [name for name in report["backups_dir"] if not name.startswith(kept)] == []
