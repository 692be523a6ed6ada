"""Migrations for 高效办成一件事: the catalog's bundles per version and the bundle a case
was decided in: its id, code and name (m0040)."""

from __future__ import annotations

from sqlite_utils import Database


def m0040_bundles(db: Database) -> None:
    db.executescript(
        """
        -- The bundles (一件事) of each catalog version, loaded with its items.
        CREATE TABLE service_bundles (
            catalog_version INTEGER NOT NULL REFERENCES catalog_versions(version),
            code TEXT NOT NULL,
            name TEXT NOT NULL,
            definition TEXT NOT NULL,  -- the whole bundle as JSON: members, pinyin
            PRIMARY KEY (catalog_version, code)
        );
        -- The UUID shared by the cases decided together in one bundle; NULL for a case
        -- decided alone, so a plain case costs the partial index nothing. The bundle's
        -- code and name as decided: a later catalog may rename or drop the bundle.
        ALTER TABLE cases ADD COLUMN bundle_id TEXT;
        ALTER TABLE cases ADD COLUMN bundle_code TEXT;
        ALTER TABLE cases ADD COLUMN bundle_name TEXT;
        CREATE INDEX cases_bundle_id ON cases(bundle_id) WHERE bundle_id IS NOT NULL;
        """
    )
