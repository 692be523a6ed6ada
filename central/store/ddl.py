"""The platform store's tables, written once for both SQLite and PostgreSQL.

``{serial}`` becomes each engine's never-reused, monotonic row number: the change feeds'
sequences and cursors rely on it; ``{bytes}`` its binary type. Timestamps are ISO 8601 UTC
text with ``Z``. Case payloads are stored sealed (``central.sealing``), never as plaintext.

Version 2: payloads sealed at rest (version 1, pre-release, kept them as plaintext JSON).
"""

from __future__ import annotations

SCHEMA_VERSION = 2

_TABLES = """
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
    revoked_at TEXT
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
    updated_at TEXT NOT NULL
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

# Added after version 2 without changing it: new tables only, created on an existing store
# at its next start (every statement is IF NOT EXISTS).
_AUDIT_CHAIN_TABLES = """
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

# Added after version 2 without changing it (branch prefix-enrol), like the audit tables.
_PREFIX_ENROL_TABLES = """
-- The case-number prefixes each device stated at enrolment (sync.wire.enrolment.EnrollRequest
-- number_devices), kept after revocation. A device listed here numbers only with prefixes
-- bound to it; one absent was enrolled before this table and binds a prefix by first use.
CREATE TABLE IF NOT EXISTS stated_prefixes (
    device_id TEXT NOT NULL REFERENCES devices(device_id),
    prefix TEXT NOT NULL,
    PRIMARY KEY (device_id, prefix)
);
"""

# Added after version 2 without changing it (branch i12correct), like the audit tables.
_CORRECTION_TABLES = """
-- What a correction_requested progress step asks the applicant to correct (补正): JSON
-- arrays of material codes and of applicant fields; one row per such step.
CREATE TABLE IF NOT EXISTS correction_requests (
    seq BIGINT PRIMARY KEY REFERENCES progress_events(seq),
    materials TEXT NOT NULL,
    fields TEXT NOT NULL
);
"""

# Added after version 2 without changing it (branch i12fees), like the audit tables.
_PAYMENT_TABLES = """
-- The fee each case owes, learnt from the counter's versions (fee_cents, payment_reference),
-- and its payment: confirmed here (the unified public payment platform; progress_seq is the
-- progress event that told the hall) or by card at the window (a later version). Amounts
-- are integer cents.
CREATE TABLE IF NOT EXISTS payments (
    reference TEXT PRIMARY KEY,
    case_id TEXT NOT NULL UNIQUE REFERENCES cases(case_id),
    hall TEXT NOT NULL,
    amount_cents BIGINT NOT NULL,
    paid_at TEXT,
    method TEXT,                          -- pos | platform
    receipt_no TEXT,
    progress_seq BIGINT,
    recorded_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS payments_progress ON payments(progress_seq);
"""

# Added after version 2 without changing it (branch i13queue), like the audit tables.
_HALL_QUEUE_TABLES = """
-- The hall queue feed: a summary of a case (no personal data) each time the platform stored
-- a version of it or recorded a back-office step, in commit order within a hall.
CREATE TABLE IF NOT EXISTS case_summaries (
    seq {serial},
    case_id TEXT NOT NULL REFERENCES cases(case_id),
    hall TEXT NOT NULL,
    case_no TEXT NOT NULL,
    window_code TEXT NOT NULL,
    clerk TEXT NOT NULL,
    item_code TEXT NOT NULL,
    item_name TEXT NOT NULL,
    state TEXT NOT NULL,
    data_version INTEGER NOT NULL,        -- the newest version the platform holds
    kind TEXT NOT NULL,                   -- version | progress
    actor TEXT NOT NULL,                  -- who made the version; the platform for a step
    note TEXT NOT NULL,                   -- a back-office step's note
    at TEXT NOT NULL,                     -- when the platform recorded it
    received_at TEXT NOT NULL,            -- when the window took the case
    accepted_at TEXT,
    promised_date TEXT,
    deferral_due TEXT,                    -- the earliest deadline of a deferred material
    flags TEXT NOT NULL                   -- JSON list (docs/sync-protocol.md)
);
CREATE INDEX IF NOT EXISTS case_summaries_hall ON case_summaries(hall, seq);
CREATE INDEX IF NOT EXISTS case_summaries_case ON case_summaries(case_id, seq);
"""

