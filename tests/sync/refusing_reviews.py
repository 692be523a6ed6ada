"""A stand-in for the platform's answer to a window's reviews, refusing each with one code
(the real refusal is ``central.store.acting_staff``'s, tested there)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from counter_app.services.auth import Accounts
from counter_app.services.reviews import Review, review_cases
from counter_app.store.database import Store
from counter_app.store.timestamps import from_text
from sync.errors import PlatformRefused
from sync.wire.reviews import CaseReview
from tests.sync.backlog import SeededCase, seed_cases

PASSWORD = "Counter-Pass-2026!"


class RefusingPlatform:
    """Stands in for the platform's answer to ``POST /v1/hall/reviews`` (the real refusal is
    ``central.store.acting_staff``'s, tested there): each review refused with ``code``."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.sent: list[dict[str, Any]] = []

    def request_json(self, method: str, path: str, body: dict[str, Any]) -> Any:
        self.sent.append(body)
        raise PlatformRefused(self.code, "平台不接受。", "Refused.", status=403)


def approved_by_chief1(store: Store) -> tuple[SeededCase, Review]:
    """One case of the hall, approved by the supervisor chief1 (her review not sent yet)."""
    (case,) = seed_cases(store, 1, hall=store.config.hall.hall_code)
    Accounts(store).add_user("chief1", PASSWORD, "supervisor")
    chief = Accounts(store).authenticate("chief1", PASSWORD)
    (review,) = review_cases(store, chief, [case.case_no], "approved")
    return case, review


def later_review(case: SeededCase, review: Review, *, sequence: int) -> CaseReview:
    """Another supervisor's (chief2 at W02) approval of the same version of ``case``, five
    minutes after ``review``, as the platform's reviews feed brings it."""
    return CaseReview(
        sequence=sequence,
        review_id=uuid.uuid4(),
        case_id=uuid.UUID(review.case_id),
        case_no=case.case_no,
        data_version=review.data_version,
        state="approved",
        reason="",
        reviewed_by="chief2",
        window_code="W02",
        reviewed_at=from_text(review.reviewed_at) + timedelta(minutes=5),
    )
