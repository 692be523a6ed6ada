"""The head of a copy: the hall, the copy's label, the document's title (both languages on
bilingual paper), a reprint's mark, and the serial and time of issue."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from counter_app.domain.documents import DOCUMENT_TITLES
from printing import texts
from printing.geometry import ROLL_GEOMETRY
from printing.styles import plain_commands
from printing.texts import pick
from printing.typesetter import Typesetter


def header(ts: Typesetter, copy_label: str | None) -> list[Flowable]:
    d = ts.data
    out: list[Flowable] = []
    top = [ts.p(d.hall_name, ts.s.small if copy_label else ts.s.center_small)]
    if copy_label:
        top.append(ts.p(copy_label, ts.s.right_small))
    if len(top) == 2:
        row = Table([top], colWidths=[ts.g.width * 0.6, ts.g.width * 0.4])
        row.setStyle(_plain(ts.fonts.primary))
        out.append(row)
    else:
        out.append(top[0])
    zh_title, en_title = DOCUMENT_TITLES[d.kind]
    if ts.lang == texts.BILINGUAL:  # the English title on a line of its own, smaller
        out.append(
            Paragraph(
                f"{ts.fonts.markup(zh_title)}<br/>"
                f'<font size="{ts.g.body + 1}">{ts.fonts.markup(en_title)}</font>',
                ts.s.title,
            )
        )
    else:
        out.append(ts.p(pick(DOCUMENT_TITLES[d.kind], ts.lang), ts.s.title))
    if d.reprint is not None:
        mark = Table(
            [
                [
                    ts.p(
                        texts.reprint_mark(d.reprint.number, d.reprint.at, ts.lang),
                        ts.s.center,
                    )
                ]
            ],
            colWidths=[ts.g.width],
        )
        mark.setStyle(
            TableStyle(
                [
                    *plain_commands(ts.fonts.primary),
                    ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        out.append(mark)
        out.append(Spacer(1, 2 * mm))
    serial = ts.field("serial", d.serial)
    issued = ts.field("issued_at", texts.fmt_time(d.issued_at, ts.lang))
    if ts.g is ROLL_GEOMETRY:
        # The roll's footer carries the serial; 42 characters do not fit beside a label.
        out.append(ts.p(issued, ts.s.center_small))
    else:
        out.append(ts.p(f"{serial}    {issued}", ts.s.right_small))
    return out


def _plain(font: str) -> TableStyle:
    return TableStyle([*plain_commands(font), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")])
