"""A document's Chinese lines never start with a closing mark (》，；： …): the mark stays at
the end of the line before, in a paragraph of one font as in one with a rare character set
in the fallback font."""

from __future__ import annotations

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from printing.fonts import load_fonts
from printing.geometry import A4_GEOMETRY
from printing.line_breaks import CHINESE_CANNOT_START
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
