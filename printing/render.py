"""Lay a ``DocumentData`` out as a PDF: A4 (applicant copy + hall copy) or an 80 mm roll.

Every glyph comes from the app's embedded TrueType fonts (``printing.fonts``); the
barcode, QR code and rules are filled shapes or lines of at least 0.5 pt, so nothing fades
on a thermal printer.
"""

from __future__ import annotations

import functools
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from printing import texts
from printing.fonts import FontSet
from printing.model import DocumentData, DocumentKind, MaterialRow, PaperFormat
from printing.texts import label, pick

MIN_LINE_WIDTH = 0.5  # pt: thinner rules vanish on 203 dpi thermal heads
ROLL_WIDTH = 80 * mm
ROLL_PRINTABLE = 72 * mm
GREY = colors.Color(0.35, 0.35, 0.35)


@dataclass(frozen=True)
class _Geometry:
    page_width: float
    margin_x: float
    margin_top: float
    margin_bottom: float  # includes the footer band
    body: float  # font sizes, pt
    small: float
    title: float
    qr_size: float
    bar_height: float
    bar_width: float  # preferred narrowest bar
    rule: float

    @property
    def width(self) -> float:
        return self.page_width - 2 * self.margin_x


A4_GEOMETRY = _Geometry(
    page_width=A4[0],
    margin_x=18 * mm,
    margin_top=14 * mm,
    margin_bottom=16 * mm,
    body=10.5,
    small=8.5,
    title=18,
    qr_size=30 * mm,
    bar_height=11 * mm,
    bar_width=0.33 * mm,
    rule=MIN_LINE_WIDTH,
)
ROLL_GEOMETRY = _Geometry(
    page_width=ROLL_WIDTH,
    margin_x=(ROLL_WIDTH - ROLL_PRINTABLE) / 2,
    margin_top=4 * mm,
    margin_bottom=12 * mm,
    body=8.5,
    small=7.5,
    title=12.5,
    qr_size=30 * mm,
    bar_height=10 * mm,
    bar_width=0.25 * mm,
    rule=MIN_LINE_WIDTH,
)


@functools.lru_cache(maxsize=64)
def _qr_matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    # A fixed mask skips qrcode's eight trial encodings (~40 ms); any mask is valid and
    # scanners read them all, the choice only tunes the module balance.
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4, mask_pattern=2)
    code.add_data(text)
    code.make(fit=True)
    return tuple(tuple(row) for row in code.get_matrix())


class _QrCode(Flowable):
    """A QR code drawn as filled modules (no strokes), quiet zone included."""

    def __init__(self, text: str, size: float) -> None:
        super().__init__()
        self.matrix = _qr_matrix(text)
        self.size = size
        self.width = self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        count = len(self.matrix)
        module = self.size / count
        canvas = self.canv
        canvas.setFillColor(colors.black)
        path = canvas.beginPath()
        for row, cells in enumerate(self.matrix):
            y = self.size - (row + 1) * module
            col = 0
            while col < count:
                if cells[col]:
                    start = col
                    while col < count and cells[col]:
                        col += 1
                    path.rect(start * module, y, (col - start) * module, module)
                else:
                    col += 1
        canvas.drawPath(path, stroke=0, fill=1)


def _barcode(value: str, geometry: _Geometry, length: float) -> Code128:
    """Code128 of the case number with bars up to the preferred width, at most ``length``
    long including its quiet zones."""
    modules = Code128(value, barWidth=1.0, quiet=0).width + 20
    bar = min(geometry.bar_width, length / modules)
    return Code128(
        value,
        barWidth=bar,
        barHeight=geometry.bar_height,
        humanReadable=0,
        quiet=1,
        lquiet=10 * bar,
        rquiet=10 * bar,
    )


class _Rotated(Flowable):
    """A flowable turned 90° counter-clockwise.

    The roll's case-number barcode runs along the paper: across 72 mm its bars would be
    narrower than two dots of a 203 dpi head and unreadable; along the roll it keeps
    0.25 mm bars whatever the number's length.
    """

    def __init__(self, inner: Flowable) -> None:
        super().__init__()
        self.inner = inner

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width, height = self.inner.wrap(avail_height, avail_width)
        self.width, self.height = height, width
        return self.width, self.height

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.translate(self.width, 0)
        self.canv.rotate(90)
        self.inner.drawOn(self.canv, 0, 0)
        self.canv.restoreState()


