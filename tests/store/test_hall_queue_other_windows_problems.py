"""Another window's case the platform holds in conflict or rejected shows so in the hall
queue, with the platform's reason, as ``queue --problems`` lists it, until the platform
stores a newer version of the case."""

from __future__ import annotations

import json
from datetime import date

from counter_app.services.hall_queue import read_queue
from counter_app.store.database import Store
from counter_app.store.hall_queue import QueueQuery, last_hall_sequence, queue_page
from tests.store.hall_summaries import hall_summary, keep_problem, keep_summaries


def test_another_windows_conflict_shows_in_the_queue_until_the_platform_moves_on(
    store: Store,
) -> None:
    theirs = hall_summary(4)
    keep_summaries(store, theirs)
    keep_problem(store, theirs, "conflict", data_version=2)

    (case,) = queue_page(store, QueueQuery(), limit=10)
    assert (case.case_no, case.sync_state, case.local) == (theirs.case_no, "conflict", False)
    assert case.sync_error is not None
    assert json.loads(case.sync_error) == {
        "reason": "content_differs",
        "message_zh": "同一版本号的内容不同",
        "message_en": "the same version with different content",
    }
    (entry,) = read_queue(store, QueueQuery(), today=date(2026, 11, 28))
    assert entry.problem is not None
    assert (entry.problem.status, entry.problem.reason) == ("conflict", "content_differs")
    assert entry.problem.message_zh == "同一版本号的内容不同"

    # The platform stores a newer version (the problem resolved): uploaded, no problem.
    keep_summaries(store, hall_summary(4, data_version=3, sequence=9))
    (case,) = queue_page(store, QueueQuery(), limit=10)
    assert (case.sync_state, case.sync_error) == ("synced", None)


def test_another_windows_rejected_version_shows_as_rejected_in_a_search(store: Store) -> None:
    theirs = hall_summary(4)
    keep_summaries(store, theirs)
    keep_problem(store, theirs, "rejected", data_version=2)
    (case,) = queue_page(store, QueueQuery(text=theirs.case_no[:20], window="W01"), limit=10)
    assert case.sync_state == "rejected"


def test_a_problem_arriving_alone_moves_the_queues_marker(store: Store) -> None:
    """The open 大厅队列 tab reads again when the marker moves: a problem of a case whose
    summary did not change must move it too."""
    theirs = hall_summary(4)
    keep_summaries(store, theirs)
    before = last_hall_sequence(store)
    keep_problem(store, theirs, "conflict", data_version=2)
    assert last_hall_sequence(store) > before
