"""What single-item mode checks, checked for a 一件事 too: the applicant's earlier cases of
each member's item under it in the bundle panel (and read back in the confirmation), F4's
e-licence lookup for the merged checklist (one lookup per member item, each serving its
item, each member's case keeping its own licence), and a 容缺 sent to the hall's
supervisors, the form waiting for their answer."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel

from counter_app.identity.samples import gb11643
from counter_app.services.auth import Accounts
from counter_app.services.drafts import load_draft
from counter_app.services.intake import request_uuid
from counter_app.store.case_plaintext import case_document
from counter_app.store.cases import get_case
from counter_app.store.database import open_store
from sync.approval_requests import decide_request, hall_requests
from tests.central.server_fixture import RunningCentral
from tests.ui.conftest import CLERK, PASSWORD, SUPERVISOR, login, restarted
from tests.ui.intake.bundle_steps import (
    ALLOWANCE,
    ELDERLY,
    SENIOR_CARD,
    SOCIAL_CARD,
    choose_bundle,
    choose_elderly_bundle,
    on_worker,
    preview_of,
)
from tests.ui.intake_steps import confirm_automatically, set_receipt_and_rating_aside
from ui.app import RunningApp
from ui.approval import SupervisorApprovalDialog
from ui.intake.dialogs import ConfirmDecisionDialog
from ui.intake.screen import IntakeScreen

RESIDENT = gb11643("31010419580312001")  # the sample card "resident": 王建国
HARDSHIP = "困难群众救助一件事"
SUBSISTENCE, LOW_RENT = "最低生活保障申请", "廉租住房申请"


def member(intake: IntakeScreen, item_name: str) -> Any:
    return next(m for m in intake.bundle_panel.members if m.item.name == item_name)


def row(intake: IntakeScreen, name: str) -> Any:
    return next(r for r in intake.checklist.rows if r.material.name == name)


def facts_of(dialog: ConfirmDecisionDialog) -> list[str]:
    return [label.text() for label in dialog.findChildren(QLabel)]


def test_each_members_earlier_cases_are_told_under_it_and_read_back_before_deciding(
    qtbot, running: RunningApp, monkeypatch
) -> None:
    confirm_automatically(monkeypatch)
    intake = choose_elderly_bundle(qtbot, running)
    intake.checklist.receive_all_required()
    qtbot.waitUntil(lambda: preview_of(intake, SENIOR_CARD) == "将受理", timeout=20_000)
    assert not any(m.earlier.isVisible() for m in intake.bundle_panel.members)
    stored: list[str] = []
    intake.case_stored.connect(stored.append)
    intake.decide_bundle()
    qtbot.waitUntil(lambda: len(stored) == 2, timeout=30_000)
    first = [on_worker(qtbot, running, lambda ws, c=c: get_case(ws.store, c)) for c in stored]
    set_receipt_and_rating_aside(qtbot, intake)
    intake.next_applicant(confirm=False)

    # The same senior comes back for the same 一件事.
    running.reader.place("resident")
    qtbot.waitUntil(lambda: intake.identity.name.text() == "王建国", timeout=20_000)
    running.reader.remove()
    intake.identity.phone.setText("13912340000")
    intake.focus_search()
    qtbot.keyClicks(intake.search.query, "ylyjs")
    intake.search.run_search_now()
    qtbot.keyClick(intake.search.query, Qt.Key.Key_Return)
    assert intake.bundle is not None and intake.bundle.name == ELDERLY
    allowance, senior = member(intake, ALLOWANCE), member(intake, SENIOR_CARD)
    qtbot.waitUntil(lambda: allowance.earlier.isVisible() and senior.earlier.isVisible())
    for shown, item_name, case in (
        (allowance, ALLOWANCE, first[0]),
        (senior, SENIOR_CARD, first[1]),
    ):
        text = shown.earlier.text()
        assert text.startswith(
            f"{item_name}：该申请人已有同一事项的办件：办件 {case.case_no}（已受理，"
        ), text
    assert not intake.earlier_banner.isVisible()  # no other name on file

    senior.taken.setChecked(False)  # the members change: the lookup follows
    qtbot.waitUntil(lambda: not senior.earlier.isVisible())
    assert allowance.earlier.isVisible()

    intake.identity.name.setText("王建")  # the applicant changes: so does the lookup
    intake.identity.changed.emit()
    qtbot.waitUntil(lambda: "该证件号码已登记为另一姓名：王建国" in intake.earlier_banner.text())
    intake.identity.name.setText("王建国")
    intake.identity.changed.emit()
    qtbot.waitUntil(lambda: not intake.earlier_banner.isVisible())

    read_back: list[list[str]] = []

    def go_back(dialog: ConfirmDecisionDialog) -> int:
        read_back.append(facts_of(dialog))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(ConfirmDecisionDialog, "exec", go_back)
    intake.checklist.receive_all_required()
    with qtbot.waitSignal(running.session.worker.idle, timeout=20_000):
        intake.decide_bundle()
    qtbot.waitUntil(lambda: len(read_back) == 1)
    warnings = [text for text in read_back[0] if "已有同一事项的办件" in text]
    assert len(warnings) == 1 and warnings[0].startswith(f"{ALLOWANCE}：")
    assert first[0].case_no in warnings[0]
    assert not intake.busy and intake.bundle is not None and len(stored) == 2  # nothing stored


@pytest.mark.integration
def test_f4_looks_up_each_members_licences_and_each_case_keeps_its_own(
    qtbot, monkeypatch, central: RunningCentral, enrolled_window: RunningApp
) -> None:
    central.publish_bundled_catalog()
    for kind, number in (
        ("居民身份证电子证照", "ID-310104-1958"),
        ("结婚证电子证照", "J310104-1983-12"),
    ):
        central.cli(
            "elicence", "add", "--holder", RESIDENT, "--type", kind, "--number", number,
            "--issuer", "上海市徐汇区民政局", "--json",
        )  # fmt: skip
    confirm_automatically(monkeypatch)
    intake = choose_bundle(qtbot, enrolled_window, "resident", "knqzjzyjs", HARDSHIP)
    with qtbot.waitSignal(intake.elicences_looked_up, timeout=30_000) as looked_up:
        qtbot.keyClick(intake.checklist.table, Qt.Key.Key_F4)
    assert looked_up.args == [3]  # the ID card for each member, the marriage licence once
    card, marriage = row(intake, "申请人居民身份证"), row(intake, "结婚证")
    for shown, number in ((card, "ID-310104-1958"), (marriage, "J310104-1983-12")):
        assert (shown.status.currentData(), shown.status.isEnabled()) == ("exempt", False)
        assert number in shown.exemption.text()

    lookups = [e["record"] for e in central.cli("elicence", "log", "--json")["entries"]]
    codes = {m.item.name: m.item.code for m in intake.bundle_panel.members}
    assert sorted(r["serves"] for r in lookups) == sorted(
        f"{codes[name]}/intake-{intake.request_id}" for name in (SUBSISTENCE, LOW_RENT)
    )
    served = {r["lookup_id"]: r["serves"].split("/")[0] for r in lookups}

    intake.checklist.receive_all_required()
    stored: list[str] = []
    intake.case_stored.connect(stored.append)
    intake.decide_bundle()
    qtbot.waitUntil(lambda: len(stored) == 2, timeout=30_000)
    for case_id in stored:
        document = on_worker(
            qtbot, enrolled_window, lambda ws, c=case_id: case_document(ws.store, c)
        )
        lines = {m["code"]: m for m in document["materials"]}
        licence = lines["M01"]["licence"]
        assert (licence["number"], licence["verification"]) == ("ID-310104-1958", "verified")
        assert served[licence["lookup_id"]] == document["service_item"]["code"]


def send_bundle_deferral(qtbot, running: RunningApp, monkeypatch) -> IntakeScreen:  # type: ignore[no-untyped-def]
    """The clerk marks the allowance's social security card 容缺后补, presses Ctrl+Enter and
    in the approval dialog sends the request to the hall's supervisors (F4); the form waits."""
    confirm_automatically(monkeypatch)

    def send(dialog: SupervisorApprovalDialog) -> int:
        assert dialog.send_button is not None
        dialog.send_button.click()
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=20_000)
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(SupervisorApprovalDialog, "exec", send)
    intake = choose_elderly_bundle(qtbot, running)
    intake.checklist.receive_all_required()
    social = row(intake, SOCIAL_CARD)
    social.status.setCurrentIndex(social.status.findData("deferred"))
    qtbot.waitUntil(lambda: preview_of(intake, ALLOWANCE) == "将容缺受理（需值班长审批）")
    intake.decide_bundle()
    qtbot.waitUntil(intake.waiting.isVisible, timeout=20_000)
    assert not intake.bundle_button.isEnabled()
    return intake


