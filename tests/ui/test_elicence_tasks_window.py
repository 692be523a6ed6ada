"""E-licence tasks at the window: a licence marked 待核验 offline that the register did not
confirm shows in the case's materials tab and in the 电子证照核验 tab; the clerk closes it
from the case (the applicant brought the paper material) and the supervisor from the tab,
each as one new version of the case with an audit entry naming who did it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QMessageBox

from counter_app.config import Config
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.domain.exemptions import LicenceFound, Verification
from counter_app.domain.idnumber import check_character, mask_id_number
from counter_app.home import Home
from counter_app.identity.simulator import SimulatedReader
from counter_app.services import intake
from counter_app.services.auth import Accounts
from counter_app.services.elicence_checks import settle_check
from counter_app.services.intake_request import ApplicantInput, IntakeRequest
from counter_app.store.case_plaintext import case_document
from counter_app.store.catalog import get_item
from counter_app.store.database import open_store
from counter_app.store.elicence_checks import checks_in_state, failed_detail, licence_document
from tests.central.server_fixture import RunningCentral
from tests.ui.conftest import CLERK, PASSWORD, SUPERVISOR, login, window_on
from ui.app import RunningApp

BIRTH_REGISTRATION = "11310104002425311A004000100001"  # 生育登记: M03 结婚证 has an e-licence
NOT_FOUND = "电子证照库中没有申请人的结婚证电子证照，请收取纸质材料或补正。"
NOT_FOUND_EN = "The register holds no marriage certificate of the applicant."


def failed_task(home: Home, config: Config, first17: str) -> tuple[str, str]:
    """A case taken offline with its marriage certificate 待核验, which the register then did
    not confirm; its id and number."""
    store = open_store(home, config)
    try:
        situation = get_item(store, BIRTH_REGISTRATION).default_situation
        marks = [
            SubmittedMaterial(m.code, MaterialStatus.RECEIVED, m.forms[0], m.count)
            for m in situation.materials
            if m.code != "M03"
        ]
        applicant = ApplicantInput(
            name="王芳", id_type="111", id_number=first17 + check_character(first17)
        )
        pending = LicenceFound(
            "M03", "结婚证电子证照", None, None, None, None, None, Verification.PENDING
        )
        request = IntakeRequest(  # the applicant's card read here: the lookup's consent
            BIRTH_REGISTRATION, applicant, marks, licences=[pending], card_read_at=datetime.now(UTC)
        )
        taken = intake.accept(store, request, Accounts(store).get(CLERK))
        check = next(c for c in checks_in_state(store, "pending") if c.case_id == taken.case_id)
        detail = failed_detail(NOT_FOUND, NOT_FOUND_EN)  # as the sync keeps the register's answer
        settle_check(store, check, None, lookup_id=None, detail=detail, now=datetime.now(UTC))
        return taken.case_id, taken.case_no
    finally:
        store.close()


@pytest.fixture
def with_tasks(qtbot, seeded_home: tuple[Home, Config]) -> Iterator[tuple[RunningApp, list[str]]]:
    """The window over a home holding two open tasks (their case ids)."""
    home, config = seeded_home
    cases = [failed_task(home, config, "31010419900101123")[0]]
    cases.append(failed_task(home, config, "31010419850101123")[0])
    with window_on(qtbot, seeded_home, SimulatedReader(use_pty=False)) as app:
        yield app, cases


def audit_actor(app: RunningApp, case_id: str, action: str) -> tuple[str, dict]:
    store = open_store(app.window.session.home, app.window.session.config)
    try:
        actor, detail = store.db.execute(
            "SELECT actor, detail FROM audit_log WHERE action = ? AND target = ?",
            (action, case_id),
        ).fetchone()
        return actor, json.loads(detail)
    finally:
        store.close()


def m03_line(app: RunningApp, case_id: str) -> dict:
    store = open_store(app.window.session.home, app.window.session.config)
    try:
        document = case_document(store, case_id)
        return next(m for m in document["materials"] if m["code"] == "M03")
    finally:
        store.close()


def test_the_clerk_closes_a_task_from_the_case_with_the_paper_material(qtbot, with_tasks) -> None:
    app, (first, _second) = with_tasks
    login(qtbot, app)
    tasks = app.window.elicence_tasks
    assert tasks is not None  # a clerk has the tab too
    qtbot.waitUntil(lambda: tasks.table.rowCount() == 2, timeout=20_000)
    work = app.window.work

    def label() -> str:
        return work.tabText(work.indexOf(tasks))

    assert label().startswith("电子证照核验 (2)")  # on whatever tab the clerk works

    detail = app.window.cases.open_case(first)
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=20_000)
    panel = detail.materials
    row = panel.codes.index("M03")
    assert panel.table.item(row, 4).text() == (
        "核验未通过（结婚证电子证照）：请收取纸质材料或重新核验"
    )
    panel.table.selectRow(panel.codes.index("M03"))
    assert panel.paper_button.isEnabled() and panel.recheck_button.isEnabled()
    assert not panel.save_button.isEnabled()  # nothing attached: the register sent nothing
    version = detail.detail.versions[-1].data_version

    with qtbot.waitSignal(detail.loaded, timeout=30_000):
        panel.paper_button.click()
    assert panel.table.item(row, 1).text() == "已收" and panel.table.item(row, 4).text() == ""
    assert detail.detail.versions[-1].data_version == version + 1
    line = m03_line(app, first)
    assert (line["status"], line["exemption"], line.get("licence")) == ("received", None, None)
    actor, said = audit_actor(app, first, "case.elicence_paper")
    assert (actor, said["material"]) == (CLERK, "M03")
    qtbot.waitUntil(lambda: label().startswith("电子证照核验 (1)"), timeout=20_000)

    with qtbot.waitSignal(tasks.loaded, timeout=20_000):
        tasks.refresh()
    assert tasks.table.rowCount() == 1  # the other case's task stays open


def test_the_supervisor_sees_and_closes_a_task_in_the_tab(qtbot, with_tasks) -> None:
    app, (first, second) = with_tasks
    login(qtbot, app, SUPERVISOR, PASSWORD)
    tasks = app.window.elicence_tasks
    assert tasks is not None
    qtbot.waitUntil(lambda: tasks.table.rowCount() == 2, timeout=20_000)
    assert tasks.table.item(0, 5).text() == NOT_FOUND  # the window's language only
    assert tasks.table.item(0, 5).toolTip() == failed_detail(NOT_FOUND, NOT_FOUND_EN)  # both
    assert not tasks.empty.isVisibleTo(tasks)
    applicant = tasks.table.item(0, 1)  # whom to ask for the paper, the ID number masked
    first17 = "31010419900101123"  # the first task's (``with_tasks``)
    masked = mask_id_number(first17 + check_character(first17))
    assert (applicant.text(), applicant.toolTip()) == ("王芳", masked)
    material = tasks.table.item(0, 2)  # named as the case lists it, the code at hand
    assert (material.text(), material.toolTip()) == ("结婚证", "M03")
    tasks.table.selectRow(1)
    second_no = tasks.table.item(1, 0).text()
    with qtbot.waitSignal(tasks.loaded, timeout=20_000):
        tasks.refresh()  # as every sync does: the task chosen stays chosen
    assert tasks.table.item(tasks.table.currentRow(), 0).text() == second_no
    question = tasks.take_paper()  # 收取纸质材料: asked first, naming the case
    assert question is not None and question.isVisible() and second_no in question.text()
    assert "结婚证" in question.text()  # the material by its name
    question.button(QMessageBox.StandardButton.No).click()
    assert m03_line(app, second)["status"] == "exempt"  # nothing written
    question = tasks.take_paper()
    assert question is not None
    with qtbot.waitSignal(tasks.resolved, timeout=30_000):
        question.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: tasks.table.rowCount() == 1, timeout=20_000)
    assert m03_line(app, second)["status"] == "received"
    assert m03_line(app, first)["licence"]["verification"] == "failed"
    assert audit_actor(app, second, "case.elicence_paper")[0] == SUPERVISOR


def test_an_empty_task_tab_says_what_comes_there(qtbot, running: RunningApp) -> None:
    login(qtbot, running, SUPERVISOR, PASSWORD)
    tasks = running.window.elicence_tasks
    assert tasks is not None
    with qtbot.waitSignal(tasks.loaded, timeout=20_000):
        tasks.refresh()
    assert tasks.tasks == [] and not tasks.paper_button.isEnabled()
    assert tasks.empty.isVisibleTo(tasks)


@pytest.mark.integration
def test_the_supervisor_closes_a_task_by_a_new_lookup_with_the_applicants_code(
    qtbot, tmp_path, central: RunningCentral, enrolled_window: RunningApp
) -> None:
    central.publish_bundled_catalog()  # the lookup serves the case's item of that catalog
    session = enrolled_window.window.session
    case_id, case_no = failed_task(session.home, session.config, "31010419900101123")
    holder = "31010419900101123" + check_character("31010419900101123")
    licence_file = tmp_path / "marriage.pdf"
    licence_file.write_bytes(b"%PDF-1.7 marriage J310104-2020-7")
    central.cli(
        "elicence", "add", "--holder", holder, "--type", "结婚证电子证照",
        "--number", "J310104-2020-7", "--issuer", "上海市徐汇区民政局",
        "--file", str(licence_file), "--json",
    )  # fmt: skip
    code = central.cli("elicence", "consent", "--holder", holder, "--json")["code"]
    login(qtbot, enrolled_window, SUPERVISOR, PASSWORD)
    tasks = enrolled_window.window.elicence_tasks
    assert tasks is not None
    qtbot.waitUntil(lambda: tasks.table.rowCount() == 1, timeout=20_000)
    assert tasks.table.item(0, 0).text() == case_no

    dialog = tasks.ask_recheck()
    assert dialog is not None
    dialog.setTextValue(code)
    with qtbot.waitSignal(tasks.resolved, timeout=30_000):
        dialog.accept()
    qtbot.waitUntil(lambda: tasks.table.rowCount() == 0, timeout=20_000)
    line = m03_line(enrolled_window, case_id)
    assert (line["licence"]["verification"], line["licence"]["number"]) == (
        "verified",
        "J310104-2020-7",
    )
    assert audit_actor(enrolled_window, case_id, "case.elicence_verified")[0] == SUPERVISOR
    store = open_store(session.home, session.config)
    try:
        attached = licence_document(store, case_id, "M03")
    finally:
        store.close()
    assert attached is not None and attached.content == b"%PDF-1.7 marriage J310104-2020-7"
