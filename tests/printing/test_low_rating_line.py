"""A bad rating on the end-of-day lists says where the hall's appeal of it stands."""

from __future__ import annotations

from counter_app.store.end_of_day import Rating
from printing.day_labels import low_rating_line


def _rating(appeal: str | None) -> Rating:
    return Rating(
        "W01", "H-W01-D-20261207-0001", 1, None, "hall_evaluator", "attitude", "local", appeal
    )


def test_the_appeal_state_follows_the_reason_in_the_chosen_language() -> None:
    assert low_rating_line(_rating(None), "zh").endswith("服务态度差")
    assert low_rating_line(_rating("pending"), "zh").endswith("服务态度差 · 申诉待审")
    assert low_rating_line(_rating("rejected"), "en").endswith(" · appeal rejected")
