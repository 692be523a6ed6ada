"""A document's Chinese lines never start with a closing mark (》，；： …): the mark stays at
the end of the line before, in a paragraph of one font as in one with a rare character set
in the fallback font; nor end with an opening one (（《“【 …), which goes to the next line
with what it opens."""

from __future__ import annotations

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from printing.fonts import load_fonts
from printing.geometry import A4_GEOMETRY
from printing.line_breaks import CANNOT_END, CHINESE_CANNOT_START
from printing.specimen import SPECIMEN_NAME
from printing.styles import Styles

TEN = "根据中华人民共和国行"  # ten characters: the line is as wide as these


def lines_of(markup: str, width: float, style) -> list[str]:  # type: ignore[no-untyped-def]
    paragraph = Paragraph(markup, style)
    paragraph.wrap(width, 1000)
    return [
        "".join(line[1]) if isinstance(line, tuple) else "".join(w.text for w in line.words)
        for line in paragraph.blPara.lines
    ]


@pytest.mark.parametrize("mark", ["》", "，", "；", "：", "”"])
@pytest.mark.parametrize("rare", [False, True])
def test_no_line_starts_with_a_closing_mark(mark: str, rare: bool) -> None:
    fonts = load_fonts()
    style = Styles(fonts, A4_GEOMETRY, "zh").body
    width = stringWidth(TEN, fonts.primary, style.fontSize) + 0.5
    # The mark falls just past the line's end; a name with 𠮷 mixes in the fallback font.
    text = TEN + mark + "第三十二条第一款" + (SPECIMEN_NAME if rare else "")
    lines = lines_of(fonts.markup(text), width, style)
    assert len(lines) > 1
    assert lines[0].endswith(mark)
    assert not any(line[0] in CHINESE_CANNOT_START for line in lines[1:]), lines


@pytest.mark.parametrize("mark", ["（", "《", "“", "【", "〔"])
@pytest.mark.parametrize("rare", [False, True])
def test_no_line_ends_with_an_opening_mark(mark: str, rare: bool) -> None:
    fonts = load_fonts()
    style = Styles(fonts, A4_GEOMETRY, "zh").body
    width = stringWidth(TEN, fonts.primary, style.fontSize) + 0.5
    # The mark is the line's last character that fits ("10个工作日内（" / "2026年…").
    text = TEN[:-1] + mark + "2026年12月21日前）办结" + (SPECIMEN_NAME if rare else "")
    lines = lines_of(fonts.markup(text), width, style)
    assert len(lines) > 1
    assert not any(line.rstrip()[-1] in CANNOT_END for line in lines[:-1]), lines
    assert any(line.startswith(mark + "2026") for line in lines[1:]), lines


@pytest.mark.parametrize("rare", [False, True])
def test_two_closing_marks_in_a_row_take_a_character_down(rare: bool) -> None:
    """reportlab hangs one closing mark past the line's end, never two ("核发）" then
    "；外省市"): the character before them goes down with them."""
    fonts = load_fonts()
    style = Styles(fonts, A4_GEOMETRY, "zh").body
    width = stringWidth(TEN, fonts.primary, style.fontSize) + 0.5
    text = TEN + "）；外省市户籍提交原件" + (SPECIMEN_NAME if rare else "")
    lines = lines_of(fonts.markup(text), width, style)
    assert not any(line[0] in CHINESE_CANNOT_START for line in lines[1:]), lines
    assert any(line.startswith("行）；") for line in lines[1:]), lines


def test_a_carried_line_keeps_its_place_when_centred() -> None:
    """The line a mark left keeps its true unused width: a centred line sits in the middle."""
    fonts = load_fonts()
    style = Styles(fonts, A4_GEOMETRY, "zh").center
    one = stringWidth("根", fonts.primary, style.fontSize)
    paragraph = Paragraph(fonts.markup(TEN[:-1] + "（行政许可法）"), style)
    paragraph.wrap(10 * one + 0.5, 1000)
    first = paragraph.blPara.lines[0]
    assert "".join(first[1]) == TEN[:-1]
    assert first[0] == pytest.approx(one + 0.5)  # one character short of the full width
