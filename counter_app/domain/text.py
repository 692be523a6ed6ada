"""Free text people type or a file carries (a reason, a catalog's names): what no window can
show and no paper can print."""

from __future__ import annotations

import unicodedata

# What a text that runs to lines may hold among the control characters.
LINE_BREAKS = "\r\n\t"


def first_unprintable(text: str, *, lines: bool = False) -> str | None:
    """The first control character of ``text`` (line breaks and tabs allowed when ``lines``),
    or half of a UTF-16 pair (JSON's "\\ud800" alone, which cannot be stored as UTF-8); None
    when there is none."""
    allowed = LINE_BREAKS if lines else ""
    return next(
        (c for c in text if unicodedata.category(c) in ("Cc", "Cs") and c not in allowed), None
    )
