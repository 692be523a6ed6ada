"""``counter-app doctor`` checks for printing: the bundled fonts and the configured printers."""

from __future__ import annotations

from counter_app.config import Config
from counter_app.errors import CounterError
from counter_app.home import Home
from counter_app.services.doctor import Check
from printing.dispatch import printer_from_spec
from printing.service import fonts_for


def printing_checks(home: Home, config: Config) -> list[Check]:
    lang = config.ui.lang
    checks: list[Check] = []
    try:
        fonts_for(config)
        checks.append(Check("printing.fonts", "ok", "WenQuanYi Zen Hei + HanaMin B"))
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
    return checks
