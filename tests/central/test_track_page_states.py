"""What the public progress page tells the applicant to do next in every case state: the
page built straight from a tracked case (``central.track_page.case_page``); over HTTP
against the real platform: ``test_track_page``."""

from __future__ import annotations

import re
import uuid
from dataclasses import replace
from typing import Any

import pytest

from central.simulator import synthetic_payload
from central.store.tracking import TrackedCase
from central.track_page import case_page
from counter_app.domain.case_document import CaseDocument
from counter_app.domain.case_states import CaseState

TOKEN = "T" * 32
CASE_NO = "H0001-W01-D01-20261127-000001"
APPLICANT = ("模拟申请人", "110101199003070075")
POSTED = {
    "delivery": {"method": "post", "address": "上海市模拟路1号", "waybill": None, "posted_at": None}
}

# The page's first line of advice in each state, and whether it asks the applicant to come
# and collect a result (now or once it is ready): the decision this page makes per state.
NEXT: dict[CaseState, tuple[str, str, bool]] = {
    CaseState.RECEIVED: ("正在审查", "examining your application", False),
    CaseState.ACCEPTED: ("已受理，正在办理", "accepted and being processed", True),
    CaseState.ACCEPTED_DEFERRED: ("补交期限前", "by their deadlines", True),
    CaseState.NOTIFIED: ("到任一窗口继续办理", "to any window to continue", False),
    CaseState.REFUSED: ("不予受理，本件不再办理", "was not accepted", False),
    CaseState.IN_PROCESS: ("正在由实施部门办理", "department is processing", True),
    CaseState.SUSPENDED: ("暂停计时", "time limit is paused", True),
    CaseState.COMPLETED_APPROVED: ("准予许可", "completed and approved", True),
    CaseState.COMPLETED_DENIED: ("不予许可", "was denied", True),
    CaseState.RESULT_READY: ("受理大厅的窗口领取", "Collect it at a window", True),
    CaseState.WITHDRAWN: ("申请已撤回", "was withdrawn", False),
    CaseState.VOIDED: ("已作废", "was voided", False),
    CaseState.DEFERRED_TERMINATED: ("容缺受理已终止", "acceptance ended", False),
    CaseState.DELIVERED: ("结果已领取", "has been collected", False),
    CaseState.CORRECTION_REQUESTED: ("要求补正", "asked for a correction", True),
}
NOTHING_TO_COLLECT = {
    CaseState.NOTIFIED,
    CaseState.REFUSED,
    CaseState.WITHDRAWN,
    CaseState.VOIDED,
    CaseState.DEFERRED_TERMINATED,
}


def _tracked(state: CaseState, **changes: Any) -> TrackedCase:
    """A tracked case in ``state`` whose document has ``changes``."""
    base = synthetic_payload(uuid.uuid4(), 1, CASE_NO).to_json()
    document = CaseDocument.from_json({**base, "state": state.value, **changes})
    return TrackedCase(document, state, None, None)


def _section(page: str, section_id: str) -> str:
    """The text of the page's section ``section_id`` ("" when the page has none)."""
    found = re.search(rf'<section id="{section_id}">(.*?)</section>', page)
    return re.sub(r"<[^>]+>", "", found.group(1)) if found else ""


@pytest.mark.parametrize("state", list(CaseState))
def test_every_state_says_what_to_do_next_and_asks_for_pick_up_only_when_a_result_comes(
    state: CaseState,
) -> None:
    zh_next, en_next, collect = NEXT[state]
    zh = case_page(_tracked(state), TOKEN, "zh")
    en = case_page(_tracked(state), TOKEN, "en")

    assert zh_next in _section(zh, "next")
    assert en_next in _section(en, "next")
    assert ("领取时请携带" in zh) is collect
    assert ("To collect the result, bring" in en) is collect
    assert ("没有需要领取的结果" in _section(zh, "next")) is (state in NOTHING_TO_COLLECT)
    assert ("nothing to collect" in _section(en, "next")) is (state in NOTHING_TO_COLLECT)
    for hidden in APPLICANT:
        assert hidden not in zh and hidden not in en


