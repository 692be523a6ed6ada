"""A page of the store damaged (a failing disk, someone's editor) past the header and schema
the opening checks: every command says the database is damaged and how to restore it, doctor
fails its database check in words, and restore replaces it, keeping the damaged file whole."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.database import open_store
from tests.sync.backlog import seed_cases

CASES = 60  # enough that the cases table is a tree of several pages


def _store_with_cases(home: Home, config: Config) -> None:
    with open_store(home, config) as store:
        seed_cases(store, CASES, hall=config.hall.hall_code)
    # Closed last: every page is in the database file now, none in a WAL.


def _damage_page(db_path: Path, page: int) -> None:
    """Flip the first 8 bytes of ``page`` (numbered from 1), as the probe did."""
    with sqlite3.connect(db_path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(db_path, "r+b") as handle:
        handle.seek((page - 1) * page_size)
        flipped = bytes(byte ^ 0xFF for byte in handle.read(8))
        handle.seek((page - 1) * page_size)
        handle.write(flipped)


def _root_page(db_path: Path, table: str) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return int(
            conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[
                0
            ]
        )
    finally:
        conn.close()


def _database_check(doctor_json: str) -> dict[str, str]:
    checks = {check["name"]: check for check in json.loads(doctor_json)["checks"]}
    return checks["database"]


def test_a_damaged_cases_page_is_named_by_every_command_and_restore_replaces_it(
    home: Home, config: Config, run_cli, tmp_path: Path
) -> None:
    _store_with_cases(home, config)
    backup = tmp_path / "B.db"
    assert run_cli("backup", str(backup)).returncode == 0
    _damage_page(home.db_path, _root_page(home.db_path, "cases"))

    listed = run_cli("cases")
    assert listed.returncode == 2 and "Traceback" not in listed.stderr
    zh, en = listed.stderr.splitlines()[:2]
    assert zh.startswith(f"数据库 {home.db_path} 已损坏（database disk image is malformed）")
    assert "counter-app restore" in zh
    assert en.startswith(f"The database {home.db_path} is damaged") and "counter-app restore" in en

    doctor = run_cli("doctor", "--json")
    assert doctor.returncode == 1 and "Traceback" not in doctor.stderr
    database = _database_check(doctor.stdout)
    assert database["status"] == "fail"
    assert "已损坏" in database["detail"] and "counter-app restore" in database["detail"]

    restored = run_cli("restore", str(backup))
    assert restored.returncode == 0 and "Traceback" not in restored.stderr, restored.stderr
    (kept,) = home.backups_dir.glob("damaged-*.db")
    assert f"原数据库已保存为 {kept}" in restored.stdout
    assert list(home.backups_dir.glob("pre-restore-*")) == []
    listed = run_cli("cases", "--json")
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)["cases"]) == CASES


def test_a_damaged_leaf_the_opening_never_reads_is_set_aside_by_restore(
    home: Home, config: Config, run_cli, tmp_path: Path
) -> None:
    _store_with_cases(home, config)
    backup = tmp_path / "B.db"
    assert run_cli("backup", str(backup)).returncode == 0
    conn = sqlite3.connect(home.db_path)
    (leaf,) = conn.execute(
        "SELECT min(pageno) FROM dbstat WHERE name = 'cases' AND pagetype = 'leaf'"
    ).fetchone()
    conn.close()
    _damage_page(home.db_path, leaf)

    restored = run_cli("restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert len(list(home.backups_dir.glob("damaged-*.db"))) == 1
    assert list(home.backups_dir.glob("pre-restore-*")) == []


def test_doctor_reports_damaged_case_versions_in_words(home: Home, config: Config, run_cli) -> None:
    _store_with_cases(home, config)
    _damage_page(home.db_path, _root_page(home.db_path, "case_versions"))
    doctor = run_cli("doctor", "--json")
    assert doctor.returncode == 1 and "Traceback" not in doctor.stderr
    database = _database_check(doctor.stdout)
    assert database["status"] == "fail"
    assert database["detail"].startswith("数据库已损坏：database disk image is malformed")
    assert "counter-app sync --once" in database["detail"]
    assert "counter-app restore" in database["detail"]
    english = _database_check(run_cli("--lang", "en", "doctor", "--json").stdout)
    assert english["detail"].startswith("the database is damaged")


def test_doctor_gives_the_way_forward_from_a_damaged_index_and_rebuilds_nothing(
    home: Home, config: Config, run_cli
) -> None:
    _store_with_cases(home, config)
    conn = sqlite3.connect(home.db_path)
    # An index of one page, its root a leaf: emptied, every entry is gone and nothing else.
    (index,) = conn.execute(
        "SELECT m.name FROM sqlite_master m JOIN dbstat d ON d.name = m.name"
        " WHERE m.type = 'index' AND m.tbl_name = 'cases' GROUP BY m.name"
        " HAVING count(*) = 1 AND sum(d.ncell) > 0 ORDER BY m.name LIMIT 1"
    ).fetchone()
    conn.close()
    _drop_index_entries(home.db_path, index)

    doctor = run_cli("doctor", "--json")
    assert doctor.returncode == 1, doctor.stderr
    database = _database_check(doctor.stdout)
    assert database["status"] == "fail"
    assert database["detail"].startswith("数据库索引损坏：")
    assert f"missing from index {index}" in database["detail"]
    assert "办件数据本身完好" in database["detail"]
    assert "counter-app sync --once" in database["detail"]
    assert "REINDEX" in database["detail"]
    conn = sqlite3.connect(home.db_path)
    try:  # doctor rebuilt nothing: the index is still as damaged
        still = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()
    assert any(f"missing from index {index}" in row for row in still)


def _drop_index_entries(db_path: Path, index: str) -> None:
    """Empty the index ``index`` behind SQLite's back: its root page made an empty leaf, the
    table's rows left as they are."""
    root = _root_page(db_path, index)
    with sqlite3.connect(db_path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(db_path, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        # An index leaf page (0x0A) with no cells, its content area starting at the page end.
        handle.write(bytes([0x0A, 0, 0, 0, 0]) + page_size.to_bytes(2, "big")[-2:] + b"\x00")
