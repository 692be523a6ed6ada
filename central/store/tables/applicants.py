"""The table added after version 2 that finds a case by its applicant: the keyed index of
the applicant's ID number, never the number itself."""

from __future__ import annotations

# Added after version 2 without changing it. A case stored before has no row until the
# platform stores its next version: its payload, sealed, is the only place its number lives.
CASE_APPLICANT_TABLES = """
-- Each case's applicant as the keyed hash of their normalised ID number (the e-licence
-- register's holder index): the hall queue's duplicate checks find the applicant's other
-- cases by it. Kept with every version stored (a corrected number moves the case).
CREATE TABLE IF NOT EXISTS case_applicants (
    case_id TEXT PRIMARY KEY REFERENCES cases(case_id),
    applicant_index TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS case_applicants_index ON case_applicants(applicant_index);
"""
