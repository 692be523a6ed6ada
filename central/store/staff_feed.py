"""The statements that read an account of the staff register, shared by the ``staff`` feed
(``central.store.feeds``) and the register itself (``central.store.staff``): every row of
``staff_changes`` is the account's whole state then, with the platform's newest unlock of it
up to that row, so a window lifts the lockouts made before it, and whether its password is
still the operator's (``staff add`` or ``reset``), which its member changes at sign-in."""

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
    "must_change_password",
)
_SELECT = (
    "SELECT s.seq, s.username, s.display_name, s.role, s.disabled, s.verifier, s.changed_at,"
    " (SELECT MAX(u.changed_at) FROM staff_changes u WHERE u.hall = s.hall"
    " AND u.username = s.username AND u.change = 'unlock' AND u.seq <= s.seq),"
    # The operator's password (staff add or reset), not one its member set since.
    " (SELECT p.change FROM staff_changes p WHERE p.hall = s.hall AND p.username = s.username"
    " AND p.seq <= s.seq AND p.change IN ('add', 'reset', 'password')"
    " ORDER BY p.seq DESC LIMIT 1) <> 'password'"
    " FROM staff_changes s"
)
FEED_QUERY = _SELECT + " WHERE s.hall = ? AND s.seq > ? ORDER BY s.seq LIMIT ?"
NEWEST_QUERY = _SELECT + " WHERE s.hall = ? AND s.username = ? ORDER BY s.seq DESC LIMIT 1"
