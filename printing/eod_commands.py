"""``counter-app eod``: the end of day (日结) from the command line, the headless twin of the
supervisor's 日结 view: the day's figures (``--json``; in words, the printed report's
sections, compactly), each window's with its clerks' decisions (a shift change puts several
at one window; not in the printed or signed report), its report as a PDF (``--out``), and
the supervisor's sign-off (``--sign-off --by USER --password-stdin``), archived and queued
for the platform's next sync, with a warning on stderr while this window's approval requests
still wait for a supervisor. Works offline."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from counter_app.cli.actor import actor
from counter_app.cli.context import CliContext, cli_context, hall_day, os_actor
from counter_app.domain.hall_time import hall_time_text
from counter_app.durable_files import check_export_folder, export_file
from counter_app.errors import ValidationError

if TYPE_CHECKING:
    from counter_app.services.end_of_day import DayReport, WindowDay
    from counter_app.services.statistics import ClerkFigures
    from counter_app.store.database import Store

REPORT_FILE = ("日结报告", "The day's report")  # --out's file, in an error's words


def register(subparsers: argparse._SubParsersAction) -> None:
    eod = subparsers.add_parser(
        "eod",
        help="日结 / end of day: figures, reconciliation, report, sign-off",
        description="一天的日结：各窗口（及其各受理人）与全大厅的办件、文书、补打、作废、"
        "容缺到期、评价，以及本机当日办件与平台确认的对账。 The day's figures per window "
        "(with each clerk's decisions there) and for the hall, "
        "and the reconciliation of this workstation's cases of the day with what the platform "
        "acknowledged. --sign-off: a supervisor signs the day off (archived, sent to the "
        "platform at the next sync).",
    )
    eod.add_argument("--date", help="the hall day, YYYY-MM-DD (default: today in the hall)")
    eod.add_argument("--out", help="write the report (A4 PDF) to this file")
    eod.add_argument("--json", action="store_true", help="print the figures as JSON")
    eod.add_argument(
        "--sign-off", action="store_true", help="sign the day off (needs --by and the password)"
    )
    eod.add_argument(
        "--by", metavar="USER", help="the supervisor who signs off; password from stdin"
    )
    eod.add_argument(
        "--password-stdin",
        action="store_true",
        help="read that user's password from the first line of stdin",
    )
    eod.set_defaults(func=_eod)


def _day(text: str | None) -> date:
    from counter_app.domain.hall_time import hall_today

    return hall_today() if text is None else hall_day(text, "--date")


def _eod(args: argparse.Namespace) -> int:
    from counter_app.services.approval import SUPERVISOR_ROLES
    from counter_app.services.end_of_day import SIGN_OFF_ACTION, checked_day_report
    from counter_app.services.statistics import day_clerks

    context = cli_context(args)
    day = _day(args.date)
    if args.sign_off and not args.by:
        raise ValidationError(
            "日结签署须用 --by 指明值班长，并用 --password-stdin 提供其密码。",
            "Signing off needs the supervisor named with --by and their password with "
            "--password-stdin.",
            field="by",
        )
    if args.out is not None:
        check_export_folder(Path(args.out), field="out")
    with context.open_store() as store:
        if args.sign_off:
            from printing.day_report import sign_off_and_archive

            supervisor = actor(
                args,
                context,
                store,
                roles=SUPERVISOR_ROLES,
                action=SIGN_OFF_ACTION,
                target=day.isoformat(),
            )
            report = checked_day_report(store, day)
            clerks = day_clerks(store, day)
            sign_off, pdf = sign_off_and_archive(
                store, context.home, report, supervisor, context.lang
            )
            if args.out is not None:
                _export(store, supervisor.username, day, Path(args.out), pdf.read_bytes())
            _report_sign_off(
                context,
                report,
                clerks,
                sign_off.sign_off_id,
                pdf,
                sign_offs=_sign_offs(store, day),  # this one among them, as the day holds it
                as_json=args.json,
            )
            _warn_of_pending_approvals(context, report)
            return 0
        report = checked_day_report(store, day)
        clerks = day_clerks(store, day)
        signed = _sign_offs(store, day)
        if args.out is not None:
            from printing.day_report import render_day_report
            from printing.fonts import load_fonts

            pdf_bytes = render_day_report(
                report, load_fonts(), context.lang, hall_name=store.config.hall.display_name
            )
            _export(store, os_actor(), day, Path(args.out), pdf_bytes)
    if args.json:
        print(json.dumps({**_figures(report, clerks), "sign_offs": signed}, ensure_ascii=False))
    else:
        _print_report(context, report, clerks, signed)
    return 0


def _figures(report: DayReport, clerks: dict[str, tuple[ClerkFigures, ...]]) -> dict[str, Any]:
    """The report's object (``DayReport.to_dict``), each window with its ``clerks``: the
    day's decisions of every clerk who took a case there (docs/operations.md)."""
    figures = report.to_dict()
    for window in figures["windows"]:
        window["clerks"] = [
            {
                "clerk": clerk.clerk,
                "clerk_name": clerk.clerk_name,
                "cases": clerk.cases,
                **dict(clerk.decisions),
                "handling_median_seconds": clerk.handling.median_seconds,
            }
            for clerk in clerks.get(window["window_code"], ())
        ]
    return figures


def _export(store: Store, who: str, day: date, path: Path, pdf: bytes) -> None:
    """The report written to ``path`` (``--out``), and who took which day's report to
    which file in the audit log, as the window's exports are."""
    export_file(path, pdf, REPORT_FILE, field="out")
    store.audit.record(who, "day.report_export", day.isoformat(), {"file": str(path.absolute())})


