"""The passwords an account had before its current one (m0048), which its member's new
password may not repeat (``counter_app.services.auth``)."""

from __future__ import annotations

from sqlite_utils import Database


def m0048_password_history(db: Database) -> None:
    # The verifiers of an account's earlier passwords, newest first, as a JSON array of at
    # most PASSWORD_HISTORY - 1 (the current one is password_hash); never a password. An
    # account made before starts its history at its next change.
    db.execute("ALTER TABLE users ADD COLUMN earlier_password_hashes TEXT NOT NULL DEFAULT '[]'")
