"""Code tables printed on Chinese identity cards: GB 3304 nations and GB/T 2261.1 sex codes."""

from __future__ import annotations

from typing import Final

# GB 3304-1991 民族代码; 97 and 98 are the two extra codes the card issuers use.
NATIONS: dict[str, str] = {
    f"{i:02d}": name
    for i, name in enumerate(
        [
            "汉",
            "蒙古",
            "回",
            "藏",
            "维吾尔",
            "苗",
            "彝",
            "壮",
            "布依",
            "朝鲜",
            "满",
            "侗",
            "瑶",
            "白",
            "土家",
            "哈尼",
            "哈萨克",
            "傣",
            "黎",
            "傈僳",
            "佤",
            "畲",
            "高山",
            "拉祜",
            "水",
            "东乡",
            "纳西",
            "景颇",
            "柯尔克孜",
            "土",
            "达斡尔",
            "仫佬",
            "羌",
            "布朗",
            "撒拉",
            "毛南",
            "仡佬",
            "锡伯",
            "阿昌",
            "普米",
            "塔吉克",
            "怒",
            "乌孜别克",
            "俄罗斯",
            "鄂温克",
            "德昂",
            "保安",
            "裕固",
            "京",
            "塔塔尔",
            "独龙",
            "鄂伦春",
            "赫哲",
            "门巴",
            "珞巴",
            "基诺",
        ],
        start=1,
    )
}
NATIONS["97"] = "其他"
NATIONS["98"] = "外国血统中国籍人士"

# GB/T 2261.1-2003 人的性别代码.
SEXES: dict[str, str] = {"0": "未知的性别", "1": "男", "2": "女", "9": "未说明的性别"}
# The same in an English message or listing.
SEXES_EN: dict[str, str] = {
    "未知的性别": "not known",
    "男": "male",
    "女": "female",
    "未说明的性别": "not stated",
}

NO_EXPIRY: Final = "长期"


def nation_code(name: str) -> str:
    """The GB 3304 code of a nation name (``"汉"`` -> ``"01"``); KeyError when unknown."""
    for code, known in NATIONS.items():
        if known == name:
            return code
    raise KeyError(name)
