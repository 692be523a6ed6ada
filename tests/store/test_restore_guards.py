"""What restore checks before it replaces the database, as hall IT meets it: cases waiting
to upload that the backup lacks, a ``counter-app sync`` service between its runs, and a
backup numbered by a device this PC's enrolment did not state (docs/operations.md §5, §6)."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
from dataclasses import replace
from pathlib import Path

from counter_app.config import load_config
from counter_app.file_lock import HomeBusy
from counter_app.home import Home
from counter_app.services.auth import Accounts
from counter_app.store.backup import create_backup, restore_backup
from counter_app.store.database import open_store
from counter_app.store.restore_guards import StoreInUse
from tests.central.server_fixture import RunningCentral
from tests.conftest import COUNTER_APP, MINIMAL_USER_CONFIG
from tests.in_process import CliResult
from tests.services.import_lines import line
from tests.waiting import wait_until

HALL, WINDOW = "310104-TRAIN", "W01"
PASSWORD = "Counter-2026-ok"


def _import(cli, tmp_path: Path, numbers: range | list[int], home: Home | None = None) -> list[str]:
    """Accept one case per number through ``counter-app import``; their case numbers."""
    source = tmp_path / f"lines-{numbers[0]}.jsonl"
    source.write_text("\n".join(line(i) for i in numbers) + "\n", encoding="utf-8")
    done = cli("import", str(source), "--json", home_dir=home.root if home else None)
    assert done.returncode == 0, done.stderr
    return [json.loads(row)["case_no"] for row in done.stdout.splitlines()]


def _case_numbers(database: Path) -> set[str]:
    with sqlite3.connect(database) as raw:
        return {row[0] for row in raw.execute("SELECT case_no FROM cases")}


def _stick(tmp_path: Path) -> Path:
    stick = tmp_path / "usb"
    stick.mkdir(exist_ok=True)
    return stick


def test_restore_refuses_to_leave_a_case_waiting_to_upload_only_in_the_safety_copy(
    home: Home, cli, tmp_path: Path
) -> None:
    """The case accepted after the backup, not yet on the platform, was silently left in
    the safety copy. Refused, naming it and both ways on; ``--discard-unsynced`` restores,
    says where the case is kept and what the restored store holds."""
    morning = _import(cli, tmp_path, range(2))
    backup = _stick(tmp_path) / "old.db"
    assert cli("backup", str(backup)).returncode == 0
    (later,) = _import(cli, tmp_path, [7])

    refused = cli("restore", str(backup))
    assert (refused.returncode, refused.stdout) == (2, ""), refused.stderr
    # No administrator account here: the restore says it runs as the OS user (tests/cli).
    note, chinese, english = refused.stderr.splitlines()
    assert note.startswith("注意：本机还没有启用的管理员账号")
    assert chinese.startswith(f"当前数据库中有 1 件办件尚未上传到平台，而备份 {backup} 中没有")
    assert later in chinese and "未做任何更改" in chinese and "counter-app sync --once" in chinese
    assert "--discard-unsynced" in chinese and str(home.backups_dir / "unsynced-kept-") in chinese
    assert "Nothing was changed" in english and later in english
    assert _case_numbers(home.db_path) == {*morning, later}
    assert list(home.backups_dir.glob("*-*.db")) == []

    restored = cli("restore", str(backup), "--discard-unsynced")
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.splitlines()[0] == (
        f"已从 {backup} 恢复：恢复后的数据库有 2 件办件，其中 2 件待上传（下次同步时上传）。"
    )
    (safety,) = home.backups_dir.glob("unsynced-kept-*.db")  # never pruned
    assert restored.stderr.splitlines()[1] == (
        f"警告：已按 --discard-unsynced 舍弃 1 件尚未上传、备份中又没有的办件：{later}。"
        f"它们只留在原数据库的安全副本 {safety} 中。"
    )
    assert _case_numbers(home.db_path) == set(morning)
    assert later in _case_numbers(safety)
    with open_store(home, load_config(home)) as store:
        entry = store.audit.entries(limit=1000)[-1]
    assert entry["action"] == "backup.restore"
    assert json.loads(entry["detail"])["discarded_unsynced"] == [later]


def test_a_newer_version_waiting_to_upload_counts_and_a_backup_holding_it_restores(
    home: Home, cli, tmp_path: Path
) -> None:
    """A case the backup holds only at an older version loses its newer one; a backup that
    holds every waiting version restores without asking, and says what waits to upload."""
    first, _second = _import(cli, tmp_path, range(2))
    stick = _stick(tmp_path)
    assert cli("backup", str(stick / "before.db")).returncode == 0
    withdrawn = cli("case", "withdraw", first, "--reason", "申请人撤回")
    assert withdrawn.returncode == 0, withdrawn.stderr
    assert cli("backup", str(stick / "after.db")).returncode == 0

    refused = cli("--lang", "en", "restore", str(stick / "before.db"))
    assert refused.returncode == 2
    assert refused.stderr.splitlines()[1].startswith(
        "1 case(s) in the current database are not on the platform"
    )
    assert first in refused.stderr and _second not in refused.stderr

    restored = cli("--lang", "en", "restore", str(stick / "after.db"), "--json")
    assert restored.returncode == 0, restored.stderr
    report = json.loads(restored.stdout)
    assert (report["cases"], report["waiting_to_upload"]) == (2, 2)
    assert (report["discarded_unsynced"], report["foreign_numbering"]) == ([], None)


def test_restore_refuses_while_a_sync_service_waits_between_its_runs(
    home: Home, tmp_path: Path
) -> None:
    """``counter-app sync`` holds the sync lock only while a run lasts; between runs it
    waits with the store open, and would go on syncing the replaced database. A real
    service is started, restore refused while it runs and done once it stopped."""
    config = load_config(home)
    with open_store(home, config) as store:
        Accounts(store).add_user("alice", PASSWORD, "clerk")
        backup = create_backup(store, _stick(tmp_path) / "b.db").database
        Accounts(store).add_user("bob", PASSWORD, "clerk")
    journal = tmp_path / "journal.txt"
    # One run, then a wait far longer than the test.
    environment = {**os.environ, "COUNTER_APP__SYNC__INTERVAL_SECONDS": "3600"}
    with journal.open("w", encoding="utf-8") as out:
        service = subprocess.Popen(
            [*COUNTER_APP, "--home", str(home.root), "sync"],
            stdout=out,
            stderr=out,
            env=environment,
        )
    impatient = replace(config, store=replace(config.store, busy_timeout_ms=50))

    def refusal() -> StoreInUse | None:
        try:
            restore_backup(home, impatient, backup)
        except HomeBusy:
            return None  # during one of its first runs: the sync lock refuses
        except StoreInUse as exc:
            return exc
        raise AssertionError("restored while the sync service ran")

    try:
        wait_until(
            lambda: "[同步]" in journal.read_text(encoding="utf-8"), "the service's first run"
        )
        refused = wait_until(refusal, "restore to meet the service between its runs")
        service.send_signal(signal.SIGTERM)
        assert service.wait(timeout=60) == 0
    finally:
        if service.poll() is None:
            service.kill()
            service.wait()
    assert "counter-app sync" in refused.zh and "未做任何更改" in refused.zh
    with open_store(home, config) as store:
        assert [u.username for u in Accounts(store).list_users()] == ["alice", "bob"]
    assert list(home.backups_dir.glob("pre-restore-*")) == []

    restore_backup(home, impatient, backup)
    with open_store(home, config) as store:
        assert [u.username for u in Accounts(store).list_users()] == ["alice"]


def _devices(central: RunningCentral) -> list[str]:
    return [d["device_id"] for d in central.cli("devices", "--json")["devices"]]


def test_a_pc_enrolled_before_the_restore_is_told_how_to_enrol_again(
    home: Home, cli, central: RunningCentral, tmp_path: Path
) -> None:
    """IT enrolled the replacement PC as a second PC of the window (``--second-pc``, not
    ``--replaces``), then restored the old PC's backup: §6's order reversed. The platform refused the old PC's cases from it with no hint.
    Restore names both devices and the steps; taken as written, every case goes out."""

    def enrol(code: str, pc: Home) -> CliResult:
        return cli("enroll", central.url, code, "--allow-insecure-http", home_dir=pc.root)

    assert enrol(central.enroll_code(HALL, WINDOW), home).returncode == 0
    (old_device,) = _devices(central)
    central.publish_bundled_catalog()  # the window's catalog, taken with its first sync
    assert cli("sync", "--once").returncode == 0
    _import(cli, tmp_path, range(2))
    assert cli("sync", "--once").returncode == 0
    (unsynced,) = _import(cli, tmp_path, [5])
    with open_store(home, load_config(home)) as store:
        Accounts(store).add_user("chief", PASSWORD, "supervisor")
    backup, key = _stick(tmp_path) / "old-pc.db", tmp_path / "safe" / "old-pc.key"
    key.parent.mkdir()
    assert cli("backup", str(backup), "--with-key", str(key)).returncode == 0

    new_pc = Home(tmp_path / "new-pc").ensure()
    new_pc.config_path.write_text(MINIMAL_USER_CONFIG, encoding="utf-8")
    assert enrol(central.enroll_code(HALL, WINDOW, second_pc=True), new_pc).returncode == 0
    (new_device,) = set(_devices(central)) - {old_device}
    restored = cli("restore", str(backup), "--key", str(key), home_dir=new_pc.root)
    assert restored.returncode == 0, restored.stderr
    old_numbering = unsynced.split("-")[-3]
    warning = restored.stderr
    assert f"备份中的办件是另一台电脑受理的（编号中的设备号 {old_numbering}）" in warning
    assert f"在恢复之前已在平台登记为设备 {new_device}" in warning
    steps = dict(re.findall(r"^  (\d)\. [^：]*：(.*)$", warning, re.MULTILINE))
    assert steps["1"] == f"counter-central revoke {new_device}"
    assert steps["2"] == (
        f"counter-central enroll-code --hall {HALL} --window {WINDOW} --replaces {old_device}"
    )
    # The restored case waits to upload, under this hall and window's new code too.
    assert steps["3"] == (
        f"counter-app enroll {central.url} 登记码 --allow-insecure-http --despite-backlog"
    )
    assert steps["4"].startswith("值班长执行 counter-app sync requeue --all-rejected --by ")

    # The sync the warning is about: the platform refuses the old PC's case.
    refused = json.loads(cli("sync", "--once", "--json", home_dir=new_pc.root).stdout)
    assert (refused["pushed"], refused["rejected"]) == (0, 1), refused
    # The steps as the warning gives them.
    central.cli(*steps["1"].split()[1:])
    code = central.cli(*steps["2"].split()[1:], "--json")["code"]
    enrol_again = [code if word == "登记码" else word for word in steps["3"].split()[1:]]
    again = cli(*enrol_again, home_dir=new_pc.root)
    assert again.returncode == 0, again.stderr
    requeued = cli(
        "sync",
        "requeue",
        "--all-rejected",
        "--by",
        "chief",
        "--password-stdin",
        input=PASSWORD,
        home_dir=new_pc.root,
    )
    assert requeued.returncode == 0, requeued.stderr
    synced = json.loads(cli("sync", "--once", "--json", home_dir=new_pc.root).stdout)
    assert (synced["pushed"], synced["rejected"], synced["pending"]) == (1, 0, 0), synced
    assert unsynced in {c["case_no"] for c in central.cli("cases", "--json")["cases"]}
