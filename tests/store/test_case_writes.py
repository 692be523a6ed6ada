"""A case write and its audit entry are one transaction: ``case_writes`` appends the entry
itself, so no flow can change a case without it, nor leave an entry for a change that
rolled back."""

from __future__ import annotations

import json
import time
import uuid

import pytest

from counter_app.store.audit import AuditFact
from counter_app.store.case_writes import new_row_id, row_id_at
from counter_app.store.database import Store
from tests.sync.backlog import add_version, seed_cases


def _entries(store: Store, case_id: str) -> list[tuple[str, str, dict[str, object]]]:
    rows = store.db.execute(
        "SELECT actor, action, detail FROM audit_log WHERE target = ? ORDER BY seq", (case_id,)
    )
    return [(actor, action, json.loads(detail)) for actor, action, detail in rows]


def test_a_new_version_is_audited_with_its_version_and_content_hash(store: Store) -> None:
    (case,) = seed_cases(store, 1, hall="H01")
    changed = add_version(store, case, "address corrected")
    assert _entries(store, case.case_id)[-1] == (
        "clerk1",
        "case.edit",
        {"data_version": 2, "content_hash": changed.content_hash},
    )
    assert store.audit.verify() == []


def test_a_case_write_rolled_back_leaves_no_audit_entry(store: Store) -> None:
    (case,) = seed_cases(store, 1, hall="H01")
    before = store.audit.head()

    class Abandoned(Exception):
        pass

    with pytest.raises(Abandoned), store.transaction():
        add_version(store, case, "never kept")
        raise Abandoned
    assert store.audit.head() == before
    assert store.audit.verify() == []


def test_an_audit_entry_is_appended_only_inside_a_transaction(store: Store) -> None:
    with pytest.raises(RuntimeError, match="open transaction"):
        store.audit.append(store.db, "case-1", AuditFact("clerk1", "case.edit"))


def test_row_ids_are_version_7_and_sort_by_their_time() -> None:
    before = time.time_ns() // 1_000_000
    fresh = uuid.UUID(new_row_id())
    assert fresh.version == 7 and fresh.variant == uuid.RFC_4122
    assert before <= fresh.int >> 80 <= time.time_ns() // 1_000_000
    ids = [
        row_id_at(millis, rand) for millis, rand in ((5, 2**80 - 1), (6, 0), (1_800_000_000_000, 7))
    ]
    assert [uuid.UUID(i).int >> 80 for i in ids] == [5, 6, 1_800_000_000_000]
    assert sorted(ids) == ids  # by time first, whatever the random bits
    assert all(uuid.UUID(i).version == 7 and uuid.UUID(i).variant == uuid.RFC_4122 for i in ids)
    assert all(str(uuid.UUID(i)) == i for i in ids)  # the canonical text, lower-case hex
