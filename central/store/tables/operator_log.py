"""The platform store's log of what its operators did (``central.store.operator_log``),
append-only on both engines."""

from __future__ import annotations

# Added after version 2 without changing it (等保 review: every operator action attributable).
# ``{append_only}`` is the engine's guard (below): the log's rows are never changed or removed,
# so the store keeps them as long as it keeps anything (at least the 6 months the review asks).
OPERATOR_LOG_TABLES = """
-- One row per change an operator's counter-central command made, written after it: who
-- (operator:<OS user>, or operator:<--operator NAME>), what, on what; detail is JSON that
-- names things by code and number, never a person's data.
CREATE TABLE IF NOT EXISTS operator_log (
    seq {serial},
    at TEXT NOT NULL,
    operator TEXT NOT NULL,
    action TEXT NOT NULL,                 -- e.g. revoke, catalog publish, staff reset
    target TEXT NOT NULL,                 -- device id, hall, case, version …
    detail TEXT NOT NULL                  -- JSON object
);
CREATE INDEX IF NOT EXISTS operator_log_at ON operator_log(at);
{append_only}
"""

# A trigger body holds a ";" the DDL is not split at: ``ddl.statements`` ends a statement only
# at a ";" that ends a line, so each guard statement stays on one line.
SQLITE_APPEND_ONLY = """
CREATE TRIGGER IF NOT EXISTS operator_log_no_update BEFORE UPDATE ON operator_log BEGIN SELECT RAISE(ABORT, 'operator_log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS operator_log_no_delete BEFORE DELETE ON operator_log BEGIN SELECT RAISE(ABORT, 'operator_log is append-only'); END;
"""

# Per statement, so an UPDATE or DELETE matching no row is refused too; TRUNCATE as well.
POSTGRES_APPEND_ONLY = """
CREATE OR REPLACE FUNCTION operator_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'operator_log is append-only'; END $$;
CREATE OR REPLACE TRIGGER operator_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON operator_log FOR EACH STATEMENT EXECUTE FUNCTION operator_log_refuse();
"""
