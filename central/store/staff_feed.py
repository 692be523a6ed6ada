"""The statements that read an account of the staff register, shared by the ``staff`` feed
(``central.store.feeds``) and the register itself (``central.store.staff``): every row of
``staff_changes`` is the account's whole state then, with the platform's newest unlock of it
up to that row, so a window lifts the lockouts made before it."""

from __future__ import annotations

# The feed's item keys, in the order its query's columns hold them.
ITEM_KEYS = (
    "sequence",
    "username",
    "display_name",
    "role",
    "disabled",
    "verifier",
    "changed_at",
    "unlocked_at",
)
_SELECT = (
    "SELECT s.seq, s.username, s.display_name, s.role, s.disabled, s.verifier, s.changed_at,"
    " (SELECT MAX(u.changed_at) FROM staff_changes u WHERE u.hall = s.hall"
    " AND u.username = s.username AND u.change = 'unlock' AND u.seq <= s.seq)"
    " FROM staff_changes s"
)
FEED_QUERY = _SELECT + " WHERE s.hall = ? AND s.seq > ? ORDER BY s.seq LIMIT ?"
NEWEST_QUERY = _SELECT + " WHERE s.hall = ? AND s.username = ? ORDER BY s.seq DESC LIMIT 1"