def approve_elsewhere(qtbot, running: RunningApp, request_id: str) -> str:  # type: ignore[no-untyped-def]
    """A supervisor of the hall approves the request through the platform (from this
    window's store: the platform tells only the asking clerk apart); its summary."""

    def approve(ws: Any) -> str:
        supervisor = Accounts(ws.store).authenticate(SUPERVISOR, PASSWORD)
        (pending,) = [r for r in hall_requests(ws.store) if str(r.request_id) == request_id]
        decide_request(ws.store, supervisor, request_id, "approved")
        return pending.summary

    summary: str = on_worker(qtbot, running, approve)
    return summary


@pytest.mark.integration
def test_a_bundles_deferral_sent_to_the_supervisors_waits_and_their_approval_decides_it(
    qtbot, monkeypatch, central: RunningCentral, enrolled_window: RunningApp
) -> None:
    intake = send_bundle_deferral(qtbot, enrolled_window, monkeypatch)
    wait = intake.approval_wait
    assert wait is not None
    intake.decide_bundle()  # the form waits: nothing is decided meanwhile
    assert not intake.busy

    stored: list[str] = []
    intake.case_stored.connect(stored.append)
    summary = approve_elsewhere(qtbot, enrolled_window, wait.request_id)
    qtbot.waitUntil(lambda: len(stored) == 2, timeout=30_000)
    # What the supervisors read: the bundle, the member deferring, the material and by when.
    days = enrolled_window.session.config.hall.deferral_working_days
    assert summary == (
        f"{ELDERLY}；{ALLOWANCE}容缺：{SOCIAL_CARD}：受理后 {days} 个工作日内（不晚于承诺办结日）"
    )
    assert not intake.waiting.isVisible()
    records = [
        on_worker(qtbot, enrolled_window, lambda ws, c=c: get_case(ws.store, c)) for c in stored
    ]
    assert [r.state for r in records] == ["accepted_deferred", "accepted"]
    assert records[0].bundle_id == records[1].bundle_id


