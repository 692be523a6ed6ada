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
from ui.audit_labels import AuditWording, action_names
from ui.core_facade import Workstation
from ui.i18n import install_language
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
        # Each action by its name, the code the log holds as the cell's tooltip.
        actions = [panel.table.item(r, 3) for r in range(panel.table.rowCount())]
        assert actions and {(a.text(), a.toolTip()) for a in actions} == {
            ("登录成功", "login.success")
        }
        assert panel.table.item(panel.table.rowCount() - 1, 2).text() == ADMIN
        assert panel.status.text() == f"共 {len(actions)} 条。"

        # Every kind: no entry of a freshly set-up window shows a bare code, and the
        # reading just made shows what was asked in words.
        panel.family.setCurrentIndex(panel.family.findData(""))
        with qtbot.waitSignal(panel.loaded, timeout=30_000):
            panel.search_button.click()
        names = action_names()
        rows = range(panel.table.rowCount())
        codes = [panel.table.item(r, 3).toolTip() for r in rows]
        assert [panel.table.item(r, 3).text() for r in rows] == [names[c] for c in codes]
        assert {"login.success", "audit.view", "user.add"} <= set(codes)
        first, last = (
            panel.first.date().toString("yyyy-MM-dd"),
            panel.last.date().toString("yyyy-MM-dd"),
        )
        reading = panel.table.item(codes.index("audit.view"), 5)
        assert reading.text() == f"操作：登录；起始：{first}；截至：{last}；上限：500"
        assert reading.toolTip() == f"操作：登录\n起始：{first}\n截至：{last}\n上限：500"

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


def _detail(wording: AuditWording, action: str, detail: str | None) -> str:
    return wording.separator.join(wording.detail_lines(action, detail))


def test_an_entry_s_detail_reads_as_named_keys_and_values(qapp) -> None:
    wording = AuditWording()
    issued = {"document_id": 4, "format": "a4", "kind": "receipt", "lang": "zh", "serial": "WS-1"}
    assert _detail(wording, "document.issue", json.dumps(issued)) == (
        "类别：受理通知书（受理回执）；纸张：A4；文书语言：中文；文书号：WS-1；文书序号：4"
    )
    # The same code means another thing in another family: a 容缺 approval, not its notice.
    asked = {"kind": "deferral", "request_id": "r-1"}
    assert _detail(wording, "approval_request.sent", json.dumps(asked)) == (
        "类别：容缺受理；请求编号：r-1"
    )
    refused = {"action": "void_case", "reason": "four_eyes"}
    assert _detail(wording, "approval.refused", json.dumps(refused)) == (
        "操作：作废办件；原因：不能审批自己经办的事"
    )
    # A person's own reason, an unknown key and an unknown code stay as the log holds them.
    moved = {"from": "received", "reason": "申请人要求", "shelf": "B-2", "state": "mystery"}
    assert _detail(wording, "case.accepted", json.dumps(moved)) == (
        "状态：mystery；原状态：已接件；原因：申请人要求；shelf：B-2"
    )
    assert _detail(wording, "backup.create", '{"with_key":false}') == "含密钥文件：否"
    assert _detail(wording, "login.success", "{}") == ""
    assert _detail(wording, "login.success", None) == ""
    for text in ("not json", "[1, 2]"):
        assert _detail(wording, "login.success", text) == text
    assert wording.action("case.accepted") == "办件转为：已受理"
    assert wording.action("audit") == "查阅审计日志"  # a family, as a reading asked for it
    assert wording.action("made.up") == "made.up"


def test_names_and_details_follow_the_window_s_language(qapp) -> None:
    assert install_language("en")
    try:
        wording = AuditWording()
        assert wording.action("login.success") == "Signed in"
        assert wording.action("case.accepted") == "Case now: Accepted"
        failed = {"reason": "unknown_user", "username_hash": "ab12"}
        assert _detail(wording, "login.failure", json.dumps(failed)) == (
            "reason: no such account; hash of the username typed: ab12"
        )
    finally:
        install_language("zh")
