"""What a window writes outside its case tables, then a power cut, for
``test_power_cut_writes.py``: run as ``python -m tests.core.power_cut_writes WORK HOW`` in a
mount namespace of its own (HOW: ``lose`` or ``scramble SEED``).

On a new ``PowerCutDisk`` nothing was ever synced: a window's first start makes its home,
key and database, its device id, the device credential of an enrolment, the user config, an
archived receipt, a backup, a statistics table and a day report on a stick, and the
training platform's store, each call
returning as the program would report success. Then the power is cut, the disk boots
again, and the report says what each write left. Prints one JSON object."""

from __future__ import annotations

import json
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

from central.store.sqlite import SqliteStore
from counter_app.config import device_id, load_config, update_user_config
from counter_app.durable_files import make_directory, write_private_file
from counter_app.file_lock import FileLock
from counter_app.home import Home
from counter_app.services.statistics import Period, compute, write_csv
from counter_app.store.backup import create_backup
from counter_app.store.database import open_store
from counter_app.store.pii import load_key
from printing.archive import archive_path, write_pdf
from tests.conftest import counter_process
from tests.store.power_cut_disk import PowerCutDisk

PDF = b"%PDF-1.7 receipt\n" * 300
EXPORTS = ("stats.csv", "day.pdf")  # statistics --csv, eod --out: onto a stick
CREDENTIAL = b'{"device_id": "dev-1"}'


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def main(work: Path, how: str) -> dict[str, object]:
    disk = PowerCutDisk.booted_under(work)
    home = Home(disk.mountpoint / "hall" / "home")
    # The window's first start: its lock before anything (the home does not exist yet), then
    # the store: the key and the database.
    window = FileLock(home.window_lock_path)
    window.acquire()
    store = open_store(home, load_config(home))
    key_id = store.pii.key.key_id_hex
    store.close()
    window.release()
    device = device_id(home)
    write_private_file(home.device_dir / "identity.json", CREDENTIAL)
    update_user_config(home, {"ui": {"lang": "en"}})
    receipt = archive_path(home, datetime(2026, 12, 6, tzinfo=UTC), "SL-20261206-0001")
    write_pdf(receipt, PDF)
    backup = disk.mountpoint / "usb" / "nightly" / "counter.db"
    make_directory(backup.parent, 0o755)  # the stick's folder (a backup makes none)
    store = open_store(home, load_config(home))
    try:
        create_backup(store, backup, actor="admin")
        write_csv(compute(store, Period.of(None, None)), disk.mountpoint / "usb" / "stats.csv")
    finally:
        store.close()
    eod = counter_process(home.root, "eod", "--out", str(disk.mountpoint / "usb" / "day.pdf"))
    eod.check_returncode()
    exported = {name: (disk.mountpoint / "usb" / name).read_bytes() for name in EXPORTS}
    platform_db = disk.mountpoint / "training" / "central" / "central.sqlite3"
    platform = SqliteStore(str(platform_db))  # the training hall's platform, first start
    platform.create_schema()
    platform.close()
    disk.cut(how)
    disk.boot()
    try:
        try:
            key = load_key(home.key_path).key_id_hex
        except Exception as exc:
            key = type(exc).__name__
        copy = sqlite3.connect(f"file:{backup}?mode=ro", uri=True) if backup.exists() else None
        return {
            "key": key == key_id,
            "database": home.db_path.exists(),
            "device_id": device_id(home) == device,
            "credential": _read(home.device_dir / "identity.json") == CREDENTIAL,
            "user_config": load_config(home).ui.lang == "en",
            "receipt": _read(receipt) == PDF,
            "backup": copy is not None and copy.execute("PRAGMA quick_check").fetchone()[0] == "ok",
            "platform_store": platform_db.exists(),
            "exports": all(_read(disk.mountpoint / "usb" / n) == exported[n] for n in EXPORTS),
        }
    finally:
        disk.cut("lose")


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), sys.argv[2])))
