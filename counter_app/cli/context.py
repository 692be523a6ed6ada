"""What every sub-command starts from: the home, the layered config and the language,
resolved from the global ``--home``, ``--config`` and ``--lang`` options."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from importlib import import_module
from typing import TYPE_CHECKING, Any, TypeVar

from counter_app.config import Config, load_config
from counter_app.home import Home, resolve_home

if TYPE_CHECKING:
    from counter_app.store.database import Store

_N = TypeVar("_N", int, float)

# The most a listing's --limit or --offset may say: past any hall's rows in decades, and far
# short of what SQLite's integers hold.
MOST_ROWS = 1_000_000


@dataclass(frozen=True)
class CliContext:
    home: Home
    config: Config  # its ui.lang is --lang when the command was given one

    @property
    def lang(self) -> str:
        """ "zh" or "en": what this command speaks, and every check or message it builds
        from the config."""
        return self.config.ui.lang

    def open_store(self) -> Store:
        """The process's store (created and migrated on first use); close it when done."""
        # Imported here: the window's start (``gui``) resolves its context without the store.
        from counter_app.store.database import open_store

        return open_store(self.home, self.config)

    def text(self, zh: str, en: str) -> str:
        return en if self.lang == "en" else zh

    def warn(self, zh: str, en: str) -> None:
        """A refusal or warning on stderr as the command line says every one: Chinese, then
        English (English alone with ``--lang en``)."""
        if self.lang != "en":
            print(zh, file=sys.stderr)
        print(en, file=sys.stderr)


def cli_context(args: argparse.Namespace) -> CliContext:
    """Resolve home and config from the global options; raises ConfigError on a bad config,
    or on a home of the other kind (a training home without ``--training``, or the reverse)."""
    training = bool(getattr(args, "training", False))
    home = resolve_home(getattr(args, "home", None), training=training).claim(training=training)
    config = load_config(home, getattr(args, "config", None))
    lang = getattr(args, "lang", None)  # argparse allows only "zh" and "en"
    if lang is not None:
        config = replace(config, ui=replace(config.ui, lang=lang))
    command_log = getattr(args, "command_log", None)  # set by run_command
    if command_log is not None:
        command_log.start(home, config.ui.lang)
    return CliContext(home, config)


def open_case_store(args: argparse.Namespace) -> tuple[CliContext, Store]:
    """The context and its store for a case command, with the bundled calendar loaded where
    the store has none yet; close the store when done. The bundled (sample) catalog is loaded
    too in the training hall and where no platform is set up (``sync.url`` empty); a window
    set up for a platform takes its catalog from it with its first sync, and until then
    intake is refused for want of a catalog (``store.catalog``): a case taken on the sample
    under no hall's code could never upload."""
    from counter_app.store.calendar import ensure_bundled_calendar
    from counter_app.store.catalog import ensure_bundled_catalog

    context = cli_context(args)
    store = context.open_store()
    if context.config.is_training or not context.config.sync.url:
        ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)
    return context, store


def hall_day(text: str, option: str) -> date:
    """A hall day given to ``option`` as ``YYYY-MM-DD``; ``ValidationError`` naming the option
    for anything else."""
    from counter_app.errors import ValidationError

    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            f"{option} 的日期格式应为 YYYY-MM-DD（收到 {text!r}）。",
            f"{option} must be a day as YYYY-MM-DD (got {text!r}).",
            field=option.removeprefix("--"),
        ) from None
    check_hall_days(day, option, text)
    return day


def check_hall_days(day: date | None, option: str, text: str) -> None:
    """``ValidationError`` naming ``option`` (given as ``text``) unless ``day`` is one of the
    hall days anyone may ask about (None: a time with no hall day at all)."""
    from counter_app.domain.hall_time import FIRST_HALL_DAY, LAST_HALL_DAY
    from counter_app.errors import ValidationError

    if day is None or not FIRST_HALL_DAY <= day <= LAST_HALL_DAY:
        raise ValidationError(
            f"{option} 的日期应在 {FIRST_HALL_DAY} 至 {LAST_HALL_DAY} 之间（收到 {text}）。",
            f"{option} must be a day from {FIRST_HALL_DAY} to {LAST_HALL_DAY} (got {text}).",
            field=option.removeprefix("--"),
        )


def number_in(low: _N, high: _N) -> Callable[[str], _N]:
    """An option's ``type``: a number from ``low`` to ``high``, whole when they are ints.
    Anything else is argparse's usage error (exit 2) in both languages: a page of -1 cases is
    not quietly one, and ``--limit 10**21`` or ``--wait 1e309`` never reaches SQLite or the
    clock to come back as an OverflowError."""
    kind = type(low)
    what_zh, what_en = ("整数", "a whole number") if kind is int else ("数", "a number")
    first, last = (str(bound).removesuffix(".0") for bound in (low, high))

    def parse(text: str) -> _N:
        try:
            value = kind(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:  # NaN is in no range
            raise argparse.ArgumentTypeError(
                f"应为 {first} 至 {last} 之间的{what_zh}，收到“{text}” / must be {what_en} "
                f"from {first} to {last}, got '{text}'"
            )
        return value

    return parse


def print_json(document: Any) -> None:
    """One JSON document on stdout, Chinese as it is (dates and times as text)."""
    sys.stdout.write(json.dumps(document, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def os_actor(prefix: str = "cli") -> str:
    """Who a command acts as in the audit log: ``<prefix>:<OS user>`` (the CLI has no login)."""
    import getpass  # not at module level: the window's start imports this module

    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = str(os.getuid()) if hasattr(os, "getuid") else "unknown"
    return f"{prefix}:{name}"


def lazy_command(module: str, function: str) -> Callable[[argparse.Namespace], int]:
    """A sub-command handler imported only when the command runs, so that registering every
    plug-in's commands does not load every plug-in's libraries on each ``counter-app`` call."""

    def run(args: argparse.Namespace) -> int:
        handler: Callable[[argparse.Namespace], int] = getattr(import_module(module), function)
        return handler(args)

    return run
