"""A command that names a case this workstation does not hold, but the hall queue knows
(``counter_app.services.other_window``): refused as before, naming the window that
accepted the case and what the clerk tells the applicant for that command; likewise a case
of another hall, which its number names.

:func:`counter_app.cli.main.run_command` asks here about every refusal of an unknown case
(``NotFound`` on the ``case`` field), so each command that names a case says it alike.
"""

from __future__ import annotations

import argparse
import logging
import sqlite3

from counter_app.cli.context import cli_context
from counter_app.errors import CounterError, NotFound

log = logging.getLogger(__name__)


def held_elsewhere(args: argparse.Namespace, refusal: NotFound) -> CounterError:
    """The refusal for ``args.case`` when another window of the hall accepted it (as this
    workstation's hall queue last heard from the platform), or its number names another
    hall; else ``refusal`` as it is."""
    reference = getattr(args, "case", None)
    if not isinstance(reference, str):
        return refusal
    from counter_app.services import other_window

    action = (args.command, getattr(args, "case_command", None))
    try:
        context = cli_context(args)
        own_hall, own_window = context.config.hall.hall_code, context.config.hall.window_code
        elsewhere = other_window.another_hall_refusal_for(reference, own_hall, *action)
        if elsewhere is not None:
            return elsewhere
        with context.open_store() as store:
            found = other_window.at_another_window(store, reference, own_window)
    except (CounterError, sqlite3.Error):
        # The store answered the command a moment ago; if it cannot now, the command's own
        # refusal still stands, and the log says why it was not made more precise.
        log.warning("hall queue not consulted for an unknown case", exc_info=True)
        return refusal
    if found is None:
        return refusal
    advice = other_window.AT_THAT_WINDOW.get(action, other_window.ELSEWHERE)
    return other_window.refusal(found, own_window, advice)
