"""A supervisor's review the platform refuses for good (its reviewer not a supervisor in use
of the hall's register when she reviewed) is no longer retried in silence at every sync: it
is kept as a problem the sync status and ``doctor`` tell, sent no more, until a later review
of the case reaches the platform. A refusal that may pass later (the case not synced yet)
leaves the review waiting, untold."""

from __future__ import annotations

from counter_app.store.database import Store
from sync.reviews import apply_review, deliver_reviews
from sync.status_refusals import refused_documents
from tests.sync.refusing_reviews import RefusingPlatform, approved_by_chief1, later_review


def test_a_final_refusal_is_told_and_not_retried(store: Store) -> None:
    case, review = approved_by_chief1(store)

    waiting = RefusingPlatform("unknown_case")
    assert deliver_reviews(store, waiting) == 0  # type: ignore[arg-type]
    assert (len(waiting.sent), refused_documents(store)) == (1, ())

    refusing = RefusingPlatform("unknown_staff")
    assert deliver_reviews(store, refusing) == 0  # type: ignore[arg-type]
    (told,) = refused_documents(store)
    zh, en = told.words()
    assert case.case_no in zh and "chief1" in zh and "重新审核" in zh
    assert case.case_no in en and "refused" in en
    assert deliver_reviews(store, refusing) == 0  # type: ignore[arg-type]
    assert len(refusing.sent) == 1  # sent no more

    # Another supervisor's later review of the case reaches the platform: the problem is over.
    later = later_review(case, review, sequence=7)
    apply_review(store, later)
    assert refused_documents(store) == ()