@pytest.mark.integration
def test_a_bundle_left_waiting_by_a_restart_waits_again_and_is_decided_by_the_approval(
    qtbot, monkeypatch, central: RunningCentral, enrolled_window: RunningApp
) -> None:
    intake = send_bundle_deferral(qtbot, enrolled_window, monkeypatch)
    wait = intake.approval_wait
    assert wait is not None
    request_id = intake.request_id
    session = enrolled_window.session

    def draft_keeps_the_wait() -> bool:
        with open_store(session.home, session.config) as store:
            draft = load_draft(store, CLERK)
        return draft is not None and "awaiting_approval" in draft

    qtbot.waitUntil(draft_keeps_the_wait, timeout=20_000)
    with restarted(qtbot, enrolled_window) as again:
        login(qtbot, again)
        restored = again.window.intake
        qtbot.waitUntil(lambda: restored.approval_wait is not None, timeout=20_000)
        assert restored.bundle is not None and restored.bundle.name == ELDERLY
        assert restored.approval_wait is not None
        assert restored.approval_wait.request_id == wait.request_id
        stored: list[str] = []
        restored.case_stored.connect(stored.append)
        approve_elsewhere(qtbot, again, wait.request_id)
        qtbot.waitUntil(lambda: len(stored) == 2, timeout=30_000)
        records = [on_worker(qtbot, again, lambda ws, c=c: get_case(ws.store, c)) for c in stored]
    assert [r.state for r in records] == ["accepted_deferred", "accepted"]
    # The form's own request decided them: the bundle id derives from its request UUID.
    bundle_id = str(uuid.uuid5(uuid.UUID(request_uuid(request_id)), "bundle"))
    assert {r.bundle_id for r in records} == {bundle_id}
