"""The end-of-day report (日结报表) as an A4 PDF: per window and for the hall, the day's cases
by decision and the 一件事 bundles among them, documents, reprints with reasons, voids,
deferrals due, ratings, and the cases the platform has not acknowledged with their last sync
error; signed or not yet signed.

Same fonts (embedded TrueType with the Extension B fallback) and codes (a Code128 of the
report's number) as the case documents.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Paragraph, Spacer, Table, TableStyle

from counter_app.domain.hall_time import hall_time_text
from counter_app.home import Home
from counter_app.services.auth import User
from counter_app.services.end_of_day import (
    DAY_COUNTS,
    FEE_TOTALS,
    PAYMENT_FIGURES,
    DayReport,
    SignOff,
    WindowDay,
    sign_off_day,
)
from counter_app.store.database import Store
from counter_app.store.timestamps import from_text
from printing import line_breaks
from printing.archive import archive_path, write_pdf
from printing.codes import case_barcode
from printing.day_labels import DAY_LABELS as _T
from printing.day_labels import (
    bundle_line,
    count_heading,
    count_text,
    fee_text,
    reconciliation_parts,
    report_lists,
    time_limit_text,
)
from printing.fonts import FontSet, load_fonts
from printing.geometry import A4_GEOMETRY, GREY
from printing.pages import page_template
from printing.texts import pick

_G = A4_GEOMETRY


def report_number(report: DayReport) -> str:
    """The report's number on its barcode and footer: ``EOD-<hall>-<window>-<yyyymmdd>``."""
    return f"EOD-{report.hall_code}-{report.window_code}-{report.day:%Y%m%d}"