class _Styles:
    def __init__(self, fonts: FontSet, geometry: _Geometry, lang: str) -> None:
        base = ParagraphStyle(
            "body",
            fontName=fonts.primary,
            fontSize=geometry.body,
            leading=geometry.body * 1.45,
            wordWrap="CJK",
        )
        self.body = base
        self.first_line = ParagraphStyle(
            "first",
            parent=base,
            firstLineIndent=0 if lang == "en" else 2 * geometry.body,
            spaceBefore=2,
        )
        self.small = ParagraphStyle(
            "small", parent=base, fontSize=geometry.small, leading=geometry.small * 1.35
        )
        self.grey = ParagraphStyle("grey", parent=self.small, textColor=GREY)
        self.value = ParagraphStyle("value", parent=base, leading=geometry.body * 1.3)
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


class _DocumentLayout:
    """Builds the flowables of one copy of a document."""

    def __init__(self, data: DocumentData, fonts: FontSet, geometry: _Geometry) -> None:
        self.data = data
        self.fonts = fonts
        self.g = geometry
        self.lang = data.lang
        self.s = _Styles(fonts, geometry, data.lang)

    def p(self, text: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph(self.fonts.markup(text), style)

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
        return label(key, self.lang)

    def field(self, key: str, value: str) -> str:
        return f"{self.t(key)}{texts.colon(self.lang)}{value}"

    # -- pieces -----------------------------------------------------------------------

    def header(self, copy_label: str | None) -> list[Flowable]:
        d = self.data
        out: list[Flowable] = []
        top = [self.p(d.hall_name, self.s.small if copy_label else self.s.center_small)]
        if copy_label:
            top.append(self.p(copy_label, self.s.right_small))
        if len(top) == 2:
            row = Table([top], colWidths=[self.g.width * 0.6, self.g.width * 0.4])
            row.setStyle(_plain(self.fonts.primary))
            out.append(row)
        else:
            out.append(top[0])
        out.append(self.p(pick(texts.TITLES[d.kind], self.lang), self.s.title))
        if d.reprint is not None:
            mark = Table(
                [
                    [
                        self.p(
                            texts.reprint_mark(d.reprint.number, d.reprint.at, self.lang),
                            self.s.center,
                        )
                    ]
                ],
                colWidths=[self.g.width],
            )
            mark.setStyle(
                TableStyle(
                    [
                        *_plain_commands(self.fonts.primary),
                        ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
                        ("TOPPADDING", (0, 0), (-1, -1), 2),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    ]
                )
            )
            out.append(mark)
            out.append(Spacer(1, 2 * mm))
        serial = self.field("serial", d.serial)
        issued = self.field("issued_at", texts.fmt_time(d.issued_at, self.lang))
        if self.g is ROLL_GEOMETRY:
            # The roll's footer carries the serial; 42 characters do not fit beside a label.
            out.append(self.p(issued, self.s.center_small))
        else:
            out.append(self.p(f"{serial}    {issued}", self.s.right_small))
        return out

    def facts(self) -> list[tuple[str, str]]:
        d = self.data
        rows = [
            (self.t("case_no"), d.case_no),
            (self.t("applicant"), d.applicant_name),
            (self.t("id_number"), d.applicant_id_masked),
            (self.t("item"), d.item_name),
            (self.t("item_code"), d.item_code),
        ]
        if d.department:
            rows.append((self.t("department"), d.department))
        rows.append(
            (
                self.t("case_type"),
                pick(texts.CASE_TYPES.get(d.case_type, (d.case_type, d.case_type)), self.lang),
            )
        )
        rows.append((self.t("received_at"), texts.fmt_time(d.received_at, self.lang)))
        if d.kind in (DocumentKind.RECEIPT, DocumentKind.DEFERRAL):
            rows.append((self.t("accepted_at"), texts.fmt_time(d.accepted_at, self.lang)))
            if d.case_type == "promised" or d.promised_date:
                days = (
                    (
                        f"（{d.promised_days}个工作日）"
                        if self.lang == "zh"
                        else f" ({d.promised_days} working days)"
                    )
                    if d.promised_days
                    else ""
                )
                rows.append((self.t("promised"), texts.fmt_date(d.promised_date, self.lang) + days))
        if d.kind is DocumentKind.DEFERRAL:
            rows.append(
                (self.t("deferral_deadline"), texts.fmt_date(d.deferral_deadline, self.lang))
            )
        rows.append(
            (
                self.t("window"),
                f"{d.hall_name} · {d.window_code}"
                if self.g is not ROLL_GEOMETRY
                else d.window_code,
            )
        )
        rows.append((self.t("clerk"), d.clerk))
        return rows

    def facts_table(self, width: float) -> Table:
        label_width = (
            (24 if self.lang == "en" else 22) * mm
            if self.g is A4_GEOMETRY
            else (20 if self.lang == "en" else 17) * mm
        )
        value_width = width - label_width
        data = [
            [self.cell(k, self.s.grey, label_width - 1), self.cell(v, self.s.value, value_width)]
            for k, v in self.facts()
        ]
        table = Table(data, colWidths=[label_width, value_width])
        table.setStyle(
            TableStyle(
                [
                    *_plain_commands(self.fonts.primary),
                    *_text_commands((0, 0), (0, -1), self.s.grey),
                    *_text_commands((1, 0), (1, -1), self.s.value),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        return table

    def qr_block(self) -> list[Flowable]:
        return [
            _QrCode(self.data.tracking_url, self.g.qr_size),
            self.p(self.t("track"), self.s.center_small),
        ]

    def barcode_block(self, width: float) -> list[Flowable]:
        code = _barcode(self.data.case_no, self.g, width)
        holder = Table([[code]], colWidths=[width])
        holder.setStyle(
            TableStyle(
                [*_plain_commands(self.fonts.primary), ("ALIGN", (0, 0), (-1, -1), "CENTER")]
            )
        )
        return [holder, self.p(self.data.case_no, self.s.center_small)]

    def body(self) -> list[Flowable]:
        out: list[Flowable] = [Spacer(1, 2 * mm)]
        d = self.data
        if d.kind is DocumentKind.REFUSAL:
            out.append(self.p(self.field("reason", d.decision_reason or "—"), self.s.body))
            out.append(
                self.p(
                    self.field(
                        "legal_basis", d.legal_basis or pick(texts.DEFAULT_REFUSAL_BASIS, self.lang)
                    ),
                    self.s.body,
                )
            )
            if d.redirect_to:
                out.append(self.p(self.field("redirect", d.redirect_to), self.s.body))
            out.append(Spacer(1, 1.5 * mm))
        out.extend(self.p(text, self.s.first_line) for text in texts.body(d))
        return out

    def material_rows(self) -> tuple[str, Sequence[MaterialRow]]:
        d = self.data
        if d.kind is DocumentKind.NOTICE:
            return "materials_missing", [
                m for m in d.materials if m.status in ("missing", "nonconforming")
            ]
        if d.kind is DocumentKind.VOUCHER:
            return "materials_received", [m for m in d.materials if m.status == "received"]
        return "materials", list(d.materials)

    def materials_table(self) -> list[Flowable]:
        heading, rows = self.material_rows()
        out: list[Flowable] = [self.p(self.t(heading), self.s.heading)]
        if not rows:
            out.append(self.p(self.t("none"), self.s.body))
            return out
        roll = self.g is ROLL_GEOMETRY
        cell = self.s.small if roll else self.s.body
        padding = 1.5 if roll else 3
        w = self.g.width
        if roll:
            fixed = (
                [7 * mm, 11 * mm, 7 * mm, 16 * mm]
                if self.lang == "zh"
                else [6 * mm, 13 * mm, 8 * mm, 15 * mm]
            )
            widths = [fixed[0], w - sum(fixed), *fixed[1:]]
        else:
            widths = [11 * mm, w - 11 * mm - 24 * mm - 14 * mm - 40 * mm, 24 * mm, 14 * mm, 40 * mm]
        inner = [width - 2 * padding for width in widths]
        header = [
            self.t("no"),
            self.t("material"),
            self.t("form"),
            self.t("count"),
            self.t("status"),
        ]
        data: list[list[Any]] = [
            [self.cell(h, self.s.grey, inner[i]) for i, h in enumerate(header)]
        ]
        for number, row in enumerate(rows, start=1):
            if row.note:
                name: str | Paragraph = Paragraph(
                    f'{self.fonts.markup(row.name)}<br/><font size="{self.g.small - 0.5}" '
                    f'color="#555555">{self.fonts.markup(row.note)}</font>',
                    cell,
                )
            else:
                name = self.cell(row.name, cell, inner[1])
            status = pick(texts.STATUSES.get(row.status, (row.status, row.status)), self.lang)
            if row.deadline is not None:
                status += ("，至" if self.lang == "zh" else ", by ") + texts.fmt_date(
                    row.deadline, self.lang
                )
            form = pick(texts.FORMS[row.form], self.lang) if row.form in texts.FORMS else "—"
            count = str(row.count) if row.count else "—"
            data.append(
                [
                    str(number),
                    name,
                    self.cell(form, cell, inner[2]),
                    count,
                    self.cell(status, cell, inner[4]),
                ]
            )
        table = Table(data, colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), self.fonts.primary),
                    *_text_commands((0, 0), (-1, 0), self.s.grey),
                    *_text_commands((0, 1), (-1, -1), cell),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("GRID", (0, 0), (-1, -1), self.g.rule, colors.black),
                    ("LEFTPADDING", (0, 0), (-1, -1), padding),
                    ("RIGHTPADDING", (0, 0), (-1, -1), padding),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ]
            )
        )
        out.append(table)
        return out

    def signatures(self) -> list[Flowable]:
        w = self.g.width
        rule = ("LINEBELOW", (1, 0), (1, -1), self.g.rule, colors.black)
        roll = self.g is ROLL_GEOMETRY
        if roll:
            rows = [
                [self.p(self.t(k) + texts.colon(self.lang), self.s.small), ""]
                for k in ("sign_applicant", "sign_clerk", "date")
            ]
            label_w = 32 * mm if self.lang == "en" else 24 * mm
            table = Table(rows, colWidths=[label_w, w - label_w], rowHeights=[7 * mm] * 3)
            table.setStyle(
                TableStyle(
                    [
                        *_plain_commands(self.fonts.primary),
                        rule,
                        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ]
                )
            )
            return [Spacer(1, 3 * mm), table]
        label_w = 40 * mm if self.lang == "en" else 34 * mm
        half = w / 2
        rows = [
            [
                self.p(self.t("sign_applicant") + texts.colon(self.lang), self.s.body),
                "",
                self.p(self.t("sign_clerk") + texts.colon(self.lang), self.s.body),
                "",
            ],
            [
                self.p(self.t("date") + texts.colon(self.lang), self.s.body),
                "",
                self.p(self.t("seal"), self.s.body),
                "",
            ],
        ]
        table = Table(
            rows,
            colWidths=[label_w, half - label_w - 6 * mm, label_w + 6 * mm, half - label_w],
            rowHeights=[11 * mm, 11 * mm],
        )
        table.setStyle(
            TableStyle(
                [
                    *_plain_commands(self.fonts.primary),
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("LINEBELOW", (1, 0), (1, 1), self.g.rule, colors.black),
                    ("LINEBELOW", (3, 0), (3, 0), self.g.rule, colors.black),
                ]
            )
        )
        return [Spacer(1, 4 * mm), KeepTogether([table])]

    def notes(self) -> list[Flowable]:
        d = self.data
        out: list[Flowable] = []
        if d.hall_phone:
            out.append(self.p(self.field("phone", d.hall_phone), self.s.grey))
        out.extend(self.p(note, self.s.grey) for note in d.extra_notes)
        return out

    # -- whole copies -----------------------------------------------------------------

    def a4_copy(self, copy_label: str) -> list[Flowable]:
        w = self.g.width
        qr_w = self.g.qr_size + 6 * mm
        facts = self.facts_table(w - qr_w)
        qr_cell = self.qr_block()
        top = Table([[facts, qr_cell]], colWidths=[w - qr_w, qr_w])
        top.setStyle(
            TableStyle(
                [
                    *_plain_commands(self.fonts.primary),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("ALIGN", (1, 0), (1, 0), "CENTER"),
                ]
            )
        )
        return [
            *self.header(copy_label),
            Spacer(1, 2 * mm),
            *self.barcode_block(w * 0.7),
            Spacer(1, 2 * mm),
            top,
            *self.body(),
            *self.materials_table(),
            *self.notes(),
            *self.signatures(),
        ]

    def roll(self) -> list[Flowable]:
        w = self.g.width
        barcode = _Rotated(_barcode(self.data.case_no, self.g, 200 * mm))
        bar_column = self.g.bar_height + 3 * mm
        side = Table(
            [[barcode, [self.facts_table(w - bar_column), Spacer(1, 3 * mm), *self.qr_block()]]],
            colWidths=[bar_column, w - bar_column],
        )
        side.setStyle(
            TableStyle(
                [
                    *_plain_commands(self.fonts.primary),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("ALIGN", (1, 0), (1, 0), "CENTER"),
                ]
            )
        )
        return [
            *self.header(None),
            Spacer(1, 1.5 * mm),
            side,
            *self.body(),
            *self.materials_table(),
            *self.notes(),
            *self.signatures(),
        ]


