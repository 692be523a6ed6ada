"""The platform store's table of 好差评 appeal decisions (``central.store.evaluations``)."""

# Added after version 2 without changing it (branch appeals).
APPEAL_DECISION_TABLES = """
-- The city-level reviewer's decision of a hall's appeal of a bad rating (国办发〔2019〕51号):
-- one per case (a follow-up has one appeal); progress_seq is the progress event that carries
-- it back to the accepting window. upheld: the follow-up closes and the bad rating leaves the
-- satisfaction figures; rejected: the follow-up goes on.
CREATE TABLE IF NOT EXISTS rating_appeal_decisions (
    case_id TEXT PRIMARY KEY REFERENCES cases(case_id),
    decision TEXT NOT NULL,               -- upheld | rejected
    reason TEXT NOT NULL,
    decided_by TEXT NOT NULL,             -- the reviewer's account (review register)
    decided_at TEXT NOT NULL,
    progress_seq BIGINT NOT NULL UNIQUE
);
"""
