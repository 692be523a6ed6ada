"""The platform's store: one core (``base.CentralStore``) on SQLite or PostgreSQL, and one
module per concern taking it. ``open_store(url, key_file)`` picks the engine from the URL."""

from __future__ import annotations

from pathlib import Path

from central.sealing import DEFAULT_CIPHER, default_key_file, missing_key_file_for_postgres
from central.store import case_dates, evaluations
from central.store.base import CentralStore, Device


def open_store(
    url: str, key_file: Path | None = None, cipher: str = DEFAULT_CIPHER
) -> CentralStore:
    """``postgresql://...`` (or ``postgres://``) opens PostgreSQL; anything else is a SQLite
    file path (``sqlite:///path`` is accepted too). The schema is created when missing.

    ``key_file`` seals the case payloads (``central.sealing``); a SQLite store defaults to
    ``<db>.key`` beside the database, a PostgreSQL store must be given one. ``cipher`` is
    what new payloads are sealed with. A wrong or missing key raises ``OperatorError``."""
    store: CentralStore
    if url.startswith(("postgresql://", "postgres://")):
        if key_file is None:
            raise missing_key_file_for_postgres()
        from central.store.postgres import PostgresStore

        store = PostgresStore(url)
    else:
        from central.store.sqlite import SqliteStore

        sqlite = SqliteStore(url.removeprefix("sqlite://"))
        key_file = key_file or default_key_file(sqlite.path)
        store = sqlite
    try:
        store.initialise(key_file, cipher)
        # Once, on a store that held cases before rated_cases (docs/operations.md §10) or
        # the time-limit dates on their rows.
        evaluations.backfill_rated_cases(store)
        case_dates.backfill_case_dates(store)
    except BaseException:
        store.close()
        raise
    return store


__all__ = ["CentralStore", "Device", "open_store"]
