"""What ``counter-app case show`` says of a case's 一件事: the bundle as it was decided and the
other cases decided with it, by number and item, read from their ``cases`` rows (which the
retention purge keeps: it removes personal data only)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from counter_app.store.cases import CaseRecord


def bundle_others_json(others: Sequence[CaseRecord]) -> list[dict[str, Any]]:
    """``case show --json``'s ``bundle_cases``: each other case of the bundle."""
    return [
        {
            "case_id": m.case_id,
            "case_no": m.case_no,
            "service_item": m.service_item_code,
            "service_item_name": m.service_item_name,
        }
        for m in others
    ]


def bundle_line(record: CaseRecord, others: Sequence[CaseRecord], lang: str) -> str | None:
    """``失业一件事（同批：…-0009 失业登记、…-0010 就业困难人员认定）``; None for a case decided
    alone."""
    if record.bundle_id is None:
        return None
    name = record.bundle_name or record.bundle_code or ""
    if not others:
        return name
    listed = (", " if lang == "en" else "、").join(
        f"{m.case_no} {m.service_item_name}" for m in others
    )
    if lang == "en":
        return f"{name} (decided together with: {listed})"
    return f"{name}（同批：{listed}）"
