"""Entry point of ``counter-app``.

The core registers its own sub-commands; sync/, printing/ and ui/ add theirs through the
``counter_app.commands`` entry-point group (see pyproject.toml), each a callable
``register(subparsers)``. A sub-command sets ``func(args) -> int`` with ``set_defaults``.
"""

from __future__ import annotations

import argparse
import os
import signal
import sqlite3
import sys
from collections.abc import Sequence

from counter_app import __version__
from counter_app.cli.command_log import CommandLog
from counter_app.errors import CounterError, NotFound, disk_refusal
from counter_app.usage_errors import BilingualParser

# Global options that take a value (``--home DIR``) and those that do not, to find the
# sub-command in argv.
_GLOBAL_VALUE_OPTIONS = ("--home", "--config", "--lang")
_GLOBAL_FLAGS = ("--training",)
# The exit status of a process the shell saw stopped by SIGPIPE (128 + 13).
SIGPIPE_STATUS = 128 + signal.SIGPIPE


def add_global_options(parser: argparse.ArgumentParser) -> None:
    """``--version``, ``--home``, ``--config``, ``--lang``, ``--training``: for
    ``counter-app`` and ``counter-app-gui`` alike."""
    parser.add_argument("--version", action="version", version=f"counter-app {__version__}")
    parser.add_argument(
        "--home", help="state directory (default: $COUNTER_APP_HOME or the platform default)"
    )
    parser.add_argument(
        "--config", help="extra config file, read last (overrides system and user files)"
    )
    parser.add_argument("--lang", choices=["zh", "en"], help="language of messages (default zh)")
    parser.add_argument(
        "--training",
        action="store_true",
        help="the training hall (培训模式), in its own home (default: the platform's "
        "counter-app-training directory)",
    )


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole CLI; ``only``: just that plug-in's commands (the core's are left out)."""
    from importlib.metadata import entry_points

    parser = BilingualParser(
        prog="counter-app",
        description="一网通办窗口受理客户端 / Counter client for government service halls",
    )
    add_global_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    if only is None:
        from counter_app.cli import core_commands, retention_commands

        core_commands.register(subparsers)
        retention_commands.register(subparsers)
    for entry in sorted(entry_points(group="counter_app.commands"), key=lambda e: e.name):
        if only is None or entry.name == only:
            entry.load()(subparsers)
    return parser


def opens_window(argv: Sequence[str]) -> bool:
    """Whether argv runs ``gui`` (named, or no sub-command at all); ``--help`` does not."""
    words = iter(argv)
    for word in words:
        if word in _GLOBAL_VALUE_OPTIONS:
            next(words, None)
        elif word in _GLOBAL_FLAGS:
            continue
        elif not word.startswith(tuple(f"{option}=" for option in _GLOBAL_VALUE_OPTIONS)):
            return word == "gui"
    return True


def main(argv: Sequence[str] | None = None) -> int:
    # Opening the window registers only the ``gui`` command (every other command's parser
    # and imports would delay the login screen).
    parser = build_parser("gui" if opens_window(sys.argv[1:] if argv is None else argv) else None)
    args = parser.parse_args(argv)
    if args.command is None:
        # No sub-command: open the counter window, when the GUI is installed.
        args = parser.parse_args([*(argv or sys.argv[1:]), "gui"])
    return run_command(args)


def run_command(args: argparse.Namespace) -> int:
    """Run the parsed command; a :class:`CounterError`, or a disk that refused a write (full,
    read-only, failing), is printed (Chinese first, then English) and exits 2; a case this
    store does not hold but another window of the hall accepted is refused naming that
    window (:mod:`counter_app.cli.other_window`). Output whose reader went away
    (``counter-app cases | head``) ends the command quietly, with the status of a process
    stopped by SIGPIPE. A command's log records go to its home's
    ``cli.log`` (:mod:`counter_app.cli.command_log`); the window keeps its own."""
    if getattr(args, "keeps_own_log", False):
        return _run(args)
    command_log = args.command_log = CommandLog()
    try:
        return _run(args)
    finally:
        command_log.finish()


def _run(args: argparse.Namespace) -> int:
    try:
        status = int(args.func(args))
        sys.stdout.flush()  # a reader gone is met here, not at the interpreter's exit
        return status
    except BrokenPipeError:
        # What is still buffered would fail again at exit: it goes nowhere instead.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return SIGPIPE_STATUS
    except NotFound as exc:
        if exc.field != "case":
            return _refused(args, exc)
        # Perhaps another window's case, known from the hall queue: say where it is handled.
        from counter_app.cli.other_window import held_elsewhere

        return _refused(args, held_elsewhere(args, exc))
    except CounterError as exc:
        return _refused(args, exc)
    except OSError as exc:
        refusal = disk_refusal(exc)
        if refusal is None:
            raise
        return _refused(args, refusal)
    except sqlite3.DatabaseError as exc:
        # A damaged page met after the store opened (``case show`` of a case whose
        # version's page is damaged): the way back, not a traceback.
        from counter_app.store.database import damage_refusal

        damaged = damage_refusal(exc)
        if damaged is None:
            raise
        return _refused(args, damaged)


def _refused(args: argparse.Namespace, exc: CounterError) -> int:
    print(exc.message(args.lang or "zh"), file=sys.stderr)
    if (args.lang or "zh") == "zh":
        print(exc.en, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
