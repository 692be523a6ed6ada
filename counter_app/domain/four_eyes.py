"""Four eyes in words: nobody approves a case they made or a request they asked for. One
text for the window's check (``counter_app.services.approval``) and the platform's, which
refuses a remote decision the asking window would refuse later."""

from __future__ import annotations


def own_approval_words(username: str) -> tuple[str, str]:
    """Why ``username`` may not approve (Chinese, English)."""
    return (
        f"{username} 不能审批本人经办或申请的事项（双人复核）：请另一位值班长审批。",
        f"{username} cannot approve their own case or request (four eyes): another "
        "supervisor must approve.",
    )
