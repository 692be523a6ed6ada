"""The counter window's commands: ``counter-app gui`` (also what ``counter-app`` without a
sub-command runs) and ``counter-app-gui``, the same window started directly.

``counter-app-gui`` is what the desktop launcher and ``make run`` start: it parses its few
options itself instead of looking up every plug-in's commands through package metadata
(``importlib.metadata``: about 60 ms before the login screen could show).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from counter_app.cli.main import add_global_options, run_command

if TYPE_CHECKING:
    from counter_app.cli.context import CliContext


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "gui", help="打开窗口受理界面（默认） / open the counter window (default)"
    )
    _add_gui_options(parser)


def _add_gui_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-training-platform",
        action="store_true",
        help="with --training: the training hall without its background reference platform",
    )
    # The window logs to its home's gui.log once the login shows, not to the command log.
    parser.set_defaults(func=run_gui, keeps_own_log=True)


def main(argv: Sequence[str] | None = None) -> int:
    """``counter-app-gui``: open the counter window."""
    parser = argparse.ArgumentParser(
        prog="counter-app-gui", description="一网通办窗口受理 / Counter window"
    )
    add_global_options(parser)
    _add_gui_options(parser)
    return run_command(parser.parse_args(argv))


def run_gui(args: argparse.Namespace) -> int:
    from counter_app.cli.context import cli_context, os_actor
    from counter_app.config import refuse_simulator_outside_training
    from counter_app.errors import CounterError
    from ui.app import first_start, run, show_refusal

    try:
        context = cli_context(args)
        refuse_simulator_outside_training(context.config)
    except CounterError as exc:
        show_refusal(exc, args.lang or "zh")
        raise
    if args.training:
        return _run_training(context, args.no_training_platform)
    from sync.provisioning import is_provisioned

    if not is_provisioned(context.home):
        # MOSIP's rule: the first login is online. Nothing opens before the enrolment and the
        # first catalog pull have succeeded.
        from sync.provision_file import provision_file_path

        actor = os_actor("first-start")
        # IT's provisioning file, when the install left one: the first start uses it unasked.
        file = provision_file_path()
        chosen = file if file.is_file() else None
        if not first_start(
            context.home,
            context.config,
            context.lang,
            actor,
            config_file=args.config,
            provision_file=chosen,
        ):
            return 1
        context = cli_context(args)  # the enrolment wrote the hall, window and platform
    return run(context.home, context.config, context.lang)


def _run_training(context: CliContext, without_platform: bool) -> int:
    # Only the training hall needs its platform, sample data and enrolment imported.
    from ui.app import run
    from ui.training_hall import TrainingHall

    training = TrainingHall(context.home, start_platform=not without_platform)
    try:
        config = training.prepare(context.config)
        return run(context.home, config, context.lang, training)
    finally:
        training.stop()
