"""两个免于提交 in the intake window: a material a city department issued for this applicant
shows 免交 with its basis and cannot be marked otherwise, is never listed as missing, and
the accepted case records it exempt; F4 looks the applicant's e-licences up (the card read is
their consent) and the case keeps the licence."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from reportlab.pdfgen import canvas

from counter_app.identity.samples import gb11643
from counter_app.store.case_plaintext import case_document
from counter_app.store.database import open_store
from tests.central.server_fixture import RunningCentral
from tests.ui.conftest import login
from tests.ui.intake_steps import confirm_automatically, open_detail
from ui.app import RunningApp
from ui.case_materials import LicenceView

BASIS = "本市部门核发（上海市公安局），免于提交"
BIRTH_REGISTRATION = "11310104002425311A004000100001"  # 生育登记: M03 takes a 结婚证 e-licence


def marriage_pdf() -> bytes:
    """A one-page PDF standing in for the register's licence document."""
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "Marriage certificate J310104-1983-12")
    page.save()
    return out.getvalue()


MARRIAGE_PDF = marriage_pdf()


def choose(qtbot, intake, initials: str) -> None:
    intake.focus_search()
    qtbot.keyClicks(intake.search.query, initials)
    intake.search.run_search_now()
    qtbot.keyClick(intake.search.query, Qt.Key.Key_Return)


def row_of(intake, code: str):  # type: ignore[no-untyped-def]
    return next(row for row in intake.checklist.rows if row.material.code == code)


def test_the_household_register_of_a_shanghai_senior_is_exempt_with_its_basis(
    qtbot, running, monkeypatch
) -> None:
    confirm_automatically(monkeypatch)
    login(qtbot, running)
    intake = running.window.intake
    qtbot.waitUntil(lambda: bool(intake.items), timeout=20_000)
    running.reader.place("resident")  # 王建国, born 1958, household in Shanghai
    qtbot.waitUntil(lambda: intake.identity.name.text() == "王建国", timeout=20_000)
    choose(qtbot, intake, "jlk")
    assert intake.item is not None and intake.item.name == "敬老卡申领"

    register = row_of(intake, "M02")  # 申请人居民户口簿 [必需 · 核心]
    assert register.status.currentData() == "exempt"
    assert register.status.currentText() == "免交"
    assert not register.status.isEnabled()  # never asked for: the clerk cannot mark it
    assert (register.exemption.text(), register.exemption.isReadOnly()) == (BASIS, True)
    assert register.exemption.cursorPosition() == 0  # the column shows how the basis begins
    assert register.detail.currentWidget() is register.exemption
    bases = intake.checklist.bases  # and under the table, whole
    assert bases.isVisible() and bases.text() == f"免交依据 · 申请人居民户口簿：{BASIS}"

    for code in ("M01", "M03", "M04"):
        row = row_of(intake, code)
        assert row.status.currentData() == "missing" and row.status.isEnabled()
    missing = intake.summary_label.text()
    assert "申请人居民身份证" in missing and "申请人居民户口簿" not in missing
    intake.checklist.receive_all_required()
    assert register.status.currentData() == "exempt"

    with qtbot.waitSignal(intake.case_stored, timeout=30_000) as stored:
        intake.decide("accept")
    _facts, history = open_detail(qtbot, running, str(stored.args[0]))
    assert history


def test_a_card_with_a_shanghai_household_exempts_the_register_where_the_item_does_not_require_one(
    qtbot, running
) -> None:
    login(qtbot, running)
    intake = running.window.intake
    qtbot.waitUntil(lambda: bool(intake.items), timeout=20_000)
    choose(qtbot, intake, "sydj")  # 生育登记: 夫妻双方或一方为本市户籍
    assert intake.item is not None and intake.item.name == "生育登记"
    assert row_of(intake, "M02").status.isEnabled()  # nobody known yet: the clerk decides
    running.reader.place("resident")  # the card's address is the household's: 上海市
    qtbot.waitUntil(lambda: row_of(intake, "M02").status.currentData() == "exempt", timeout=20_000)
    assert row_of(intake, "M02").exemption.text() == BASIS


