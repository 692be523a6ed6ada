"""Lay a ``DocumentData`` out as a PDF: A4 (applicant copy + hall copy) or an 80 mm roll.

Every glyph comes from the app's embedded TrueType fonts (``printing.fonts``); the
barcode, QR code and rules are filled shapes or lines of at least 0.5 pt, so nothing fades
on a thermal printer.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from counter_app.domain.documents import DOCUMENT_TITLES
from printing import texts
from printing.codes import QrCode, Rotated, case_barcode
from printing.document_data import DocumentData, DocumentKind, MaterialRow, PaperFormat
from printing.fonts import FontSet
from printing.geometry import A4_GEOMETRY, ROLL_GEOMETRY, Geometry
from printing.pages import Footer, FooterCanvas, page_template
from printing.styles import Styles, by_lang, plain_commands, text_commands
from printing.texts import label, pick

# The documents of an accepted case, which show its fee beside the promised date.
_SHOWS_FEE = (DocumentKind.RECEIPT, DocumentKind.DEFERRAL, DocumentKind.SUPPLY)


class _DocumentLayout:
    """Builds the flowables of one copy of a document."""

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
        zh_title, en_title = DOCUMENT_TITLES[d.kind]
        if self.lang == texts.BILINGUAL:  # the English title on a line of its own, smaller
            out.append(
                Paragraph(
                    f"{self.fonts.markup(zh_title)}<br/>"
                    f'<font size="{self.g.body + 1}">{self.fonts.markup(en_title)}</font>',
                    self.s.title,
                )
            )
        else:
            out.append(self.p(pick(DOCUMENT_TITLES[d.kind], self.lang), self.s.title))
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
                        *plain_commands(self.fonts.primary),
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
            (self.t("applicant"), texts.applicant_name(d)),
            (self.t("id_number"), d.applicant_id_masked),
            (self.t("item"), d.item_name),
            (self.t("item_code"), d.item_code),
        ]
        if d.city_wide:
            # 全市通办: the applicant learns who accepted it and who decides it.
            rows.append((self.t("accepted_by"), d.hall_name))
            department = d.department or "—"
            rows.append(
                (
                    self.t("handled_by"),
                    self.pick((f"{department}（全市通办）", f"{department} (city-wide service)")),
                )
            )
        elif d.department:
            rows.append((self.t("department"), d.department))
        rows.append(
            (
                self.t("case_type"),
                self.pick(texts.CASE_TYPES.get(d.case_type, (d.case_type, d.case_type))),
            )
        )
        rows.append((self.t("received_at"), texts.fmt_time(d.received_at, self.lang)))
        if d.kind in (DocumentKind.RECEIPT, DocumentKind.DEFERRAL, DocumentKind.SUPPLY):
            rows.append((self.t("accepted_at"), texts.fmt_time(d.accepted_at, self.lang)))
            if d.case_type == "promised" or d.promised_date:
                days = (
                    pick(
                        (f"（{d.promised_days}个工作日）", f" ({d.promised_days} working days)"),
                        self.lang,
                    )
                    if d.promised_days
                    else ""
                )
                rows.append((self.t("promised"), texts.fmt_date(d.promised_date, self.lang) + days))
        if d.kind in (DocumentKind.DEFERRAL, DocumentKind.TERMINATION):
            rows.append(
                (self.t("deferral_deadline"), texts.fmt_date(d.deferral_deadline, self.lang))
            )
        if d.kind is DocumentKind.WITHDRAWAL:
            rows.append((self.t("withdrawn_at"), texts.fmt_time(d.withdrawn_at, self.lang)))
        if d.kind is DocumentKind.HANDOVER and d.collection is not None:
            collection = d.collection
            rows += [
                (self.t("collected_at"), texts.fmt_time(collection.at, self.lang)),
                (self.t("collection"), self.pick(texts.COLLECTIONS[collection.by_proxy])),
                (self.t("collector"), collection.collector_name),
                (self.t("collector_id"), collection.collector_id_masked),
            ]
        if d.kind is DocumentKind.CORRECTION and d.correction is not None:
            c = d.correction
            rows.append(
                (self.t("correction_requested_at"), texts.fmt_time(c.requested_at, self.lang))
            )
            rows.append((self.t("corrected_at"), texts.fmt_time(c.corrected_at, self.lang)))
            rows.append((self.t("promised_before"), texts.fmt_date(c.promised_before, self.lang)))
            rows.append((self.t("promised"), texts.fmt_date(d.promised_date, self.lang)))
        if d.fee_cents is not None and d.kind in _SHOWS_FEE:
            rows.append((self.t("fee"), texts.fmt_fee(d.fee_cents, d.paid, self.lang)))
        if d.kind is DocumentKind.PAYMENT:
            rows.append((self.t("amount_due"), texts.fmt_fee(d.fee_cents or 0, None, self.lang)))
            rows.append((self.t("payee"), d.payee or "—"))
            rows.append((self.t("payment_reference"), d.payment_reference or "—"))
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
            by_lang(self.lang, zh=22, en=24, both=26) * mm
            if self.g is A4_GEOMETRY
            else by_lang(self.lang, zh=17, en=20, both=21) * mm
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
                    *plain_commands(self.fonts.primary),
                    *text_commands((0, 0), (0, -1), self.s.grey),
                    *text_commands((1, 0), (1, -1), self.s.value),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        return table

    def qr_block(self) -> list[Flowable]:
        if self.data.kind is DocumentKind.PAYMENT and self.data.payment_url:
            # The payment notice's code pays: the platform's page for this reference.
            return [
                QrCode(self.data.payment_url, self.g.qr_size),
                self.p(self.t("pay_by_scan"), self.s.center_small),
            ]
        if self.data.tracking_url is None:
            return []  # a case taken before progress pages: nothing to scan
        return [
            QrCode(self.data.tracking_url, self.g.qr_size),
            self.p(self.t("track"), self.s.center_small),
        ]

    def barcode_block(self, width: float) -> list[Flowable]:
        code = case_barcode(self.data.case_no, self.g, width)
        holder = Table([[code]], colWidths=[width])
        holder.setStyle(
            TableStyle([*plain_commands(self.fonts.primary), ("ALIGN", (0, 0), (-1, -1), "CENTER")])
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
        if d.kind is DocumentKind.WITHDRAWAL:
            out.append(
                self.p(self.field("withdrawal_reason", d.withdrawal_reason or "—"), self.s.body)
            )
        if d.kind is DocumentKind.CORRECTION and d.correction is not None:
            out.append(self.p(self.field("correction_note", d.correction.note or "—"), self.s.body))
            if d.correction.fields:
                names = [
                    pick(texts.APPLICANT_FIELDS.get(f, (f, f)), self.lang)
                    for f in d.correction.fields
                ]
                separator = ", " if self.lang == "en" else "、"
                out.append(
                    self.p(self.field("fields_corrected", separator.join(names)), self.s.body)
                )
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

    def materials_table(self) -> list[Flowable]:
        if self.data.kind is DocumentKind.PAYMENT:
            return []  # a request to pay: the materials are on the receipt
        if self.data.kind in (DocumentKind.REFUSAL, DocumentKind.HANDOVER):
            # A refusal decides on the application, not its materials: listing them as missing
            # would tell an applicant who may not apply here to go and collect them. A
            # hand-over is about the result: the materials were receipted long before.
            return []
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
            # Sized so the longest fixed labels ("Electronic", "by 2026-12-04") fit unbroken.
            fixed = (
                [7 * mm, 9.5 * mm, 7 * mm, 17 * mm]
                if self.lang == "zh"
                else [6 * mm, 12.5 * mm, 6 * mm, 19 * mm]
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
            status_text = self.pick(texts.STATUSES.get(row.status, (row.status, row.status)))
            status: str | Paragraph = self.cell(status_text, cell, inner[4])
            if row.deadline is not None and row.status == "deferred":
                due = pick(("至", "by "), self.lang) + texts.fmt_date(row.deadline, self.lang)
                status = self.p(f"{status_text}\n{due}", cell)
            form = self.pick(texts.FORMS[row.form]) if row.form in texts.FORMS else "—"
            count = str(row.count) if row.count else "—"
            data.append(
                [
                    str(number),
                    name,
                    self.cell(form, cell, inner[2]),
                    count,
                    status,
                ]
            )
        table = Table(data, colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), self.fonts.primary),
                    *text_commands((0, 0), (-1, 0), self.s.grey),
                    *text_commands((0, 1), (-1, -1), cell),
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
        # The 领取回执 is signed by whoever collected the result (a proxy, perhaps).
        signer = "sign_collector" if self.data.kind is DocumentKind.HANDOVER else "sign_applicant"
        rule = ("LINEBELOW", (1, 0), (1, -1), self.g.rule, colors.black)
        roll = self.g is ROLL_GEOMETRY
        if roll:
            rows = [
                [self.p(self.t(k) + texts.colon(self.lang), self.s.small), ""]
                for k in (signer, "sign_clerk", "date")
            ]
            label_w = by_lang(self.lang, zh=24, en=32, both=32) * mm
            table = Table(rows, colWidths=[label_w, w - label_w], rowHeights=[7 * mm] * 3)
            table.setStyle(
                TableStyle(
                    [
                        *plain_commands(self.fonts.primary),
                        rule,
                        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ]
                )
            )
            return [Spacer(1, 3 * mm), table]
        label_w = by_lang(self.lang, zh=34, en=40, both=40) * mm
        half = w / 2
        rows = [
            [
                self.p(self.t(signer) + texts.colon(self.lang), self.s.body),
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
                    *plain_commands(self.fonts.primary),
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

    def a4_body(self) -> list[Flowable]:
        """Everything of an A4 copy below its header, built afresh for each copy: platypus
        marks a flowable it had to push to the next page, and takes the same object pushed
        again (in the second copy) for one that can never fit."""
        w = self.g.width
        qr_w = self.g.qr_size + 6 * mm
        facts = self.facts_table(w - qr_w)
        qr_cell = self.qr_block()
        top = Table([[facts, qr_cell]], colWidths=[w - qr_w, qr_w])
        top.setStyle(
            TableStyle(
                [
                    *plain_commands(self.fonts.primary),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("ALIGN", (1, 0), (1, 0), "CENTER"),
                ]
            )
        )
        return [
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
        barcode = Rotated(case_barcode(self.data.case_no, self.g, 200 * mm))
        bar_column = self.g.bar_height + 3 * mm
        side = Table(
            [[barcode, [self.facts_table(w - bar_column), Spacer(1, 3 * mm), *self.qr_block()]]],
            colWidths=[bar_column, w - bar_column],
        )
        side.setStyle(
            TableStyle(
                [
                    *plain_commands(self.fonts.primary),
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


def _plain(font: str) -> TableStyle:
    return TableStyle([*plain_commands(font), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")])


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
    title = f"{pick(DOCUMENT_TITLES[data.kind], data.lang)} {data.case_no}"
    if fmt is PaperFormat.A4:
        g = A4_GEOMETRY
        copy_labels = tuple(pick(c, data.lang) for c in texts.COPIES)
        page_size = A4
        layout = _DocumentLayout(data, fonts, g)
        story: list[Flowable] = []
        templates = []
        for index, copy_label in enumerate(copy_labels):
            templates.append(page_template(f"copy{index}", index, g, page_size))
            if index:
                story += [NextPageTemplate(f"copy{index}"), PageBreak()]
            story += [*layout.header(copy_label), *layout.a4_body()]
    else:
        g = ROLL_GEOMETRY
        copy_labels = ()
        layout = _DocumentLayout(data, fonts, g)
        story = layout.roll()
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
