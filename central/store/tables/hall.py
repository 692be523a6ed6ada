"""Tables added after version 2 about a hall's work: end-of-day sign-offs, notice authors,
the staff register with its lockouts and one-time code secrets, approval requests, problem
cases with supervisors' instructions and reviews, and queue tickets."""

from __future__ import annotations

# Added after version 2 without changing it (branch i13eod).
DAY_SIGN_OFF_TABLES = """
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

# Added after version 2 without changing it (branch i13notices).
NOTICE_AUTHOR_TABLES = """
-- Who published a notice from a window (POST /v1/hall/notices): the platform's audit of it.
-- A notice published with counter-central notice publish has no row here.
CREATE TABLE IF NOT EXISTS notice_authors (
    notice_id TEXT PRIMARY KEY REFERENCES notices(notice_id),
    device_id TEXT NOT NULL REFERENCES devices(device_id),
    published_by TEXT NOT NULL,           -- the supervisor's user name at that window
    received_at TEXT NOT NULL
);
"""

# Added after version 2 without changing it (branch i15staff): the halls' staff register.
STAFF_TABLES = """
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
    change TEXT NOT NULL,                 -- add, disable, enable, role, reset, unlock, password,
                                          -- second_factor, reset-code
    changed_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS staff_changes_hall ON staff_changes(hall, seq);
CREATE INDEX IF NOT EXISTS staff_changes_account ON staff_changes(hall, username, seq);
"""

# Added after version 2 without changing it (branch i15lock): lockouts reported by windows.
STAFF_LOCKOUT_TABLES = """
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

# Added after version 2 without changing it (branch i13approvals).
APPROVAL_REQUEST_TABLES = """
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
    decided_at TEXT,
    makers TEXT                           -- JSON list of the case's clerks; NULL: not said (ddl.ADDED_COLUMNS)
);
CREATE INDEX IF NOT EXISTS approval_requests_pending ON approval_requests(hall, status, requested_at);
"""

# Added after version 2 without changing it (branch i13problems).
INSTRUCTION_TABLES = """
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

# Added after version 2 without changing it (branch i14tickets).
TICKET_TABLES = """
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

# Added after version 2 without changing it (one-time codes): what a change of
# staff_changes adds to the account, in a table of its own keyed by the change (as
# correction_requests and delivery_events add to progress_events), so an existing store gets it
# at its next start.
STAFF_SECOND_FACTOR_TABLES = """
-- The one-time code secret (RFC 6238) a member of the staff set up at a window (POST
-- /v1/staff-second-factors), one row per staff_changes row of change second_factor; sealed with
-- the platform's key (central.sealing), bound to that row. The account's secret at any row is
-- that of its newest second_factor change up to it, unless a reset-code change came after.
CREATE TABLE IF NOT EXISTS staff_second_factors (
    seq BIGINT PRIMARY KEY REFERENCES staff_changes(seq),
    secret_sealed {bytes} NOT NULL
);
"""

# Added after version 2 without changing it: who made each change of the staff register, for
# ``counter-central staff history`` (an auditor's "who reset this password, and when").
STAFF_CHANGE_AUTHOR_TABLES = """
-- Who made a staff_changes row: the operator (operator:<the server's OS user>) or the member
-- themselves at a window (<username>@<window code>). Rows made before this table have none.
CREATE TABLE IF NOT EXISTS staff_change_authors (
    seq BIGINT PRIMARY KEY REFERENCES staff_changes(seq),
    changed_by TEXT NOT NULL
);
"""

# Added after version 2 without changing it: the platform's own count of wrong passwords, in
# the store, so that every worker process and a restart count the same guesses.
STAFF_FAILED_ATTEMPT_TABLES = """
-- Passwords tried in a row at the platform without proving the account's (a member's own
-- password change or one-time code set-up), per account. An attempt is counted before its
-- password is checked, in the transaction that finds no lockout holds, and the count goes back
-- to 0 when a password proves right, when the count locks the account (staff_lockouts) and at
-- counter-central staff unlock.
CREATE TABLE IF NOT EXISTS staff_password_failures (
    hall TEXT NOT NULL,
    username TEXT NOT NULL,
    failures INTEGER NOT NULL,
    PRIMARY KEY (hall, username)
);
"""
