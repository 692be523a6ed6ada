"""Migrations for the hall queue's 高效办成一件事: the bundle each case of the hall was
decided in, as the platform's hall queue feed says (m0041)."""

from __future__ import annotations

from sqlite_utils import Database


def m0041_hall_queue_bundles(db: Database) -> None:
    db.executescript(
        """
        -- The id the cases decided together share and the bundle's name (失业一件事);
        -- NULL for a case decided alone, so plain cases cost the partial index nothing.
        ALTER TABLE hall_queue ADD COLUMN bundle_id TEXT;
        ALTER TABLE hall_queue ADD COLUMN bundle_name TEXT;
        CREATE INDEX hall_queue_bundle ON hall_queue(bundle_name, received_at)
            WHERE bundle_name IS NOT NULL;
        -- The bundle names the queue holds (few): a search finds the names containing its
        -- text here, then each name's cases through hall_queue_bundle.
        CREATE TABLE hall_queue_bundles (
            bundle_name TEXT PRIMARY KEY
        );
        """
    )
