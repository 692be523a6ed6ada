"""A double payment in the hall queue: a version paying by card (POS) a fee the payment
platform had confirmed already is stored, its summary flagged ``payment_twice`` for the
supervisor, and the flag outlives the case's end; the window's record of the platform's
own payment (a voucher) is no double payment."""

from __future__ import annotations

import json
import uuid

import pytest

from central.simulator import synthetic_payload
from central.store.case_summaries import COLUMNS, ended_flags
from counter_app.domain.case_document import CaseDocument, hash_canonical
from counter_app.domain.hall_queue import PAYMENT_TWICE
from sync.wire.case_push import CaseSubmission
from tests.central.batch_plans import empty_plan

CASE_NO = "H1-W1-D1-20261207-0002"
REFERENCE = f"JF-{CASE_NO}"


def _summary_flags(method: str, paid_on_platform: set[str]) -> list[str]:
    """The hall queue's flags of a fee case paid at the window by ``method``, stored by a
    batch that knows ``paid_on_platform`` confirmed on the payment platform."""
    case_id = uuid.uuid4()
    paid = {
        "fee_cents": 2000,
        "payment_reference": REFERENCE,
        "paid_at": "2026-12-07T03:44:46.162824Z",
        "payment_method": method,
    }
    document = CaseDocument.from_json({**synthetic_payload(case_id, 1, CASE_NO).to_json(), **paid})
    plan = empty_plan("2026-12-07T03:50:00.000000Z", paid_on_platform=paid_on_platform)
    plan.add(
        CaseSubmission(
            case_id=case_id,
            data_version=1,
            content_hash=hash_canonical(document.canonical()),
            hall="H1",
            window="W1",
            device="D1",
            case_no=CASE_NO,
            payload=document,
        )
    )
    (result,) = plan.results
    assert result.status == "stored"
    (summary,) = plan.summaries
    return list(json.loads(summary[COLUMNS.index("flags")]))


def test_a_card_payment_of_a_fee_the_platform_confirmed_is_flagged() -> None:
    flags = _summary_flags("pos", {REFERENCE})
    assert PAYMENT_TWICE in flags
    assert PAYMENT_TWICE in json.loads(ended_flags(json.dumps(flags)))  # a refund is still owed


@pytest.mark.parametrize(
    ("method", "confirmed"), [("pos", set()), ("platform", {REFERENCE})], ids=["card", "voucher"]
)
def test_a_single_payment_is_not_flagged(method: str, confirmed: set[str]) -> None:
    assert PAYMENT_TWICE not in _summary_flags(method, confirmed)