def _sign_offs(store: Store, day: date) -> list[dict[str, Any]]:
    """The day's sign-offs so far, and whether the platform has each (``delivered_at``)."""
    from counter_app.store.end_of_day import sign_offs_of

    return [
        {
            "sign_off_id": row.sign_off_id,
            "signed_by": row.signed_by,
            "signed_at": row.signed_at,
            "reconciled": row.reconciled,
            "delivered_at": delivered_at,
        }
        for row, delivered_at in sign_offs_of(store, day)
    ]


def _report_sign_off(
    context: CliContext,
    report: DayReport,
    clerks: dict[str, tuple[ClerkFigures, ...]],
    sign_off_id: str,
    pdf: Path,
    *,
    sign_offs: list[dict[str, Any]],
    as_json: bool,
) -> None:
    """The report as plain ``eod`` gives it, now signed (``sign_offs``), and the sign-off."""
    if as_json:
        print(
            json.dumps(
                {
                    **_figures(report, clerks),
                    "sign_offs": sign_offs,
                    "sign_off_id": sign_off_id,
                    "archived": str(pdf),
                },
                ensure_ascii=False,
            )
        )
        return
    _print_report(context, report, clerks, sign_offs)
    day = report.day.isoformat()
    print(
        context.text(
            f"已签署日结 {day}（{sign_off_id}），报表已存档：{pdf}；将在下次同步时报送平台。",
            f"Day {day} signed off ({sign_off_id}); report archived at {pdf}; "
            "it goes to the platform at the next sync.",
        )
    )


def _warn_of_pending_approvals(context: CliContext, report: DayReport) -> None:
    """On stderr, beside the signed report (``--json`` stays one object): this window's
    requests still waiting for a supervisor, which do not stop a sign-off."""
    from printing.day_labels import approvals_pending_warning

    warning = approvals_pending_warning(report, context.lang)
    if warning is not None:
        print(warning, file=sys.stderr)


def _fees_text(context: CliContext, window: WindowDay) -> str:
    """A window's fees in the printed report's words: recorded, paid and unpaid, then how
    they were paid, twice paid and owed back where any (``FEE_FIGURES``)."""
    from counter_app.services.end_of_day import FEE_FIGURES, FEE_TOTALS
    from printing.day_labels import DAY_LABELS, fee_text

    # A breakdown figure where it has any; the refunds' line also for refunds settled that
    # day (its cell says what is owed and what was given back).
    shown = [
        name
        for name in FEE_FIGURES
        if name in FEE_TOTALS
        or getattr(window, name)
        or (name == "fees_refund" and window.fees_refunded)
    ]
    parts = [
        f"{context.text(*DAY_LABELS[name])} {fee_text(window, name, context.lang)}"
        for name in shown
    ]
    return context.text("，", ", ").join(parts)


def _print_report(
    context: CliContext,
    report: DayReport,
    clerks: dict[str, tuple[ClerkFigures, ...]],
    sign_offs: list[dict[str, Any]],
) -> None:
    """The report's sections in the printed report's words, a line per window (and under it
    per clerk there) or case."""
    from counter_app.services.end_of_day import DAY_COUNTS
    from printing.day_labels import (
        DAY_LABELS,
        bundle_text,
        count_heading,
        count_text,
        reconciliation_parts,
        report_lists,
        time_limit_text,
    )

    lang = context.lang

    def t(key: str) -> str:
        return context.text(*DAY_LABELS[key])

    print(
        f"{t('title')} {report.day.isoformat()}  {t('hall')} {report.hall_code}  "
        f"{t('window')} {report.window_code}  {t('generated')} "
        f"{hall_time_text(report.generated_at)}"
    )
    print(t("figures"))
    hall = report.hall
    rows = [(w.window_code, w) for w in report.windows] + [(t("hall_total"), hall)]
    for name, window in rows:
        counts = "  ".join(
            f"{count_heading(c, lang)} {count_text(window, c, lang)}" for c in DAY_COUNTS
        )
        rated, bad = window.rating_figures
        # The 一件事 it decided, their cases counted already among the figures before.
        bundles = f"  {t('bundles')} {bundle_text(window, lang)}" if window.bundles else ""
        flag = context.text("  ！有未同步办件", "  ! unsynced cases") if window.flagged else ""
        print(f"  {name:<6} {counts}  {t('ratings')} {rated} ({bad}){bundles}{flag}")
        for clerk in clerks.get(window.window_code, ()):  # the hall's "*": none
            taken = "  ".join(f"{t(d)} {n}" for d, n in clerk.decisions if d in DAY_COUNTS)
            print(f"    {clerk.label}  {taken}")
    if any(w.own_records_only for w in report.windows):
        print(f"  {t('from_platform')}")
    if hall.bundles:
        print(f"  {t('bundles_counted')}")
    print(f"  {time_limit_text(report, lang)}")
    print(t("fees"))
    fees = [f"  {name:<6} {_fees_text(context, w)}" for name, w in rows if w.fees_recorded]
    print("\n".join(fees) if fees else f"  {t('none')}")
    print(t("reconciliation"))
    for sentence, cases in reconciliation_parts(report, lang):
        print(f"  {t(sentence)}")
        for line in cases:
            print(f"  • {line}")
    for section, lines in report_lists(report, lang):
        print(t(section))
        print("\n".join(f"  • {line}" for line in lines) if lines else f"  {t('none')}")
    print(t("signed"))
    if not sign_offs:
        print(f"  {t('unsigned')}")
    for signed in sign_offs:
        where = (
            hall_time_text(signed["delivered_at"])
            if signed["delivered_at"]
            else context.text("待报送平台", "not at the platform yet")
        )
        print(f"  {signed['signed_by']} {hall_time_text(signed['signed_at'])} ({where})")
