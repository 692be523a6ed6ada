"""A table added after version 2: every hand-over of cases to a department or the national
platform (``counter-central export``), who made it and what it held."""

from __future__ import annotations

# Added after version 2 without changing it: a store made before gets it at its next start.
EXPORT_TABLES = """
-- One row per export file written (central.store.exports): the personal data of every case
-- it held left the platform then, for the reason given. Never the cases themselves: the
-- file's SHA-256 ties the row to what was handed over.
CREATE TABLE IF NOT EXISTS exports (
    export_id {serial},
    exported_at TEXT NOT NULL,
    run_by TEXT NOT NULL,                 -- operator:<the OS user who ran the command>
    operator TEXT,                        -- who asked for it (--operator); NULL: not given
    selection TEXT NOT NULL,              -- JSON: department | hall | all, since, until
    reason TEXT,                          -- --reason; NULL: not given
    case_count INTEGER NOT NULL,
    sha256 TEXT NOT NULL,                 -- of the file as written
    file TEXT NOT NULL                    -- the file's absolute path
);
"""
