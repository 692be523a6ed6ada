"""What free text may not hold: control characters (line breaks only where text runs to
lines) and half a UTF-16 pair; the error naming the first such character by its code
point."""

from __future__ import annotations

from counter_app.domain.text import first_hiding, first_unprintable, unprintable_error


def test_control_characters_and_lone_surrogates_are_found_line_breaks_where_allowed() -> None:
    assert first_unprintable("申请人不再需要 𠮷") is None
    assert first_unprintable("铃\x07声") == "\x07"
    assert first_unprintable("半个\ud800") == "\ud800"
    assert first_unprintable("第一行\n第二行") == "\n"
    assert first_unprintable("第一行\r\n第二行\t完", lines=True) is None
    assert first_unprintable("第一行\n\x1b[2J", lines=True) == "\x1b"


def test_the_error_names_the_character_by_its_code_point() -> None:
    assert (
        unprintable_error("第一行\n第二行", ("原因", "The reason"), field="reason", lines=True)
        is None
    )
    error = unprintable_error("清屏\x1b[2J", ("地址中", "The address"), field="applicant.address")
    assert error is not None and error.field == "applicant.address"
    assert error.zh == "地址中含有不可见的控制字符 U+001B，请删去后再提交。"
    assert error.en == "The address holds the control character U+001B; remove it."
    line_break = unprintable_error("两\n行", ("原因", "The reason"), field="reason")
    assert line_break is not None and "U+000A" in line_break.zh


def test_what_hides_or_reorders_a_name_is_found() -> None:
    assert first_hiding("阿依古丽·买买提 O'Brien 𠮷") is None
    assert first_hiding("李\u202e建国") == "\u202e"
    assert first_hiding("张\u200d三") == "\u200d"
    assert first_hiding("王\u2029五") == "\u2029"
    assert first_hiding("赵\x07六") == "\x07"
    assert first_hiding("未分配\U000e0080") == "\U000e0080"
