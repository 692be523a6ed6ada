"""The public progress page behind a receipt's QR code (``GET /track/TOKEN``), its online
一事一评 and 全市通办 routing, over HTTP against the real platform (SQLite and PostgreSQL).
The page in a real browser: ``test_track_browser``."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
import requests

from central.cli import main as cli_main
from central.errors import OperatorError
from central.simulator import SimulatedDevice
from central.store import CentralStore, progress, publishing
from sync.wire.feeds import FeedPage, ProgressEvent
from tests.central.case_versions import version_of
from tests.central.conftest import push_ok, read_all, tracked_case
from tests.central.evaluation_rows import every_evaluation
from tests.central.server_fixture import RunningCentral, start_central
from tests.in_process import run_main

pytestmark = pytest.mark.integration


def _page(central: RunningCentral, token: str, **headers: str) -> requests.Response:
    return requests.get(f"{central.url}/track/{token}", headers=headers, timeout=10)


def _rate(central: RunningCentral, token: str, **form: str) -> requests.Response:
    return requests.post(
        f"{central.url}/track/{token}/rating", data=form, allow_redirects=False, timeout=10
    )


def test_the_page_shows_state_promised_date_and_pick_up_without_personal_data(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral, store: CentralStore
) -> None:
    device = enrol()
    case, token = tracked_case(device)
    push_ok(device, [case])

    zh = _page(central, token)
    assert zh.status_code == 200
    assert zh.headers["content-type"].startswith("text/html")
    assert zh.headers["referrer-policy"] == "no-referrer"
    assert "default-src 'none'" in zh.headers["content-security-policy"]
    for shown in ("已受理", "2026-12-08", case["case_no"], "模*****", "身份证件", "模拟事项"):
        assert shown in zh.text
    # Without what it shows on purpose: the case number (its random hall and device codes
    # may hold any four digits) and the token in the rating form's address.
    rest = zh.text.replace(case["case_no"], "").replace(token, "")
    id_number = case["payload"]["applicant"]["id_number"]  # the simulator's, one per case
    for hidden in ("模拟申请人", id_number, id_number[-4:], case["case_id"]):
        assert hidden not in rest
    assert f"模拟受理大厅 · {case['window']}" in zh.text  # the accepting hall, by its name
    assert "<script" not in zh.text and "http" not in zh.text.split("</title>", 1)[1]

    english = _page(central, token, **{"Accept-Language": "en-GB,en;q=0.9,zh;q=0.5"})
    assert 'lang="en"' in english.text and "Accepted" in english.text
    assert "Promised by" in english.text and "identity document" in english.text
    # Where the case was taken, not when (受理单位); the number named as on every screen.
    assert "Accepting hall" in english.text and "Case number" in english.text
    # The switch overrides the browser's language.
    switched = requests.get(f"{central.url}/track/{token}?lang=zh", timeout=10)
    assert 'lang="zh-CN"' in switched.text and "办理进度" in switched.text

    progress.record_progress(store, case["case_no"], "in_process", "")
    progress.record_progress(store, case["case_no"], "completed_approved", "")
    progress.record_progress(store, case["case_no"], "result_ready", "")
    ready = _page(central, token)
    assert "结果待领取" in ready.text and 'id="ready"' in ready.text
    assert 'id="pickup"' in ready.text
    push_ok(device, [version_of(device, case, 2, state="delivered")])
    delivered = _page(central, token)
    assert "已送达（已领取）" in delivered.text
    assert 'id="pickup"' not in delivered.text


def test_a_correction_request_shows_what_the_department_asked_for(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral, store: CentralStore
) -> None:
    device = enrol()
    case, token = tracked_case(device)
    push_ok(device, [case])
    progress.record_progress(store, case["case_no"], "in_process", "")
    asked = "请补充提交模拟材料1的原件（复印件不清晰）"
    progress.record_progress(
        store, case["case_no"], "correction_requested", asked, materials=["M01"]
    )

    page = _page(central, token).text
    assert 'id="correction"' in page and asked in page
    assert 'id="correction"' not in _page(central, tracked_case(device)[1]).text  # not pushed
    push_ok(device, [version_of(device, case, 2, state="in_process")])  # 补正 handed in
    assert asked not in _page(central, token).text  # no longer asked once handed in


def test_a_document_without_the_hall_name_shows_the_hall_code(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral
) -> None:
    """A case from a counter that sent no ``hall_name`` (before documents had it)."""
    device = enrol()
    case, token = tracked_case(device)
    del case["payload"]["hall_name"]
    case = device.case(
        case_id=uuid.UUID(case["case_id"]), case_no=case["case_no"], payload=case["payload"]
    )
    assert [result["status"] for result in push_ok(device, [case])] == ["stored"]

    # The codes as the case number has them, as a window's document names them.
    assert f"{device.hall.upper()} · {device.window.upper()}" in _page(central, token).text


def test_a_promised_date_past_the_published_calendar_is_marked_provisional(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral, store: CentralStore
) -> None:
    """The window counted into 2027 before its holidays were published: the page says so
    until the platform publishes a calendar covering 2027."""
    device = enrol()
    published = [item["version"] for item in read_all(device, "calendar", 500)[0]]
    calendar = {
        "published_at": "2025-11-04T00:00:00Z",
        "years": [2026],
        "periods": [{"kind": "holiday", "name": "元旦", "from": "2026-01-01"}],
    }
    version = max([0, *published]) + 1
    publishing.publish_document(store, "calendar", {"version": version, **calendar}, version)
    late, late_token = tracked_case(device, promised_date="2027-01-04")
    plain, plain_token = tracked_case(device)  # promised 2026-12-08
    push_ok(device, [late, plain])

    caveat = "2027-01-04（2027年节假日安排尚未公布，按周一至周五计算，已扣除元旦、劳动节、国庆节）"
    assert caveat in _page(central, late_token).text
    english = _page(central, late_token, **{"Accept-Language": "en"}).text
    assert (
        "2027-01-04 (counted Monday to Friday less New Year’s Day, Labour Day and National"
        in english
    )
    assert "尚未公布" not in _page(central, plain_token).text

    calendar_2027 = {
        **calendar,
        "version": version + 1,
        "years": [2027],
        "periods": [{"kind": "holiday", "name": "元旦", "from": "2027-01-01"}],
    }
    publishing.publish_document(store, "calendar", calendar_2027, version + 1)
    page = _page(central, late_token).text
    assert "2027-01-04" in page and "尚未公布" not in page


def test_a_wrong_token_gets_a_plain_404_page(central: RunningCentral) -> None:
    # "": the address cut short at ``/track/``, as a wrong token, not the API's JSON.
    for token in ("A" * 32, "short", "x" * 200, "%3Cscript%3E", ""):
        response = _page(central, token)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("text/html")
        assert "未找到该办件" in response.text
        assert "<script" not in response.text
    english = _page(central, "A" * 32, **{"Accept-Language": "en"})
    assert english.status_code == 404 and "No such case" in english.text
    cut_short = _page(central, "", **{"Accept-Language": "en"})
    assert cut_short.status_code == 404 and "No such case" in cut_short.text
    assert cut_short.headers["referrer-policy"] == "no-referrer"


def test_a_notified_or_refused_applicant_is_told_what_to_do_not_to_collect_a_result(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral
) -> None:
    device = enrol()
    shortfall = {
        "code": "M02",
        "name": "婚姻状况证明",
        "kind": "wrong_form",
        "message": "“婚姻状况证明”需提交原件，收到的是复印件。",
        "message_en": "'婚姻状况证明' must be the original; a copy was given.",
        "standard": "民政部门出具的原件。",
    }
    undecided = {"accepted_at": None, "promised_date": None, "statutory_date": None}
    notified, notified_token = tracked_case(
        device, state="notified", shortfalls=[shortfall], **undecided
    )
    refused, refused_token = tracked_case(
        device,
        state="refused",
        reason="申请事项不属于本机关职权范围",
        legal_basis="《中华人民共和国行政许可法》第三十二条第一款第（二）项",
        redirect_to="户籍所在区社区事务受理服务中心",
        **undecided,
    )
    push_ok(device, [notified, refused])

    notice = _page(central, notified_token).text
    assert "一次性告知（待补齐补正）" in notice
    assert "<strong>婚姻状况证明</strong> · 形式不符" in notice
    assert "标准：民政部门出具的原件。" in notice
    assert "任一窗口" in notice and "领取时请携带" not in notice
    refusal = _page(central, refused_token).text
    assert "申请事项不属于本机关职权范围" in refusal and "第三十二条" in refusal
    assert "请向户籍所在区社区事务受理服务中心提出申请。" in refusal
    assert "没有需要领取的结果" in refusal and "领取时请携带" not in refusal


def test_an_online_rating_joins_the_case_once_and_reaches_the_window(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral, store: CentralStore
) -> None:
    device = enrol()
    case, token = tracked_case(device)
    push_ok(device, [case])
    before = device.feed("progress").json()

    refused = _rate(central, token, level="2")
    assert refused.status_code == 400 and "请选择原因" in refused.text
    assert _rate(central, token, level="9").status_code == 400
    rated = _rate(central, token, level="2", reason_code="waiting")
    assert rated.status_code == 303
    assert rated.headers["location"] == f"/track/{token}?lang=zh"
    page = _page(central, token)
    assert "您已评价：2" in page.text and 'name="level"' not in page.text
    again = _rate(central, token, level="5")
    assert again.status_code == 400 and "已在网上评价" in again.text
    assert _rate(central, "B" * 32, level="5").status_code == 404

    feed = device.feed("progress", cursor=before["cursor"]).json()
    FeedPage[ProgressEvent].model_validate(feed)
    [event] = feed["items"]
    assert event["case_id"] == case["case_id"]
    assert event["state"] == "accepted"  # a rating moves no state
    assert (event["evaluation_channel"], event["evaluation_level"]) == ("online", 2)
    assert event["evaluation_reason_code"] == "waiting"
    [row] = [r for r in every_evaluation(store, device.hall) if r["case_id"] == case["case_id"]]
    assert (row["channel"], row["level"], row["reason_code"]) == ("online", 2, "waiting")
    assert (row["window"], row["clerk"]) == (device.window, "sim")


def test_a_city_wide_case_is_routed_and_its_progress_returns_to_the_accepting_hall(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral, store: CentralStore
) -> None:
    department = f"D-{enrol().hall}"  # unique per test run on the module's store
    device = enrol()
    case, token = tracked_case(device, department=department)
    local, _ = tracked_case(device)
    push_ok(device, [case, local])

    listed = central.cli("routed", "--department", department, "--json")["cases"]
    assert [
        (c["case_no"], c["accepting_hall"], c["accepting_hall_name"], c["accepting_window"])
        for c in listed
    ] == [(case["case_no"], device.hall, "模拟受理大厅", device.window)]
    text = run_main(cli_main, ["routed", "--department", department, *central.store_args()])
    assert f"\t模拟受理大厅/{device.window}\t已受理\t" in text.stdout
    assert listed[0]["state"] == "accepted" and "applicant" not in listed[0]
    assert _page(central, token).text.count("办理部门（全市通办）") == 1

    with pytest.raises(OperatorError) as foreign:
        progress.record_progress(store, case["case_no"], "in_process", "", department="D-OTHER")
    assert "D-OTHER" in foreign.value.zh and "D-OTHER" in foreign.value.en
    with pytest.raises(OperatorError):
        progress.record_progress(store, local["case_no"], "in_process", "", department=department)
    before = device.feed("progress").json()
    step = central.cli(
        "progress", case["case_no"], "--to", "in_process", "--department", department
    )
    assert step["hall"] == device.hall
    [event] = device.feed("progress", cursor=before["cursor"]).json()["items"]
    assert (event["case_id"], event["state"]) == (case["case_id"], "in_process")
    routed = central.cli("routed", "--department", department, "--json")["cases"]
    assert routed[0]["state"] == "in_process"


def test_the_page_is_rate_limited_per_client_address(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    central = start_central(tmp_path_factory.mktemp("track-rate"), serve_args=["--track-rate", "1"])
    try:
        statuses = [_page(central, "C" * 32).status_code for _ in range(31)]
        assert statuses[:30] == [404] * 30  # the burst
        limited = _page(central, "C" * 32)
        assert statuses[30] == 429 or limited.status_code == 429
        assert limited.status_code == 429
        assert int(limited.headers["retry-after"]) >= 1
        assert limited.headers["content-type"].startswith("text/html")
    finally:
        central.stop()
