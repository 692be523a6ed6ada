"""How a document's text looks: its paragraph styles, the table commands that give plain
cells the same look, and the label widths each language needs."""

from __future__ import annotations

from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from printing import line_breaks, texts
from printing.fonts import FontSet
from printing.geometry import GREY, Geometry


class Styles:
    def __init__(self, fonts: FontSet, geometry: Geometry, lang: str) -> None:
        base = ParagraphStyle(
            "body",
            fontName=fonts.primary,
            fontSize=geometry.body,
            leading=geometry.body * 1.45,
            wordWrap=line_breaks.CJK,
        )
        self.body = base
        self.first_line = ParagraphStyle(
            "first",
            parent=base,
            firstLineIndent=2 * geometry.body if lang == "zh" else 0,
            spaceBefore=2,
        )
        self.small = ParagraphStyle(
            "small", parent=base, fontSize=geometry.small, leading=geometry.small * 1.35
        )
        self.grey = ParagraphStyle("grey", parent=self.small, textColor=GREY)
        self.value = ParagraphStyle("value", parent=base, leading=geometry.body * 1.3)
        self.key_value = ParagraphStyle(
            "key_value", parent=base, fontSize=geometry.key_fact, leading=geometry.key_fact * 1.3
        )
        self.key_center = ParagraphStyle("key_center", parent=self.key_value, alignment=TA_CENTER)
        self.title = ParagraphStyle(
            "title",
            parent=base,
            fontSize=geometry.title,
            leading=geometry.title * 1.3,
            alignment=TA_CENTER,
            spaceBefore=2,
            spaceAfter=4,
        )
        self.center = ParagraphStyle("center", parent=base, alignment=TA_CENTER)
        self.center_small = ParagraphStyle("center_small", parent=self.small, alignment=TA_CENTER)
        self.right_small = ParagraphStyle("right_small", parent=self.small, alignment=TA_RIGHT)
        self.heading = ParagraphStyle(
            "heading", parent=base, fontSize=geometry.body + 1, spaceBefore=6, spaceAfter=3
        )


def by_lang(lang: str, *, zh: float, en: float, both: float) -> float:
    """A width for the paper's language: English labels are wider, bilingual ones widest."""
    return both if lang == texts.BILINGUAL else en if lang == "en" else zh


def plain_commands(font: str) -> list[tuple[Any, ...]]:
    # Every table names its font: an empty cell would otherwise pull in (non-embedded) Helvetica.
    return [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]


def text_commands(
    start: tuple[int, int], stop: tuple[int, int], style: ParagraphStyle
) -> list[tuple[Any, ...]]:
    """Table commands that give plain string cells the look of ``style``."""
    return [
        ("FONTSIZE", start, stop, style.fontSize),
        ("LEADING", start, stop, style.leading),
        ("TEXTCOLOR", start, stop, style.textColor),
    ]
