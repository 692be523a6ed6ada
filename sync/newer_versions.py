"""A case the platform holds in a version a newer program wrote: the fields that program
added are read and shown, but never lost by a version this program writes from it
(docs/operations.md §10, a window rolled back to an older release)."""

from __future__ import annotations

from collections.abc import Sequence

from counter_app.domain.case_document import CaseDocument
from sync.errors import SyncError
from sync.wire.problems import PlatformVersionAsRead


class CaseFromNewerProgram(SyncError):
    """The platform's version of a case has fields this program does not know: adopting it,
    or taking it back after a restore, would write (and push) a version without them."""

    code = "case_from_newer_program"

    def __init__(self, case_no: str, fields: Sequence[str]) -> None:
        named = ", ".join(fields)
        super().__init__(
            f"办件 {case_no} 已被较新版本的程序修改：平台上的版本含本窗口程序不认识的字段"
            f"（{named}），采用或取回会丢失这些内容，故未执行。请先将本窗口的程序升级到平台的"
            "版本，再处理该办件。",
            f"Case {case_no} was changed by a newer program: the platform's version has fields "
            f"this window's program does not know ({named}); adopting or taking it back would "
            "lose them, so nothing was done. Upgrade this window's program to the platform's "
            "release, then deal with the case.",
        )


def whole_version(held: PlatformVersionAsRead) -> CaseDocument | None:
    """The platform's whole version of the case, to write as this workstation's (None: the
    platform sent none); :class:`CaseFromNewerProgram` when this program cannot hold all
    of it."""
    if held.unknown_fields:
        raise CaseFromNewerProgram(held.case_no, held.unknown_fields)
    return held.case_document()
