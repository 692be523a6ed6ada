"""Catalog versions received ahead of their day (m0050): the moment each comes into force,
a hall day's midnight (NULL: in force since loaded). The version in force is the newest
whose moment has come (``counter_app.store.catalog.current_catalog_version``)."""

from __future__ import annotations

from sqlite_utils import Database


def m0050_catalog_versions_ahead(db: Database) -> None:
    db.execute("ALTER TABLE catalog_versions ADD COLUMN effective_from TEXT")