def test_a_notified_case_lists_each_missing_material_with_its_standard() -> None:
    shortfalls = [
        {
            "code": "M01",
            "name": "户口簿",
            "kind": "missing",
            "message": "缺少“户口簿”（原件1份）。",
            "message_en": "'户口簿' is missing (1, original).",
            "standard": "户主页及本人页原件。",
        },
        {
            "code": "M02",
            "name": "近期照片",
            "kind": "nonconforming",
            "message": "“近期照片”不符合要求（模拟申请人的照片背景不对）。",
            "message_en": "'近期照片' does not meet the requirements.",
            "standard": "近6个月内正面免冠彩色照片，白色背景。",
        },
        {
            "code": "M03",
            "name": "申请表",
            "kind": "too_few",
            "message": "“申请表”需2份，收到1份。",
            "message_en": "'申请表': 2 needed, 1 given.",
            "standard": "",
        },
    ]
    case = _tracked(
        CaseState.NOTIFIED,
        shortfalls=shortfalls,
        reason="材料不齐",
        accepted_at=None,
        promised_date=None,
    )

    zh = _section(case_page(case, TOKEN, "zh"), "next")
    for shown in (
        "户口簿 · 缺少",
        "标准：户主页及本人页原件。",
        "近期照片 · 不符合要求",
        "标准：近6个月内正面免冠彩色照片，白色背景。",
        "申请表 · 份数不足",
        "任一窗口",
    ):
        assert shown in zh, shown
    assert "标准：" not in zh.split("申请表", 1)[1]  # a material without a standard
    # The names and standards only: a clerk's note may name the applicant.
    assert "模拟申请人" not in zh and "背景不对" not in zh
    en = _section(case_page(case, TOKEN, "en"), "next")
    assert "户口簿 · missing" in en and "Standard: 户主页及本人页原件。" in en
    assert "近期照片 · does not meet the requirements" in en

    without = _section(case_page(_tracked(CaseState.NOTIFIED), TOKEN, "zh"), "next")
    assert "一次性告知书" in without  # a document without the lines: the paper notice


def test_a_refused_case_gives_the_reason_the_legal_basis_and_where_to_apply_instead() -> None:
    case = _tracked(
        CaseState.REFUSED,
        reason="申请事项不属于本机关职权范围",
        legal_basis="《中华人民共和国行政许可法》第三十二条第一款第（二）项",
        redirect_to="户籍所在区社区事务受理服务中心",
    )
    zh = _section(case_page(case, TOKEN, "zh"), "next")
    for shown in (
        "不予受理理由申请事项不属于本机关职权范围",
        "法律依据《中华人民共和国行政许可法》第三十二条第一款第（二）项",
        "请向户籍所在区社区事务受理服务中心提出申请。",
        "行政复议",
    ):
        assert shown in zh, shown
    assert "12345" not in zh
    en = _section(case_page(case, TOKEN, "en"), "next")
    assert "Reason" in en and "Legal basis" in en
    assert "Please apply to: 户籍所在区社区事务受理服务中心." in en

    unnamed = _section(case_page(_tracked(CaseState.REFUSED), TOKEN, "zh"), "next")
    assert "不予受理理由—" in unnamed and "法律依据" not in unnamed
    assert "12345" in unnamed and "请向" not in unnamed  # ask where, rather than a guess


def test_a_deferred_acceptance_lists_what_to_bring_by_when() -> None:
    base = synthetic_payload(uuid.uuid4(), 1, CASE_NO).to_json()
    materials = [
        {**line, "status": "deferred", "deadline": "2026-12-04"} if line["code"] == "M04" else line
        for line in base["materials"]
    ]
    page = case_page(_tracked(CaseState.ACCEPTED_DEFERRED, materials=materials), TOKEN, "zh")
    assert "模拟材料4 · 补交期限 2026-12-04" in _section(page, "next")
    assert "模拟材料3" not in _section(page, "next")


def test_a_posted_result_is_never_called_ready_to_collect() -> None:
    for state in (CaseState.IN_PROCESS, CaseState.RESULT_READY):
        page = case_page(_tracked(state, **POSTED), TOKEN, "zh")
        assert "通过邮政（EMS）寄送，无需到大厅领取" in _section(page, "pickup")
        assert "领取时请携带" not in page and "上海市模拟路" not in page
    ready = case_page(_tracked(CaseState.RESULT_READY, **POSTED), TOKEN, "zh")
    assert "结果已办好" in ready and "结果已可领取" not in ready
    assert "请留意查收" in _section(ready, "next")
    delivered = case_page(_tracked(CaseState.DELIVERED, **POSTED), TOKEN, "en")
    assert "delivered by post" in _section(delivered, "next")
    assert _section(delivered, "pickup") == ""


