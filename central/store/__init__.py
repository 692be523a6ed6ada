"""The platform's store: one behaviour (``base.CentralStore``) on SQLite or PostgreSQL.
``open_store(url)`` picks the engine from the URL."""

from __future__ import annotations

from central.store.base import CentralStore, Device


def open_store(url: str) -> CentralStore:
    """``postgresql://...`` (or ``postgres://``) opens PostgreSQL; anything else is a SQLite
    file path (``sqlite:///path`` is accepted too). The schema is created when missing."""
    store: CentralStore
    if url.startswith(("postgresql://", "postgres://")):
        from central.store.postgres import PostgresStore

        store = PostgresStore(url)
    else:
        from central.store.sqlite import SqliteStore

        store = SqliteStore(url.removeprefix("sqlite://"))
    store.initialise()
    return store


__all__ = ["CentralStore", "Device", "open_store"]
