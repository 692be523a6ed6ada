"""Settings → Printers against a real CUPS scheduler (a private cupsd with cups-pdf, reached
through ``printing.cups_server`` as an installation sets it): the choice lists its queues,
saving writes the user config and applies at once, the test page prints as documents do
(through printing's dispatcher where CUPS is the print system)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox

from counter_app.config import Config, load_config
from counter_app.home import Home
from tests.printing import pdf_tools
from tests.printing.cups_fixture import CupsServer, cups_pdf_output, pdf_output_dir
from tests.ui.conftest import ADMIN, PASSWORD, login
from ui.app import RunningApp
from ui.printer_settings import PrinterSettings

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("bundled_fonts")]

MISSING_QUEUE = "Front-Desk-Receipt"  # configured, but the print server has no such queue
TEST_PAGE_FILE = "counter-app_test_page"  # cups-pdf names the file after the job's title


@pytest.fixture
def seeded_home(
    seeded_home: tuple[Home, Config],
    cups: CupsServer,
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[Home, Config]:
    """The training home, its print server given by the config, not the environment."""
    # Set, then deleted: the variable the screen sets from the config goes when the test does.
    monkeypatch.setenv("CUPS_SERVER", "unset")
    monkeypatch.delenv("CUPS_SERVER")
    home, config = seeded_home
    printing = replace(config.printing, cups_server=cups.server, receipt_printer=MISSING_QUEUE)
    return home, replace(config, printing=printing)


@pytest.fixture
def printers(qtbot, running: RunningApp, pdf_queue: str) -> Iterator[PrinterSettings]:
    """The printer settings of a signed-in administrator, queues listed."""
    login(qtbot, running, ADMIN, PASSWORD)
    window = running.window
    assert window.settings is not None
    window.work.setCurrentWidget(window.settings)
    panel = window.settings.printers
    qtbot.waitUntil(lambda: panel.a4.findData(pdf_queue) >= 0, timeout=20_000)
    yield panel


def texts(choice: QComboBox) -> list[str]:
    return [choice.itemText(i) for i in range(choice.count())]


def choose(choice: QComboBox, spec: str) -> None:
    index = choice.findData(spec)
    assert index >= 0, (spec, texts(choice))
    choice.setCurrentIndex(index)


def on_worker(qtbot, running: RunningApp, job: Any) -> Any:
    """``job(workstation)`` run on the worker thread; its result, back on the GUI thread."""
    results: list[Any] = []
    running.session.worker.submit(job, results.append, pytest.fail)
    qtbot.waitUntil(lambda: bool(results), timeout=20_000)
    return results[0]


def test_the_choice_lists_the_print_servers_queues(
    printers: PrinterSettings,
    pdf_queue: str,
) -> None:
    for choice in (printers.a4, printers.roll):
        assert choice.itemText(0) == "未配置" and choice.itemData(0) == ""
        assert pdf_queue in texts(choice)
    # The training hall's A4 "printer" is a folder; it stays chosen, named for what it is.
    assert str(printers.a4.currentData()).startswith("dir:")
    assert "模拟打印机" in printers.a4.currentText()
    # A configured queue the server does not have is kept and marked, not silently dropped.
    assert printers.roll.currentData() == MISSING_QUEUE
    assert printers.roll.currentText() == f"{MISSING_QUEUE}（未找到）"
    assert not printers.save_button.isEnabled()  # nothing changed yet
    assert "找到" in printers.status.text()


def test_saving_writes_the_user_config_and_the_next_print_uses_it(
    qtbot,
    running: RunningApp,
    seeded_home: tuple[Home, Config],
    printers: PrinterSettings,
    pdf_queue: str,
) -> None:
    home, _config = seeded_home
    choose(printers.a4, pdf_queue)
    choose(printers.roll, "")
    assert printers.save_button.isEnabled()
    printers.save_button.click()
    qtbot.waitUntil(lambda: "已保存" in printers.status.text(), timeout=20_000)
    saved = load_config(home).printing
    assert (saved.a4_printer, saved.receipt_printer) == (pdf_queue, "")
    assert not printers.save_button.isEnabled()
    # Applied without a restart: the worker prints with it, and the change is audited.
    in_use, audited = on_worker(
        qtbot,
        running,
        lambda ws: (
            ws.config.printing.a4_printer,
            ws.store.db.execute(
                "SELECT actor, detail FROM audit_log WHERE action = 'printer.configured'"
            ).fetchall(),
        ),
    )
    assert in_use == pdf_queue == running.session.config.printing.a4_printer
    assert len(audited) == 1 and audited[0][0] == ADMIN and pdf_queue in audited[0][1]

    # A user config file that no longer parses: the error is shown, nothing is lost.
    home.config_path.write_text("[printing\na4_printer = ", encoding="utf-8")
    choose(printers.roll, pdf_queue)
    printers.save_button.click()
    qtbot.waitUntil(lambda: not printers.error.isHidden(), timeout=20_000)
    assert "配置错误" in printers.error.text() and "TOML" in printers.error.text()
    assert printers.a4.currentData() == pdf_queue
    assert printers.roll.currentData() == pdf_queue
    assert printers.save_button.isEnabled()  # still unsaved: the administrator can retry
    assert home.config_path.read_text(encoding="utf-8") == "[printing\na4_printer = "
    assert on_worker(qtbot, running, lambda ws: ws.config.printing.receipt_printer) == ""


def test_the_test_page_prints_on_the_chosen_queue_as_documents_do(
    qtbot,
    running: RunningApp,
    printers: PrinterSettings,
    pdf_queue: str,
) -> None:
    assert running.session.config.printing.gui_route == "qt"
    for stale in pdf_output_dir().glob(f"{TEST_PAGE_FILE}*.pdf"):
        stale.unlink()
    choose(printers.roll, pdf_queue)  # tested before it is saved
    printers.findChild(type(printers.save_button), "printTestPage-80mm").click()
    qtbot.waitUntil(lambda: "测试页已发送" in printers.status.text(), timeout=60_000)
    assert printers.error.isHidden()
    assert pdf_queue in printers.status.text()
    printed = cups_pdf_output(TEST_PAGE_FILE)
    try:
        [(width, _height)] = pdf_tools.pages(printed)
        assert abs(width - 80 / 25.4 * 72) <= 1.5  # one 80 mm roll page
    finally:
        printed.unlink()  # cups-pdf writes into the user's ~/PDF: leave nothing behind
    audited = on_worker(
        qtbot,
        running,
        lambda ws: ws.store.db.execute(
            "SELECT actor, target FROM audit_log WHERE action = 'printer.test_page'"
        ).fetchall(),
    )
    assert audited == [(ADMIN, pdf_queue)]


def test_a_missing_printer_is_reported_by_the_test_page(
    qtbot,
    printers: PrinterSettings,
) -> None:
    printers.findChild(type(printers.save_button), "printTestPage-80mm").click()
    qtbot.waitUntil(lambda: not printers.error.isHidden(), timeout=60_000)
    assert f"打印机“{MISSING_QUEUE}”不存在" in printers.error.text()
    assert printers.status.text() == ""


def test_a_test_page_without_a_chosen_printer_says_to_choose_one(
    qtbot, printers: PrinterSettings
) -> None:
    printers.roll.setCurrentIndex(printers.roll.findData(""))  # 未配置
    printers.findChild(type(printers.save_button), "printTestPage-80mm").click()
    assert printers.error.text() == "请先在同一行选择打印机，再打印测试页。"
    assert printers.error.isVisibleTo(printers)
