"""Pages: footers that count "page x of y" within each copy, and the page templates."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from printing import texts
from printing.document_data import DocumentData
from printing.fonts import FontSet
from printing.geometry import GREY, ROLL_GEOMETRY, Geometry
from printing.texts import label


class FooterCanvas(Canvas):
    """Defers pages so each footer can say "page x of y" counted within its copy."""

    def __init__(self, *args: Any, footer: Footer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._pages: list[tuple[dict[str, Any], int]] = []
        self.copy_index = 0

    def showPage(self) -> None:
        self._pages.append((dict(self.__dict__), self.copy_index))
        self._startPage()

    def save(self) -> None:
        totals = Counter(copy for _, copy in self._pages)
        seen: Counter[int] = Counter()
        for state, copy in self._pages:
            self.__dict__.update(state)
            seen[copy] += 1
            self._footer.draw(self, copy, seen[copy], totals[copy])
            super().showPage()
        super().save()


@dataclass(frozen=True)
class Footer:
    data: DocumentData
    fonts: FontSet
    geometry: Geometry
    copy_labels: tuple[str, ...]

    def draw(self, canvas: Canvas, copy: int, page: int, total: int) -> None:
        g = self.geometry
        lang = self.data.lang
        if lang == texts.BILINGUAL and g is ROLL_GEOMETRY:
            # 80 mm holds the serial or the case number with one label only; the numbers
            # read the same in both languages.
            lang = "zh"
        size = g.small - 0.5
        canvas.saveState()
        canvas.setFillColor(GREY)
        y = g.margin_bottom - 7 * mm
        left = f"{label('serial', lang)} {self.data.serial}"
        right = texts.page_of(page, total, lang)
        if g is ROLL_GEOMETRY:
            self._text(canvas, g.page_width / 2, y + size * 1.4, left, size=size, align="center")
            self._text(
                canvas,
                g.page_width / 2,
                y,
                f"{self.data.case_no} · {right}",
                size=size,
                align="center",
            )
        else:
            canvas.setStrokeColor(GREY)
            canvas.setLineWidth(g.rule)
            top = y + size * 1.4
            canvas.line(g.margin_x, top + size * 1.5, g.page_width - g.margin_x, top + size * 1.5)
            copy_label = self.copy_labels[copy] if copy < len(self.copy_labels) else ""
            right_x = g.page_width - g.margin_x
            self._text(canvas, g.margin_x, top, left, size=size, align="left")
            self._text(canvas, right_x, top, copy_label, size=size, align="right")
            case = f"{label('case_no', lang)} {self.data.case_no}"
            self._text(canvas, g.margin_x, y, case, size=size, align="left")
            self._text(canvas, right_x, y, right, size=size, align="right")
        canvas.restoreState()

    def _text(
        self, canvas: Canvas, x: float, y: float, text: str, *, size: float, align: str
    ) -> None:
        runs = self.fonts.runs(text)
        width = sum(canvas.stringWidth(run, face, size) for face, run in runs)
        if align == "center":
            x -= width / 2
        elif align == "right":
            x -= width
        for face, run in runs:
            canvas.setFont(face, size)
            canvas.drawString(x, y, run)
            x += canvas.stringWidth(run, face, size)


def page_template(
    name: str, copy_index: int, g: Geometry, page_size: tuple[float, float]
) -> PageTemplate:
    frame = Frame(
        g.margin_x,
        g.margin_bottom,
        g.width,
        page_size[1] - g.margin_top - g.margin_bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id=name,
    )

    def on_page(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.copy_index = copy_index

    return PageTemplate(id=name, frames=[frame], onPage=on_page, pagesize=page_size)
