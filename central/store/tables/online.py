"""Tables added after version 2 for what reaches the hall from outside it: the online
channel's appointments and pre-applications (with their files), and the city's e-licence
register with its authorisation codes and signed lookup log."""

from __future__ import annotations

# Added after version 2 without changing it (branch i14preapp).
ARRIVAL_TABLES = """
-- The online channel's appointments (预约) and pre-applications (网上申报): one row each,
-- its current state; the personal data lives only sealed, in arrival_feed, the holder
-- found through a keyed hash of their ID number (central.sealing holder_index).
CREATE TABLE IF NOT EXISTS arrivals (
    arrival_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,                   -- appointment | preapp
    hall TEXT NOT NULL,
    appointment_no TEXT,                  -- 预约号, unique in its hall
    state TEXT NOT NULL,                  -- its newest feed item's; a pre-application closed
                                          -- without a case is cancelled (the item says why),
                                          -- one whose personal data was purged: purged
    revision INTEGER NOT NULL,
    first_day TEXT NOT NULL,
    last_day TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    consumed_case_id TEXT,
    consumed_device TEXT,
    consumed_at TEXT,
    holder_index TEXT,                    -- NULL: stored before the column was added
    slot_at TEXT,                         -- an appointment's slot, ISO hall time; NULL: a
                                          -- pre-application, or stored before the column
    UNIQUE (hall, appointment_no)
);

-- The arrivals feed: every revision of an arrival, its whole item sealed (context
-- arrival:<id>:<revision>); a window reads the rows of its hall and date window.
CREATE TABLE IF NOT EXISTS arrival_feed (
    seq {serial},
    arrival_id TEXT NOT NULL REFERENCES arrivals(arrival_id),
    hall TEXT NOT NULL,
    revision INTEGER NOT NULL,
    first_day TEXT NOT NULL,
    last_day TEXT NOT NULL,
    payload {bytes} NOT NULL,
    UNIQUE (arrival_id, revision)
);
CREATE INDEX IF NOT EXISTS arrival_feed_hall ON arrival_feed(hall, seq);

-- Files a pre-application's applicant submitted online, sealed (preapp_file:<id>:<code>).
CREATE TABLE IF NOT EXISTS preapp_files (
    preapp_id TEXT NOT NULL REFERENCES arrivals(arrival_id),
    material_code TEXT NOT NULL,
    file_name TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    sm3 TEXT NOT NULL,
    content {bytes} NOT NULL,
    PRIMARY KEY (preapp_id, material_code)
);
"""

# Added after version 2 without changing it: finding the appointments whose day is over
# without their holder (爽约), and an appointment's ticket.
APPOINTMENT_OUTCOME_INDEXES = """
CREATE INDEX IF NOT EXISTS arrivals_booked ON arrivals(first_day) WHERE state = 'booked';
CREATE INDEX IF NOT EXISTS tickets_appointment ON tickets(appointment_id)
    WHERE appointment_id IS NOT NULL;
"""

# Added after version 2 without changing it: a holder's arrivals of a day, which a booking
# is compared with (``central.store.arrivals``), found without opening the city's; rows
# stored before ``holder_index`` (NULL there) are found by the same index.
ARRIVAL_HOLDER_INDEXES = """
CREATE INDEX IF NOT EXISTS arrivals_holder ON arrivals(holder_index, first_day);
"""

# Added after version 2 without changing it (branch i14elicence).
ELICENCE_TABLES = """
-- The city's e-licence register (电子证照库). A holder is found through a keyed hash of the
-- ID number (central.elicence_keys), never the number itself.
CREATE TABLE IF NOT EXISTS elicences (
    licence_id TEXT PRIMARY KEY,
    holder_index TEXT NOT NULL,
    licence_type TEXT NOT NULL,           -- the catalog's exempt_elicence name
    number TEXT NOT NULL,
    issuer TEXT NOT NULL,
    valid_from TEXT,
    valid_to TEXT,                        -- NULL: no expiry (长期)
    file_sha256 TEXT,
    file {bytes},
    added_at TEXT NOT NULL,
    UNIQUE (licence_type, number)
);
CREATE INDEX IF NOT EXISTS elicences_holder ON elicences(holder_index, licence_type);

-- Authorisation codes an applicant gives from the app (only their hash is kept).
CREATE TABLE IF NOT EXISTS elicence_consents (
    code_hash TEXT PRIMARY KEY,
    holder_index TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- Every lookup, answered or refused, X-Road style: who asked, for which case, the request
-- and answer hashed, the record signed with the platform's record-signing key.
CREATE TABLE IF NOT EXISTS elicence_lookups (
    seq {serial},
    lookup_id TEXT NOT NULL UNIQUE,
    logged_at TEXT NOT NULL,
    record TEXT NOT NULL,                 -- canonical JSON of what the signature covers
    signature TEXT NOT NULL               -- base64 Ed25519 over record
);
"""

# Added after version 2 without changing it: a licence its issuer revoked (吊销、注销), which
# no lookup answers with and whose document is handed out no more; a case whose lookup found
# it before the revocation keeps its exemption (``central.store.push``).
ELICENCE_REVOCATION_TABLES = """
CREATE TABLE IF NOT EXISTS elicence_revocations (
    licence_id TEXT PRIMARY KEY REFERENCES elicences(licence_id),
    revoked_at TEXT NOT NULL,
    reason TEXT NOT NULL
);
"""

# Added after version 2 without changing it: a device's lookups of the last day, which the
# bound of distinct holders counts (``central.store.elicences.HolderLimits``), found without
# reading the whole log.
ELICENCE_LOOKUP_INDEXES = """
CREATE INDEX IF NOT EXISTS elicence_lookups_logged ON elicence_lookups(logged_at);
"""

# Added after version 2 without changing it: a hall's appointments of a day, counted against
# its slots' capacity when one is booked and listed for the operator (``central.store.arrivals``).
ARRIVAL_SLOT_INDEXES = """
CREATE INDEX IF NOT EXISTS arrivals_hall_day ON arrivals(hall, first_day);
"""
