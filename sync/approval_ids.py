"""A request id as a supervisor types it at ``counter-app approvals approve|refuse ID``: the
full id, or a unique prefix of at least ``MIN_PREFIX`` hex digits of a request in the hall's
inbox (as ``counter-app approvals`` lists them); anything else is refused in plain words
before the platform is asked (which would answer with its schema's error)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence

from counter_app.errors import ValidationError
from sync.wire.approvals import ApprovalRequest

MIN_PREFIX = 8  # the first group of a UUID: unique among a hall's day of requests
_HEX = re.compile(r"[0-9a-f-]+")


def request_id_of(text: str, inbox: Callable[[], Sequence[ApprovalRequest]]) -> str:
    """The full id ``text`` names: itself when it is one (in any case), else the one request
    of ``inbox`` (read only then) whose id begins with it. Raises ``ValidationError`` for a
    malformed id, a prefix no pending request has, and one several have (naming them)."""
    typed = text.strip().lower()
    try:
        return str(uuid.UUID(typed))
    except ValueError:
        pass
    digits = typed.replace("-", "")  # with its hyphens or without
    if not _HEX.fullmatch(typed) or not MIN_PREFIX <= len(digits) < 32:
        raise ValidationError(
            f"审批请求编号“{text}”无效：请输入 counter-app approvals 列出的完整编号，"
            f"或其前 {MIN_PREFIX} 位以上。",
            f"“{text}” is not an approval request id: give the full id counter-app approvals "
            f"lists, or at least its first {MIN_PREFIX} characters.",
            field="request_id",
        )
    matches = [str(r.request_id) for r in inbox() if r.request_id.hex.startswith(digits)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ValidationError(
            f"待审批的请求中没有编号以 {typed} 开头的（counter-app approvals 列出待审批的请求）。",
            f"No pending approval request has an id starting with {typed} (counter-app "
            "approvals lists them).",
            field="request_id",
        )
    raise ValidationError(
        f"编号以 {typed} 开头的待审批请求有 {len(matches)} 条：{'、'.join(matches)}；"
        "请输入更长的编号。",
        f"{len(matches)} pending requests have ids starting with {typed}: "
        f"{', '.join(matches)}; give more of the id.",
        field="request_id",
    )
