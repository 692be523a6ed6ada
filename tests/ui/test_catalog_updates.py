"""A catalog version the sync process loads during the day reaches the form in progress: the
intake screen learns of it from the next sync status report, keeps what the clerk typed and
every mark that still applies, shows the new material unticked and drops the removed one,
says so in one line, leaves a withdrawn (停办) item out of the search, and never records a
decision on the checklist of the version it replaced. The case detail names the version a
case was taken under; a card read marks an expected arrival of a withdrawn item."""

from __future__ import annotations

import copy
import uuid
from dataclasses import replace
from typing import Any

from counter_app.domain.hall_time import hall_today
from counter_app.store.arrivals import store_arrival
from counter_app.store.catalog import bundled_catalog, load_catalog_version
from counter_app.store.database import open_store
from sync.status import SyncStatus
from tests.sample_items import APPOINTMENT
from tests.ui.conftest import login
from tests.ui.intake_steps import (
    confirm_automatically,
    fill_from_card_and_choose_item,
    open_detail,
)
from ui.app import RunningApp

ENDORSEMENT = "11310104002425186K001000300002"  # 上海市居住证签注, what jzz chooses
FIRST_PERMIT = "11310104002425186K001000300001"  # 上海市居住证办理（首次申领）
NEW_MATERIAL = {
    "code": "M99",
    "name": "新增必交材料",
    "required": True,
    "core": True,
    "forms": ["original"],
    "count": 1,
}


def publish_version(running: RunningApp, change: Any) -> int:
    """Load the bundled catalog, changed by ``change(items_by_code)``, as the next version
    through a connection of its own, as the sync process does; returns its number."""
    document = copy.deepcopy(bundled_catalog())
    document["version"] += 1
    change({item["code"]: item for item in document["items"]})
    document["items"] = [item for item in document["items"] if not item.get("withdrawn")]
    home, config = running.session.home, running.session.config
    store = open_store(home, config, role="sync")
    try:
        return load_catalog_version(store, document, source="platform:test")
    finally:
        store.close()


def endorsement_changed_and_first_permit_withdrawn(items: dict[str, Any]) -> None:
    materials = items[ENDORSEMENT]["situations"][0]["materials"]
    materials[:] = [m for m in materials if m["code"] != "M03"] + [NEW_MATERIAL]
    items[FIRST_PERMIT]["withdrawn"] = True


def statuses(running: RunningApp) -> list[str]:
    return [row.status.currentData() for row in running.window.intake.checklist.rows]


def test_a_half_filled_form_follows_a_catalog_loaded_during_the_day(
    qtbot, running: RunningApp
) -> None:
    fill_from_card_and_choose_item(qtbot, running)
    intake = running.window.intake
    intake.checklist.receive_all_required()
    assert "可以受理" in intake.summary_label.text()
    intake.search.query.setText("首次申领")
    intake.search.run_search_now()
    assert intake.search.results.count() == 1
    version = publish_version(running, endorsement_changed_and_first_permit_withdrawn)

    running.window.sync_bridge.publish(SyncStatus(connectivity="online", enrolled=True))
    qtbot.waitUntil(lambda: intake.catalog_version == version, timeout=20_000)

    codes = [row.material.code for row in intake.checklist.rows]
    assert codes == ["M01", "M02", "M99"]  # M03 gone, M99 new
    assert statuses(running) == ["received", "received", "missing"]  # the ticks kept
    assert intake.identity.name.text() == "王建国" and intake.identity.phone.text()
    note = intake.catalog_note.text()
    assert intake.catalog_note.isVisibleTo(intake)
    assert f"事项目录已更新为第 {version} 版" in note
    assert "新增 新增必交材料（未收）" in note and "取消 居住登记信息仍有效的证明" in note
    assert "缺少：新增必交材料" in intake.summary_label.text()
    assert "可以受理" not in intake.summary_label.text()
    # The withdrawn item is no longer offered: the results shown are searched again.
    assert FIRST_PERMIT not in intake.items
    assert intake.search.results.count() == 0


def test_a_withdrawn_chosen_item_is_said_and_the_applicant_kept(qtbot, running: RunningApp) -> None:
    fill_from_card_and_choose_item(qtbot, running)
    intake = running.window.intake
    version = publish_version(running, lambda items: items[ENDORSEMENT].update(withdrawn=True))

    running.window.sync_bridge.publish(SyncStatus(connectivity="online", enrolled=True))
    qtbot.waitUntil(lambda: intake.catalog_version == version, timeout=20_000)

    assert intake.item is None and intake.checklist.rows == []
    assert "“上海市居住证签注”已停办" in intake.catalog_note.text()
    assert "请重新选择（F3）" in intake.catalog_note.text()
    assert intake.identity.name.text() == "王建国"
    assert intake.identity.phone.text() == "13912340000"


