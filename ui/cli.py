"""The ``gui`` sub-command (and what ``counter-app`` without a sub-command runs)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "gui", help="open the counter window (default) / 打开窗口受理界面"
    )
    parser.add_argument(
        "--no-training-platform",
        action="store_true",
        help="training hall without the background reference platform",
    )
    parser.set_defaults(func=run_gui)


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
