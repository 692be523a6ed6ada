"""出件: the delivery choice made at acceptance (the postal address sealed and masked), the
pick-up list once the platform reports the result ready, the hand-over to the applicant or
a proxy with a power of attorney (a card that matches neither is refused and nothing
changes), posting by EMS with a waybill, and the carrier's delivery reported by the platform.
Each change at the window is a new data version with its outbox row, audited with the clerk."""

from __future__ import annotations

import dataclasses

import pytest

from counter_app.domain.delivery import DeliveryChoice, DeliveryMethod, PostalStatus
from counter_app.errors import IllegalTransition, ValidationError
from counter_app.services import case_progress, delivery, intake
from counter_app.services.auth import User
from counter_app.services.delivery import HandoverRefused, Proxy
from counter_app.store import case_history as history_rows
from counter_app.store import case_plaintext
from counter_app.store import cases as case_rows
from counter_app.store.database import Store
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for, resident_number

ALLOWANCE = "老年综合津贴申领"
ADDRESS = "上海市徐汇区漕溪北路999弄8号1201室"
APPLICANT = resident_number()
PROXY = resident_number("31010419900202123")


def _accepted(
    store: Store, clerk: User, choice: DeliveryChoice | None = None
) -> intake.IntakeResult:
    item = item_named(store, ALLOWANCE)
    request = request_for(item, complete_marks(item), number=APPLICANT, delivery=choice)
    return intake.accept(store, request, clerk, now=MOMENT)


def _ready(store: Store, clerk: User, choice: DeliveryChoice | None = None) -> intake.IntakeResult:
    """An accepted case the platform reports completed and its result ready."""
    case = _accepted(store, clerk, choice)
    case_progress.apply_progress(store, case.case_id, "completed_approved")
    case_progress.apply_progress(store, case.case_id, "result_ready")
    return case


def _outbox(store: Store, case_id: str) -> list[int]:
    rows = store.db.execute(
        "SELECT data_version FROM outbox WHERE case_id = ? ORDER BY data_version", (case_id,)
    )
    return [row[0] for row in rows]


def _audit(store: Store, case_id: str) -> list[tuple[str, str]]:
    rows = store.db.execute(
        "SELECT actor, action FROM audit_log WHERE target = ? ORDER BY seq", (case_id,)
    )
    return [(row[0], row[1]) for row in rows]


def test_postal_choice_is_synced_and_its_address_sealed_and_masked(
    intake_store: Store, clerk: User
) -> None:
    case = _accepted(intake_store, clerk, DeliveryChoice(DeliveryMethod.POST, ADDRESS))
    document = case_plaintext.case_document(intake_store, case.case_id)
    assert document["delivery"] == {
        "method": "post",
        "address": ADDRESS,
        "waybill": None,
        "posted_at": None,
    }
    stored = intake_store.db.execute("SELECT * FROM case_deliveries").fetchall()
    assert len(stored) == 1
    assert not any(isinstance(v, str) and "漕溪北路" in v for v in stored[0])
    assert not any(isinstance(v, bytes) and ADDRESS.encode() in v for v in stored[0])
    shown = delivery.delivery_of(intake_store, case.case_id)
    assert shown is not None and shown.method is DeliveryMethod.POST
    assert shown.address_masked.startswith("上海市徐汇区") and "999" not in shown.address_masked


def test_postal_choice_needs_an_address(intake_store: Store, clerk: User) -> None:
    with pytest.raises(ValidationError) as caught:
        _accepted(intake_store, clerk, DeliveryChoice(DeliveryMethod.POST, " "))
    assert caught.value.field == "delivery.address"
    assert "邮寄地址" in caught.value.zh and "postal address" in caught.value.en


def test_a_ready_result_shows_in_the_pick_up_list(intake_store: Store, clerk: User) -> None:
    case = _accepted(intake_store, clerk)
    assert delivery.ready_results(intake_store) == []
    case_progress.apply_progress(intake_store, case.case_id, "completed_approved")
    case_progress.apply_progress(intake_store, case.case_id, "result_ready")
    (ready,) = delivery.ready_results(intake_store)
    assert (ready.case_no, ready.method) == (case.case_no, DeliveryMethod.PICKUP)
    assert ready.applicant_masked_id == "3101**********" + APPLICANT[-4:]


def test_hand_over_to_the_applicant_is_a_new_audited_version(
    intake_store: Store, clerk: User
) -> None:
    case = _ready(intake_store, clerk)
    done = delivery.hand_over(intake_store, case.case_no, clerk, id_number=APPLICANT.lower())
    assert (done.state, done.data_version) == ("delivered", 2)
    assert _outbox(intake_store, case.case_id) == [1, 2]
    assert (clerk.username, "case.delivered") in _audit(intake_store, case.case_id)
    handover = case_plaintext.case_document(intake_store, case.case_id)["handover"]
    assert handover["collector"] == "applicant" and handover["proxy_id_number"] is None
    assert handover["handed_over_by"] == clerk.username
    assert delivery.ready_results(intake_store) == []


def test_a_card_that_is_not_the_applicants_is_refused_and_nothing_changes(
    intake_store: Store, clerk: User
) -> None:
    case = _ready(intake_store, clerk)
    with pytest.raises(HandoverRefused) as caught:
        delivery.hand_over(intake_store, case.case_no, clerk, id_number=PROXY)
    assert "不是申请人" in caught.value.zh and "代领" in caught.value.zh
    assert "not the applicant's" in caught.value.en and "proxy" in caught.value.en
    assert PROXY not in caught.value.zh + caught.value.en  # never the full number
    record = case_rows.get_case(intake_store, case.case_id)
    assert (record.state, record.data_version) == ("result_ready", 1)
    assert _outbox(intake_store, case.case_id) == [1]
    assert (clerk.username, "case.handover_refused") in _audit(intake_store, case.case_id)
    assert [r.case_no for r in delivery.ready_results(intake_store)] == [case.case_no]


