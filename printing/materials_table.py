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
from printing.document_data import DocumentKind, MaterialRow
from printing.geometry import ROLL_GEOMETRY
from printing.styles import by_lang, text_commands
from printing.texts import pick
from printing.typesetter import Typesetter


def _material_rows(ts: Typesetter) -> tuple[str, Sequence[MaterialRow]]:
    d = ts.data
    if d.kind is DocumentKind.NOTICE:
        return "materials_missing", [
            m for m in d.materials if m.status in ("missing", "nonconforming")
        ]
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
    if not rows:
        out.append(ts.p(ts.t("none"), ts.s.body))
        return out
    roll = ts.g is ROLL_GEOMETRY
    cell = ts.s.small if roll else ts.s.body
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
        if remarks:
            name: str | Paragraph = Paragraph(
                "<br/>".join(
                    [
                        ts.fonts.markup(row.name),
                        *(
                            f'<font size="{ts.g.small - 0.5}" color="#555555">'
                            f"{ts.fonts.markup(text)}</font>"
                            for text in remarks
                        ),
                    ]
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
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), ts.fonts.primary),
                *text_commands((0, 0), (-1, 0), ts.s.grey),
                *text_commands((0, 1), (-1, -1), cell),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("GRID", (0, 0), (-1, -1), ts.g.rule, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), padding),
                ("RIGHTPADDING", (0, 0), (-1, -1), padding),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    out.append(table)
    return out