# Added after version 2 without changing it (branch i12delivery), like the audit tables.
_DELIVERY_TABLES = """
-- A posted result's news (EMS): the progress event that carries it, its waybill, and whether
-- it was posted or delivered (sync.wire.feeds.ProgressEvent waybill / delivery_status).
CREATE TABLE IF NOT EXISTS delivery_events (
    seq BIGINT PRIMARY KEY REFERENCES progress_events(seq),
    waybill TEXT NOT NULL,
    status TEXT NOT NULL
);
"""

# Added after version 2 without changing it (branch i13eod), like the audit tables.
_DAY_SIGN_OFF_TABLES = """
-- Supervisors' end-of-day sign-offs (sync.wire.device_reports.DaySignOff), one row per
-- sign-off: the device's hall and window, the day, who signed, and the figures signed (JSON).
CREATE TABLE IF NOT EXISTS day_sign_offs (
    sign_off_id TEXT PRIMARY KEY,         -- the device's id for it: the idempotency key
    hall TEXT NOT NULL,
    window_code TEXT NOT NULL,
    device_id TEXT NOT NULL REFERENCES devices(device_id),
    day TEXT NOT NULL,
    signed_by TEXT NOT NULL,
    signed_at TEXT NOT NULL,
    reconciled INTEGER NOT NULL,          -- 1: every case of the day acknowledged
    unacknowledged TEXT NOT NULL,         -- JSON list of case numbers
    flagged_windows TEXT NOT NULL,        -- JSON list of window codes with unsynced cases
    windows TEXT NOT NULL,                -- JSON list of the windows' figures
    received_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS day_sign_offs_hall ON day_sign_offs(hall, day, window_code);
"""

# Added after version 2 without changing it (branch i13notices), like the audit tables.
_NOTICE_AUTHOR_TABLES = """
-- Who published a notice from a window (POST /v1/hall/notices): the platform's audit of it.
-- A notice published with counter-central notice publish has no row here.
CREATE TABLE IF NOT EXISTS notice_authors (
    notice_id TEXT PRIMARY KEY REFERENCES notices(notice_id),
    device_id TEXT NOT NULL REFERENCES devices(device_id),
    published_by TEXT NOT NULL,           -- the supervisor's user name at that window
    received_at TEXT NOT NULL
);
"""

# Added after version 2 without changing it (branch i13stats), like the audit tables.
_SERVICE_FACT_TABLES = """
-- What the hall's statistics need of a case beyond its summary, from its newest version: when
-- the applicant's card was read (the service's start) and its 好差评 rating. The hall queue
-- feed carries them with every summary of the case (no personal data).
CREATE TABLE IF NOT EXISTS case_service_facts (
    case_id TEXT PRIMARY KEY REFERENCES cases(case_id),
    card_read_at TEXT,
    rating_level INTEGER,                 -- 1-5; NULL: not rated, or declined
    rating_declined INTEGER NOT NULL      -- 1: the applicant declined to rate
);
"""

# Added after version 2 without changing it (branch i15staff): the halls' staff register.
_STAFF_TABLES = """
-- Every change to a hall's staff account, appended (the ``staff`` feed reads it in order;
-- the newest row per hall and username is the account). verifier: a salted scrypt verifier
-- (counter_app.domain.staff), never the password.
CREATE TABLE IF NOT EXISTS staff_changes (
    seq {serial},
    hall TEXT NOT NULL,
    username TEXT NOT NULL,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    disabled INTEGER NOT NULL,
    verifier TEXT NOT NULL,
    change TEXT NOT NULL,                 -- add, disable, enable, role, reset or unlock
    changed_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS staff_changes_hall ON staff_changes(hall, seq);
CREATE INDEX IF NOT EXISTS staff_changes_account ON staff_changes(hall, username, seq);
"""

