"""The core's sub-commands (doctor, catalog, import, cases, audit, backup, restore, user, ...)."""

from __future__ import annotations

import argparse

from counter_app.cli import (
    admin_commands,
    arrival_commands,
    audit_commands,
    card_commands,
    case_commands,
    catalog_commands,
    deferral_commands,
    delivery_commands,
    evaluation_commands,
    queue_commands,
    stats_commands,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the core's sub-commands to ``counter-app``: one line per command module."""
    admin_commands.register(subparsers)
    arrival_commands.register(subparsers)
    audit_commands.register(subparsers)
    card_commands.register(subparsers)
    catalog_commands.register(subparsers)
    case_commands.register(subparsers)
    deferral_commands.register(subparsers)
    evaluation_commands.register(subparsers)
    delivery_commands.register(subparsers)
    queue_commands.register(subparsers)
    stats_commands.register(subparsers)
