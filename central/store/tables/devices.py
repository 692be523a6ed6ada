"""Tables added after version 2 about devices: the audit-chain heads they report (and the
reports refused), the prefixes each stated at enrolment, codes that replace a device, and
each device's latest health report."""

from __future__ import annotations

# Added after version 2 without changing it: new tables only, created on an existing store
# at its next start (every statement is IF NOT EXISTS).
AUDIT_CHAIN_TABLES = """
-- The highest audit-chain head each device reported (sync.wire.device_reports.AuditHeadReport).
CREATE TABLE IF NOT EXISTS audit_heads (
    device_id TEXT PRIMARY KEY REFERENCES devices(device_id),
    seq BIGINT NOT NULL,
    head TEXT NOT NULL,
    keyed_from BIGINT NOT NULL,
    received_at TEXT NOT NULL,            -- when this head was first reported
    reported_at TEXT NOT NULL             -- the device's latest report, whatever its outcome
);

-- Reports refused because they went behind (or forked from) the head held.
CREATE TABLE IF NOT EXISTS audit_head_anomalies (
    anomaly_id {serial},
    device_id TEXT NOT NULL REFERENCES devices(device_id),
    held_seq BIGINT NOT NULL,
    held_head TEXT NOT NULL,
    sent_seq BIGINT NOT NULL,
    sent_head TEXT NOT NULL,
    sent_keyed_from BIGINT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_head_anomalies_device ON audit_head_anomalies(device_id);
"""

# Added after version 2 without changing it (branch prefix-enrol).
PREFIX_ENROL_TABLES = """
-- The case-number prefixes each device stated at enrolment (sync.wire.enrolment.EnrollRequest
-- number_devices), kept after revocation. A device listed here numbers only with prefixes
-- bound to it; one absent was enrolled before this table and binds a prefix by first use.
CREATE TABLE IF NOT EXISTS stated_prefixes (
    device_id TEXT NOT NULL REFERENCES devices(device_id),
    prefix TEXT NOT NULL,
    PRIMARY KEY (device_id, prefix)
);
"""

# Added after version 2 without changing it (branch i15replace): replacing a PC.
REPLACEMENT_TABLES = """
-- A code made to replace a device (counter-central enroll-code --replaces): the enrolment
-- that uses it revokes that device in its own transaction, so the new PC takes over its
-- window and case-number prefixes at once.
CREATE TABLE IF NOT EXISTS enroll_code_replacements (
    code_hash TEXT PRIMARY KEY REFERENCES enroll_codes(code_hash),
    replaces_device TEXT NOT NULL REFERENCES devices(device_id)
);
"""

# Added after version 2 without changing it (branch i13misc).
DEVICE_HEALTH_TABLES = """
-- The latest health report of each device (sync.wire.device_reports.DeviceHealthReport), for
-- IT: when it arrived (the device's last contact) and the clock offset measured then.
CREATE TABLE IF NOT EXISTS device_health (
    device_id TEXT PRIMARY KEY REFERENCES devices(device_id),
    received_at TEXT NOT NULL,
    clock_offset_seconds DOUBLE PRECISION NOT NULL, -- the device's clock minus the platform's
    report TEXT NOT NULL                  -- JSON: the report as sent
);
"""

# Added after version 2 without changing it: the prefixes a device holds, found by device
# (its own cases, its audit head, its revocation) without reading every prefix of the city.
PREFIX_HOLDER_INDEXES = """
CREATE INDEX IF NOT EXISTS number_prefixes_device ON number_prefixes(device_id);
"""
