"""Text from data is shown as it is, never as Qt rich text: a hall notice, an applicant's
name, a catalog's item name, a clerk's display name, each written as HTML,
show their characters on every screen they reach (the banner, the lock screen, the case
list and detail, the intake's chosen item), and none loads an image or offers a link."""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from counter_app.identity.simulator import SimulatedReader
from counter_app.services import intake
from counter_app.services.auth import Accounts
from counter_app.store.catalog import bundled_catalog, load_catalog_version
from counter_app.store.database import open_store
from counter_app.store.hall_notices import store_notice
from tests.services.conftest import complete_marks, item_named, request_for
from tests.ui.conftest import PASSWORD, login, training_home, window_on
from ui.idle_lock import lock_screen

ALLOWANCE = "老年综合津贴申领"
NOTICE_TITLE = '<b>通知</b><img src="file:///etc/passwd"><a href="http://x">点我</a>'
NOTICE_BODY = '<span style="font-size:200px">大</span>'
APPLICANT = '<font size="40">王</font><br/>&五'
ITEM = '签注<b>粗</b><img src="file:///etc/passwd">'
CLERK_NAME = '<b>王</b><img src="file:///etc/passwd">'
# The hostile texts' markup (a screen's own markup, a rich label's <b>, is not among it).
MARKUP = ("<img", "<font", "<span", "<a href", "<b>通知", "<b>粗", "<b>王", "<br/>&")


def seed(root: Path) -> tuple[object, object, str, str]:
    """A training home with a clerk, a notice, a catalog item and a case, all hostile; the
    case's id and the item's code."""
    home, config = training_home(root)
    with open_store(home, config) as store:
        Accounts(store).add_user("clerk77", PASSWORD, "clerk", CLERK_NAME)
        store_notice(store, "n-hostile", "2026-01-05T09:00:00+08:00", NOTICE_TITLE, NOTICE_BODY)
        catalog = copy.deepcopy(bundled_catalog())
        catalog["version"] += 1
        for item in catalog["items"]:
            if item["name"] == ALLOWANCE:
                item["name"] = ITEM
        load_catalog_version(store, catalog, "test")
        item = item_named(store, ITEM)
        clerk = Accounts(store).get("clerk77")
        case = intake.accept(store, request_for(item, complete_marks(item), name=APPLICANT), clerk)
    return home, config, case.case_id, item.code


def widgets_showing_markup() -> list[str]:
    """Every label that would render hostile data as rich text (shown unescaped in a label
    not set to plain text), and every tooltip carrying it unescaped, on every open window."""
    found = []
    for top in QApplication.topLevelWidgets():
        for widget in [top, *top.findChildren(QWidget)]:
            tip = widget.toolTip()
            if any(mark in tip for mark in MARKUP):
                found.append(f"tooltip of {widget.objectName() or type(widget).__name__}: {tip}")
            if not isinstance(widget, QLabel) or not any(m in widget.text() for m in MARKUP):
                continue
            if widget.textFormat() != Qt.TextFormat.PlainText:
                found.append(f"label {widget.objectName()}: {widget.text()}")
    return found


def shown_texts() -> str:
    """Every label's text on every open window, as a clerk reads it."""
    return "\n".join(
        label.text()
        for top in QApplication.topLevelWidgets()
        for label in top.findChildren(QLabel)
        if label.isVisible()
    )


def test_hostile_text_shows_as_text_on_every_screen(qtbot, tmp_path: Path) -> None:
    home, config, case_id, item_code = seed(tmp_path / "home")
    with window_on(qtbot, (home, config), SimulatedReader(use_pty=False)) as app:
        window = app.window
        login(qtbot, app, "clerk77")

        # The hall notice, above every screen.
        qtbot.waitUntil(window.notice_banner.isVisible, timeout=20_000)
        assert NOTICE_TITLE in window.notice_banner.text.text()
        assert NOTICE_BODY in window.notice_banner.text.text()

        # The case's detail: the applicant's name and the item's name as they are stored.
        window.work.setCurrentWidget(window.cases)
        detail = window.cases.open_case(case_id)
        qtbot.waitUntil(
            lambda: APPLICANT in shown_texts() and ITEM in shown_texts(), timeout=20_000
        )
        assert widgets_showing_markup() == []
        detail.close()

        # The intake's chosen item: in bold (rich text), its catalog texts escaped.
        window.work.setCurrentWidget(window.intake)
        window.intake.choose_item(item_code)
        chosen = window.intake.search.chosen
        qtbot.waitUntil(lambda: "签注" in chosen.text(), timeout=20_000)
        assert chosen.textFormat() == Qt.TextFormat.RichText
        assert "签注&lt;b&gt;粗&lt;/b&gt;&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in (
            chosen.text()
        )
        assert widgets_showing_markup() == []

        # The lock screen names the clerk as an administrator typed the name.
        lock_screen(window)
        assert CLERK_NAME in window.lock.who.text()
        assert widgets_showing_markup() == []
