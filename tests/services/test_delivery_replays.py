"""A hall script that lost the answer runs ``case post`` or ``case handover`` again: the same
request (the same waybill; the same collector) answers as the first time, ``replayed`` in
``--json``, a note in words, and writes nothing (no data version, event, audit entry or
outbox row); another request on the case that is done is refused as before."""

from __future__ import annotations

import dataclasses
import json

import pytest

from counter_app.domain.delivery import DeliveryChoice, DeliveryMethod, PostalStatus
from counter_app.errors import IllegalTransition, ValidationError
from counter_app.services import case_progress, delivery, intake
from counter_app.services.auth import User
from counter_app.services.delivery import Proxy
from counter_app.store.database import Store
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for, resident_number

ALLOWANCE = "老年综合津贴申领"
ADDRESS = "上海市徐汇区漕溪北路999弄8号1201室"
APPLICANT = resident_number()
PROXY = resident_number("31010419900202123")
OTHER_PROXY = resident_number("31010419850505123")
WAYBILL = "EMS1234567890CN"
NOTE_ZH = "已登记过，未重复记录"


def _ready(store: Store, clerk: User, choice: DeliveryChoice | None = None) -> str:
    """The number of an accepted case whose result the platform reports ready."""
    item = item_named(store, ALLOWANCE)
    request = request_for(item, complete_marks(item), number=APPLICANT, delivery=choice)
    case = intake.accept(store, request, clerk, now=MOMENT)
    case_progress.apply_progress(store, case.case_id, "completed_approved")
    case_progress.apply_progress(store, case.case_id, "result_ready")
    return case.case_no


def _written(store: Store) -> dict[str, int]:
    """How many rows each table a change at the window writes holds."""
    return {
        table: store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("case_versions", "case_events", "audit_log", "outbox", "case_deliveries")
    }


def test_the_same_posting_again_answers_as_the_first_and_writes_nothing(
    cli, intake_store: Store, clerk: User
) -> None:
    case_no = _ready(intake_store, clerk, DeliveryChoice(DeliveryMethod.POST, ADDRESS))
    first = cli("case", "post", case_no, "--waybill", WAYBILL, "--json")
    assert first.returncode == 0, first.stderr
    answer = json.loads(first.stdout)
    assert answer["replayed"] is False and answer["data_version"] == 2
    before = _written(intake_store)

    again = cli("case", "post", case_no, "--waybill", WAYBILL, "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == {**answer, "replayed": True}
    words = cli("case", "post", case_no, "--waybill", WAYBILL)
    assert words.returncode == 0, words.stderr
    assert WAYBILL in words.stdout and NOTE_ZH in words.stdout
    english = cli("--lang", "en", "case", "post", case_no, "--waybill", WAYBILL)
    assert "nothing recorded again" in english.stdout
    assert _written(intake_store) == before

    other = cli("case", "post", case_no, "--waybill", "EMS1234567891CN")
    assert other.returncode == 2
    assert "更换运单号须说明原因" in other.stderr
    assert _written(intake_store) == before


def test_the_same_handover_again_answers_as_the_first_and_writes_nothing(
    cli, intake_store: Store, clerk: User
) -> None:
    case_no = _ready(intake_store, clerk)
    first = cli("case", "handover", case_no, "--id-number", APPLICANT, "--json")
    assert first.returncode == 0, first.stderr
    answer = json.loads(first.stdout)
    assert (answer["state"], answer["collector"], answer["replayed"]) == (
        "delivered",
        "applicant",
        False,
    )
    before = _written(intake_store)

    again = cli("case", "handover", case_no, "--id-number", APPLICANT.lower(), "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == {**answer, "replayed": True}
    words = cli("case", "handover", case_no, "--id-number", APPLICANT)
    assert words.returncode == 0 and NOTE_ZH in words.stdout
    assert _written(intake_store) == before

    to_a_proxy = cli(
        "case",
        "handover",
        case_no,
        "--id-number",
        APPLICANT,
        "--proxy-id-number",
        PROXY,
        "--proxy-name",
        "李四",
    )
    assert to_a_proxy.returncode == 2
    assert "本办件已是“已送达（已领取）”状态" in to_a_proxy.stderr
    assert _written(intake_store) == before


def test_a_proxy_handover_replays_only_for_the_same_proxy(intake_store: Store, clerk: User) -> None:
    case_no = _ready(intake_store, clerk)
    proxy = Proxy("李四", PROXY, power_of_attorney=True)
    first = delivery.hand_over(intake_store, case_no, clerk, id_number=APPLICANT, proxy=proxy)
    before = _written(intake_store)

    again = delivery.hand_over(intake_store, case_no, clerk, id_number=APPLICANT, proxy=proxy)
    assert again == dataclasses.replace(first, replayed=True)
    for someone_else in (
        None,  # the applicant in person
        Proxy("李四", OTHER_PROXY, power_of_attorney=True),
        Proxy("王五", PROXY, power_of_attorney=True),
    ):
        with pytest.raises(IllegalTransition):
            delivery.hand_over(
                intake_store, case_no, clerk, id_number=APPLICANT, proxy=someone_else
            )
    assert _written(intake_store) == before


def test_a_waybill_only_the_platform_reported_is_not_a_posting_to_replay(
    intake_store: Store, clerk: User
) -> None:
    case_no = _ready(intake_store, clerk, DeliveryChoice(DeliveryMethod.POST, ADDRESS))
    case_id = delivery.ready_results(intake_store)[0].case_id
    delivery.apply_delivery_report(
        intake_store, case_id, waybill=WAYBILL, status=PostalStatus.POSTED
    )
    before = _written(intake_store)
    with pytest.raises(ValidationError) as refused:
        delivery.post_result(intake_store, case_no, clerk, WAYBILL)
    assert "无需重复登记" in refused.value.zh
    assert _written(intake_store) == before


def test_a_posting_replays_after_the_carrier_delivered(intake_store: Store, clerk: User) -> None:
    case_no = _ready(intake_store, clerk, DeliveryChoice(DeliveryMethod.POST, ADDRESS))
    posted = delivery.post_result(intake_store, case_no, clerk, WAYBILL)
    delivery.apply_delivery_report(
        intake_store, posted.case_id, waybill=WAYBILL, status=PostalStatus.DELIVERED
    )
    before = _written(intake_store)
    again = delivery.post_result(intake_store, case_no, clerk, WAYBILL)
    assert again == dataclasses.replace(posted, replayed=True)
    assert _written(intake_store) == before
