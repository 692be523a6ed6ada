"""Supervisors' reviews to and from the platform: those given here are sent at every sync
run (``POST /v1/hall/reviews``, oldest first, the same ``review_id`` again after a lost
answer, so each is kept once); those given at any window arrive through the ``reviews``
feed. A review of a case the platform does not hold yet waits for the case's own sync."""

from __future__ import annotations

import logging

from counter_app.services.reviews import Review, keep_review, unsent_reviews
from counter_app.store.database import Store
from counter_app.store.timestamps import from_text, to_text
from sync.errors import PlatformRefused
from sync.review_refusals import (
    clear_review_refusals,
    is_final,
    record_review_refusal,
    refused_review_ids,
)
from sync.transport import PlatformTransport
from sync.wire.reviews import CaseReview, ReviewDraft

log = logging.getLogger(__name__)

REVIEWS_PATH = "/v1/hall/reviews"


def deliver_reviews(store: Store, transport: PlatformTransport) -> int:
    """Send the reviews the platform does not hold; how many it took now. A transient
    failure ends the run (re-raised); a refusal is logged and the review waits, unless the
    platform will never take it (``sync.review_refusals``): then it is kept as a problem
    the sync status tells, and sent no more."""
    delivered = 0
    refused = refused_review_ids(store)
    for review in unsent_reviews(store):
        if review.review_id in refused:
            continue
        draft = ReviewDraft(
            review_id=review.review_id,  # type: ignore[arg-type]  # validated by the model
            case_id=review.case_id,  # type: ignore[arg-type]
            data_version=review.data_version,
            state=review.state,  # type: ignore[arg-type]
            reason=review.reason,
            reviewed_by=review.reviewed_by,
            reviewed_at=from_text(review.reviewed_at),
        )
        try:
            answer = transport.request_json("POST", REVIEWS_PATH, draft.model_dump(mode="json"))
        except PlatformRefused as exc:
            if is_final(exc):
                log.error(
                    "review %s of %s refused for good: %s", review.review_id, review.case_no, exc.en
                )
                record_review_refusal(store, review, exc)
                continue
            log.warning(
                "review %s of %s not taken yet: %s", review.review_id, review.case_no, exc.en
            )
            continue
        held = transport.parsed(CaseReview, answer)
        with store.transaction():
            keep_review(store, review, held.sequence)
            clear_review_refusals(store, review)
        delivered += 1
    return delivered


def apply_review(store: Store, item: CaseReview) -> bool:
    """A review given at any window of the hall (the ``reviews`` feed)."""
    review = Review(
        review_id=str(item.review_id),
        case_id=str(item.case_id),
        case_no=item.case_no,
        data_version=item.data_version,
        state=item.state,
        reason=item.reason,
        reviewed_by=item.reviewed_by,
        reviewed_at=to_text(item.reviewed_at),
        sent=True,
    )
    kept = keep_review(store, review, item.sequence)
    clear_review_refusals(store, review)
    return kept
