"""Intake drafts: what a clerk has typed but not yet decided, kept per clerk so a crash, a
screen lock or a sign-out loses nothing.

A draft may hold an applicant's ID number and phone, so it is stored encrypted with the
installation's PII key, bound to its clerk (a ciphertext moved to another row does not open).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from counter_app.store.database import Store
from counter_app.store.timestamps import now_text


def _context(username: str) -> bytes:
    return f"drafts:{username}".encode()


def save_draft(store: Store, username: str, content: Mapping[str, Any]) -> None:
    """Keep ``content`` (JSON-serialisable) as ``username``'s draft, replacing the previous one."""
    blob = store.pii.encrypt_text(json.dumps(content, ensure_ascii=False), _context(username))
    with store.transaction() as db:
        db.execute(
            "INSERT INTO drafts (draft_id, username, content_enc, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (draft_id) DO UPDATE SET content_enc = excluded.content_enc,"
            " updated_at = excluded.updated_at",
            (username, username, blob, now_text()),
        )


def load_draft(store: Store, username: str) -> dict[str, Any] | None:
    """``username``'s draft as saved, or None when there is none."""
    row = store.db.execute(
        "SELECT content_enc FROM drafts WHERE draft_id = ?", (username,)
    ).fetchone()
    if row is None:
        return None
    content: dict[str, Any] = json.loads(store.pii.decrypt_text(row[0], _context(username)))
    return content


def discard_draft(store: Store, username: str) -> None:
    """Forget ``username``'s draft (the case was decided or the form cleared). Idempotent."""
    with store.transaction() as db:
        db.execute("DELETE FROM drafts WHERE draft_id = ?", (username,))
