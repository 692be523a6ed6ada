"""Who is signed in on the store's connection: what every facade of the window (the core's
``ui.core_facade.Workstation``, the platform's ``ui.platform_facade.PlatformDesk``) checks
roles and four-eyes rules against."""

from __future__ import annotations

from counter_app.config import Config
from counter_app.errors import AuthError
from counter_app.services.approval import require_role
from counter_app.services.auth import Accounts, Role, User
from counter_app.store.database import Store


class NotSignedIn(AuthError):
    code = "not_signed_in"


class SignedInStore:
    """A connection to the store and who is signed in on it: what a facade's role checks
    and four-eyes rules rest on, not on which tabs the window shows."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.accounts = Accounts(store)
        self.user: User | None = None

    @property
    def config(self) -> Config:
        return self.store.config

    def signed_in(self) -> User:
        """The signed-in user, their account read again (name and role as it has them now):
        ``NotSignedIn`` when nobody is, ``AccountWithdrawn`` once the account was disabled
        or removed since (a sync took the platform's disabling, an administrator's here),
        so nothing more is done in its name. Read under the store's lock: the platform's
        desk shares the store worker's connection (``Store.reading``)."""
        user = self.signed_in_as_was()
        with self.store.reading():
            self.user = self.accounts.in_force(user)
        return self.user

    def signed_in_as_was(self) -> User:
        """The signed-in user as they signed in, not read again: only for withdrawing what
        they began (a waiting approval request) as their session ends."""
        if self.user is None:
            raise NotSignedIn("请先登录。", "Sign in first.", field="username")
        return self.user

    def _require_role(self, roles: tuple[Role, ...], action: str) -> User:
        user = self.signed_in()
        require_role(self.store.audit, user, roles, action=action)
        return user
