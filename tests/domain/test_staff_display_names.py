"""A staff member's display name (the window's accounts and the platform's register alike)
refuses what the applicant's name refuses: control and format characters such as a bidi
override or a zero-width space, which let one account show as another in a list."""

from __future__ import annotations

import pytest

from counter_app.domain.staff import check_account
from counter_app.errors import ValidationError


@pytest.mark.parametrize(
    ("display_name", "code"),
    [
        ("李\u202e建国", "U+202E"),  # right-to-left override: shows 李国建
        ("王\u2066小丽\u2069", "U+2066"),  # left-to-right isolate
        ("张\u200b三", "U+200B"),  # zero-width space
        ("赵\u2028六", "U+2028"),  # line separator
        ("钱\x1b[2J七", "U+001B"),
    ],
)
def test_a_display_name_that_hides_or_reorders_text_is_refused(
    display_name: str, code: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        check_account("li.jianguo", "clerk", display_name)
    assert caught.value.field == "display_name"
    assert caught.value.zh == f"显示名称中含有不可见或改变文字方向的字符 {code}，请删去后再提交。"
    assert code in caught.value.en


def test_ordinary_display_names_are_kept() -> None:
    assert check_account("li.jianguo", "clerk", " 李建国（3号窗口） ") == "李建国（3号窗口）"
    assert check_account("aygul", "clerk", "阿依古丽·买买提") == "阿依古丽·买买提"
    assert check_account("li.jianguo", "clerk", "") == "li.jianguo"
    with pytest.raises(ValidationError) as caught:
        check_account("li.jianguo", "clerk", "长" * 41)
    assert caught.value.zh == "显示名称最多 40 个字符。"
