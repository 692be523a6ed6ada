"""The counter window's commands: ``counter-app gui`` (also what ``counter-app`` without a
sub-command runs) and ``counter-app-gui``, the same window started directly.

``counter-app-gui`` is what the desktop launcher and ``make run`` start: it parses its few
options itself instead of looking up every plug-in's commands through package metadata
(``importlib.metadata``: about 60 ms before the login screen could show).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from counter_app.cli.main import add_global_options, run_command


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "gui", help="open the counter window (default) / 打开窗口受理界面"
    )
    _add_gui_options(parser)


def _add_gui_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-training-platform",
        action="store_true",
        help="training hall without the background reference platform",
    )
    parser.set_defaults(func=run_gui)


def main(argv: Sequence[str] | None = None) -> int:
    """``counter-app-gui``: open the counter window."""
    parser = argparse.ArgumentParser(
        prog="counter-app-gui", description="一网通办窗口受理 / Counter window"
    )
    add_global_options(parser)
    _add_gui_options(parser)
    return run_command(parser.parse_args(argv))


def run_gui(args: argparse.Namespace) -> int:
    from counter_app.cli.context import cli_context
    from ui.app import run

    context = cli_context(args)
    config = context.config
    training = None
    if config.is_training:
        # Only the training hall needs its platform, sample data and enrolment imported.
        from ui.training_hall import TrainingHall

        training = TrainingHall(context.home, start_platform=not args.no_training_platform)
        config = training.prepare(config)
    try:
        return run(context.home, config, context.lang, training)
    finally:
        if training is not None:
            training.stop()
