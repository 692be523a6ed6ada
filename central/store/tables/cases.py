"""Tables added after version 2 about cases: correction requests, fees and payments, the hall
queue's case summaries, postal deliveries, the statistics' service facts, progress-page
tokens with online ratings and routing to another district, the cases a hall rated, and the
一件事 (bundle) a case was decided in."""

from __future__ import annotations

# Added after version 2 without changing it (branch i12correct).
CORRECTION_TABLES = """
-- What a correction_requested progress step asks the applicant to correct (补正): JSON
-- arrays of material codes and of applicant fields; one row per such step.
CREATE TABLE IF NOT EXISTS correction_requests (
    seq BIGINT PRIMARY KEY REFERENCES progress_events(seq),
    materials TEXT NOT NULL,
    fields TEXT NOT NULL
);
"""

# Added after version 2 without changing it (branch i12fees).
PAYMENT_TABLES = """
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

# Added after version 2 without changing it (branch i13queue).
HALL_QUEUE_TABLES = """
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
    flags TEXT NOT NULL,                  -- JSON list (docs/sync-protocol.md)
    decision TEXT                         -- the window's decision when it took the case
);
CREATE INDEX IF NOT EXISTS case_summaries_hall ON case_summaries(hall, seq);
CREATE INDEX IF NOT EXISTS case_summaries_case ON case_summaries(case_id, seq);
"""

# Added after version 2 without changing it (branch i12delivery).
DELIVERY_TABLES = """
-- A posted result's news (EMS): the progress event that carries it, its waybill, and whether
-- it was posted or delivered (sync.wire.feeds.ProgressEvent waybill / delivery_status).
CREATE TABLE IF NOT EXISTS delivery_events (
    seq BIGINT PRIMARY KEY REFERENCES progress_events(seq),
    waybill TEXT NOT NULL,
    status TEXT NOT NULL
);
"""

# Added after version 2 without changing it (branch i13stats).
SERVICE_FACT_TABLES = """
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

# Added after version 2 without changing it (branch i14track).
TRACKING_TABLES = """
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

# Added after version 2 without changing it (branch evals). A store that had cases before
# it learns them at its next start (central.store.evaluations.backfill_rated_cases).
RATED_CASE_TABLES = """
-- The cases whose newest version carries the hall's 好差评 rating (the case document's
-- evaluation), kept with every version stored: ``counter-central evaluations`` opens only
-- these and the cases rated online, never every case of the hall.
CREATE TABLE IF NOT EXISTS rated_cases (
    case_id TEXT PRIMARY KEY REFERENCES cases(case_id)
);
"""

# Added after version 2 without changing it (高效办成一件事). A plain case has no row: a
# window's push of one writes nothing more.
BUNDLE_TABLES = """
-- The 一件事 (bundle) a case was decided in together with other cases of one applicant,
-- from its document's bundle: the first version stored names it, and every case of one
-- decision shares bundle_id (counter-central cases --bundle, the hall queue, the progress
-- page's other cases of the bundle).
CREATE TABLE IF NOT EXISTS case_bundles (
    case_id TEXT PRIMARY KEY REFERENCES cases(case_id),
    bundle_id TEXT NOT NULL,
    code TEXT NOT NULL,                   -- the catalog's bundle code
    name TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS case_bundles_bundle ON case_bundles(bundle_id);
"""

# Added after version 2 without changing it: the cases a window took on one hall day
# (counter-central cases --day) found by when it took them, which every summary repeats.
CASE_TAKEN_INDEXES = """
CREATE INDEX IF NOT EXISTS case_summaries_taken ON case_summaries(received_at);
"""