def test_a_voided_or_withdrawn_case_keeps_its_reasons_off_the_page() -> None:
    voided = _tracked(CaseState.VOIDED, void_reason="录入错误", voided_by="supervisor1")
    withdrawn = _tracked(CaseState.WITHDRAWN, withdrawal_reason="申请人改日再来")
    for case in (voided, withdrawn):
        page = case_page(case, TOKEN, "zh")
        for internal in ("录入错误", "supervisor1", "申请人改日再来"):
            assert internal not in page


def _promised_row(page: str) -> str:
    found = re.search(
        r"<tr><th scope=\"row\">(?:承诺办结日期|Promised by)</th><td>(.*?)</td>", page
    )
    assert found is not None
    return found.group(1)


def test_a_date_counted_past_the_published_calendars_is_marked_provisional() -> None:
    """Only Monday to Friday was known for 2027 when the window counted the date."""
    published = frozenset({2025, 2026})
    base = synthetic_payload(uuid.uuid4(), 1, CASE_NO).to_json()
    materials = [
        {**line, "status": "deferred", "deadline": "2027-01-04"} if line["code"] == "M04" else line
        for line in base["materials"]
    ]
    late = replace(
        _tracked(CaseState.ACCEPTED_DEFERRED, promised_date="2027-01-11", materials=materials),
        calendar_years=published,
    )
    zh = case_page(late, TOKEN, "zh")
    assert (
        _promised_row(zh)
        == "2027-01-11（2027年节假日安排尚未公布，按周一至周五计算，已扣除元旦、劳动节、国庆节）"
    )
    assert (
        "模拟材料4 · 补交期限 2027-01-04（2027年节假日安排尚未公布，按周一至周五计算，已扣除元旦、劳动节、国庆节）"
        in _section(zh, "next")
    )
    assert _promised_row(case_page(late, TOKEN, "en")) == (
        "2027-01-11 (counted Monday to Friday less New Year’s Day, Labour Day and National Day: "
        "the 2027 public holidays are not announced yet)"
    )

    covered = replace(_tracked(CaseState.ACCEPTED), calendar_years=published)
    assert _promised_row(case_page(covered, TOKEN, "zh")) == "2026-12-08"
    # No calendar published yet: the windows counted with the one they were installed with.
    unknown = _tracked(CaseState.ACCEPTED, promised_date="2027-01-11")
    assert _promised_row(case_page(unknown, TOKEN, "zh")) == "2027-01-11"
    # Not a date (the window's own text): shown as sent, never a failed page.
    odd = replace(_tracked(CaseState.ACCEPTED, promised_date="待定"), calendar_years=published)
    assert _promised_row(case_page(odd, TOKEN, "zh")) == "待定"


def test_a_result_delivered_by_post_reads_delivered_by_post_not_collected() -> None:
    posted = case_page(_tracked(CaseState.DELIVERED, **POSTED), TOKEN, "zh")
    assert "<td>已寄达</td>" in posted and "已领取" not in posted
    english = case_page(_tracked(CaseState.DELIVERED, **POSTED), TOKEN, "en")
    assert "<td>Delivered by post</td>" in english
    collected = case_page(_tracked(CaseState.DELIVERED), TOKEN, "zh")
    assert "<td>已送达（已领取）</td>" in collected


@pytest.mark.parametrize("state", [CaseState.ACCEPTED_DEFERRED, CaseState.CORRECTION_REQUESTED])
def test_deferred_materials_and_corrections_go_to_the_window_that_accepted_the_case(
    state: CaseState,
) -> None:
    """Only the accepting window takes them, so the page names it (hall name and window)."""
    case = _tracked(state, hall_name="模拟受理大厅", window="W07")
    zh = _section(case_page(case, TOKEN, "zh"), "next")
    assert "到原受理窗口（模拟受理大厅 W07）" in zh and "到受理大厅窗口" not in zh
    assert "the window that accepted it (模拟受理大厅 W07)" in _section(
        case_page(case, TOKEN, "en"), "next"
    )
    notified = _section(case_page(_tracked(CaseState.NOTIFIED), TOKEN, "zh"), "next")
    assert "到任一窗口继续办理" in notified
