"""Every file a window reports as written is there after a power cut, on a disk that keeps
no more than POSIX promises (``tests/store/power_cut_disk.py``): the home and its key from
the first start, the device id, the enrolment's credential, the user config, an archived
receipt, a backup, a statistics table and a day report on a stick, and the training
platform's store. Before, a cut right after the first start took the whole
home: no directory it made was ever synced."""

from __future__ import annotations

import json

import pytest

from tests.store.power_cut_disk import run_in_own_mount_namespace


@pytest.mark.parametrize("how", ["lose", "scramble 1", "scramble 2"])
def test_what_a_window_wrote_survives_a_power_cut(tmp_path, how: str) -> None:
    done = run_in_own_mount_namespace("tests.core.power_cut_writes", str(tmp_path), how)

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "key": True,
        "database": True,
        "device_id": True,
        "credential": True,
        "user_config": True,
        "receipt": True,
        "backup": True,
        "platform_store": True,
        "exports": True,
    }
