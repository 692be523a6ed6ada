"""A clock the account tests move by hand, and the one-time codes it shows: what the sign-in
and second-factor tests share (``Accounts(store, now=clock)``)."""

from __future__ import annotations

from datetime import UTC, datetime

from counter_app.domain.one_time_codes import code_for_step, step_at


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def code(self, secret: str, steps: int = 0) -> str:
        """The code ``secret`` shows now, or ``steps`` time steps from now."""
        return code_for_step(secret, step_at(self.now) + steps)
