"""高效办成一件事 in the hall queue: the platform's summary of a case names the bundle it was
decided in (its id and name), the queue reads them back, a search by part of a bundle's
name finds that bundle's cases (through the queue's own list of names and their index),
and leaving the hall forgets the names too."""

from __future__ import annotations

from dataclasses import replace

from counter_app.store.database import Store
from counter_app.store.hall_queue import (
    QueueQuery,
    case_held_elsewhere,
    forget_hall_queue,
    queue_page,
)
from tests.store.hall_summaries import hall_summary, keep_summaries

UNEMPLOYMENT_BUNDLE = "b0000000-0000-4000-8000-000000000001"
PENSION_BUNDLE = "b0000000-0000-4000-8000-000000000002"
# Two cases of one 失业一件事, one of a 养老一件事, one decided alone.
FIRST, SECOND, PENSION, ALONE = (
    replace(hall_summary(1), bundle_id=UNEMPLOYMENT_BUNDLE, bundle_name="失业一件事"),
    replace(hall_summary(2), bundle_id=UNEMPLOYMENT_BUNDLE, bundle_name="失业一件事"),
    replace(
        hall_summary(3),
        bundle_id=PENSION_BUNDLE,
        bundle_name="养老一件事（老年人津贴与敬老卡）",
    ),
    hall_summary(4),
)


def bundles_of(store: Store, text: str) -> dict[str, tuple[str | None, str | None]]:
    return {
        case.case_no: (case.bundle_id, case.bundle_name)
        for case in queue_page(store, QueueQuery(text=text), limit=100)
    }


def test_the_queue_reads_back_each_cases_bundle(store: Store) -> None:
    keep_summaries(store, FIRST, SECOND, PENSION, ALONE)
    assert bundles_of(store, "") == {
        FIRST.case_no: (UNEMPLOYMENT_BUNDLE, "失业一件事"),
        SECOND.case_no: (UNEMPLOYMENT_BUNDLE, "失业一件事"),
        PENSION.case_no: (PENSION_BUNDLE, "养老一件事（老年人津贴与敬老卡）"),
        ALONE.case_no: (None, None),
    }
    held = case_held_elsewhere(store, SECOND.case_no)
    assert held is not None and (held.bundle_id, held.bundle_name) == (
        UNEMPLOYMENT_BUNDLE,
        "失业一件事",
    )


def test_a_search_by_part_of_a_bundles_name_finds_its_cases(store: Store) -> None:
    keep_summaries(store, FIRST, SECOND, PENSION, ALONE)
    assert set(bundles_of(store, "失业一件事")) == {FIRST.case_no, SECOND.case_no}
    assert set(bundles_of(store, "敬老卡")) == {PENSION.case_no}
    # Every item here has the same name: a word of it still finds them all, bundled or not.
    assert len(bundles_of(store, "老年综合津贴")) == 4
    assert set(bundles_of(store, "一件事")) == {FIRST.case_no, SECOND.case_no, PENSION.case_no}


def test_a_newer_summary_naming_no_bundle_replaces_the_older(store: Store) -> None:
    keep_summaries(store, FIRST)
    keep_summaries(store, replace(FIRST, sequence=9, bundle_id=None, bundle_name=None))
    assert bundles_of(store, "") == {FIRST.case_no: (None, None)}
    # The name is still known to the search, which then finds no case of it.
    assert bundles_of(store, "失业一件事") == {}


def test_leaving_the_hall_forgets_the_bundle_names(store: Store) -> None:
    keep_summaries(store, FIRST)
    with store.transaction() as db:
        forget_hall_queue(db.conn)
    assert store.db.execute("SELECT count(*) FROM hall_queue_bundles").fetchone()[0] == 0
