"""A full or failing disk while a case is accepted: nothing half-written, the clerk told in
plain words, and the same request accepted exactly once when the disk is mended. The full disk
is SQLite's own answer to its page limit (``tests/store/disk_faults.py``); ``query_only``
makes it answer SQLITE_READONLY as a file system remounted read-only after errors does."""

from __future__ import annotations

import uuid

import pytest

from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.store.database import DiskFailed, DiskFull, Store
from tests.services.conftest import complete_marks, item_named, request_for
from tests.store.disk_faults import fill_the_disk, free_the_disk

ATTEMPTS = 200


def _cases(store: Store) -> int:
    return int(store.db.execute("SELECT count(*) FROM cases").fetchone()[0])


def _rows_of(store: Store, request_id: str | None) -> int:
    """The case and its queued version, by the request that made it."""
    return int(
        store.db.execute(
            "SELECT count(*) FROM cases JOIN outbox USING (case_id) WHERE request_id = ?",
            (request_id,),
        ).fetchone()[0]
    )


def test_an_accept_on_a_full_disk_saves_nothing_and_is_accepted_once_later(
    intake_store: Store, clerk: User
) -> None:
    item = item_named(intake_store, "老年综合津贴申领")
    fill_the_disk(intake_store)
    # The pages already there still have room for a few cases; one soon needs a new page.
    for _attempt in range(ATTEMPTS):
        request = request_for(item, complete_marks(item), request_id=str(uuid.uuid4()))
        before = _cases(intake_store)
        try:
            intake.accept(intake_store, request, clerk)
        except DiskFull as full:
            refused = full
            break
    else:
        pytest.fail(f"{ATTEMPTS} accepts fitted in a full store")

    assert "磁盘已满" in refused.zh and "not saved" in refused.en
    assert refused.to_dict()["code"] == "disk_full"
    assert _cases(intake_store) == before
    assert _rows_of(intake_store, request.request_id) == 0

    free_the_disk(intake_store)
    first = intake.accept(intake_store, request, clerk)
    again = intake.accept(intake_store, request, clerk)  # the clerk's retry, same request
    assert again.case_no == first.case_no
    assert _cases(intake_store) == before + 1
    assert _rows_of(intake_store, request.request_id) == 1


def test_an_accept_on_a_disk_turned_read_only_saves_nothing_and_is_accepted_once_later(
    intake_store: Store, clerk: User
) -> None:
    item = item_named(intake_store, "老年综合津贴申领")
    request = request_for(item, complete_marks(item), request_id=str(uuid.uuid4()))
    before = _cases(intake_store)
    intake_store.db.execute("PRAGMA query_only = 1")

    with pytest.raises(DiskFailed) as failed:
        intake.accept(intake_store, request, clerk)

    assert "磁盘写入出错" in failed.value.zh and "do not reinstall" in failed.value.en
    assert failed.value.to_dict()["code"] == "disk_error"
    assert _cases(intake_store) == before

    intake_store.db.execute("PRAGMA query_only = 0")  # the disk mended
    first = intake.accept(intake_store, request, clerk)
    assert intake.accept(intake_store, request, clerk).case_no == first.case_no
    assert _rows_of(intake_store, request.request_id) == 1
