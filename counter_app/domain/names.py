"""Personal names as a counter must carry them: any script, characters beyond the BMP
(生僻字 such as 𠮷 U+20BB7, 𪚥 U+2A6A5) and the middle dot of minority and foreign names.

The stored form is NFC with the look-alike dots folded to U+00B7, full-width Latin letters
and digits made ASCII and no space between two Chinese (or Japanese) characters, so the
same person typed on two keyboards (or read from a card) compares equal and prints the
same. A Chinese character is kept exactly as typed: a CJK compatibility ideograph (U+F900…)
is the one a person's papers show, never folded to its unified twin.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from counter_app.errors import InvalidName

MIDDLE_DOT = "\u00b7"
# Dots that input methods, card readers and foreign systems use for the separator in
# names such as 阿依古丽·买买提: katakana middle dot, its half-width form, bullet,
# hyphenation point, bullet operator, dot operator, and the full-width full stop.
_DOT_VARIANTS = "\u30fb\uff65\u2022\u2027\u2219\u22c5\uff0e"
_DOT_FOLD = str.maketrans(dict.fromkeys(_DOT_VARIANTS, MIDDLE_DOT))
# Control, format (zero-width joiners, bidi overrides), surrogates, unassigned, and line/
# paragraph separators never belong in a name; they hide text or break printing and sync.
_REJECTED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Cn", "Zl", "Zp"})
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
# NFC folds a compatibility ideograph to its unified twin (U+F900 豈 to U+8C48): they are
# kept out of it.
_COMPATIBILITY_IDEOGRAPHS = re.compile("([\uf900-\ufaff\U0002f800-\U0002fa1f]+)")

# A transliterated foreign name in full (given names, patronymic, family name) runs past 64
# letters; 100 is the English-name limit too. The case document and the platform keep a
# name of any length, and the receipt and notices wrap it.
NAME_MAX_CHARS = 100


def normalize_name(raw: str) -> str:
    """Dot look-alikes folded to U+00B7, full-width ASCII made ASCII, NFC except for the
    CJK compatibility ideographs, outer whitespace removed, inner runs of whitespace
    collapsed to one space, and none left between two CJK characters or around a dot:
    ``张　三`` is ``张三``, ``Ｊｏｈｎ　Ｓｍｉｔｈ`` is ``John Smith``."""
    text = _nfc_keeping_ideographs(raw.translate(_DOT_FOLD).translate(_WIDTH_FOLD))
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
    for char in raw:
        category = unicodedata.category(char)
        if category in _REJECTED_CATEGORIES:
            code = f"U+{ord(char):04X}"
            raise InvalidName(
                f"姓名中含有不可见或无效的字符（{code}），请删除后重新输入或重新读卡。",
                f"The name contains an invisible or invalid character ({code}); "
                "delete it and type again, or read the card again.",
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
