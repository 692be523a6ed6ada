"""Signing in and out at the window, and a supervisor's approval of what the signed-in
clerk asks for: typed on this screen, or given to a request at another window (four eyes
either way)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from counter_app.services.approval import approve, refuse_own_approval
from counter_app.services.auth import User
from counter_app.store import cases as case_rows
from ui.desks.signed_in import SignedInStore
from ui.facade_types import Approval, InPlaceApproval

if TYPE_CHECKING:
    from counter_app.store.approval_requests import SentRequest

# Approvals whose target is a stored case, whose clerk may not approve them either.
CASE_APPROVALS = ("reprint", "void_case", "edit_applicant")


class AccountDesk(SignedInStore):
    """Who signs in here, and the approvals a supervisor gives what they do."""

    # -- accounts ----------------------------------------------------------------------
    def login(self, username: str, password: str, code: str | None = None) -> User:
        """``username`` signed in with ``password`` and, where their role needs it, the
        one-time ``code`` (``SecondFactorRequired`` asks for it)."""
        self.user = self.accounts.authenticate(username, password, code)
        return self.user

    def unlock(self, password: str) -> User:
        """The idle-locked window opened again by its signed-in member's password alone: the
        one-time code proved them at sign-in (a wrong password counts towards the lockout)."""
        user = self.signed_in()
        self.accounts.prove_password(user.username, password)
        return user

    def lock(self) -> None:
        """The window locked over the signed-in member's work (idle, or Ctrl+L): audited."""
        if self.user is not None:
            self.accounts.record_lock(self.user.username)

    def sign_out(self, *, switch: bool = False, reason: str | None = None) -> None:
        """The member left (``switch``: for the next member, at the lock screen), or the
        window ended the session for ``reason``: audited, and nobody is signed in here."""
        if self.user is not None:
            self.accounts.record_sign_out(self.user.username, switch=switch, reason=reason)
        self.user = None

    def approve(self, approval: InPlaceApproval, action: str, target: str) -> User:
        """A supervisor's approval of the signed-in user's request, given on their screen;
        neither they nor (for a case) its clerk may approve it. Audited either way."""
        requesters = [self.signed_in().username]
        if action in CASE_APPROVALS:
            requesters.append(case_rows.get_case(self.store, target).clerk)
        return approve(
            self.accounts,
            approval.username,
            approval.password,
            action=action,
            target=target,
            requesters=requesters,
            code=approval.code,
        )

    def case_approver(self, approval: Approval, action: str, case_id: str) -> User:
        """The supervisor who approved ``action`` on the case: authenticated here when they
        typed their password on this screen; else the one who approved the request at
        another window, who may not have made the case either (four eyes)."""
        if isinstance(approval, InPlaceApproval):
            return self.approve(approval, action, case_id)
        if approval.approver is None:
            raise ValueError("only an approved request approves an action")
        requesters = (self.signed_in().username, case_rows.get_case(self.store, case_id).clerk)
        refuse_own_approval(approval.approver, requesters)
        return approval.approver

    # -- what this window keeps of its platform calls (``ui.platform_facade`` makes them) --
    def pending_approvals(self, target: str) -> list[SentRequest]:
        """The signed-in clerk's requests for ``target`` still waiting (sent before the
        window closed), to wait for again."""
        from counter_app.store.approval_requests import pending_requests

        return pending_requests(self.store, self.signed_in().username, target)
