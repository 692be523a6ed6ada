"""Lay a ``DocumentData`` out as a PDF: A4 (applicant copy + hall copy) or an 80 mm roll.

The blocks of a copy come from ``heading``, ``facts``, ``code_blocks``, ``body_text``,
``materials_table``, ``bundle_receipt`` and ``signatures``; this module stacks them into a
copy and builds the PDF.

Every glyph comes from the app's embedded TrueType fonts (``printing.fonts``); the
barcode, QR code and rules are filled shapes or lines of at least 0.5 pt, so nothing fades
on a thermal printer.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from counter_app.domain.documents import DOCUMENT_TITLES
from printing import texts
from printing.body_text import body, notes
from printing.bundle_receipt import cases_table
from printing.code_blocks import barcode_block, qr_block
from printing.codes import Rotated, case_barcode
from printing.document_data import DocumentData, PaperFormat, printed_texts
from printing.facts import facts_table
from printing.fonts import FontSet
from printing.geometry import A4_GEOMETRY, ROLL_GEOMETRY
from printing.heading import header
from printing.materials_table import materials_table
from printing.pages import Footer, FooterCanvas, page_template
from printing.signatures import signatures
from printing.styles import plain_commands
from printing.texts import pick
from printing.typesetter import Typesetter


def a4_body(ts: Typesetter) -> list[Flowable]:
    """Everything of an A4 copy below its header, built afresh for each copy: platypus
    marks a flowable it had to push to the next page, and takes the same object pushed
    again (in the second copy) for one that can never fit."""
    w = ts.g.width
    qr_w = ts.g.qr_size + 6 * mm
    facts = facts_table(ts, w - qr_w)
    qr_cell = qr_block(ts)
    top = Table([[facts, qr_cell]], colWidths=[w - qr_w, qr_w])
    top.setStyle(
        TableStyle(
            [
                *plain_commands(ts.fonts.primary),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
            ]
        )
    )
    # The signatures never stand alone on a copy's last page: they go with what is before
    # them (the materials table's last row, or the "none" under its heading) and the notes.
    *listed, last = materials_table(ts) or [Spacer(1, 0)]
    return [
        Spacer(1, 2 * mm),
        *barcode_block(ts, w * 0.7),
        Spacer(1, 2 * mm),
        top,
        *body(ts),
        *cases_table(ts),
        *listed,
        KeepTogether([last, *notes(ts), *signatures(ts)]),
    ]


def roll(ts: Typesetter) -> list[Flowable]:
    w = ts.g.width
    barcode = Rotated(case_barcode(ts.data.case_no, ts.g, 200 * mm))
    bar_column = ts.g.bar_height + 3 * mm
    side = Table(
        [[barcode, [facts_table(ts, w - bar_column), Spacer(1, 3 * mm), *qr_block(ts)]]],
        colWidths=[bar_column, w - bar_column],
    )
    side.setStyle(
        TableStyle(
            [
                *plain_commands(ts.fonts.primary),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
            ]
        )
    )
    return [
        *header(ts, None),
        Spacer(1, 1.5 * mm),
        side,
        *body(ts),
        *cases_table(ts),
        *materials_table(ts),
        *notes(ts),
        *signatures(ts),
    ]


def _stack_height(flowables: Sequence[Flowable], width: float) -> float:
    total = 0.0
    for flowable in flowables:
        _, height = flowable.wrap(width, 10_000 * mm)
        total += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def render_pdf(data: DocumentData, fmt: PaperFormat, fonts: FontSet) -> bytes:
    """The document as PDF bytes. A4 holds the applicant copy then the hall copy, each
    paginated on its own; the 80 mm roll holds one copy on one page exactly as long as its
    content. Raises ``UnprintableCharacters`` for a text the fonts cannot draw in full."""
    fonts.refuse_unprintable(printed_texts(data))
    buffer = io.BytesIO()
    title = f"{pick(DOCUMENT_TITLES[data.kind], data.lang)} {data.case_no}"
    if fmt is PaperFormat.A4:
        g = A4_GEOMETRY
        copy_labels = tuple(pick(c, data.lang) for c in texts.COPIES)
        page_size = A4
        ts = Typesetter(data, fonts, g)
        story: list[Flowable] = []
        templates = []
        for index, copy_label in enumerate(copy_labels):
            templates.append(page_template(f"copy{index}", index, g, page_size))
            if index:
                story += [NextPageTemplate(f"copy{index}"), PageBreak()]
            story += [*header(ts, copy_label), *a4_body(ts)]
    else:
        g = ROLL_GEOMETRY
        copy_labels = ()
        ts = Typesetter(data, fonts, g)
        story = roll(ts)
        content = _stack_height(story, g.width)
        # Rounding in the frame's own accounting can differ from the sum by a fraction of a
        # point; the slack keeps the roll on one page.
        page_size = (g.page_width, g.margin_top + content + g.margin_bottom + 2 * mm)
        templates = [page_template("roll", 0, g, page_size)]
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
    footer = Footer(data, fonts, g, copy_labels)
    doc.build(
        story,
        canvasmaker=lambda *a, **k: FooterCanvas(*a, footer=footer, **k),
    )
    return buffer.getvalue()
