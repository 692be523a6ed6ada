"""The materials table: which of the case's materials a document lists, with their form,
count and status (a deferred one with its deadline; one still owed with the standard it must
meet, and the clerk's note beside it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from printing import texts
from printing.bundle_receipt import shared_mark
from printing.document_data import TO_BRING, DocumentKind, MaterialRow
from printing.geometry import ROLL_GEOMETRY
from printing.styles import by_lang, text_commands
from printing.texts import pick
from printing.typesetter import Typesetter


def _material_rows(ts: Typesetter) -> tuple[str, Sequence[MaterialRow]]:
    d = ts.data
    if d.kind is DocumentKind.NOTICE:
        return "materials_missing", [m for m in d.materials if m.status in TO_BRING]
    if d.kind is DocumentKind.VOUCHER:
        return "materials_received", [m for m in d.materials if m.status == "received"]
    if d.kind is DocumentKind.SUPPLY:  # a supplied 容缺 material keeps its deadline
        return "materials_supplied", [
            m for m in d.materials if m.deadline and m.status != "deferred"
        ]
    if d.kind is DocumentKind.TERMINATION:
        return "materials_deferred", [m for m in d.materials if m.status == "deferred"]
    if d.kind is DocumentKind.CORRECTION:
        corrected = d.correction.materials if d.correction else ()
        return "materials_corrected", [m for m in d.materials if m.name in corrected]
    if d.kind is DocumentKind.BUNDLE_RECEIPT:
        # What was handed in once for all the bundle's items; what a notified item still
        # needs is a line under that item in the table of cases (bundle_receipt.cases_table).
        return "materials_once", [m for m in d.materials if m.status not in TO_BRING]
    # An optional material the applicant did not bring is nothing they owe.
    return "materials", [m for m in d.materials if m.required or m.status != "missing"]


def materials_table(ts: Typesetter) -> list[Flowable]:
    if ts.data.kind is DocumentKind.PAYMENT:
        return []  # a request to pay: the materials are on the receipt
    if ts.data.kind in (DocumentKind.REFUSAL, DocumentKind.HANDOVER):
        # A refusal decides on the application, not its materials: listing them as missing
        # would tell an applicant who may not apply here to go and collect them. A
        # hand-over is about the result: the materials were receipted long before.
        return []
    heading, rows = _material_rows(ts)
    out: list[Flowable] = [ts.p(ts.t(heading), ts.s.heading)]
    if rows:
        return [*out, *rows_tables(ts, rows)]
    return [*out, ts.p(ts.t("none"), ts.s.body)]


def rows_tables(ts: Typesetter, rows: Sequence[MaterialRow]) -> list[Table]:
    """The table of ``rows``, its last row apart: number, name (with the bundle's items
    sharing it beside it, the standard and the clerk's note beneath), form, count and
    status."""
    roll = ts.g is ROLL_GEOMETRY
    # A bundle's merged checklist is long (every item's materials): set small and close,
    # as the table of its cases above it, for a bundle of four to fit one A4 page.
    bundled = ts.data.kind is DocumentKind.BUNDLE_RECEIPT
    cell = ts.s.small if roll or bundled else ts.s.body
    top, bottom = (1, 1.5) if bundled else (1.5, 2.5)
    padding = 1.5 if roll else 3
    w = ts.g.width
    if roll:
        # Sized so the longest fixed labels ("Electronic", "by 2026-12-04") fit unbroken, and
        # a bilingual header's 序号 and 份数 stay on one line above their English.
        fixed = [
            by_lang(ts.lang, zh=7, en=6, both=7) * mm,
            by_lang(ts.lang, zh=9.5, en=12.5, both=12.5) * mm,
            by_lang(ts.lang, zh=7, en=6, both=7) * mm,
            by_lang(ts.lang, zh=17, en=19, both=19) * mm,
        ]
        widths = [fixed[0], w - sum(fixed), *fixed[1:]]
    else:
        widths = [11 * mm, w - 11 * mm - 24 * mm - 14 * mm - 40 * mm, 24 * mm, 14 * mm, 40 * mm]
    inner = [width - 2 * padding for width in widths]
    header = [
        ts.t("no"),
        ts.t("material"),
        ts.t("form"),
        ts.t("count"),
        ts.t("status"),
    ]
    data: list[list[Any]] = [[ts.cell(h, ts.s.grey, inner[i]) for i, h in enumerate(header)]]
    for number, row in enumerate(rows, start=1):
        remarks = [ts.field("standard", row.standard)] if row.standard else []
        remarks += [row.note] if row.note else []
        shared = shared_mark(ts, row)
        if remarks or shared:
            grey = f'<font size="{ts.g.small - 0.5}" color="#555555">'
            head = ts.fonts.markup(row.name)
            if shared:
                head += f" {grey}{ts.fonts.markup(shared)}</font>"
            name: str | Paragraph = Paragraph(
                "<br/>".join(
                    [head, *(f"{grey}{ts.fonts.markup(text)}</font>" for text in remarks)]
                ),
                cell,
            )
        else:
            name = ts.cell(row.name, cell, inner[1])
        status_text = ts.pick(texts.STATUSES.get(row.status, (row.status, row.status)))
        status: str | Paragraph = ts.cell(status_text, cell, inner[4])
        if row.deadline is not None and row.status == "deferred":
            due = pick(("至", "by "), ts.lang) + texts.fmt_date(row.deadline, ts.lang)
            status = ts.p(f"{status_text}\n{due}", cell)
        form = ts.pick(texts.FORMS[row.form]) if row.form in texts.FORMS else "—"
        count = str(row.count) if row.count else "—"
        data.append(
            [
                str(number),
                name,
                ts.cell(form, cell, inner[2]),
                count,
                status,
            ]
        )
    style = [
        ("FONTNAME", (0, 0), (-1, -1), ts.fonts.primary),
        *text_commands((0, 0), (-1, -1), cell),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), ts.g.rule, colors.black),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), top),
        ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
    ]
    headed = TableStyle([*style, *text_commands((0, 0), (-1, 0), ts.s.grey)])
    if len(data) <= 2:  # the header and one row
        return [Table(data, colWidths=widths, style=headed)]
    # The last row is a table of its own, drawn flush under the others: a copy keeps its
    # signatures with it, so they never stand alone on a page.
    return [
        Table(data[:-1], colWidths=widths, repeatRows=1, style=headed),
        Table(data[-1:], colWidths=widths, style=TableStyle(style)),
    ]
