"""Settings → 审计日志: the administrator reads who did what back from the audit log in the
window, by days, person, kind of action and case; only an administrator, and each reading is
itself on record."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from counter_app.domain.hall_time import hall_today
from counter_app.errors import ValidationError
from counter_app.identity.simulator import SimulatedReader
from counter_app.services.approval import WrongRole
from counter_app.store.audit_search import AuditQuery
from tests.ui.conftest import ADMIN, CLERK, PASSWORD, login, training_home, window_on
from ui.core_facade import Workstation
from ui.widgets import show_day


@pytest.fixture
def workstation(tmp_path: Path) -> Iterator[Workstation]:
    opened = Workstation.open(*training_home(tmp_path / "home"))
    yield opened
    opened.close()


def test_only_an_administrator_reads_the_log_and_the_reading_is_recorded(
    workstation: Workstation,
) -> None:
    workstation.login(CLERK, PASSWORD)
    with pytest.raises(WrongRole):
        workstation.audit_entries(AuditQuery())
    workstation.login(ADMIN, PASSWORD)
    logins = workstation.audit_entries(AuditQuery(action="login", actor=CLERK)).entries
    assert [e["action"] for e in logins] == ["login.success"]
    # Who acted is an account name: what looks like an ID number or a phone is refused.
    for typed in ("110105194912310021", "13912345678"):
        with pytest.raises(ValidationError):
            workstation.audit_entries(AuditQuery(actor=typed))
    viewed = workstation.audit_entries(AuditQuery(action="audit.view")).entries
    assert [e["actor"] for e in viewed] == [ADMIN] * 2
    assert json.loads(viewed[0]["detail"]) == {"action": "login", "actor": CLERK, "limit": 100}


def test_the_settings_panel_lists_the_entries_of_the_chosen_days_and_kind(
    qtbot, seeded_home
) -> None:
    with window_on(qtbot, seeded_home, SimulatedReader(use_pty=False)) as app:
        login(qtbot, app, ADMIN, PASSWORD)
        settings = app.window.settings
        assert settings is not None
        app.window.work.setCurrentWidget(settings)
        panel = settings.audit_log
        panel.family.setCurrentIndex(panel.family.findData("login"))
        with qtbot.waitSignal(panel.loaded, timeout=30_000):
            panel.search_button.click()
        actions = [panel.table.item(r, 3).text() for r in range(panel.table.rowCount())]
        assert actions and set(actions) == {"login.success"}
        assert panel.table.item(panel.table.rowCount() - 1, 2).text() == ADMIN
        assert panel.status.text() == f"共 {len(actions)} 条。"

        # Days before anything happened: nothing.
        show_day(panel.first, hall_today() - timedelta(days=30))
        show_day(panel.last, hall_today() - timedelta(days=20))
        with qtbot.waitSignal(panel.loaded, timeout=30_000):
            panel.search_button.click()
        assert panel.table.rowCount() == 0
        panel.case.setText("not-a-case")
        panel.search_button.click()
        qtbot.waitUntil(panel.search_button.isEnabled, timeout=30_000)
        assert "not-a-case" in panel.status.text()