# Added after version 2 without changing it (branch i15lock): lockouts reported by windows.
_STAFF_LOCKOUT_TABLES = """
-- Login lockouts of the register's accounts at the windows (sync.wire.staff.LockoutReport), one row
-- per lockout; a lockout holds at its window only. lifted_by: the window's administrator who
-- lifted it there, or platform (counter-central staff unlock).
CREATE TABLE IF NOT EXISTS staff_lockouts (
    lockout_id TEXT PRIMARY KEY,          -- the window's id for it: the idempotency key
    hall TEXT NOT NULL,
    username TEXT NOT NULL,
    window_code TEXT NOT NULL,
    device_id TEXT NOT NULL REFERENCES devices(device_id),
    locked_at TEXT NOT NULL,
    until TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL,
    lifted_at TEXT,
    lifted_by TEXT,
    received_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS staff_lockouts_account ON staff_lockouts(hall, username, locked_at);
"""

# Added after version 2 without changing it (branch i15replace): replacing a PC.
_REPLACEMENT_TABLES = """
-- A code made to replace a device (counter-central enroll-code --replaces): the enrolment
-- that uses it revokes that device in its own transaction, so the new PC takes over its
-- window and case-number prefixes at once.
CREATE TABLE IF NOT EXISTS enroll_code_replacements (
    code_hash TEXT PRIMARY KEY REFERENCES enroll_codes(code_hash),
    replaces_device TEXT NOT NULL REFERENCES devices(device_id)
);
"""

# Added after version 2 without changing it (branch i13approvals), like the audit tables.
_APPROVAL_REQUEST_TABLES = """
-- Clerks' requests for a supervisor's approval (sync.wire.approvals.ApprovalRequestDraft) and the
-- decision on each: the platform's audit of both sides (which window and user asked, which
-- window and user decided). No personal data: the summary names the item and case number.
CREATE TABLE IF NOT EXISTS approval_requests (
    request_id TEXT PRIMARY KEY,          -- the asking device's id for it: idempotency key
    hall TEXT NOT NULL,
    window_code TEXT NOT NULL,
    device_id TEXT NOT NULL REFERENCES devices(device_id),
    kind TEXT NOT NULL,
    summary TEXT NOT NULL,
    reason TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    status TEXT NOT NULL,                 -- pending, approved, refused, cancelled
    decision_id TEXT,                     -- the deciding device's id for its decision
    decided_by TEXT,
    decided_device TEXT REFERENCES devices(device_id),
    decision_reason TEXT,
    decided_at TEXT
);
CREATE INDEX IF NOT EXISTS approval_requests_pending ON approval_requests(hall, status, requested_at);
"""

# Added after version 2 without changing it (branch i14preapp), like the audit tables.
_ARRIVAL_TABLES = """
-- The online channel's appointments (预约) and pre-applications (网上申报): one row each,
-- its current state; the personal data lives only sealed, in arrival_feed.
CREATE TABLE IF NOT EXISTS arrivals (
    arrival_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,                   -- appointment | preapp
    hall TEXT NOT NULL,
    appointment_no TEXT,                  -- 预约号, unique in its hall
    state TEXT NOT NULL,
    revision INTEGER NOT NULL,
    first_day TEXT NOT NULL,
    last_day TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    consumed_case_id TEXT,
    consumed_device TEXT,
    consumed_at TEXT,
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

# Added after version 2 without changing it (branch i14track), like the audit tables.
_TRACKING_TABLES = """
-- The public progress page (GET /track/TOKEN): the digest of each case's track_token, made
-- by the window with the case; the token itself is never stored here.
CREATE TABLE IF NOT EXISTS track_tokens (
    token_digest TEXT PRIMARY KEY,        -- SHA-256 hex of the token
    case_id TEXT NOT NULL UNIQUE REFERENCES cases(case_id)
);

-- 一事一评 given on the progress page (channel online): one per case and channel; the
-- progress event (progress_seq) carries it back to the accepting window.
CREATE TABLE IF NOT EXISTS online_evaluations (
    case_id TEXT NOT NULL REFERENCES cases(case_id),
    channel TEXT NOT NULL,
    level INTEGER NOT NULL,
    reason_code TEXT,
    at TEXT NOT NULL,
    progress_seq BIGINT NOT NULL UNIQUE,
    PRIMARY KEY (case_id, channel)
);