@pytest.mark.integration
def test_f4_looks_up_the_e_licence_and_the_case_keeps_it(
    qtbot, monkeypatch, tmp_path: Path, central: RunningCentral, enrolled_window: RunningApp
) -> None:
    central.publish_bundled_catalog()  # a lookup serves an item of the platform's catalog
    licence_file = tmp_path / "marriage.pdf"
    licence_file.write_bytes(MARRIAGE_PDF)
    central.cli(
        "elicence", "add", "--holder", gb11643("31010419580312001"), "--type", "结婚证电子证照",
        "--number", "J310104-1983-12", "--issuer", "上海市徐汇区民政局",
        "--file", str(licence_file), "--json",
    )  # fmt: skip
    confirm_automatically(monkeypatch)
    login(qtbot, enrolled_window)
    intake = enrolled_window.window.intake
    qtbot.waitUntil(lambda: bool(intake.items), timeout=20_000)
    enrolled_window.reader.place("resident")  # the card read here is the consent
    qtbot.waitUntil(lambda: intake.identity.name.text() == "王建国", timeout=20_000)
    choose(qtbot, intake, "sydj")
    with qtbot.waitSignal(intake.elicences_looked_up, timeout=30_000) as looked_up:
        qtbot.keyClick(intake.checklist.table, Qt.Key.Key_F4)
    assert looked_up.args == [1]
    marriage = row_of(intake, "M03")
    assert (marriage.status.currentData(), marriage.status.isEnabled()) == ("exempt", False)
    assert (
        marriage.exemption.text()
        == "电子证照：结婚证电子证照 J310104-1983-12（上海市徐汇区民政局）"
    )
    assert marriage.exemption.text() in intake.checklist.bases.text()

    intake.checklist.receive_all_required()
    intake_request = intake.request_id
    with qtbot.waitSignal(intake.case_stored, timeout=30_000) as stored:
        intake.decide("accept")
    store = open_store(enrolled_window.window.session.home, enrolled_window.window.session.config)
    try:
        lines = {m["code"]: m for m in case_document(store, str(stored.args[0]))["materials"]}
    finally:
        store.close()
    assert lines["M03"]["licence"]["number"] == "J310104-1983-12"
    assert lines["M03"]["licence"]["verification"] == "verified"
    entry, fetched = central.cli("elicence", "log", "--json")["entries"]
    assert entry["record"]["serves"] == f"{BIRTH_REGISTRATION}/intake-{intake_request}"
    assert entry["record"]["consent"] == "card_read"
    assert fetched["record"]["outcome"] == "document"  # the licence document, attached

    # The case detail shows the material 免交 with the licence, its document saved from there.
    detail = enrolled_window.window.cases.open_case(str(stored.args[0]))
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=20_000)
    panel = detail.materials
    assert panel.table.item(panel.codes.index("M03"), 4).text() == (
        "免交 · J310104-1983-12 · 上海市徐汇区民政局 · 证照文件已附"
    )
    panel.table.selectRow(panel.codes.index("M03"))
    assert panel.save_button.isEnabled() and not panel.paper_button.isEnabled()
    dialog = panel.ask_save()
    assert dialog is not None
    target = tmp_path / "licence-saved.pdf"
    dialog.selectFile(str(target))
    with qtbot.waitSignal(panel.saved, timeout=20_000) as saved:
        dialog.accept()
    assert saved.args == [str(target)] and target.read_bytes() == MARRIAGE_PDF
    with qtbot.waitSignal(panel.viewed, timeout=30_000):
        panel.view_button.click()
    view = panel.findChild(LicenceView)
    assert view is not None and view.isVisible()
    assert len(view.findChildren(QLabel, "licencePage")) == 1  # the register's one page
    view.reject()


@pytest.mark.integration
def test_a_card_read_long_before_f4_is_refused_and_the_clerk_is_told_to_read_it_again(
    qtbot, central: RunningCentral, enrolled_window: RunningApp
) -> None:
    central.publish_bundled_catalog()
    login(qtbot, enrolled_window)
    intake = enrolled_window.window.intake
    qtbot.waitUntil(lambda: bool(intake.items), timeout=20_000)
    enrolled_window.reader.place("resident")
    qtbot.waitUntil(lambda: intake.identity.name.text() == "王建国", timeout=20_000)
    choose(qtbot, intake, "sydj")
    read_at = intake.identity.last_read_at
    assert read_at is not None and read_at == intake.identity.read_at
    intake.identity.last_read_at = read_at - timedelta(minutes=40)  # came back later
    qtbot.keyClick(intake.checklist.table, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: getattr(intake, "warning", None) is not None, timeout=30_000)
    assert intake.warning.isVisible() and intake.warning.windowTitle() == "无法查询电子证照"
    assert "请重新读取申请人的证件（F2）后再按 F4" in intake.warning.text()
    (entry,) = central.cli("elicence", "log", "--json")["entries"]
    assert (entry["record"]["consent"], entry["record"]["outcome"]) == ("card_read", "refused")
    assert row_of(intake, "M03").status.currentData() == "missing"  # nothing marked 免交
