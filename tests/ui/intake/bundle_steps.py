"""Steps of the 一件事 GUI tests: the Shanghai senior's card read and the 养老一件事 chosen,
materials marked on its merged checklist, a member's preview read, the store asked."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt

from counter_app.store.catalog import bundled_catalog, load_catalog_version
from counter_app.store.database import open_store
from sync.status import SyncStatus
from tests.ui.conftest import login
from ui.intake.screen import IntakeScreen

ELDERLY = "养老一件事（老年人津贴与敬老卡）"
ALLOWANCE, SENIOR_CARD = "老年综合津贴申领", "敬老卡申领"
ID_CARD = "申请人居民身份证"
SOCIAL_CARD = "本人社会保障卡或本市银行借记卡"  # the allowance's own, not core


def on_worker(qtbot, running, job: Any) -> Any:  # type: ignore[no-untyped-def]
    """``job(workstation)`` run on the worker thread; its result, back on the GUI thread."""
    results: list[Any] = []
    running.session.worker.submit(job, results.append, pytest.fail)
    qtbot.waitUntil(lambda: bool(results), timeout=20_000)
    return results[0]


def choose_elderly_bundle(qtbot, running) -> IntakeScreen:  # type: ignore[no-untyped-def]
    """The clerk signs in, reads the Shanghai senior's card and chooses the 养老一件事."""
    return choose_bundle(qtbot, running, "resident", "ylyjs", ELDERLY)


def choose_bundle(qtbot, running, card: str, initials: str, name: str) -> IntakeScreen:  # type: ignore[no-untyped-def]
    """The clerk signs in, reads the sample ``card`` and chooses the bundle ``name`` by its
    pinyin ``initials``, as an item is chosen."""
    login(qtbot, running)
    intake: IntakeScreen = running.window.intake
    qtbot.waitUntil(lambda: bool(intake.items) and bool(intake.bundles), timeout=20_000)
    running.reader.place(card)
    qtbot.waitUntil(lambda: bool(intake.identity.name.text()), timeout=20_000)
    running.reader.remove()
    intake.identity.phone.setText("13912340000")
    intake.focus_search()
    qtbot.keyClicks(intake.search.query, initials)
    intake.search.run_search_now()
    assert intake.search.results.item(0).text().startswith("「一件事」" + name)
    qtbot.keyClick(intake.search.query, Qt.Key.Key_Return)
    assert intake.bundle is not None and intake.bundle.name == name
    return intake


def rows(intake: IntakeScreen) -> dict[str, str]:
    """The checklist's rows: the material's name as shown, by its name."""
    table = intake.checklist.table
    return {
        row.material.name: table.item(index, 0).text()
        for index, row in enumerate(intake.checklist.rows)
    }


def receive(intake: IntakeScreen, *names: str) -> None:
    for row in intake.checklist.rows:
        if row.material.name in names:
            row.status.setCurrentIndex(row.status.findData("received"))


def preview_of(intake: IntakeScreen, item_name: str) -> str:
    member = next(m for m in intake.bundle_panel.members if m.item.name == item_name)
    return member.preview.text()


def publish_next_version(running, change: Callable[[dict[str, Any]], None]) -> int:  # type: ignore[no-untyped-def]
    """Load the bundled catalog, ``change``d (the whole document), as the next version
    through a connection of its own, as the sync process does, and tell the window of it
    by a sync report; returns its number."""
    document = copy.deepcopy(bundled_catalog())
    document["version"] += 1
    change(document)
    store = open_store(running.session.home, running.session.config, role="sync")
    try:
        version = load_catalog_version(store, document, source="platform:test")
    finally:
        store.close()
    running.window.sync_bridge.publish(SyncStatus(connectivity="online", enrolled=True))
    return version
