"""Queue tickets (叫号) at this window: the tickets it called, as the hall's queue system last
answered (``window_tickets``), and the ticket each case was accepted under
(``case_tickets``). The queue system itself is reached through ``sync.queue_system``; this
is only what the window remembers, so a case decided while a ticket is served carries it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from counter_app.store.database import Store
from counter_app.store.timestamps import now_text

#: A ticket in one of these states is this window's current one: called or being served.
CURRENT_STATES = ("called", "serving")
# The newest current ticket is read as max(updated_at) with its row's columns beside it
# (SQLite takes a max() aggregate's bare columns from the row holding the max): two probes
# of window_tickets_state. "ORDER BY updated_at DESC LIMIT 1" over the two states sorts in
# a temporary B-tree instead, about 30 µs of every accept's CPU even over an empty table.


@dataclass(frozen=True)
class WindowTicket:
    ticket_id: str
    number: str
    state: str  # waiting, called, serving, closed, no_show, expired (sync.wire.tickets.TicketState)
    priority: bool
    item_code: str | None


def remember_ticket(store: Store, ticket: WindowTicket) -> None:
    """Keep the queue system's latest answer about a ticket this window acted on; a ticket
    redirected away (waiting again, for another window) is no longer this window's."""
    with store.transaction() as db:
        db.execute(
            "INSERT INTO window_tickets (ticket_id, number, state, priority, item_code,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (ticket_id) DO UPDATE SET"
            " state = excluded.state, updated_at = excluded.updated_at",
            (
                ticket.ticket_id,
                ticket.number,
                ticket.state,
                int(ticket.priority),
                ticket.item_code,
                now_text(),
            ),
        )


def current_ticket(store: Store) -> WindowTicket | None:
    """The ticket this window calls or serves now, or None."""
    row = store.db.execute(
        "SELECT ticket_id, number, state, priority, item_code, max(updated_at)"
        " FROM window_tickets WHERE state IN (?, ?)",
        CURRENT_STATES,
    ).fetchone()
    if row[0] is None:
        return None
    return WindowTicket(row[0], row[1], row[2], bool(row[3]), row[4])


@dataclass(frozen=True)
class BoundTicket:
    """The ticket a case was decided under: its id, which the case document carries to the
    platform, and its number, which the window's records say."""

    ticket_id: str
    number: str


def bind_current_ticket(db: Database, case_id: str, at: str) -> BoundTicket | None:
    """Inside the transaction writing case ``case_id``: record the current ticket as the
    one it was decided under; that ticket, or None when no ticket is current."""
    row = db.execute(
        "SELECT ticket_id, number, max(updated_at) FROM window_tickets WHERE state IN (?, ?)",
        CURRENT_STATES,
    ).fetchone()
    if row[0] is None:
        return None
    db.execute(
        "INSERT INTO case_tickets (case_id, ticket_id, number, bound_at) VALUES (?, ?, ?, ?)",
        (case_id, row[0], row[1], at),
    )
    return BoundTicket(str(row[0]), str(row[1]))


def case_ticket(store: Store, case_id: str) -> str | None:
    """The number of the ticket case ``case_id`` was decided under, or None."""
    row = store.db.execute(
        "SELECT number FROM case_tickets WHERE case_id = ?", (case_id,)
    ).fetchone()
    return None if row is None else str(row[0])
