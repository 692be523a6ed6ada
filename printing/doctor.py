"""``counter-app doctor`` checks for printing: the bundled fonts, the configured printers and
the QR code's progress-page address."""

from __future__ import annotations

from counter_app.config import Config
from counter_app.errors import CounterError
from counter_app.home import Home
from counter_app.services.doctor import Check
from printing.case_documents import tracking_url
from printing.dispatch import printer_from_spec
from printing.service import fonts_for


def printing_checks(home: Home, config: Config) -> list[Check]:
    lang = config.ui.lang
    checks: list[Check] = []
    try:
        fonts_for(config)
        checks.append(
            Check("printing.fonts", "ok", "WenQuanYi Zen Hei + HanaMin B + DejaVu Sans + HanaMin A")
        )
    except CounterError as exc:
        checks.append(Check("printing.fonts", "fail", exc.message(lang)))
    for key, spec in (
        ("a4_printer", config.printing.a4_printer),
        ("receipt_printer", config.printing.receipt_printer),
    ):
        name = f"printing.{key}"
        if not spec:
            detail = "未设置" if lang == "zh" else "not configured"
            checks.append(Check(name, "warn", detail))
            continue
        try:
            printer = printer_from_spec(spec, cups_server=config.printing.cups_server)
            printer.check_ready()
            checks.append(Check(name, "ok", printer.name))
        except CounterError as exc:
            checks.append(Check(name, "fail", exc.message(lang)))
    # A template the documents cannot fill would stop every receipt from printing: say so
    # before (e.g. one still written with the former {case_id}).
    try:
        shown = tracking_url(config, "{token}")  # the address as the QR code gets it
        checks.append(Check("printing.tracking_url", "ok", str(shown)))
    except CounterError as exc:
        checks.append(Check("printing.tracking_url", "fail", exc.message(lang)))
    return checks
