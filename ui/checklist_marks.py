"""The checklist widget's rows (plain dicts, also kept in drafts) as the core's marks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from counter_app.domain.catalog import MaterialForm
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial


def marks_from_entries(entries: Sequence[dict[str, Any]]) -> list[SubmittedMaterial]:
    """The checklist widget's rows as the core's ``SubmittedMaterial`` marks."""
    return [
        SubmittedMaterial(
            code=entry["code"],
            status=MaterialStatus(entry["status"]),
            form=MaterialForm(entry["form"]) if entry.get("form") else None,
            count=int(entry.get("count", 0)),
            exemption=entry.get("exemption") or None,
            deadline=date.fromisoformat(entry["deadline"]) if entry.get("deadline") else None,
            note=entry.get("note") or None,
        )
        for entry in entries
    ]
