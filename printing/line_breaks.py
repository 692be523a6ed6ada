"""Chinese line breaking for reportlab's CJK wrap (禁则): no line starts with a closing mark,
and no line ends with an opening one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from reportlab.lib import textsplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph

# reportlab's list of what may not start a line (textsplit.CANNOT_START_LINE) is Japanese:
# it lacks the Chinese full-width comma, semicolon, colon, question and exclamation marks and
# the closing title and quotation marks, so a receipt's line could start with "》" or "，".
# Its CJK wrap reads the list from the textsplit module (a paragraph of one font) and from
# the paragraph module (mixed fonts); a mark on it hangs in the margin at the end of the
# line before instead.
CHINESE_CANNOT_START = "，；：！？》〉”’〗〙〛"
textsplit.ALL_CANNOT_START += CHINESE_CANNOT_START
paragraph.ALL_CANNOT_START = textsplit.ALL_CANNOT_START

# What may not end a line: an opening mark belongs with what it opens ("（2026年12月21日前）"
# never leaves "（" at the end of a line). reportlab lists these (textsplit.CANNOT_END_LINE)
# but its wrap never reads the list, so the splitters below carry the mark over; they also
# carry a character down with two closing marks in a row, of which reportlab hangs one.
CANNOT_END = "（《〈“‘「『【〔〖〘〚［｛([{"

# The ``wordWrap`` of a style that wraps Chinese by these rules.
CJK = "CJK"

_split_one_font: Callable[..., list[list[Any]]] = paragraph.wordSplit
_split_fragments: Callable[..., Any] = paragraph.cjkFragSplit


class _Lines(Protocol):
    """How the carrying below reads and adjusts the lines of one of reportlab's splitters."""

    def split(self, max_widths: list[float]) -> list[Any]: ...

    def chars(self, line: Any) -> list[tuple[str, float]]:
        """The line's characters with their widths, without trailing spaces."""
        ...

    def widened(self, line: Any, extra: float) -> Any:
        """A narrowed line with its unused width (its extraSpace) given back."""
        ...


def _width_of(max_widths: Sequence[float], index: int) -> float:
    """Line ``index``'s width: one per line, the last for every line after."""
    return max_widths[min(index, len(max_widths) - 1)]


def _narrowed(max_widths: Sequence[float], index: int, width: float) -> list[float]:
    """``max_widths`` with line ``index`` given ``width``, the lines after it keeping theirs."""
    widths = list(max_widths)
    widths += [widths[-1]] * (index + 2 - len(widths))
    widths[index] = width
    return widths


def _to_carry(line: str, next_line: str) -> int:
    """How many characters at the end of ``line`` must go to the next line: an opening mark
    it ends with; or, when ``next_line`` starts with a closing mark (reportlab hangs one
    mark, never two: "核发）" then "；外省市"), the marks ``line`` ends with and the
    character before them."""
    if line[-1] in CANNOT_END:
        return 1
    if not next_line or next_line[0] not in textsplit.ALL_CANNOT_START:
        return 0
    return len(line) - len(line.rstrip(textsplit.ALL_CANNOT_START)) + 1


def _carry_marks(wrap: _Lines, max_widths: float | Sequence[float]) -> list[Any]:
    """The lines of ``wrap.split`` with no line but the last ending in an opening mark and
    none but the first starting with a closing one.

    reportlab's wrap is greedy, line by line: a line that breaks the rule is split again
    just too narrow for the characters to carry, which the wrap then pushes to the next
    line, and the lines before stay as they were. A narrowed line gets back its true
    unused width, which centring and justifying read."""
    full = [max_widths] if isinstance(max_widths, int | float) else list(max_widths)
    widths = full
    lines = wrap.split(widths)
    narrowed: dict[int, float] = {}
    index = 0
    while index < len(lines) - 1:
        chars = wrap.chars(lines[index])
        text = "".join(char for char, _ in chars)
        following = "".join(char for char, _ in wrap.chars(lines[index + 1])).lstrip()
        carry = _to_carry(text, following) if text else 0
        if not 0 < carry < len(chars) or not text[:-carry].strip(CANNOT_END):
            index += 1
            continue
        # Wide enough for what stays, too narrow for the first character carried.
        width = sum(w for _, w in chars[:-carry]) + chars[-carry][1] / 2
        retry = wrap.split(_narrowed(widths, index, width))
        if len(retry) <= index + 1 or len(wrap.chars(retry[index])) >= len(chars):
            index += 1  # the wrap keeps a character a line: nothing to carry it after
            continue
        widths, lines, narrowed[index] = _narrowed(widths, index, width), retry, width
    for index, width in narrowed.items():
        lines[index] = wrap.widened(lines[index], _width_of(full, index) - width)
    return lines


class _OneFont:
    """``reportlab.lib.textsplit.wordSplit`` (a paragraph of one font): ``[unused, text]``."""

    def __init__(self, word: str, font_name: str, font_size: float, encoding: str) -> None:
        self.word, self.font_name, self.font_size = word, font_name, font_size
        self.encoding = encoding

    def split(self, max_widths: list[float]) -> list[Any]:
        return _split_one_font(self.word, max_widths, self.font_name, self.font_size, self.encoding)

    def chars(self, line: Any) -> list[tuple[str, float]]:
        return [
            (char, stringWidth(char, self.font_name, self.font_size))
            for char in str(line[1]).rstrip()
        ]

    def widened(self, line: Any, extra: float) -> Any:
        return [line[0] + extra, *line[1:]]


class _Fragments:
    """``reportlab.platypus.paragraph.cjkFragSplit`` (mixed fonts): ``FragLine`` lines."""

    def __init__(self, frags: Sequence[Any], calc_bounds: bool, encoding: str) -> None:
        self.frags, self.calc_bounds, self.encoding = frags, calc_bounds, encoding

    def split(self, max_widths: list[float]) -> list[Any]:
        return list(_split_fragments(self.frags, max_widths, self.calc_bounds, self.encoding).lines)

    def chars(self, line: Any) -> list[tuple[str, float]]:
        chars = [
            (char, stringWidth(char, word.fontName, word.fontSize))
            for word in line.words
            for char in getattr(word, "text", "")
        ]
        while chars and chars[-1][0].isspace():
            chars.pop()
        return chars

    def widened(self, line: Any, extra: float) -> Any:
        return line.clone(extraSpace=line.extraSpace + extra, maxWidth=line.maxWidth + extra)


def _word_split(
    word: str, max_widths: Any, font_name: str, font_size: float, encoding: str = "utf8"
) -> list[Any]:
    return _carry_marks(_OneFont(word, font_name, font_size, encoding), max_widths)


def _fragment_split(
    frags: Sequence[Any], max_widths: Any, calc_bounds: bool, encoding: str = "utf8"
) -> Any:
    lines = _carry_marks(_Fragments(frags, calc_bounds, encoding), max_widths)
    return paragraph.ParaLines(kind=1, lines=lines)


# The CJK wrap calls its splitters by these names (``Paragraph.breakLinesCJK``).
paragraph.wordSplit = _word_split
paragraph.cjkFragSplit = _fragment_split
