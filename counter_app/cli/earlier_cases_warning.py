"""The warning a command prints when the applicant already has a case of the same item, or
the ID number is on file under another name (``counter_app.store.earlier_cases``): the
case goes ahead, the clerk or the script decides."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from counter_app.cli.case_later_steps import named
from counter_app.domain.case_states import STATE_NAMES
from counter_app.domain.hall_time import hall_minute_text


def warn_earlier(found: Mapping[str, Any], lang: str, line_no: int | None = None) -> None:
    """On stderr, Chinese then English (English only with ``--lang en``), as the command
    line's refusals: the earlier cases of the same item and another name on file, from a
    result's ``earlier_cases`` and ``name_on_file_differs``; nothing when it has none."""
    earlier = found.get("earlier_cases") or []
    lines: list[tuple[str, str]] = []
    if earlier:
        zh_cases = "、".join(
            f"办件 {c['case_no']}（{named(STATE_NAMES, c['state'], 'zh')}，"
            f"{hall_minute_text(c['created_at'])}）"
            for c in earlier
        )
        en_cases = ", ".join(
            f"{c['case_no']} ({named(STATE_NAMES, c['state'], 'en')}, "
            f"{hall_minute_text(c['created_at'])})"
            for c in earlier
        )
        lines.append(
            (
                f"注意：该申请人已有同一事项的办件：{zh_cases}。请核对是否重复受理。",
                f"Note: the applicant already has a case of the same item: {en_cases}. "
                "Check that this is not a duplicate.",
            )
        )
    if found.get("name_on_file_differs"):
        lines.append(
            (
                "注意：该证件号码已登记为另一姓名，请核对申请人身份。",
                "Note: this ID number is on file under another name; check the applicant's "
                "identity.",
            )
        )
    prefix = ("", "") if line_no is None else (f"第 {line_no} 行：", f"line {line_no}: ")
    for zh, en in lines:
        if lang != "en":
            print(prefix[0] + zh, file=sys.stderr)
        print(prefix[1] + en, file=sys.stderr)
