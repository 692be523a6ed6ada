"""The statements that read an account of the staff register, shared by the ``staff`` feed
(``central.store.feeds``) and the register itself (``central.store.staff``): every row of
``staff_changes`` is the account's whole state then, with the platform's newest unlock of it
up to that row (a ``reset`` of its password lifts its lockouts too), so a window lifts the lockouts made before it, whether its password is
still the operator's (``staff add`` or ``reset``), which its member changes at sign-in, and
its one-time code secret (the newest its member set up, unless the operator's ``reset-code``
came after), which is kept sealed and opened here (``account_item``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from central.sealing import PayloadSealer, second_factor_context

# The feed's item keys. The queries' columns hold all but the last in this order, then the
# change that set the secret and the sealed secret, which make the last, ``second_factor``.
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
    "second_factor",
)
_SELECT = (
    "SELECT s.seq, s.username, s.display_name, s.role, s.disabled, s.verifier, s.changed_at,"
    " (SELECT MAX(u.changed_at) FROM staff_changes u WHERE u.hall = s.hall"
    " AND u.username = s.username AND u.change IN ('unlock', 'reset') AND u.seq <= s.seq),"
    # The operator's password (staff add or reset), not one its member set since.
    " (SELECT p.change FROM staff_changes p WHERE p.hall = s.hall AND p.username = s.username"
    " AND p.seq <= s.seq AND p.change IN ('add', 'reset', 'password')"
    " ORDER BY p.seq DESC LIMIT 1) <> 'password',"
    " f.seq, f.secret_sealed FROM staff_changes s"
    # The secret of the newest set-up up to the row; none when the operator reset it since.
    " LEFT JOIN staff_second_factors f ON f.seq = (SELECT MAX(c.seq) FROM staff_changes c"
    " WHERE c.hall = s.hall AND c.username = s.username AND c.seq <= s.seq"
    " AND c.change IN ('second_factor', 'reset-code'))"
)
FEED_QUERY = _SELECT + " WHERE s.hall = ? AND s.seq > ? ORDER BY s.seq LIMIT ?"
NEWEST_QUERY = _SELECT + " WHERE s.hall = ? AND s.username = ? ORDER BY s.seq DESC LIMIT 1"
# The account as it stood at a moment (the register's newest row not after it).
AS_AT_QUERY = (
    _SELECT + " WHERE s.hall = ? AND s.username = ? AND s.changed_at <= ?"
    " ORDER BY s.seq DESC LIMIT 1"
)


def account_item(sealer: PayloadSealer, row: Sequence[Any]) -> dict[str, Any]:
    """A row of either query as the feed's item, its secret opened (``second_factor``, None
    when none is set up): the windows take it in clear, over TLS, from the device-signed
    feed of their own hall, as they take the verifier."""
    *state, set_by, sealed = row
    secret = None if sealed is None else sealer.open(sealed, second_factor_context(set_by))
    return dict(zip(ITEM_KEYS, (*state, secret), strict=True))
