"""A power cut in the middle of intake (``power_cut_import.py``, on a disk that keeps only
what was synced): every case the counter reported as accepted is there, whole, under the
number it was given; importing the same file again adds each missing case once; the store,
its key and its audit chain pass doctor. On a window installed before, and on a window's
very first start (where, before, the cut took the whole home)."""

from __future__ import annotations

import json

import pytest

from tests.services.power_cut_import import LINES
from tests.store.power_cut_disk import run_in_own_mount_namespace


@pytest.mark.parametrize(
    ("how", "stop", "window"),
    [("lose", 12, "installed"), ("scramble 4", 9, "new"), ("lose", 15, "new")],
)
def test_a_power_cut_loses_no_accepted_case_and_makes_no_duplicate(
    tmp_path, how: str, stop: int, window: str
) -> None:
    done = run_in_own_mount_namespace(
        "tests.services.power_cut_import", str(tmp_path), how, str(stop), window
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)

    printed = {result["case_id"]: result["case_no"] for result in report["printed"]}
    assert len(printed) >= stop
    after_cut = report["after_cut"]
    assert after_cut["integrity"] == "ok" and after_cut["incomplete"] == 0
    assert printed.items() <= after_cut["cases"].items()
    # At most the line in flight committed without its result being printed.
    assert len(after_cut["cases"]) - len(printed) in (0, 1)

    again = report["again"]
    assert report["again_exit"] == 0 and len(again) == LINES
    assert all(result["status"] == "accepted" for result in again)
    assert sum(result["replayed"] for result in again) == len(after_cut["cases"])
    for result in again:
        if result["case_id"] in printed:
            assert result["replayed"] and result["case_no"] == printed[result["case_id"]]
    after_again = report["after_again"]
    assert after_again["integrity"] == "ok" and after_again["incomplete"] == 0
    assert len(after_again["cases"]) == LINES
    assert len(set(after_again["cases"].values())) == LINES  # no number given twice

    assert {name: report["doctor"][name] for name in ("database", "key_file", "audit_chain")} == {
        "database": "ok",
        "key_file": "ok",
        "audit_chain": "ok",
    }
