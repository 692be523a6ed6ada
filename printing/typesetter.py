"""One document set on one paper: its data, fonts, geometry and styles, and the few ways
every block of a copy turns a text into a paragraph or a table cell."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from printing import texts
from printing.document_data import DocumentData
from printing.fonts import FontSet
from printing.geometry import Geometry
from printing.styles import Styles
from printing.texts import label, pick


class Typesetter:
    """Sets the texts of one document on one paper; every block of a copy takes one and
    builds its flowables with it."""

    def __init__(self, data: DocumentData, fonts: FontSet, geometry: Geometry) -> None:
        self.data = data
        self.fonts = fonts
        self.g = geometry
        self.lang = data.lang
        self.s = Styles(fonts, geometry, data.lang)

    def p(self, text: str, style: ParagraphStyle) -> Paragraph:
        """``text`` as a paragraph; its line breaks are kept (a bilingual label's two lines)."""
        return Paragraph("<br/>".join(self.fonts.markup(line) for line in text.split("\n")), style)

    def pick(self, pair: tuple[str, str]) -> str:
        """A label in the paper's language; bilingual: the English on a line of its own, so
        a narrow column breaks between the languages and not inside an English word."""
        return "\n".join(pair) if self.lang == texts.BILINGUAL else pick(pair, self.lang)

    def cell(self, text: str, style: ParagraphStyle, width: float) -> str | Paragraph:
        """A plain table string when it fits on one line in the primary face (much cheaper to
        lay out), else a wrapping Paragraph with per-character font fallback."""
        if (
            self.fonts.primary_covers(text)
            and "\n" not in text
            and (stringWidth(text, self.fonts.primary, style.fontSize) <= width)
        ):
            return text
        return self.p(text, style)

    def t(self, key: str) -> str:
        return self.pick(texts.LABELS[key])

    def field(self, key: str, value: str) -> str:
        return f"{label(key, self.lang)}{texts.colon(self.lang)}{value}"
