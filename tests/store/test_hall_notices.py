"""Hall notices in the store: newest first, read state kept per user of the workstation, a
notice the feed brings again keeps who read it."""

from __future__ import annotations

import pytest

from counter_app.errors import NotFound
from counter_app.services.auth import Accounts
from counter_app.store.database import Store
from counter_app.store.hall_notices import hall_notices, mark_read, store_notice

OLD, NEW = "00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"


def seed(store: Store) -> None:
    store_notice(store, OLD, "2026-12-01T01:00:00.000000Z", "系统升级", "周六停机。")
    store_notice(store, NEW, "2026-12-02T01:00:00.000000Z", "午间暂停", "12:00 暂停取号。")


def test_notices_are_newest_first_and_read_state_is_per_user(store: Store) -> None:
    seed(store)
    assert [(n.title, n.read) for n in hall_notices(store, "clerk1")] == [
        ("午间暂停", False),
        ("系统升级", False),
    ]
    mark_read(store, "clerk1", NEW)
    mark_read(store, "clerk1", NEW)  # again: nothing changes
    assert [(n.notice_id, n.read) for n in hall_notices(store, "clerk1")] == [
        (NEW, True),
        (OLD, False),
    ]
    assert [n.notice_id for n in hall_notices(store, "clerk1", unread_only=True)] == [OLD]
    # Another user of the same workstation has read nothing yet.
    assert [n.notice_id for n in hall_notices(store, "super1", unread_only=True)] == [NEW, OLD]


def test_a_notice_brought_again_keeps_its_readers(store: Store) -> None:
    seed(store)
    mark_read(store, "clerk1", OLD)
    store_notice(store, OLD, "2026-12-01T01:00:00.000000Z", "系统升级（更正）", "周日停机。")
    (old,) = [n for n in hall_notices(store, "clerk1") if n.notice_id == OLD]
    assert (old.title, old.body, old.read) == ("系统升级（更正）", "周日停机。", True)


def test_marking_an_unknown_notice_read_says_so(store: Store) -> None:
    with pytest.raises(NotFound) as caught:
        mark_read(store, "clerk1", "no-such-notice")
    assert "no-such-notice" in caught.value.zh


def test_a_notice_names_its_publisher_by_the_name_this_pc_knows(store: Store) -> None:
    store_notice(store, OLD, "2026-12-01T01:00:00.000000Z", "系统升级", "周六停机。")
    store_notice(
        store, NEW, "2026-12-02T01:00:00.000000Z", "午间暂停", "暂停取号。", published_by="super1"
    )
    by_id = {n.notice_id: n for n in hall_notices(store, "clerk1")}
    assert (by_id[OLD].published_by, by_id[OLD].publisher_name) == (None, None)  # the platform's
    assert (by_id[NEW].published_by, by_id[NEW].publisher_name) == ("super1", "super1")
    Accounts(store).add_user("super1", "Window-2026-ok", "supervisor", "李建国")
    assert hall_notices(store, "clerk1")[0].publisher_name == "李建国"
