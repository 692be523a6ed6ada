"""This workstation's staff accounts, for its administrator at the window: the accounts
made here (added, password or one-time codes reset, unlocked, disabled or enabled again) and
the platform's register as this PC holds it (read, and unlocked here: the platform's are
changed on the platform); and its audit log, read back. Every change, and every reading of
the log, is audited as the administrator."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date

from counter_app.errors import ValidationError
from counter_app.services.approval import ADMIN_ROLES
from counter_app.store.audit import looks_personal
from counter_app.store.audit_search import AuditPage, AuditQuery, search_audit
from ui.desks.signed_in import SignedInStore
from ui.facade_types import StaffAccount


class StaffDesk(SignedInStore):
    """The accounts screen's calls; a signed-in administrator only (refusals audited)."""

    def staff_accounts(self) -> list[StaffAccount]:
        self._require_role(ADMIN_ROLES, "user.list")
        listed = []
        for user in self.accounts.list_users():
            lockout = self.accounts.running_lockout(user.username)
            listed.append(
                StaffAccount(
                    username=user.username,
                    display_name=user.display_name,
                    role=user.role,
                    source=user.source,
                    disabled=user.disabled,
                    locked_until=lockout.until if lockout is not None else None,
                    must_change_password=user.must_change_password,
                    must_enrol_second_factor=user.must_enrol_second_factor,
                    second_factor_enrolled=user.second_factor_enrolled,
                    last_signed_in_at=user.last_signed_in_at.isoformat()
                    if user.last_signed_in_at
                    else None,
                )
            )
        return listed

    def add_account(self, username: str, display_name: str, role: str, password: str) -> None:
        admin = self._require_role(ADMIN_ROLES, "user.add")
        self.accounts.add_user(
            username, password, role, display_name, actor=admin.username, initial=True
        )

    def reset_password(self, username: str, password: str) -> None:
        admin = self._require_role(ADMIN_ROLES, "user.password_change")
        self.accounts.change_password(username, password, actor=admin.username)

    def reset_second_factor(self, username: str) -> None:
        """Forget the one-time codes of an account made here (a lost or new phone): its member
        sets them up again at their next sign-in. Never one's own: a session left open must
        not let whoever sits at it drop the second factor of the account it is signed in with."""
        admin = self._require_role(ADMIN_ROLES, "user.second_factor_reset")
        if username == admin.username:
            raise ValidationError(
                "不能重置正在使用的本账号的动态口令：请另一位管理员操作。",
                "You cannot reset the one-time codes of the account you are signed in with: "
                "ask another administrator.",
                field="username",
            )
        self.accounts.reset_second_factor(username, actor=admin.username)

    def audit_entries(self, query: AuditQuery, case: str = "") -> AuditPage:
        """The audit log's newest entries matching ``query`` (``case``: about that case, by
        its number or UUID). Who read it, and for what, goes into the log too."""
        from counter_app.store.cases import find_case

        admin = self._require_role(ADMIN_ROLES, "audit.view")
        if query.actor is not None and looks_personal(query.actor):
            # What was asked is recorded below, and the log never takes personal data (a
            # "who" typed as an ID number or a phone matches no actor anyway).
            raise ValidationError(
                "操作人应为账号名，如 clerk01 或 cli:root。",
                "Who acted is an account name, such as clerk01 or cli:root.",
                field="actor",
            )
        if case:
            query = replace(query, target=find_case(self.store, case).case_id)
        with self.store.transaction():
            asked = {
                key: value.isoformat() if isinstance(value, date) else value
                for key, value in asdict(query).items()
                if value is not None
            }
            self.store.audit.record(admin.username, "audit.view", None, asked)
        return search_audit(self.store, query)

    def unlock_account(self, username: str) -> None:
        admin = self._require_role(ADMIN_ROLES, "user.unlock")
        self.accounts.unlock(username, actor=admin.username)

    def set_account_disabled(self, username: str, disabled: bool) -> None:
        admin = self._require_role(ADMIN_ROLES, "user.disable" if disabled else "user.enable")
        if disabled and username == admin.username:
            raise ValidationError(
                "不能停用正在使用的本账号：请用另一个管理员账号操作。",
                "You cannot disable the account you are signed in with: use another "
                "administrator's account.",
                field="username",
            )
        self.accounts.set_disabled(username, disabled, actor=admin.username)