def test_a_decision_on_the_replaced_checklist_is_held_back_and_the_form_updated(
    qtbot, running: RunningApp, monkeypatch
) -> None:
    """F5 pressed before any sync report told the screen: nothing is stored, the clerk is
    told why, and the form shows the new checklist at once."""
    confirm_automatically(monkeypatch)
    fill_from_card_and_choose_item(qtbot, running)
    intake = running.window.intake
    intake.checklist.receive_all_required()
    version = publish_version(running, endorsement_changed_and_first_permit_withdrawn)
    stored: list[str] = []
    intake.case_stored.connect(stored.append)

    intake.decide("accept")
    qtbot.waitUntil(lambda: intake.catalog_version == version, timeout=20_000)

    assert stored == [] and not intake.busy
    assert f"事项目录已更新为第{version}版，本次未受理" in intake.warning.text()
    assert "新增 新增必交材料（未收）" in intake.catalog_note.text()
    assert statuses(running) == ["received", "received", "missing"]


def test_a_case_taken_on_the_updated_form_shows_its_catalog_version(
    qtbot, running: RunningApp, monkeypatch
) -> None:
    confirm_automatically(monkeypatch)
    fill_from_card_and_choose_item(qtbot, running)
    intake = running.window.intake
    version = publish_version(running, endorsement_changed_and_first_permit_withdrawn)
    running.window.sync_bridge.publish(SyncStatus(connectivity="online", enrolled=True))
    qtbot.waitUntil(lambda: intake.catalog_version == version, timeout=20_000)

    intake.checklist.receive_all_required()  # M99 now too
    with qtbot.waitSignal(intake.case_stored, timeout=30_000) as stored:
        intake.decide("accept")

    facts, _history = open_detail(qtbot, running, str(stored.args[0]))
    assert facts["事项目录版本"] == f"第 {version} 版"


def test_the_arrival_of_a_withdrawn_item_is_marked_and_not_offered_to_fill_the_form(
    qtbot, running: RunningApp
) -> None:
    login(qtbot, running)
    intake = running.window.intake
    qtbot.waitUntil(lambda: bool(intake.items), timeout=20_000)
    today = hall_today()
    preapp = replace(
        APPOINTMENT,
        arrival_id=str(uuid.uuid4()),
        kind="preapp",
        state="submitted",
        first_day=today,
        last_day=today,
        slot_at=None,
        appointment_no=None,
        review="passed",
    )
    home, config = running.session.home, running.session.config
    store = open_store(home, config, role="sync")
    try:
        with store.transaction():
            store_arrival(store, preapp)
    finally:
        store.close()
    publish_version(running, lambda items: items[ENDORSEMENT].update(withdrawn=True))

    running.reader.place("resident")
    qtbot.waitUntil(lambda: bool(intake.arrival_banner.text()), timeout=20_000)

    assert intake.arrival_banner.text() == (
        "网上预审已通过：上海市居住证签注 · 事项已停办，不能按此受理，请告知申请人"
    )
    assert not intake.preapp_button.isVisibleTo(intake)


def endorsement_card_renamed_and_id_standard_changed(items: dict[str, Any]) -> None:
    materials = {m["code"]: m for m in items[ENDORSEMENT]["situations"][0]["materials"]}
    materials["M01"]["standard"] = "申请人本人有效期内的居民身份证原件，不接受电子亮证。"
    materials["M02"]["name"] = "居住证卡及签注凭证"


def test_a_material_redefined_under_its_code_is_unticked_and_named(
    qtbot, running: RunningApp
) -> None:
    """A code kept for another paper (renamed, or its standard changed): what the clerk
    ticked under it is not what the new version asks for."""
    fill_from_card_and_choose_item(qtbot, running)
    intake = running.window.intake
    intake.checklist.receive_all_required()
    version = publish_version(running, endorsement_card_renamed_and_id_standard_changed)

    running.window.sync_bridge.publish(SyncStatus(connectivity="online", enrolled=True))
    qtbot.waitUntil(lambda: intake.catalog_version == version, timeout=20_000)

    assert [row.material.name for row in intake.checklist.rows][:2] == [
        "申请人居民身份证",
        "居住证卡及签注凭证",
    ]
    assert statuses(running)[:2] == ["missing", "missing"]
    assert (
        "“申请人居民身份证”的材料标准有变、“上海市居住证卡”改为“居住证卡及签注凭证”（已改为未收）"
        in intake.catalog_note.text()
    )
    assert "可以受理" not in intake.summary_label.text()
