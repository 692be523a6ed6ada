"""The doctor's result as one document: which window it checked, then its checks. What
``counter-app doctor --json`` prints and the support bundle keeps (the contract: its
``checks`` list as ever, ``workstation`` beside it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from counter_app.workstation_identity import workstation_identity

if TYPE_CHECKING:
    from counter_app.home import Home
    from counter_app.services.doctor import Check


def doctor_document(home: Home, checks: list[Check]) -> dict[str, Any]:
    """``{"workstation": {...}, "checks": [{"name", "status", "detail"}, ...]}``."""
    return {
        "workstation": workstation_identity(home).to_dict(),
        "checks": [check.to_dict() for check in checks],
    }
