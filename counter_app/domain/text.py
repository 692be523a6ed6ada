"""Free text people type or a file carries (a reason, a catalog's names): what no window can
show and no paper can print."""

from __future__ import annotations

import unicodedata

from counter_app.errors import ValidationError

# What a text that runs to lines may hold among the control characters.
LINE_BREAKS = "\r\n\t"
# What a name, besides the control characters, may not hold because it hides or reorders the
# text around it: format characters (the bidi overrides U+202E and U+2066-U+2069, zero-width
# spaces and joiners), unassigned code points, line and paragraph separators. ``李\u202e建国``
# shows as another name in a list of accounts.
_HIDING_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Cn", "Zl", "Zp"})


def first_unprintable(text: str, *, lines: bool = False) -> str | None:
    """The first control character of ``text`` (line breaks and tabs allowed when ``lines``),
    or half of a UTF-16 pair (JSON's "\\ud800" alone, which cannot be stored as UTF-8); None
    when there is none."""
    allowed = LINE_BREAKS if lines else ""
    return next(
        (c for c in text if unicodedata.category(c) in ("Cc", "Cs") and c not in allowed), None
    )


def first_hiding(text: str) -> str | None:
    """The first character of ``text`` that hides or reorders what a name shows (a control
    or format character such as a bidi override, an unassigned code point, a line or
    paragraph separator), or None when there is none."""
    return next((c for c in text if unicodedata.category(c) in _HIDING_CATEGORIES), None)


def unprintable_error(
    text: str, what: tuple[str, str], *, field: str, lines: bool = False
) -> ValidationError | None:
    """The error naming ``text``'s first control character by its code point (U+001B) when
    it holds one (``first_unprintable``), None when it holds none; ``what`` names the text
    as the message begins, in Chinese and English (("原因", "The reason"))."""
    unprintable = first_unprintable(text, lines=lines)
    if unprintable is None:
        return None
    code = f"U+{ord(unprintable):04X}"
    zh, en = what
    return ValidationError(
        f"{zh}含有不可见的控制字符 {code}，请删去后再提交。",
        f"{en} holds the control character {code}; remove it.",
        field=field,
    )


def amount_of_time(seconds: float, *, days: bool = False) -> tuple[str, str]:
    """An amount of time in words, Chinese and English: hours ("约 48 小时"), minutes below
    two hours, days from two days on with ``days``."""
    if days and seconds >= 2 * 86400:
        return f"约 {seconds / 86400:.0f} 天", f"about {seconds / 86400:.0f} days"
    if seconds >= 2 * 3600:
        return f"约 {seconds / 3600:.0f} 小时", f"about {seconds / 3600:.0f} hours"
    minutes = max(1, round(seconds / 60))
    return f"约 {minutes} 分钟", f"about {minutes} minutes"