def _plain_commands(font: str) -> list[tuple[Any, ...]]:
    # Every table names its font: an empty cell would otherwise pull in (non-embedded) Helvetica.
    return [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]


def _text_commands(
    start: tuple[int, int], stop: tuple[int, int], style: ParagraphStyle
) -> list[tuple[Any, ...]]:
    """Table commands that give plain string cells the look of ``style``."""
    return [
        ("FONTSIZE", start, stop, style.fontSize),
        ("LEADING", start, stop, style.leading),
        ("TEXTCOLOR", start, stop, style.textColor),
    ]


def _plain(font: str) -> TableStyle:
    return TableStyle([*_plain_commands(font), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")])


class _FooterCanvas(Canvas):
    """Defers pages so each footer can say "page x of y" counted within its copy."""

    def __init__(self, *args: Any, footer: _Footer, **kwargs: Any) -> None:
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
class _Footer:
    data: DocumentData
    fonts: FontSet
    geometry: _Geometry
    copy_labels: tuple[str, ...]

    def draw(self, canvas: Canvas, copy: int, page: int, total: int) -> None:
        g = self.geometry
        lang = self.data.lang
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


def _stack_height(flowables: Sequence[Flowable], width: float) -> float:
    total = 0.0
    for flowable in flowables:
        _, height = flowable.wrap(width, 10_000 * mm)
        total += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def render_pdf(data: DocumentData, fmt: PaperFormat, fonts: FontSet) -> bytes:
    """The document as PDF bytes. A4 holds the applicant copy then the hall copy, each
    paginated on its own; the 80 mm roll holds one copy on one page exactly as long as its
    content."""
    buffer = io.BytesIO()
    title = f"{pick(texts.TITLES[data.kind], data.lang)} {data.case_no}"
    if fmt is PaperFormat.A4:
        g = A4_GEOMETRY
        copy_labels = tuple(pick(c, data.lang) for c in texts.COPIES)
        page_size = A4
        layout = _DocumentLayout(data, fonts, g)
        story: list[Flowable] = []
        templates = []
        for index, copy_label in enumerate(copy_labels):
            templates.append(_page_template(f"copy{index}", index, g, page_size))
            if index:
                story += [NextPageTemplate(f"copy{index}"), PageBreak()]
            story += layout.a4_copy(copy_label)
    else:
        g = ROLL_GEOMETRY
        copy_labels = ()
        layout = _DocumentLayout(data, fonts, g)
        story = layout.roll()
        content = _stack_height(story, g.width)
        # Rounding in the frame's own accounting can differ from the sum by a fraction of a
        # point; the slack keeps the roll on one page.
        page_size = (g.page_width, g.margin_top + content + g.margin_bottom + 2 * mm)
        templates = [_page_template("roll", 0, g, page_size)]
    doc = BaseDocTemplate(
        buffer,
        pagesize=page_size,
        title=title,
        author=data.hall_name,
        subject=data.serial,
        creator="counter-app",
        leftMargin=g.margin_x,
        rightMargin=g.margin_x,
        topMargin=g.margin_top,
        bottomMargin=g.margin_bottom,
        initialFontName=fonts.primary,
    )
    doc.addPageTemplates(templates)
    footer = _Footer(data, fonts, g, copy_labels)
    doc.build(
        story,
        canvasmaker=lambda *a, **k: _FooterCanvas(*a, footer=footer, **k),
    )
    return buffer.getvalue()


def _page_template(
    name: str, copy_index: int, g: _Geometry, page_size: tuple[float, float]
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
