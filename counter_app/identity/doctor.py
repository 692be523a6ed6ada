"""``counter-app doctor`` check of the configured card reader (entry point
``counter_app.doctor_checks``)."""

from __future__ import annotations

from counter_app.config import Config, refuse_simulator_outside_training
from counter_app.errors import ConfigError
from counter_app.home import Home
from counter_app.services.doctor import Check

from .errors import ReaderError
from .specs import open_reader, parse_spec


def reader_checks(home: Home, config: Config) -> list[Check]:
    """Opens the configured reader (SAM status for GA 467/SDT readers) and closes it."""
    del home
    en = config.ui.lang == "en"
    try:
        spec = parse_spec(config.reader.spec)
    except ConfigError as exc:
        return [Check("reader", "fail", exc.message(config.ui.lang))]
    if spec.kind == "sim":
        try:
            refuse_simulator_outside_training(config)
        except ConfigError as exc:
            return [Check("reader", "fail", exc.message(config.ui.lang))]
        return [
            Check("reader", "ok", "simulated reader (training)" if en else "模拟读卡器（培训模式）")
        ]
    try:
        with open_reader(
            spec, training=config.is_training, sdtapi_library=config.reader.sdtapi_library
        ) as reader:
            name = reader.name
    except ReaderError as exc:
        return [Check("reader", "fail", f"{spec}: {exc.message(config.ui.lang)}")]
    return [Check("reader", "ok", f"{name} ready" if en else f"{name} 就绪")]
