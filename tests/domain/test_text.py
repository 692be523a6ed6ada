"""What free text may not hold: control characters (line breaks only where text runs to
lines) and half a UTF-16 pair."""

from __future__ import annotations

from counter_app.domain.text import first_unprintable


def test_control_characters_and_lone_surrogates_are_found_line_breaks_where_allowed() -> None:
    assert first_unprintable("申请人不再需要 𠮷") is None
    assert first_unprintable("铃\x07声") == "\x07"
    assert first_unprintable("半个\ud800") == "\ud800"
    assert first_unprintable("第一行\n第二行") == "\n"
    assert first_unprintable("第一行\r\n第二行\t完", lines=True) is None
    assert first_unprintable("第一行\n\x1b[2J", lines=True) == "\x1b"