-- 全市通办: a case accepted at one hall for an item another district's department handles
-- (the catalog's handling_department, carried by the case document).
CREATE TABLE IF NOT EXISTS case_routes (
    case_id TEXT PRIMARY KEY REFERENCES cases(case_id),
    department TEXT NOT NULL,
    hall TEXT NOT NULL,                   -- the accepting hall, where progress goes back to
    routed_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS case_routes_department ON case_routes(department, routed_at);
"""

# Added after version 2 without changing it (branch i13misc), like the audit tables.
_DEVICE_HEALTH_TABLES = """
-- The latest health report of each device (sync.wire.device_reports.DeviceHealthReport), for
-- IT: when it arrived (the device's last contact) and the clock offset measured then.
CREATE TABLE IF NOT EXISTS device_health (
    device_id TEXT PRIMARY KEY REFERENCES devices(device_id),
    received_at TEXT NOT NULL,
    clock_offset_seconds DOUBLE PRECISION NOT NULL, -- the device's clock minus the platform's
    report TEXT NOT NULL                  -- JSON: the report as sent
);
"""

# Added after version 2 without changing it (branch i14elicence).
_ELICENCE_TABLES = """
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

# Added after version 2 without changing it (branch i13problems), like the audit tables.
_INSTRUCTION_TABLES = """
-- A supervisor's resolution of a problem case, issued at one window for the device that owns
-- the case (POST /v1/hall/instructions), signed by the issuing device.
CREATE TABLE IF NOT EXISTS instructions (
    instruction_id TEXT PRIMARY KEY,
    hall TEXT NOT NULL,
    case_id TEXT NOT NULL,                -- perhaps never stored (a rejected new case)
    case_no TEXT NOT NULL,
    target_device_id TEXT NOT NULL REFERENCES devices(device_id),
    target_window TEXT NOT NULL,
    action TEXT NOT NULL,                 -- resend | adopt | void
    reason TEXT NOT NULL,
    issued_by TEXT NOT NULL,              -- the supervisor's user name at the issuing window
    issuer_device_id TEXT NOT NULL REFERENCES devices(device_id),
    issued_at TEXT NOT NULL,
    signature TEXT NOT NULL,              -- issuer's, over sync.wire.problems.instruction_message
    platform_version INTEGER NOT NULL,    -- the case's newest version here (0: none)
    received_at TEXT NOT NULL
);
-- The instructions feed: each instruction when issued, then when its window answered.
CREATE TABLE IF NOT EXISTS instruction_events (
    seq {serial},
    hall TEXT NOT NULL,
    instruction_id TEXT NOT NULL REFERENCES instructions(instruction_id),
    state TEXT NOT NULL,                  -- issued | done | refused
    outcome TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS instruction_events_hall ON instruction_events(hall, seq);
-- The problems feed: every submission the platform kept in conflict or rejected, with its
-- reason, so a supervisor at any window of the hall sees it (no personal data).
CREATE TABLE IF NOT EXISTS case_problems (
    seq {serial},
    hall TEXT NOT NULL,
    case_id TEXT NOT NULL,                -- perhaps never stored here (a rejected new case)
    case_no TEXT NOT NULL,
    window_code TEXT NOT NULL,
    device_id TEXT NOT NULL REFERENCES devices(device_id),  -- the device that sent it
    data_version INTEGER NOT NULL,
    status TEXT NOT NULL,                 -- conflict | rejected
    reason TEXT NOT NULL,
    message_zh TEXT NOT NULL,
    message_en TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS case_problems_hall ON case_problems(hall, seq);
-- The reviews feed: supervisors' reviews of the hall's cases (has_issues, approved, rejected).
CREATE TABLE IF NOT EXISTS case_reviews (
    seq {serial},
    review_id TEXT NOT NULL UNIQUE,
    hall TEXT NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases(case_id),
    case_no TEXT NOT NULL,
    data_version INTEGER NOT NULL,        -- the version reviewed
    state TEXT NOT NULL,
    reason TEXT NOT NULL,
    reviewed_by TEXT NOT NULL,            -- the supervisor's user name at that window
    window_code TEXT NOT NULL,
    device_id TEXT NOT NULL REFERENCES devices(device_id),
    reviewed_at TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS case_reviews_hall ON case_reviews(hall, seq);
"""

# Added after version 2 without changing it (branch i14tickets), like the audit tables.
_TICKET_TABLES = """
-- The hall's queue tickets (叫号, sync.wire.tickets): one row per ticket a person takes,
-- numbered per hall and hall day (A001 in turn, Y001 for an appointment holder: priority).
CREATE TABLE IF NOT EXISTS tickets (
    ticket_id TEXT PRIMARY KEY,
    hall TEXT NOT NULL,
    day TEXT NOT NULL,                    -- the hall's date (Asia/Shanghai) it was issued on
    number TEXT NOT NULL,
    priority INTEGER NOT NULL,            -- 1: an appointment holder's, called first
    item_code TEXT,
    appointment_id TEXT,                  -- the online channel's id, opaque here
    issued_at TEXT NOT NULL,
    UNIQUE (hall, day, number)
);
-- Each wait for, call to and service at a window; a redirect closes one and opens the next.
CREATE TABLE IF NOT EXISTS ticket_visits (
    visit_seq {serial},
    ticket_id TEXT NOT NULL REFERENCES tickets(ticket_id),
    hall TEXT NOT NULL,
    for_window TEXT,                      -- redirected: only this window calls it
    window_code TEXT,                     -- the window that called it
    item_code TEXT,
    queued_at TEXT NOT NULL,
    called_at TEXT,
    started_at TEXT,
    closed_at TEXT,
    outcome TEXT,                         -- served, no_show, redirected; NULL while open
    recalls INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS ticket_visits_open ON ticket_visits(hall, outcome, called_at);
CREATE INDEX IF NOT EXISTS ticket_visits_ticket ON ticket_visits(ticket_id, visit_seq);
-- Every window request answered, by the device's request id: a repeated request (its answer
-- was lost) is answered again from here, never acted on twice.
CREATE TABLE IF NOT EXISTS ticket_requests (
    device_id TEXT NOT NULL REFERENCES devices(device_id),
    request_id TEXT NOT NULL,
    action TEXT NOT NULL,
    ticket_id TEXT,                       -- NULL: a call that found no ticket waiting
    window_code TEXT NOT NULL,
    answered_at TEXT NOT NULL,
    PRIMARY KEY (device_id, request_id)
);
"""

# Added after version 2 without changing it (branch evals). A store that had cases before
# it learns them at its next start (central.store.evaluations.backfill_rated_cases).
_RATED_CASE_TABLES = """
-- The cases whose newest version carries the hall's 好差评 rating (the case document's
-- evaluation), kept with every version stored: ``counter-central evaluations`` opens only
-- these and the cases rated online, never every case of the hall.
CREATE TABLE IF NOT EXISTS rated_cases (
    case_id TEXT PRIMARY KEY REFERENCES cases(case_id)
);
"""

SQLITE_SERIAL = "INTEGER PRIMARY KEY AUTOINCREMENT"
POSTGRES_SERIAL = "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
SQLITE_BYTES = "BLOB"
POSTGRES_BYTES = "BYTEA"


def statements(serial: str, binary: str) -> list[str]:
    """The DDL as separate statements with ``{serial}`` and ``{bytes}`` filled in for one
    engine."""
    script = (
        (
            _TABLES
            + _AUDIT_CHAIN_TABLES
            + _PREFIX_ENROL_TABLES
            + _CORRECTION_TABLES
            + _PAYMENT_TABLES
            + _HALL_QUEUE_TABLES
            + _DELIVERY_TABLES
            + _DAY_SIGN_OFF_TABLES
            + _NOTICE_AUTHOR_TABLES
            + _SERVICE_FACT_TABLES
            + _STAFF_TABLES
            + _STAFF_LOCKOUT_TABLES
            + _REPLACEMENT_TABLES
            + _APPROVAL_REQUEST_TABLES
            + _ARRIVAL_TABLES
            + _TRACKING_TABLES
            + _DEVICE_HEALTH_TABLES
            + _ELICENCE_TABLES
            + _INSTRUCTION_TABLES
            + _TICKET_TABLES
            + _RATED_CASE_TABLES
        )
        .replace("{serial}", serial)
        .replace("{bytes}", binary)
    )
    lines = [line.split("--", 1)[0].rstrip() for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