def test_a_proxy_collects_with_their_own_card_and_a_power_of_attorney(
    intake_store: Store, clerk: User
) -> None:
    case = _ready(intake_store, clerk)
    proxy = Proxy(name="李四", id_number=PROXY, power_of_attorney=False)
    with pytest.raises(ValidationError) as caught:
        delivery.hand_over(intake_store, case.case_no, clerk, id_number=APPLICANT, proxy=proxy)
    assert caught.value.field == "proxy.power_of_attorney"
    proxy = Proxy(name="李四", id_number=PROXY, power_of_attorney=True)
    with pytest.raises(HandoverRefused):  # the applicant's number on the attorney must match
        delivery.hand_over(intake_store, case.case_no, clerk, id_number=PROXY, proxy=proxy)
    done = delivery.hand_over(intake_store, case.case_no, clerk, id_number=APPLICANT, proxy=proxy)
    assert done.state == "delivered"
    handover = case_plaintext.case_document(intake_store, case.case_id)["handover"]
    assert handover["collector"] == "proxy" and handover["proxy_name"] == "李四"
    assert handover["proxy_id_number"] == PROXY and handover["power_of_attorney"] is True
    shown = delivery.delivery_of(intake_store, case.case_id)
    assert shown is not None and shown.proxy_id_masked == "3101**********" + PROXY[-4:]
    row = intake_store.db.execute("SELECT * FROM case_deliveries").fetchone()
    assert not any(isinstance(v, str) and PROXY in v for v in row)


def test_a_posted_result_has_its_waybill_and_the_carrier_reports_delivery(
    intake_store: Store, clerk: User
) -> None:
    case = _ready(intake_store, clerk, DeliveryChoice(DeliveryMethod.POST, ADDRESS))
    with pytest.raises(ValidationError):
        delivery.post_result(intake_store, case.case_no, clerk, " ")
    posted = delivery.post_result(intake_store, case.case_no, clerk, "EA123456789CN")
    assert posted.data_version == 2 and _outbox(intake_store, case.case_id) == [1, 2]
    document = case_plaintext.case_document(intake_store, case.case_id)
    assert document["state"] == "result_ready"
    assert document["delivery"]["waybill"] == "EA123456789CN"
    assert (clerk.username, "case.posted") in _audit(intake_store, case.case_id)
    with pytest.raises(ValidationError):  # posted: not at the window any more
        delivery.hand_over(intake_store, case.case_no, clerk, id_number=APPLICANT)
    (ready,) = delivery.ready_results(intake_store)
    assert ready.waybill == "EA123456789CN" and ready.postal_status is PostalStatus.POSTED

    assert delivery.apply_delivery_report(
        intake_store, case.case_id, waybill="EA123456789CN", status=PostalStatus.DELIVERED
    )
    record = case_rows.get_case(intake_store, case.case_id)
    assert (record.state, record.data_version) == ("delivered", 2)  # the platform's news
    shown = delivery.delivery_of(intake_store, case.case_id)
    assert shown is not None and shown.postal_status is PostalStatus.DELIVERED
    assert delivery.ready_results(intake_store) == []


def test_the_platform_may_post_the_result_itself(intake_store: Store, clerk: User) -> None:
    case = _ready(intake_store, clerk, DeliveryChoice(DeliveryMethod.POST, ADDRESS))
    assert delivery.apply_delivery_report(
        intake_store, case.case_id, waybill="EB1", status=PostalStatus.POSTED
    )
    shown = delivery.delivery_of(intake_store, case.case_id)
    assert shown is not None and (shown.waybill, shown.postal_status) == (
        "EB1",
        PostalStatus.POSTED,
    )
    assert case_rows.get_case(intake_store, case.case_id).data_version == 1
    events = history_rows.case_history(intake_store, case.case_id).events
    assert events[-1].kind == "progress" and "EB1" in events[-1].detail["note"]
    assert ("platform", "case.posted") in _audit(intake_store, case.case_id)
    assert not delivery.apply_delivery_report(  # the same news again changes nothing
        intake_store, case.case_id, waybill="EB1", status=PostalStatus.POSTED
    )
    assert len(history_rows.case_history(intake_store, case.case_id).events) == len(events)


def test_pick_up_cases_are_not_posted_nor_handed_over_before_ready(
    intake_store: Store, clerk: User
) -> None:
    pickup = _ready(intake_store, clerk)
    with pytest.raises(ValidationError) as caught:
        delivery.post_result(intake_store, pickup.case_no, clerk, "EA1")
    assert "窗口领取" in caught.value.zh
    early = _accepted(intake_store, clerk)
    with pytest.raises(IllegalTransition):
        delivery.hand_over(intake_store, early.case_no, clerk, id_number=APPLICANT)


def test_the_same_waybill_scanned_again_makes_no_version(intake_store: Store, clerk: User) -> None:
    case = _ready(intake_store, clerk, DeliveryChoice(DeliveryMethod.POST, ADDRESS))
    posted = delivery.post_result(intake_store, case.case_no, clerk, "EA123456789CN")
    again = delivery.post_result(intake_store, case.case_no, clerk, " EA123456789CN ")
    assert again == dataclasses.replace(posted, replayed=True)
    assert _outbox(intake_store, case.case_id) == [1, 2]
    # another waybill (the first one mistyped) is a new version, with a reason
    replaced = delivery.post_result(
        intake_store, case.case_no, clerk, "EA123456780CN", reason="面单打错"
    )
    assert replaced.data_version == 3
