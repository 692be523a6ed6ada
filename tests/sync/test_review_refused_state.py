"""A review the platform refused for good never took effect: the window's review state of its
case no longer reads as that review said (已审核通过), and the refusal, with the platform's
reason, is told beside it until a later review reaches the platform."""

from __future__ import annotations

import json
from collections.abc import Callable

from counter_app.domain.review_states import APPROVED, RECEIVED
from counter_app.services.reviews import (
    current_versions,
    platform_refusals,
    review_states,
)
from counter_app.store.database import Store
from sync.reviews import apply_review, deliver_reviews
from tests.in_process import CliResult
from tests.sync.refusing_reviews import RefusingPlatform, approved_by_chief1, later_review


def test_a_review_refused_for_good_reads_as_refused_not_approved(store: Store) -> None:
    case, review = approved_by_chief1(store)
    case_id = review.case_id

    def state() -> str:
        return review_states(store, current_versions(store, [case_id]))[case_id]

    assert (state(), platform_refusals(store, [case_id])) == (APPROVED, {})
    deliver_reviews(store, RefusingPlatform("not_a_supervisor"))  # type: ignore[arg-type]

    assert state() == RECEIVED
    zh, en = platform_refusals(store, [case_id])[case_id].words()
    assert zh.startswith("chief1 的审核（已审核通过）未被平台接受：") and "平台不接受" in zh
    assert en.startswith("chief1's review (Approved) was refused by the platform: ")
    assert "not_a_supervisor" in en

    later = later_review(case, review, sequence=3)
    apply_review(store, later)
    assert (state(), platform_refusals(store, [case_id])) == (APPROVED, {})


def test_the_queue_names_the_refused_review_and_why(
    store: Store, cli: Callable[..., CliResult]
) -> None:
    case, _ = approved_by_chief1(store)
    deliver_reviews(store, RefusingPlatform("not_a_supervisor"))  # type: ignore[arg-type]

    listed = cli("queue", "--hall")
    assert listed.returncode == 0
    assert f"{case.case_no}: chief1 的审核（已审核通过）未被平台接受：" in listed.stdout
    (entry,) = json.loads(cli("queue", "--hall", "--json").stdout)["cases"]
    assert entry["review"] == RECEIVED
    assert entry["review_refused"].startswith("chief1 的审核（已审核通过）未被平台接受：")
