"""出件 after intake: a waybill must look like one and is replaced only with a reason (both
audited), a parcel that came back to the hall can be handed over or posted again, the
applicant may switch between pick-up and post or give another postal address (audited with
the reason), an edit of the applicant's address says when the result still goes to the old
one, and the pick-up list says how long each result has waited."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from counter_app.domain.delivery import DeliveryChoice, DeliveryMethod, checked_waybill
from counter_app.errors import ValidationError
from counter_app.services import applicant_edits, delivery
from counter_app.services.auth import User
from counter_app.services.delivery_changes import change_delivery, return_posting
from counter_app.store import case_plaintext
from counter_app.store.database import Store
from tests.services.conftest import MOMENT
from tests.services.delivery_cases import ADDRESS, APPLICANT, POST, accepted_case, ready_case

NEW_ADDRESS = "上海市浦东新区世纪大道100号2001室"


def _accepted(store: Store, clerk: User, choice: DeliveryChoice | None = None) -> str:
    return accepted_case(store, clerk, choice).case_no


def _ready(store: Store, clerk: User, choice: DeliveryChoice | None = None, *, day: int = 1) -> str:
    return ready_case(store, clerk, choice, day=day).case_no


def _case_id(store: Store, case_no: str) -> str:
    return str(
        store.db.execute("SELECT case_id FROM cases WHERE case_no = ?", (case_no,)).fetchone()[0]
    )


def _audited(store: Store, case_no: str, action: str) -> list[dict[str, object]]:
    rows = store.db.execute(
        "SELECT detail FROM audit_log WHERE target = ? AND action = ? ORDER BY seq",
        (_case_id(store, case_no), action),
    )
    # Without the version's number and hash, which every case change's entry carries.
    return [
        {k: v for k, v in json.loads(row[0]).items() if k not in ("content_hash", "data_version")}
        for row in rows
    ]


def _versions(store: Store, case_no: str) -> int:
    return len(
        store.db.execute(
            "SELECT 1 FROM outbox WHERE case_id = ?", (_case_id(store, case_no),)
        ).fetchall()
    )


def _delivery_part(store: Store, case_no: str) -> dict[str, object]:
    return dict(case_plaintext.case_document(store, _case_id(store, case_no))["delivery"])


@pytest.mark.parametrize(
    "garbage", ["abc", "EA1", "EA12345678 9CN", "运单123456789", "A" * 31, "EA-123456789"]
)
def test_a_waybill_that_no_courier_prints_is_refused_with_the_shape_it_needs(
    intake_store: Store, clerk: User, garbage: str
) -> None:
    case_no = _ready(intake_store, clerk, POST)
    with pytest.raises(ValidationError) as refused:
        delivery.post_result(intake_store, case_no, clerk, garbage)
    assert refused.value.field == "waybill"
    assert "8至30位字母或数字" in refused.value.zh and "EA123456789CN" in refused.value.en
    assert _versions(intake_store, case_no) == 1


@pytest.mark.parametrize(
    "label", ["EA123456789CN", "SF1234567890123", "773012345678", "jd0012345678901"]
)
def test_the_couriers_shapes_are_taken(label: str) -> None:
    assert checked_waybill(f" {label} ") == label.upper()


def test_the_posting_audit_names_the_waybill_and_a_replacement_needs_a_reason(
    intake_store: Store, clerk: User
) -> None:
    case_no = _ready(intake_store, clerk, POST)
    delivery.post_result(intake_store, case_no, clerk, "EA123456789CN")
    assert _audited(intake_store, case_no, "case.posted") == [
        {"posted": True, "waybill": "EA123456789CN"}
    ]
    with pytest.raises(ValidationError) as refused:
        delivery.post_result(intake_store, case_no, clerk, "EA987654321CN")
    assert refused.value.field == "reason" and "--reason" in refused.value.zh
    assert _delivery_part(intake_store, case_no)["waybill"] == "EA123456789CN"

    delivery.post_result(intake_store, case_no, clerk, "EA987654321CN", reason="面单打错，重新打印")
    assert _audited(intake_store, case_no, "case.posted")[-1] == {
        "posted": True,
        "waybill": "EA987654321CN",
        "replaced_waybill": "EA123456789CN",
        "reason": "面单打错，重新打印",
    }
    assert _delivery_part(intake_store, case_no)["waybill"] == "EA987654321CN"


def test_an_all_digit_waybill_that_reads_like_a_phone_is_audited_shortened(
    intake_store: Store, clerk: User
) -> None:
    case_no = _ready(intake_store, clerk, POST)
    delivery.post_result(intake_store, case_no, clerk, "13812345678")
    assert _audited(intake_store, case_no, "case.posted")[-1]["waybill"] == "1381…5678"
    assert _delivery_part(intake_store, case_no)["waybill"] == "13812345678"


def test_a_returned_parcel_is_handed_over_at_the_window(intake_store: Store, clerk: User) -> None:
    case_no = _ready(intake_store, clerk, POST)
    delivery.post_result(intake_store, case_no, clerk, "EA123456789CN")
    with pytest.raises(ValidationError) as posted:
        delivery.hand_over(intake_store, case_no, clerk, id_number=APPLICANT)
    assert "--returned" in posted.value.zh

    back = return_posting(intake_store, case_no, clerk, "地址查无此人，退回大厅")
    assert (back.returned_waybill, back.data_version) == ("EA123456789CN", 3)
    assert _versions(intake_store, case_no) == 3
    assert _delivery_part(intake_store, case_no)["waybill"] is None
    assert _audited(intake_store, case_no, "case.post_returned") == [
        {"returned_waybill": "EA123456789CN", "reason": "地址查无此人，退回大厅"}
    ]
    (ready,) = delivery.ready_results(intake_store)
    assert (ready.waybill, ready.postal_status) == (None, None)

    done = delivery.hand_over(intake_store, case_no, clerk, id_number=APPLICANT)
    assert done.state == "delivered"


def test_a_returned_parcel_is_posted_again_with_a_new_waybill(
    intake_store: Store, clerk: User
) -> None:
    case_no = _ready(intake_store, clerk, POST)
    delivery.post_result(intake_store, case_no, clerk, "EA123456789CN")
    with pytest.raises(ValidationError):  # a return needs its reason
        return_posting(intake_store, case_no, clerk, " ")
    return_posting(intake_store, case_no, clerk, "收件人拒收")
    again = delivery.post_result(intake_store, case_no, clerk, "EA555555555CN")
    assert again.waybill == "EA555555555CN"
    (ready,) = delivery.ready_results(intake_store)
    assert ready.waybill == "EA555555555CN"


def test_nothing_posted_cannot_come_back(intake_store: Store, clerk: User) -> None:
    case_no = _ready(intake_store, clerk, POST)
    with pytest.raises(ValidationError) as refused:
        return_posting(intake_store, case_no, clerk, "退回")
    assert "不能登记退回" in refused.value.zh
    assert _versions(intake_store, case_no) == 1


def test_pick_up_switches_to_post_and_the_address_changes_with_a_reason(
    intake_store: Store, clerk: User
) -> None:
    case_no = _accepted(intake_store, clerk)
    with pytest.raises(ValidationError) as short:
        change_delivery(
            intake_store, case_no, clerk, DeliveryChoice(DeliveryMethod.POST, "x"), "申请人要求邮寄"
        )
    assert short.value.field == "delivery.address" and "门牌号" in short.value.zh

    switched = change_delivery(intake_store, case_no, clerk, POST, "申请人要求邮寄")
    assert switched.method is DeliveryMethod.POST and switched.address_masked == "上海市徐汇区****"
    assert _delivery_part(intake_store, case_no) == {
        "method": "post",
        "address": ADDRESS,
        "waybill": None,
        "posted_at": None,
    }
    moved = DeliveryChoice(DeliveryMethod.POST, NEW_ADDRESS)
    change_delivery(intake_store, case_no, clerk, moved, "申请人搬家")
    shown = delivery.delivery_of(intake_store, _case_id(intake_store, case_no))
    assert shown is not None and shown.address_masked == "上海市浦东新****"
    assert _audited(intake_store, case_no, "case.delivery_changed") == [
        {
            "method": "post",
            "old_method": "pickup",
            "address": "上海市徐汇区****",
            "old_address": None,
            "reason": "申请人要求邮寄",
        },
        {
            "method": "post",
            "old_method": "post",
            "address": "上海市浦东新****",
            "old_address": "上海市徐汇区****",
            "reason": "申请人搬家",
        },
    ]
    with pytest.raises(ValidationError):  # the same again is nothing to change
        change_delivery(intake_store, case_no, clerk, moved, "再说一遍")


def test_post_switches_back_to_pick_up_but_not_once_posted(
    intake_store: Store, clerk: User
) -> None:
    case_no = _ready(intake_store, clerk, POST)
    delivery.post_result(intake_store, case_no, clerk, "EA123456789CN")
    pickup = DeliveryChoice(DeliveryMethod.PICKUP)
    with pytest.raises(ValidationError) as posted:
        change_delivery(intake_store, case_no, clerk, pickup, "申请人来大厅取")
    assert "已寄出" in posted.value.zh
    return_posting(intake_store, case_no, clerk, "退回大厅")
    change_delivery(intake_store, case_no, clerk, pickup, "申请人来大厅取")
    assert _delivery_part(intake_store, case_no)["method"] == "pickup"
    with pytest.raises(ValidationError) as not_posted:
        delivery.post_result(intake_store, case_no, clerk, "EA555555555CN")
    assert "case delivery" in not_posted.value.zh


def test_an_applicant_address_edit_says_the_result_still_goes_to_the_old_one(
    intake_store: Store, clerk: User, supervisor: User
) -> None:
    case_no = _accepted(intake_store, clerk, POST)
    case_id = _case_id(intake_store, case_no)
    warning = applicant_edits.postal_address_warning(intake_store, case_id, NEW_ADDRESS)
    assert warning is not None
    assert "仍将寄往原邮寄地址（上海市徐汇区****）" in warning[0] and "case delivery" in warning[1]
    assert applicant_edits.postal_address_warning(intake_store, case_id, ADDRESS) is None
    applicant_edits.record_applicant_edit(
        intake_store, case_id, clerk, supervisor, field="address", value=NEW_ADDRESS, reason="搬家"
    )
    (edit,) = _audited(intake_store, case_no, "case.edit")
    assert edit["postal_address_kept"] is True


def test_the_pick_up_list_shows_how_long_each_result_waited_longest_first(
    intake_store: Store, clerk: User
) -> None:
    recent = _ready(intake_store, clerk, day=9)
    oldest = _ready(intake_store, clerk, day=2)
    listed = delivery.ready_results(intake_store, now=MOMENT + timedelta(days=12))
    assert [(r.case_no, r.days_waiting) for r in listed] == [(oldest, 10), (recent, 3)]
    assert listed[0].ready_since == "2026-09-26T02:00:00.000000Z"
