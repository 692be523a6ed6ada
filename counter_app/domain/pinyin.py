"""Search keys of a name: its full pinyin and initials, as the item search matches what a
clerk types (``jzz`` for 居住证), with the city's place names read as places."""

from __future__ import annotations

import re

# Place names pypinyin (0.55) reads with the common reading of a polyphone, so that a
# clerk's initials miss them. Only names of this city's districts, streets and towns that
# were checked to come out wrong are listed; 长 in names is cháng, and the 行 of Shanghai
# market towns is háng. A match is taken before pypinyin segments the text, which also keeps
# 上海市长宁区 from being read as 市长 (mayor) + 宁区.
_PLACE_READINGS: dict[str, tuple[str, ...]] = {
    "长宁": ("chang", "ning"),  # 长宁区
    "长桥": ("chang", "qiao"),  # 徐汇区长桥街道
    "长风": ("chang", "feng"),  # 普陀区长风新村街道
    "长白": ("chang", "bai"),  # 杨浦区长白新村街道
    "长海": ("chang", "hai"),  # 杨浦区长海路街道
    "闵行": ("min", "hang"),  # 闵行区
    "殷行": ("yin", "hang"),  # 杨浦区殷行街道
    "杨行": ("yang", "hang"),  # 宝山区杨行镇
    "庙行": ("miao", "hang"),  # 宝山区庙行镇
    "高行": ("gao", "hang"),  # 浦东新区高行镇
    "庄行": ("zhuang", "hang"),  # 奉贤区庄行镇
    "徐行": ("xu", "hang"),  # 嘉定区徐行镇
    "重固": ("chong", "gu"),  # 青浦区重固镇
}
# One capturing group: re.split then alternates text between place names and the names.
_PLACE_NAMES = re.compile("(" + "|".join(sorted(_PLACE_READINGS, key=len, reverse=True)) + ")")


def pinyin_keys(text: str) -> tuple[str, str]:
    """Full pinyin and initials of ``text`` (letters and digits only, lower case); place
    names in ``_PLACE_READINGS`` are read as places."""
    # Imported here: pypinyin loads its dictionaries (~1 s) and is only needed when a
    # catalog version without pinyin is loaded, never on the intake path.
    from pypinyin import Style, lazy_pinyin

    full: list[str] = []
    initials: list[str] = []
    for i, piece in enumerate(_PLACE_NAMES.split(text)):
        if i % 2:
            reading = _PLACE_READINGS[piece]
            full += reading
            initials += [syllable[0] for syllable in reading]
        else:
            full += lazy_pinyin(piece, errors="default")
            initials += lazy_pinyin(piece, style=Style.FIRST_LETTER, errors="default")
    return _alnum("".join(full)), _alnum("".join(initials))


def _alnum(text: str) -> str:
    return "".join(c for c in text.lower() if c.isascii() and c.isalnum())
