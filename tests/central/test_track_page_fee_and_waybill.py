"""The progress page tells an applicant whose fee is due to pay it (and where) instead of
"being processed", since the platform takes no step before payment; and a posted result's
page gives its waybill with the courier its shape names."""

from __future__ import annotations

import uuid
from typing import Any

from central.simulator import synthetic_payload
from central.store.tracking import TrackedCase
from central.track_page import case_page
from counter_app.domain.case_document import CaseDocument
from counter_app.domain.case_states import CaseState

TOKEN = "T" * 32
CASE_NO = "H0001-W01-D01-20261127-000001"
FEE = {"fee_cents": 1234567, "payment_reference": f"JF-{CASE_NO}"}


def _page(state: CaseState, lang: str = "zh", **changes: Any) -> str:
    base = synthetic_payload(uuid.uuid4(), 1, CASE_NO).to_json()
    document = CaseDocument.from_json({**base, "state": state.value, **changes})
    return case_page(TrackedCase(document, state, None, None), TOKEN, lang)


def test_an_unpaid_case_asks_for_the_fee_and_is_not_said_to_be_processed() -> None:
    zh = _page(CaseState.ACCEPTED, **FEE)
    assert "正在办理" not in zh
    assert "待缴费 12345.67 元：请凭缴费识别码 JF-" in zh and "缴费确认后开始办理" in zh
    assert "12345.67 元（待缴费）" in zh
    en = _page(CaseState.ACCEPTED, "en", **FEE)
    assert "Fee due: 12345.67 yuan" in en and "being processed" not in en


def test_a_paid_case_is_processed_and_shows_the_fee_paid() -> None:
    paid = _page(
        CaseState.ACCEPTED, **FEE, paid_at="2026-11-27T02:00:00Z", payment_method="platform"
    )
    assert "正在办理" in paid and "待缴费 12345.67" not in paid
    assert "12345.67 元（已缴费）" in paid


def test_a_case_in_process_is_not_asked_to_pay_again() -> None:
    assert 'id="fee-due"' not in _page(CaseState.IN_PROCESS, **FEE)


def test_a_posted_result_shows_its_waybill_and_courier() -> None:
    posted = {
        "delivery": {
            "method": "post",
            "address": "上海市模拟路1号",
            "waybill": "EA123456789CN",
            "posted_at": "2026-11-27T02:00:00Z",
        }
    }
    zh = _page(CaseState.RESULT_READY, **posted)
    assert "邮寄运单号" in zh and "中国邮政EMS EA123456789CN" in zh
    en = _page(CaseState.RESULT_READY, "en", **posted)
    assert "China Post EMS EA123456789CN" in en
    bare = {"delivery": {**posted["delivery"], "waybill": "773012345678"}}
    assert "<td>773012345678</td>" in _page(CaseState.RESULT_READY, **bare)
