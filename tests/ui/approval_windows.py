"""Who works at the second window of the approval tests (``other_window`` in conftest: W02
of the enrolled window's hall, headless): its clerk and its supervisor ``chief1``."""

from __future__ import annotations

from counter_app.services.auth import Accounts, User
from counter_app.store.database import Store

OTHER_WINDOW_CLERK = User("clerk02", "窗口二", "clerk", None, False)

# chief1's own (a production window refuses the training hall's published password).
CHIEF_PASSWORD = "Counter-2026-ok"


def chief1(store: Store) -> User:
    return Accounts(store).authenticate("chief1", CHIEF_PASSWORD)
