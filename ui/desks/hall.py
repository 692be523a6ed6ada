"""What the hall tells every window: its notices (everyone reads them; supervisors and
administrators publish them through the platform) and the ticket this window calls."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.desks.signed_in import SignedInStore

if TYPE_CHECKING:
    from counter_app.store.hall_notices import HallNotice
    from counter_app.store.window_tickets import WindowTicket


class HallDesk(SignedInStore):
    """The hall notices tab and the queue ticket bar."""

    # -- hall notices (everyone reads; supervisors and administrators publish) ----------
    def hall_notices(self) -> list[HallNotice]:
        """The hall's notices, newest first, read or not by the signed-in user."""
        from counter_app.store.hall_notices import hall_notices

        return hall_notices(self.store, self.signed_in().username)

    def mark_notice_read(self, notice_id: str) -> list[HallNotice]:
        """The signed-in user read the notice; their notices afterwards."""
        from counter_app.store.hall_notices import mark_read

        mark_read(self.store, self.signed_in().username, notice_id)
        return self.hall_notices()

    def current_ticket(self) -> WindowTicket | None:
        """The ticket this window calls or serves, as the queue system last answered."""
        from counter_app.store.window_tickets import current_ticket

        return current_ticket(self.store)
