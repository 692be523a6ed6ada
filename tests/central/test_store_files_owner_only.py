"""The platform's SQLite store holds licence files and staff members' password verifiers:
its database, -wal and -shm files are owner-only (0600) like its key file, whatever the
umask; an older store's files, made at the umask, are narrowed when it is opened."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from central.store import open_store

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    """The umask of a service account that lets everyone read what it makes."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def store_files(db: Path) -> dict[str, int]:
    files = (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"))
    return {file.name: stat.S_IMODE(file.stat().st_mode) for file in files}


def test_a_new_store_is_owner_only(tmp_path: Path) -> None:
    db = tmp_path / "central.sqlite3"
    store = open_store(str(db))
    try:
        assert set(store_files(db).values()) == {0o600}
        assert stat.S_IMODE(Path(f"{db}.key").stat().st_mode) == 0o600
    finally:
        store.close()


def test_an_older_stores_files_are_narrowed_when_opened(tmp_path: Path) -> None:
    db = tmp_path / "central.sqlite3"
    first = open_store(str(db))
    try:
        for name in store_files(db):
            (tmp_path / name).chmod(0o644)  # as a store made before kept them
        again = open_store(str(db))
        again.close()
        assert set(store_files(db).values()) == {0o600}
    finally:
        first.close()
