"""Supervisors' reviews the platform refused for good (the reviewer was not a supervisor of
the hall's register when she reviewed, reviewed her own case, dated it out of range): kept in
the store's meta, sent no more, and told by ``sync --once``, ``sync status``, ``doctor`` and
the status bar (``sync.status_refusals``) until a later review of the same case is taken. A
refusal that may pass later (the case not synced yet) is no such refusal: it waits."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from counter_app.services.reviews import REFUSED_REVIEWS_META, Review
from counter_app.store.database import Store
from counter_app.store.timestamps import now_text
from sync.errors import PlatformRefused

# The platform's codes for a review it will never take, whatever the window sends again.
FINAL_CODES = frozenset(
    {
        "unknown_staff",
        "not_a_supervisor",
        "own_case_review",
        "review_id_taken",
        "reviewed_at_out_of_range",
    }
)


@dataclass(frozen=True)
class RefusedReviews:
    """The reviews refused for good that stand: how many, the newest refusal's time and
    what to do, in Chinese and English."""

    count: int
    at: str
    zh: str
    en: str


def is_final(exc: PlatformRefused) -> bool:
    return exc.platform_code in FINAL_CODES


def _kept(store: Store) -> dict[str, dict[str, Any]]:
    kept = store.meta(REFUSED_REVIEWS_META)
    return {} if kept is None else dict(json.loads(kept))


def record_review_refusal(store: Store, review: Review, exc: PlatformRefused) -> None:
    """Keep that the platform refused ``review`` for good, and why."""
    kept = _kept(store)
    kept[review.review_id] = {
        "case_id": review.case_id,
        "case_no": review.case_no,
        "reviewed_by": review.reviewed_by,
        "reviewed_at": review.reviewed_at,
        "code": exc.platform_code,
        "zh": exc.zh,
        "en": exc.en,
        "at": now_text(),
    }
    store.set_meta(REFUSED_REVIEWS_META, json.dumps(kept, ensure_ascii=False))


def refused_review_ids(store: Store) -> frozenset[str]:
    return frozenset(_kept(store))


def clear_review_refusals(store: Store, review: Review) -> None:
    """``review`` is held by the platform: the refused ones of its case before it are over."""
    kept = _kept(store)
    left = {
        rid: held
        for rid, held in kept.items()
        if held["case_id"] != review.case_id or held["reviewed_at"] > review.reviewed_at
    }
    if len(left) == len(kept):
        return
    if left:
        store.set_meta(REFUSED_REVIEWS_META, json.dumps(left, ensure_ascii=False))
    else:
        store.delete_meta(REFUSED_REVIEWS_META)


def refused_reviews(store: Store) -> RefusedReviews | None:
    """The refusals that stand, in words a supervisor acts on; None when none does."""
    kept = sorted(_kept(store).values(), key=lambda held: str(held["at"]))
    if not kept:
        return None
    cases = "、".join(f"{held['case_no']}（{held['reviewed_by']}）" for held in kept)
    cases_en = ", ".join(f"{held['case_no']} ({held['reviewed_by']})" for held in kept)
    newest = kept[-1]
    return RefusedReviews(
        len(kept),
        str(newest["at"]),
        f"平台不接受 {len(kept)} 条审核结果，本机显示的审核状态未送达平台：{cases}。"
        f"最近一条的原因：{newest['zh']} 请另一位在岗值班长重新审核这些办件。",
        f"The platform refused {len(kept)} review(s) for good; the review state shown here "
        f"never reached it: {cases_en}. The newest refusal: {newest['en']} Have a supervisor "
        "in post review these cases again.",
    )
