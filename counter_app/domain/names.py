"""Personal names as a counter must carry them: any script, characters beyond the BMP
(生僻字 such as 𠮷 U+20BB7, 𪚥 U+2A6A5) and the middle dot of minority and foreign names.

The stored form is NFC with the look-alike dots folded to U+00B7 (a full stop too, between
two Chinese characters), curly apostrophes made ASCII, full-width Latin letters and digits
made ASCII and no space between two Chinese (or Japanese) characters, so the same person
typed on two keyboards (or read from a card) compares equal, prints the same and is found
by either spelling. A Chinese character is kept exactly as typed: a CJK compatibility ideograph (U+F900…)
is the one a person's papers show, never folded to its unified twin.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from counter_app.domain.text import first_hiding
from counter_app.errors import InvalidName

MIDDLE_DOT = "\u00b7"
# Dots that input methods, card readers and foreign systems use for the separator in
# names such as 阿依古丽·买买提: katakana middle dot, its half-width form, bullet,
# hyphenation point, bullet operator, dot operator, word separator middle dot (which the
# printing fonts lack).
_DOT_VARIANTS = "\u30fb\uff65\u2022\u2027\u2219\u22c5\u2e31"
# Word processors and phones turn the apostrophe of O'Brien into a curly quote.
_APOSTROPHES = "\u2018\u2019"
_FOLD = str.maketrans(dict.fromkeys(_DOT_VARIANTS, MIDDLE_DOT) | dict.fromkeys(_APOSTROPHES, "'"))
# A private-use code point (U+E000-U+F8FF, planes 15 and 16) is a card reader vendor's or a
# font's own code for a 生僻字, not the character: another computer, font or the platform
# shows another character or none, so a document would name nobody.
_PRIVATE_USE = "Co"
_SPACES = re.compile(r"\s+")
# What an input method in full-width mode types for ASCII (U+FF01-U+FF5E, offset 0xFEE0):
# NFKC of these characters only, never of the whole name.
_WIDTH_FOLD = str.maketrans({code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)})
# Han ideographs (the unified blocks with their extensions, the compatibility blocks) and
# kana but its combining voicing marks (U+3099, U+309A: dropping a space before one would
# make another character): a name written in them has no space inside (张三, 𠮷田太郎).
_CJK = (
    "\u3005\u3007\u3040-\u3098\u309b-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0003ffff"
)
_SPACE_IN_CJK = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
# A full stop (ASCII, ideographic or its half-width form; the full-width one is ASCII by
# then) is the separator only between two Chinese parts, 买买提.艾力; in a Latin name it
# is the name's own, SMITH JR.
_FULL_STOP_IN_CJK = re.compile(rf"(?<=[{_CJK}])\s*[.\u3002\uff61]\s*(?=[{_CJK}])")
# NFC folds a compatibility ideograph to its unified twin (U+F900 豈 to U+8C48): they are
# kept out of it.
_COMPATIBILITY_IDEOGRAPHS = re.compile("([\uf900-\ufaff\U0002f800-\U0002fa1f]+)")

# A transliterated foreign name in full (given names, patronymic, family name) runs past 64
# letters; 100 is the English-name limit too. The case document and the platform keep a
# name of any length, and the receipt and notices wrap it.
NAME_MAX_CHARS = 100


def normalize_name(raw: str) -> str:
    """Dot look-alikes folded to U+00B7 (a full stop between two CJK characters too), curly
    apostrophes and full-width ASCII made ASCII, NFC except for the CJK compatibility
    ideographs, outer whitespace removed, inner runs of whitespace collapsed to one space,
    and none left between two CJK characters or around a dot: ``张　三`` is ``张三``,
    ``买买提。艾力`` is ``买买提·艾力``, ``Ｊｏｈｎ　Ｏ’Ｂｒｉｅｎ`` is ``John O'Brien``."""
    text = _nfc_keeping_ideographs(raw.translate(_FOLD).translate(_WIDTH_FOLD))
    text = _FULL_STOP_IN_CJK.sub(MIDDLE_DOT, text)
    text = _SPACE_IN_CJK.sub("", _SPACES.sub(" ", text).strip())
    return text.replace(f" {MIDDLE_DOT}", MIDDLE_DOT).replace(f"{MIDDLE_DOT} ", MIDDLE_DOT)


def _nfc_keeping_ideographs(text: str) -> str:
    # split() with a group: the compatibility ideographs at the odd positions.
    parts = _COMPATIBILITY_IDEOGRAPHS.split(text)
    return "".join(
        part if odd else unicodedata.normalize("NFC", part)
        for odd, part in zip(itertools.cycle((False, True)), parts)
    )


def validate_name(raw: str, *, field: str = "name", max_chars: int = NAME_MAX_CHARS) -> str:
    """The normalised name, or ``InvalidName`` saying exactly what is wrong.

    Length is counted in code points, so 𠮷 counts once although it is two UTF-16 units.
    """
    # Control, format (zero-width joiners, bidi overrides), surrogates, unassigned, and line/
    # paragraph separators never belong in a name; they hide text or break printing and sync.
    hiding = first_hiding(raw)
    if hiding is not None:
        raise InvalidName(
            f"姓名中含有不可见或无效的字符（U+{ord(hiding):04X}），请删除后重新输入或重新读卡。",
            f"The name contains an invisible or invalid character (U+{ord(hiding):04X}); "
            "delete it and type again, or read the card again.",
            field=field,
        )
    for char in raw:
        category = unicodedata.category(char)
        code = f"U+{ord(char):04X}"
        if category == _PRIVATE_USE:
            raise InvalidName(
                f"姓名中的 {code} 是读卡器厂商或字库为生僻字自定的私用编码，不是该字本身："
                "出具文书时会被拒绝，换一台电脑或到平台也不是这个字。请删除它，对照证件用"
                "输入法输入该字（生僻字可用部件或手写输入）。",
                f"The name contains {code}, a private code a card reader vendor or a font gives "
                "a rare character, not the character itself: documents would be refused, and "
                "another computer or the platform shows something else. Delete it and type the "
                "real character from the card (a rare one through the input method's component "
                "or handwriting input).",
                field=field,
            )
    name = normalize_name(raw)
    if not name:
        raise InvalidName("请填写姓名。", "Please enter the name.", field=field)
    if len(name) > max_chars:
        raise InvalidName(
            f"姓名过长（{len(name)}个字符，最多{max_chars}个），请核对。",
            f"The name is too long ({len(name)} characters, at most {max_chars}).",
            field=field,
        )
    if not any(unicodedata.category(c).startswith("L") for c in name):
        raise InvalidName(
            "姓名中至少应有一个文字。",
            "The name must contain at least one letter or character.",
            field=field,
        )
    if name.startswith(MIDDLE_DOT) or name.endswith(MIDDLE_DOT) or MIDDLE_DOT * 2 in name:
        raise InvalidName(
            "姓名中的间隔号“·”只能位于两个名字部分之间，请核对。",
            "The middle dot '·' may only stand between two parts of the name.",
            field=field,
        )
    return name


def mask_name(name: str) -> str:
    """``张*``: the first character, the rest starred (a history shown to anyone)."""
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""
