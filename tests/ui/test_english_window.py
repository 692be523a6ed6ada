"""The English interface has no Chinese left in it: every label, button, tab, title, header
and table cell the clerk sees through intake, preview and the case detail is English, except
the data itself (the applicant's name and address, the catalog's item and material names)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QTabBar,
    QTableView,
    QTableWidget,
    QWidget,
)

import ui as ui_package
from counter_app.config import Config
from counter_app.home import Home
from counter_app.identity.simulator import SimulatedReader
from counter_app.services.training_samples import (
    DEFERRAL_APPLICANT,
    FEE_APPLICANT,
    RESULT_APPLICANT,
)
from tests.ui.conftest import login
from tests.ui.intake_steps import confirm_automatically
from ui.app import RunningApp, build
from ui.i18n import install_language

CJK = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]")


@pytest.fixture
def english(qtbot, seeded_home: tuple[Home, Config]) -> Iterator[RunningApp]:
    home, config = seeded_home
    running = build(home, config, "en", reader=SimulatedReader(use_pty=False))
    running.crash.uninstall()
    qtbot.addWidget(running.window)
    running.window.resize(1366, 768)
    running.window.show()
    yield running
    running.window.hide()
    running.stop()
    install_language("zh")


def _texts(root: QWidget) -> list[str]:
    """What ``root`` shows in words: widget texts, titles, tabs, headers and cells."""
    texts = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count())]
        elif isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        elif isinstance(widget, QTableWidget):
            for column in range(widget.columnCount()):
                header = widget.horizontalHeaderItem(column)
                texts.append(header.text() if header is not None else "")
                for row in range(widget.rowCount()):
                    item = widget.item(row, column)
                    texts.append(item.text() if item is not None else "")
        elif isinstance(widget, QListWidget):
            texts += [widget.item(row).text() for row in range(widget.count())]
        elif isinstance(widget, QTableView):
            model = widget.model()
            for column in range(model.columnCount()):
                texts.append(str(model.headerData(column, Qt.Orientation.Horizontal) or ""))
                for row in range(model.rowCount()):
                    texts.append(str(model.index(row, column).data() or ""))
    return texts


def chinese_left(root: QWidget, data: tuple[str, ...]) -> list[str]:
    found = []
    for text in _texts(root):
        rest = text
        for value in data:
            rest = rest.replace(value, "")
        if CJK.search(rest):
            found.append(text)
    return found


def test_the_english_window_has_no_chinese_left(
    qtbot, english: RunningApp, seeded_home: tuple[Home, Config], monkeypatch
) -> None:
    confirm_automatically(monkeypatch)
    window = english.window
    _home, config = seeded_home
    # The login screen names the hall (data) and the window in English.
    assert not CJK.search(window.login.hall_label.text().replace(config.hall.hall_name, ""))
    login(qtbot, english)
    intake = window.intake
    qtbot.waitUntil(lambda: bool(intake.items), timeout=20_000)
    english.reader.place("resident")
    qtbot.waitUntil(lambda: intake.identity.name.text() == "王建国", timeout=20_000)
    intake.focus_search()
    qtbot.keyClicks(intake.search.query, "jzz")
    intake.search.run_search_now()
    qtbot.keyClick(intake.search.query, Qt.Key.Key_Return)
    assert intake.item is not None
    intake.checklist.receive_all_required()
    # What shows only once a row is marked 容缺后补 or 免交 is English too.
    for row in intake.checklist.rows:
        assert not CJK.search(row.deadline.specialValueText() + row.exemption.placeholderText())
    catalog = (
        intake.item.name,
        intake.item.department,
        *(m.name for s in intake.item.situations for m in s.materials),
        *(s.name for s in intake.item.situations),
    )
    applicant = ("王建国", intake.identity.address.text(), intake.identity.nation.text())
    # The hall's and the clerk's names are data too (configuration, accounts).
    # So are the training hall's sample cases (their applicants' names).
    setup = (
        config.hall.hall_name,
        english.session.user.display_name,
        *(name for name, _ in (DEFERRAL_APPLICANT, RESULT_APPLICANT, FEE_APPLICANT)),
    )
    others = tuple(item.name for item in intake.items.values())
    data = tuple(
        sorted((v for v in (*catalog, *applicant, *setup, *others) if v), key=len, reverse=True)
    )
    problems = {"intake": chinese_left(window, data)}
    with qtbot.waitSignal(intake.case_stored, timeout=30_000) as stored:
        intake.decide("accept")
    qtbot.waitUntil(lambda: intake.preview is not None, timeout=30_000)
    preview = intake.preview
    problems["preview"] = chinese_left(preview, data)
    preview.accept()
    question: QMessageBox = preview.unprinted_question
    problems["not printed"] = chinese_left(question, data)
    question.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: intake.evaluation is not None, timeout=10_000)
    problems["evaluation"] = chinese_left(intake.evaluation, data)
    intake.evaluation.reject()
    cases = window.cases
    window.work.setCurrentWidget(cases)
    with qtbot.waitSignal(cases.loaded, timeout=20_000):
        cases.refresh()
    problems["cases"] = chinese_left(cases, data)
    detail = cases.open_case(str(stored.args[0]))
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=20_000)
    for index in range(detail.tabs.count()):
        detail.tabs.setCurrentIndex(index)
        problems[f"detail {index}"] = chinese_left(detail, data)
    detail.close()
    assert not {name: found for name, found in problems.items() if found}


def test_every_tr_call_is_on_self() -> None:
    """lupdate files ``x.tr("…")`` under a context named "x", where Qt never looks at run
    time (it looks under x's class): such a string stays Chinese in the English window. A
    string of another object's goes through ``QCoreApplication.translate`` with its context."""
    ui = Path(ui_package.__file__).parent
    found = [
        f"{path.relative_to(ui)}:{number}: {line.strip()}"
        for path in sorted(ui.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\b(?!self\.)\w+\.tr\(", line)
    ]
    assert found == []