def render_day_report(
    report: DayReport,
    fonts: FontSet,
    lang: str,
    sign_off: SignOff | None = None,
    *,
    hall_name: str = "",
) -> bytes:
    """The report as PDF bytes (A4, one copy). ``hall_name``: the hall as its receipts and
    progress page name it (``HallConfig.display_name``), printed with its code; empty: the
    code alone."""
    out = io.BytesIO()
    number = report_number(report)

    def footer(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFillColor(GREY)
        text = f"{number} · {pick(_T['page'], lang).format(doc.page)}"
        x = _G.margin_x
        for face, run in fonts.runs(text):
            canvas.setFont(face, _G.small - 0.5)
            canvas.drawString(x, _G.margin_bottom - 7 * mm, run)
            x += canvas.stringWidth(run, face, _G.small - 0.5)
        canvas.restoreState()

    template = page_template("report", 0, _G, A4)
    template.onPageEnd = footer
    doc = BaseDocTemplate(
        out,
        pagesize=A4,
        pageTemplates=[template],
        title=f"{pick(_T['title'], 'zh')} {number}",
        author=hall_name or report.hall_code,
        invariant=True,
        initialFontName=fonts.primary,
    )
    doc.build(_story(report, fonts, lang, sign_off, number, hall_name=hall_name))
    return out.getvalue()


def _story(
    report: DayReport,
    fonts: FontSet,
    lang: str,
    sign_off: SignOff | None,
    number: str,
    *,
    hall_name: str,
) -> list[Any]:
    body = ParagraphStyle(
        "body",
        fontName=fonts.primary,
        fontSize=_G.body,
        leading=_G.body * 1.45,
        wordWrap=line_breaks.CJK,
    )
    small = ParagraphStyle("small", parent=body, fontSize=_G.small, leading=_G.small * 1.35)
    title = ParagraphStyle(
        "title", parent=body, fontSize=_G.title, leading=_G.title * 1.3, alignment=1
    )
    heading = ParagraphStyle("heading", parent=body, fontSize=_G.body + 1, spaceBefore=8)

    def p(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(fonts.markup(text), style)

    def t(key: str) -> str:
        return pick(_T[key], lang)

    sep = ": " if lang == "en" else "："
    bundles = bundle_line(report, lang)
    story: list[Any] = [
        p(t("title"), title),
        case_barcode(number, _G, _G.width * 0.6),
        p(number, small),
        Spacer(1, 3 * mm),
        p(
            f"{t('hall')}{sep}{_hall_text(report.hall_code, hall_name, lang)}　"
            f"{t('window')}{sep}{report.window_code}　"
            f"{t('date')}{sep}{report.day.isoformat()}　"
            f"{t('generated')}{sep}{hall_time_text(report.generated_at)}"
        ),
        p(t("figures"), heading),
        _figures_table(report, fonts, lang, small),
        p(t("from_platform"), small),
        # The 一件事 decided that day, their cases already in the table under their items.
        *([] if bundles is None else [p(bundles, small), p(t("bundles_counted"), small)]),
        p(time_limit_text(report, lang), small),
        p(t("fees"), heading),
        _fees_table(report, fonts, lang, small, FEE_TOTALS),
        _fees_table(report, fonts, lang, small, PAYMENT_FIGURES),
        p(t("reconciliation"), heading),
    ]
    if report.to_come:
        story.append(p(t("to_come")))
    else:
        for sentence, cases in reconciliation_parts(report, lang):
            story.append(p(t(sentence)))
            story += [p(f"• {line}") for line in cases]
    for section, lines in report_lists(report, lang):
        story.append(p(t(section), heading))
        story += [p(f"• {line}") for line in lines] or [p(t("none"))]
    story.append(p(t("signed"), heading))
    if sign_off is None:
        story.append(p(t("unsigned")))
    else:
        story.append(
            p(
                f"{sign_off.signed_by} · {hall_time_text(sign_off.signed_at)} · "
                f"{sign_off.sign_off_id}"
            )
        )
    return story


def _figures_table(report: DayReport, fonts: FontSet, lang: str, style: ParagraphStyle) -> Table:
    def cell(text: str) -> Paragraph:
        return Paragraph(fonts.markup(text), style)

    def row(window: WindowDay, name: str) -> list[Any]:
        rated, bad = window.rating_figures
        flag = [cell(pick(_T["flag"], lang))] if window.flagged else []
        return [
            [cell(name), *flag],
            *(cell(count_text(window, c, lang)) for c in DAY_COUNTS),
            cell(f"{rated} ({bad})"),
        ]

    header = [
        cell(pick(_T["window_col"], lang)),
        *(cell(count_heading(c, lang)) for c in DAY_COUNTS),
        cell(pick(_T["ratings"], lang)),
    ]
    body = [row(w, w.window_code) for w in report.windows]
    total = row(report.hall, pick(_T["hall_total"], lang))
    widths = [_G.width * 0.14] + [_G.width * 0.86 / (len(DAY_COUNTS) + 1)] * (len(DAY_COUNTS) + 1)
    table = Table([header, *body, total], colWidths=widths, repeatRows=1)
    flagged = [
        ("BACKGROUND", (0, i + 1), (-1, i + 1), colors.Color(1, 0.9, 0.85))
        for i, w in enumerate(report.windows)
        if w.flagged
    ]
    table.setStyle(
        TableStyle(
            [
                # Named: an empty cell would otherwise pull in (non-embedded) Helvetica.
                ("FONTNAME", (0, 0), (-1, -1), fonts.primary),
                ("GRID", (0, 0), (-1, -1), _G.rule, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
                ("BACKGROUND", (0, -1), (-1, -1), colors.Color(0.95, 0.95, 0.95)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                *flagged,
            ]
        )
    )
    return table


def sign_off_and_archive(
    store: Store, home: Home, report: DayReport, supervisor: User, lang: str
) -> tuple[SignOff, Path]:
    """``supervisor`` signs ``report`` off: the signed report is archived with the other
    documents (``<home>/documents/<yyyy>/<mm>/``) and the sign-off kept for the platform."""

    def archive(sign_off: SignOff) -> Path:
        pdf = render_day_report(
            report, load_fonts(), lang, sign_off, hall_name=store.config.hall.display_name
        )
        name = f"{report_number(report)}-{sign_off.sign_off_id[:8]}"
        path = archive_path(home, from_text(sign_off.signed_at), name)
        write_pdf(path, pdf)
        return path

    return sign_off_day(store, report, supervisor, archive)


def _hall_text(hall_code: str, hall_name: str, lang: str) -> str:
    """The hall by its name with its code, as the receipts' reader knows it; the code alone
    where it has no name (``display_name`` falls back to it)."""
    if not hall_name or hall_name == hall_code:
        return hall_code
    return f"{hall_name} ({hall_code})" if lang == "en" else f"{hall_name}（{hall_code}）"


def _fees_table(
    report: DayReport,
    fonts: FontSet,
    lang: str,
    style: ParagraphStyle,
    names: tuple[str, ...],
) -> Table:
    """Per window and for the hall, fee figures ``names`` (count and yuan): the fees recorded,
    paid and still owed; then the payments by how they were made (the POS terminal's
    settlement, the payment platform's), those paid twice and those owed back."""

    def cell(text: str) -> Paragraph:
        return Paragraph(fonts.markup(text), style)

    def row(window: WindowDay, name: str) -> list[Paragraph]:
        return [cell(name), *(cell(fee_text(window, f, lang)) for f in names)]

    header = [cell(pick(_T["window_col"], lang)), *(cell(pick(_T[f], lang)) for f in names)]
    body = [row(w, w.window_code) for w in report.windows]
    total = row(report.hall, pick(_T["hall_total"], lang))
    widths = [_G.width * 0.14] + [_G.width * 0.86 / len(names)] * len(names)
    table = Table([header, *body, total], colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.primary),
                ("GRID", (0, 0), (-1, -1), _G.rule, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
                ("BACKGROUND", (0, -1), (-1, -1), colors.Color(0.95, 0.95, 0.95)),
            ]
        )
    )
    return table
