"""``counter-central restored`` tells the operator what the restore undid: when the restored
store ends (its newest operator-log entry), and by kind the steps to do again, with the
newest of each the store holds; the words on stderr, the same in the JSON answer."""

from __future__ import annotations

import json
from pathlib import Path

from central.cli import main
from tests.in_process import run_main


def _run(*args: str) -> tuple[int, str, str]:
    done = run_main(main, list(args), None)
    return done.returncode, done.stdout, done.stderr


def test_restored_names_the_end_of_the_store_and_each_kind_to_redo(tmp_path: Path) -> None:
    db = ["--db", str(tmp_path / "central.sqlite3")]
    assert _run("enroll-code", "--hall", "H1", "--window", "W1", "--json", *db)[0] == 0
    assert _run("revoke", "NO-SUCH-DEVICE", *db)[0] != 0  # refused: no entry
    code, out, err = _run("restored", *db)
    assert code == 0, err
    answer = json.loads(out)
    assert answer["restored"] is True and answer["store_ends_at"]
    lost = {kind["kind"]: kind for kind in answer["lost"]}
    assert set(lost) == {
        "enrolments",
        "device_revocations",
        "staff_changes",
        "publications",
        "appointments",
    }
    assert lost["enrolments"]["last_action"] == "enroll-code"
    assert lost["device_revocations"]["last_at"] is None
    assert "此后的所有变更都已丢失" in err and "重新吊销" in err
    assert "every change after it is lost" in err and "counter-central operator-log --since" in err

    code, out, err = _run("restored", "--json", *db)
    assert code == 0 and err == ""
    # The first restored is the newest entry now: the second run says so.
    assert json.loads(out)["store_ends_at"] >= answer["store_ends_at"]
