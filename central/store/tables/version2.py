"""Version 2 of the platform store's tables (payloads sealed at rest), never changed since:
settings, enrolment codes, devices and their case-number prefixes, nonces, cases with their
versions, conflicts and progress, the catalog and calendar documents, notices."""

from __future__ import annotations

VERSION_2_TABLES = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS enroll_codes (
    code_hash TEXT PRIMARY KEY,           -- SHA-256 of the normalised code, never the code
    hall TEXT NOT NULL,
    window_code TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    device_id TEXT
);

CREATE TABLE IF NOT EXISTS devices (
    device_id TEXT PRIMARY KEY,
    hall TEXT NOT NULL,
    window_code TEXT NOT NULL,
    public_key TEXT NOT NULL UNIQUE,      -- base64 raw Ed25519 public key
    label TEXT NOT NULL,
    enrolled_at TEXT NOT NULL,
    revoked_at TEXT,
    last_push_at TEXT                     -- the latest push batch stored (ddl.ADDED_COLUMNS)
);

-- Case-number prefixes (HALL-WINDOW-DEVICE) and the device holding each, bound at enrolment
-- (stated_prefixes) or, for a device enrolled before that, by the first number pushed with
-- it; freed when that device is revoked.
CREATE TABLE IF NOT EXISTS number_prefixes (
    prefix TEXT PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES devices(device_id),
    bound_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS nonces (
    device_id TEXT NOT NULL,
    nonce TEXT NOT NULL,
    expires_at BIGINT NOT NULL,           -- Unix seconds
    PRIMARY KEY (device_id, nonce)
);
CREATE INDEX IF NOT EXISTS nonces_expiry ON nonces(expires_at);

CREATE TABLE IF NOT EXISTS cases (
    case_id TEXT PRIMARY KEY,
    case_no TEXT NOT NULL UNIQUE,
    hall TEXT NOT NULL,
    window_code TEXT NOT NULL,
    device_id TEXT NOT NULL,
    reference TEXT NOT NULL UNIQUE,       -- the platform reference, the same for every version
    data_version INTEGER NOT NULL,        -- the newest version stored
    content_hash TEXT NOT NULL,
    received_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    promised_date TEXT,                   -- the newest version's (ddl.ADDED_COLUMNS)
    statutory_date TEXT,
    department TEXT
);
CREATE INDEX IF NOT EXISTS cases_hall ON cases(hall, received_at);

-- Every accepted data version, kept for good.
CREATE TABLE IF NOT EXISTS case_versions (
    case_id TEXT NOT NULL REFERENCES cases(case_id),
    data_version INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    payload_sealed {bytes} NOT NULL,      -- canonical JSON as submitted, AEAD-sealed
    device_id TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (case_id, data_version)
);

-- Submissions kept for a supervisor: same version with other content, or a stale version.
CREATE TABLE IF NOT EXISTS conflicts (
    conflict_id {serial},
    case_id TEXT NOT NULL,
    data_version INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    case_no TEXT NOT NULL,
    hall TEXT NOT NULL,
    device_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    payload_sealed {bytes} NOT NULL,
    received_at TEXT NOT NULL,
    resolved_at TEXT,
    UNIQUE (case_id, data_version, content_hash)
);

CREATE TABLE IF NOT EXISTS progress_events (
    seq {serial},
    case_id TEXT NOT NULL REFERENCES cases(case_id),
    hall TEXT NOT NULL,
    state TEXT NOT NULL,
    note TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS progress_hall ON progress_events(hall, seq);
CREATE INDEX IF NOT EXISTS progress_case ON progress_events(case_id, seq);

-- Catalog and calendar versions: the whole published document each time.
CREATE TABLE IF NOT EXISTS feed_documents (
    seq {serial},
    feed TEXT NOT NULL,
    version INTEGER NOT NULL,
    published_at TEXT NOT NULL,
    document TEXT NOT NULL,
    effective_from TEXT,                  -- a catalog's day in force (ddl.ADDED_COLUMNS)
    UNIQUE (feed, version)
);

CREATE TABLE IF NOT EXISTS notices (
    seq {serial},
    notice_id TEXT NOT NULL UNIQUE,
    hall TEXT NOT NULL,                   -- a hall code, or * for every hall
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    published_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS notices_hall ON notices(hall, seq);
"""
