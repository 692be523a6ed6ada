"""Settings → 账号: the administrator manages who signs in here. The core (``ui.desks.staff``)
checks the role and audits; the platform's accounts are listed and unlocked here but changed
on the platform; the panel in the real window adds an account and disables it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app.domain.staff import WeakPassword, hash_password
from counter_app.errors import ValidationError
from counter_app.identity.simulator import SimulatedReader
from counter_app.services.approval import WrongRole
from counter_app.services.auth import (
    AccountDisabled,
    AccountLocked,
    InvalidCredentials,
    PlatformAccount,
)
from tests.ui.conftest import ADMIN, CLERK, PASSWORD, SUPERVISOR, login, training_home, window_on
from ui.core_facade import Workstation
from ui.staff_accounts import AccountDialog

NEW_PASSWORD = "Window-2026-ok"


@pytest.fixture
def workstation(tmp_path: Path) -> Iterator[Workstation]:
    opened = Workstation.open(*training_home(tmp_path / "home"))
    yield opened
    opened.close()


def _audited(workstation: Workstation, action: str) -> list[tuple[str, str]]:
    rows = workstation.store.db.execute(
        "SELECT actor, target FROM audit_log WHERE action = ? ORDER BY seq", (action,)
    ).fetchall()
    return [tuple(row) for row in rows]


def test_only_an_administrator_reads_or_changes_the_accounts(workstation: Workstation) -> None:
    workstation.login(CLERK, PASSWORD)
    with pytest.raises(WrongRole):
        workstation.staff_accounts()
    with pytest.raises(WrongRole):
        workstation.add_account("li.si", "李四", "clerk", NEW_PASSWORD)
    assert "li.si" not in [u.username for u in workstation.accounts.list_users()]
    assert _audited(workstation, "authorisation.refused")  # each refusal is on record


def test_the_administrator_adds_resets_disables_and_enables_a_local_account(
    workstation: Workstation,
) -> None:
    workstation.login(ADMIN, PASSWORD)
    listed = {a.username: a for a in workstation.staff_accounts()}
    assert {a.source for a in listed.values()} == {"local"}
    assert listed[CLERK].role == "clerk" and not listed[CLERK].disabled

    workstation.add_account("li.si", "李四", "clerk", NEW_PASSWORD)
    with pytest.raises(WeakPassword):
        workstation.add_account("wang.wu", "王五", "clerk", "short")
    workstation.reset_password("li.si", "Another-Pass-99")
    assert workstation.accounts.authenticate("li.si", "Another-Pass-99").display_name == "李四"

    workstation.set_account_disabled("li.si", True)
    with pytest.raises(AccountDisabled):
        workstation.accounts.authenticate("li.si", "Another-Pass-99")
    assert {a.username: a.disabled for a in workstation.staff_accounts()}["li.si"]
    with pytest.raises(ValidationError, match="正在使用"):
        workstation.set_account_disabled(ADMIN, True)  # never the account signed in
    workstation.set_account_disabled("li.si", False)
    workstation.accounts.authenticate("li.si", "Another-Pass-99")

    assert _audited(workstation, "user.add")[-1] == (ADMIN, "li.si")
    assert _audited(workstation, "user.password_change") == [(ADMIN, "li.si")]
    assert _audited(workstation, "user.disable") == [(ADMIN, "li.si")]
    assert _audited(workstation, "user.enable") == [(ADMIN, "li.si")]


def test_a_platform_account_is_unlocked_here_but_changed_on_the_platform(
    workstation: Workstation,
) -> None:
    accounts = workstation.accounts
    accounts.apply_platform_account(
        "zhao.liu", "赵六", "clerk", disabled=False, verifier=hash_password(NEW_PASSWORD)
    )
    for _ in range(accounts.security.max_login_failures - 1):
        with pytest.raises(InvalidCredentials):
            accounts.authenticate("zhao.liu", "Wrong-password-1")
    with pytest.raises(AccountLocked):
        accounts.authenticate("zhao.liu", "Wrong-password-1")  # this one locks it
    with pytest.raises(AccountLocked):
        accounts.authenticate("zhao.liu", NEW_PASSWORD)

    workstation.login(ADMIN, PASSWORD)
    [held] = [a for a in workstation.staff_accounts() if a.username == "zhao.liu"]
    assert (held.source, held.locked_until is not None) == ("platform", True)
    with pytest.raises(PlatformAccount):
        workstation.reset_password("zhao.liu", "Another-Pass-99")
    with pytest.raises(PlatformAccount):
        workstation.set_account_disabled("zhao.liu", True)
    workstation.unlock_account("zhao.liu")
    assert accounts.authenticate("zhao.liu", NEW_PASSWORD).username == "zhao.liu"
    assert _audited(workstation, "user.unlock") == [(ADMIN, "zhao.liu")]


def test_the_settings_panel_adds_an_account_and_disables_it(qtbot, seeded_home) -> None:
    with window_on(qtbot, seeded_home, SimulatedReader(use_pty=False)) as app:
        login(qtbot, app, ADMIN, PASSWORD)
        settings = app.window.settings
        assert settings is not None
        panel = settings.accounts
        with qtbot.waitSignal(panel.changed, timeout=30_000):
            app.window.work.setCurrentWidget(settings)  # listed when first shown
        names = [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())]
        assert CLERK in names and ADMIN in names
        assert panel.table.item(names.index(CLERK), 2).text() == "受理员"
        assert panel.table.item(names.index(CLERK), 3).text() == "本机"
        assert panel.table.item(names.index(CLERK), 4).text() == "从未"  # no sign-in here yet
        assert panel.table.item(names.index(ADMIN), 4).text().startswith("20")  # just now
        panel.table.setCurrentCell(names.index(ADMIN), 0)
        assert not panel.disable_button.isEnabled()  # never the account signed in here

        panel.add_button.click()
        dialog = panel.dialog
        assert isinstance(dialog, AccountDialog) and dialog.isVisible()
        dialog.username.setText("li.si")
        dialog.display_name.setText("李四")
        dialog.password.setText(NEW_PASSWORD)
        dialog.repeat.setText("Window-2026-no")
        dialog.buttons.accepted.emit()
        assert dialog.error.text() == "两次输入的密码不一致。"  # nothing sent
        assert dialog.username.text() == "li.si" and dialog.password.text() == ""
        dialog.password.setText("short")
        dialog.repeat.setText("short")
        dialog.buttons.accepted.emit()
        qtbot.waitUntil(lambda: dialog.error.isVisible() and "10" in dialog.error.text())
        dialog.password.setText(NEW_PASSWORD)
        dialog.repeat.setText(NEW_PASSWORD)
        with qtbot.waitSignal(panel.changed, timeout=30_000):
            dialog.buttons.accepted.emit()
        assert not panel.findChildren(AccountDialog)  # closed, and gone
        assert panel.status.text() == "已新建账号 li.si。"

        row = [a.username for a in panel.accounts].index("li.si")
        panel.table.setCurrentCell(row, 0)
        assert panel.disable_button.isEnabled() and not panel.enable_button.isEnabled()
        with qtbot.waitSignal(panel.changed, timeout=30_000):
            panel.disable_button.click()
        # The administrator's password: li.si sets their own at their first sign-in.
        assert panel.table.item(row, 5).text() == "已停用、待本人改密码"
        assert panel.enable_button.isEnabled() and not panel.disable_button.isEnabled()


def test_the_administrator_resets_anothers_one_time_codes_never_their_own(
    workstation: Workstation,
) -> None:
    from datetime import UTC, datetime

    from counter_app.domain.one_time_codes import code_for_step, new_secret, step_at

    now = step_at(datetime.now(UTC))
    for username in (SUPERVISOR, ADMIN):
        secret = new_secret()
        workstation.accounts.enrol_second_factor(username, secret, code_for_step(secret, now))
    workstation.login(ADMIN, PASSWORD)
    assert {a.username: a.second_factor_enrolled for a in workstation.staff_accounts()}[SUPERVISOR]
    with pytest.raises(ValidationError, match="正在使用"):
        workstation.reset_second_factor(ADMIN)
    workstation.reset_second_factor(SUPERVISOR)
    listed = {a.username: a for a in workstation.staff_accounts()}
    assert not listed[SUPERVISOR].second_factor_enrolled and listed[ADMIN].second_factor_enrolled
    assert _audited(workstation, "user.second_factor_reset") == [(ADMIN, SUPERVISOR)]
