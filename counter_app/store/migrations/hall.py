"""Migrations adding what this window keeps of its hall: the platform's feeds (hall queue,
notices, staff accounts, arrivals, problem cases, instructions and reviews), approval
requests, queue tickets, and login lockouts reported to the platform."""

from __future__ import annotations

import json

from sqlite_utils import Database


def m0012_i13queue_hall_queue(db: Database) -> None:
    # The hall queue: the newest summary of every case of the hall (the platform's
    # ``hall_queue`` feed, no personal data), for the supervisor's view of every window.
    # Pages are newest first, whole or by one window, clerk, state or item: one index each
    # gives the filter and the order together.
    db.executescript(
        """
        CREATE TABLE hall_queue (
            case_id TEXT PRIMARY KEY,
            sequence INTEGER NOT NULL,          -- the feed item this row is
            case_no TEXT NOT NULL,
            window_code TEXT NOT NULL,
            clerk TEXT NOT NULL,
            item_code TEXT NOT NULL,
            item_name TEXT NOT NULL,
            state TEXT NOT NULL,
            data_version INTEGER NOT NULL,      -- the newest version the platform holds
            updated_at TEXT NOT NULL,           -- when the platform recorded that item
            received_at TEXT NOT NULL,
            accepted_at TEXT,
            promised_date TEXT,
            deferral_due TEXT,
            flags TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX hall_queue_received ON hall_queue(received_at);
        CREATE INDEX hall_queue_sequence ON hall_queue(sequence);
        CREATE INDEX hall_queue_case_no ON hall_queue(case_no);
        CREATE INDEX hall_queue_window ON hall_queue(window_code, received_at);
        CREATE INDEX hall_queue_clerk ON hall_queue(clerk, received_at);
        CREATE INDEX hall_queue_state ON hall_queue(state, received_at);
        CREATE INDEX hall_queue_item ON hall_queue(item_code, received_at);
        -- The items the queue's cases are of, by name: a search for part of a name finds
        -- their codes here, then each code's cases through hall_queue_item.
        CREATE TABLE hall_queue_items (
            item_code TEXT PRIMARY KEY,
            item_name TEXT NOT NULL
        );
        """
    )


def m0017_i13notices_notice_reads(db: Database) -> None:
    # Hall notices (the platform's ``notices`` feed) are shown in every window; who has read
    # which is kept per user on this workstation only (the platform never learns it). The
    # list is newest first.
    db.executescript(
        """
        CREATE TABLE hall_notice_reads (
            notice_id TEXT NOT NULL REFERENCES hall_notices(notice_id),
            username TEXT NOT NULL,
            read_at TEXT NOT NULL,
            PRIMARY KEY (notice_id, username)
        );
        CREATE INDEX hall_notices_published ON hall_notices(published_at);
        """
    )


def m0019_i15staff_users_from_platform(db: Database) -> None:
    # Staff accounts come from the platform's register (the ``staff`` feed) in a production
    # window; ``source`` tells them from accounts made on this PC (the training hall's, and
    # those made with ``counter-app user add``), whose passwords are changed here.
    db.execute("ALTER TABLE users ADD COLUMN source TEXT NOT NULL DEFAULT 'local'")


def m0020_i13approvals_approval_requests(db: Database) -> None:
    # The requests this window's clerks sent to the hall's supervisors through the platform
    # (instead of a supervisor signing in at this screen), and the decision each got. A
    # decision is applied here once: a pending row is decided once, a second answer finds
    # it decided and changes nothing.
    db.executescript(
        """
        CREATE TABLE approval_requests (
            request_id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            target TEXT NOT NULL,
            summary TEXT NOT NULL,
            reason TEXT NOT NULL,
            requested_by TEXT NOT NULL,
            requested_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',
            decided_by TEXT,
            decision_reason TEXT,
            decided_at TEXT
        );
        """
    )


def m0021_i14preapp_arrivals(db: Database) -> None:
    # The hall's appointments and pre-applications for the next days (the ``arrivals``
    # feed), kept sealed (they name the applicant) and found by the ID number's blind index;
    # forgotten after their last day. A case accepted from a pre-application is recorded in
    # preapp_consumptions, in the intake's own transaction, until the platform confirmed it.
    db.executescript(
        """
        CREATE TABLE arrivals (
            arrival_id TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('appointment', 'preapp')),
            sequence INTEGER NOT NULL,
            state TEXT NOT NULL,
            first_day TEXT NOT NULL,
            last_day TEXT NOT NULL,
            slot_at TEXT,
            id_number_index TEXT NOT NULL,
            payload_enc BLOB NOT NULL
        );
        CREATE INDEX arrivals_person ON arrivals(id_number_index);
        CREATE INDEX arrivals_last_day ON arrivals(last_day);

        CREATE TABLE preapp_consumptions (
            preapp_id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL UNIQUE REFERENCES cases(case_id),
            case_no TEXT NOT NULL,
            clerk TEXT NOT NULL,
            consumed_at TEXT NOT NULL,
            reported_at TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            refused INTEGER NOT NULL DEFAULT 0 CHECK (refused IN (0, 1))
        );
        CREATE INDEX preapp_consumptions_unreported ON preapp_consumptions(consumed_at)
            WHERE reported_at IS NULL AND refused = 0;
        """
    )


def m0023_i13misc_hall_queue_fees(db: Database) -> None:
    # The fee of another window's case (the hall queue feed's ``fee_cents``, integer cents),
    # so the end of day adds up every window's fees. Rows kept before it learn theirs with
    # the case's next feed item.
    db.execute("ALTER TABLE hall_queue ADD COLUMN fee_cents INTEGER")


def m0025_i13problems_instructions(db: Database) -> None:
    # The hall's problem cases (the platform's ``problems`` feed, newest per case) and the
    # supervisors' instructions about them (the ``instructions`` feed, newest state per
    # instruction): the console lists them, showing "waiting for W02" until the window
    # answered; this workstation carries out those for its own device. Supervisors' reviews
    # of cases (ODK Central's review states) are kept here and on the platform.
    # A resolution of one of this workstation's problem cases is kept once per instruction
    # (its id is the primary key), in the transaction that wrote the case's new version: an
    # instruction carried again (a replay, a feed read twice) finds it and does nothing.
    db.executescript(
        """
        CREATE TABLE instructions (
            instruction_id TEXT PRIMARY KEY,
            sequence INTEGER NOT NULL,
            case_id TEXT NOT NULL,
            case_no TEXT NOT NULL,
            target_device_id TEXT NOT NULL,
            target_window TEXT NOT NULL,
            action TEXT NOT NULL,
            reason TEXT NOT NULL,
            issued_by TEXT NOT NULL,
            issuer_device_id TEXT NOT NULL,
            issuer_public_key TEXT NOT NULL,
            issued_at TEXT NOT NULL,
            signature TEXT NOT NULL,
            platform_version INTEGER NOT NULL,
            state TEXT NOT NULL,             -- issued | done | refused
            outcome TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX instructions_case ON instructions(case_id);
        CREATE TABLE hall_problems (
            case_id TEXT PRIMARY KEY,
            sequence INTEGER NOT NULL,
            case_no TEXT NOT NULL,
            window_code TEXT NOT NULL,
            data_version INTEGER NOT NULL,   -- the version the platform did not take
            status TEXT NOT NULL,            -- conflict | rejected
            reason TEXT NOT NULL,
            message_zh TEXT NOT NULL,
            message_en TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE TABLE case_resolutions (
            resolution_id TEXT PRIMARY KEY,  -- the instruction's id, or a new one at this PC
            case_id TEXT NOT NULL REFERENCES cases(case_id),
            action TEXT NOT NULL,            -- resend | adopt | void
            reason TEXT NOT NULL,
            resolved_by TEXT NOT NULL,
            state TEXT NOT NULL,             -- done | refused
            outcome TEXT NOT NULL,           -- the version written, or why it was refused
            at TEXT NOT NULL,
            answered_at TEXT                 -- an instruction's answer reached the platform
        );
        CREATE INDEX case_resolutions_unanswered ON case_resolutions(answered_at);
        -- Supervisors' reviews of the hall's cases: given here (sequence NULL until the
        -- platform holds it) or at another window (the reviews feed).
        CREATE TABLE case_reviews (
            review_id TEXT PRIMARY KEY,
            sequence INTEGER,
            case_id TEXT NOT NULL,
            case_no TEXT NOT NULL,
            data_version INTEGER NOT NULL,   -- the version reviewed
            state TEXT NOT NULL,             -- has_issues | approved | rejected
            reason TEXT NOT NULL,
            reviewed_by TEXT NOT NULL,
            reviewed_at TEXT NOT NULL
        );
        CREATE INDEX case_reviews_case ON case_reviews(case_id, reviewed_at);
        CREATE INDEX case_reviews_unsent ON case_reviews(sequence) WHERE sequence IS NULL;
        """
    )


def m0026_i14tickets_window_tickets(db: Database) -> None:
    # Queue tickets (叫号): the ticket this window called, as the hall's queue system last
    # answered (so a case accepted while it is served carries it, also in another process
    # such as the CLI), and the ticket each case was accepted under.
    db.executescript(
        """
        CREATE TABLE window_tickets (
            ticket_id TEXT PRIMARY KEY,
            number TEXT NOT NULL,
            state TEXT NOT NULL,
            priority INTEGER NOT NULL CHECK (priority IN (0, 1)),
            item_code TEXT,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX window_tickets_state ON window_tickets(state, updated_at);
        CREATE TABLE case_tickets (
            case_id TEXT PRIMARY KEY REFERENCES cases(case_id),
            ticket_id TEXT NOT NULL,
            number TEXT NOT NULL,
            bound_at TEXT NOT NULL
        );
        """
    )


def m0027_i15lock_lockouts(db: Database) -> None:
    # Every login lockout at this window (counter_app.store.lockouts): when, until, the failed
    # attempts that led to it, and its lifting. A platform account's lockout goes to the
    # platform with the next sync: ``version`` counts its changes (1 locked, 2 lifted) and
    # ``reported_version`` is the one the platform acknowledged, so each is sent once.
    db.executescript(
        """
        CREATE TABLE lockouts (
            lockout_id TEXT PRIMARY KEY,
            username TEXT NOT NULL,
            locked_at TEXT NOT NULL,
            until TEXT NOT NULL,
            failed_attempts INTEGER NOT NULL,
            lifted_at TEXT,
            lifted_by TEXT,
            version INTEGER NOT NULL DEFAULT 1,
            reported_version INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX lockouts_user ON lockouts(username, locked_at);
        CREATE INDEX lockouts_unreported ON lockouts(locked_at) WHERE reported_version < version;
        """
    )


def m0031_notice_publisher(db: Database) -> None:
    # Who published a notice from a window (the platform's notice_authors): NULL for the
    # platform's own notices, and for those a platform before this column sent.
    db.execute("ALTER TABLE hall_notices ADD COLUMN published_by TEXT")


def m0032_own_password_users_must_change(db: Database) -> None:
    # A password someone else set (an administrator's new account or reset here, the
    # platform operator's ``staff add`` or ``reset``) is changed by its member at their next
    # sign-in at the window (``security.require_own_password``). Accounts made before this
    # migration keep their passwords.
    db.execute("ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0")


def m0033_second_factor_users(db: Database) -> None:
    # The second factor of privileged use (``security.second_factor``): the account's
    # one-time code secret, sealed with the PII key (NULL: not enrolled), and the newest time
    # step whose code it used here, which is not taken again.
    db.execute("ALTER TABLE users ADD COLUMN second_factor BLOB")
    db.execute("ALTER TABLE users ADD COLUMN second_factor_step INTEGER NOT NULL DEFAULT -1")


def m0034_users_last_sign_in(db: Database) -> None:
    # When the account last signed in at this window, to tell its member at the next sign-in
    # (with the failed attempts since), so they notice someone else's use.
    db.execute("ALTER TABLE users ADD COLUMN last_signed_in_at TEXT")


def m0036_hall_queue_decisions(db: Database) -> None:
    # The decision another window took on its case when it took it (the hall queue feed's
    # ``decision``): the day's figures count 容缺 and notices by it once the materials came or
    # the applicant came back. Rows kept before it learn theirs with the case's next feed item
    # (until then, and from a platform without it, the figures go by state and deferral due).
    db.execute("ALTER TABLE hall_queue ADD COLUMN decision TEXT")


def m0037_enrolment_in_meta(db: Database) -> None:
    # The store's last enrolment, kept in meta from now on beside its audit entry (intake
    # checks it before every case): here from the last entry, ``{}`` for a store never
    # enrolled.
    row = db.execute(
        "SELECT target, detail FROM audit_log WHERE action = 'device.enrol'"
        " ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    kept = {}
    if row is not None:
        detail = json.loads(row[1] or "{}")
        kept = {
            "device_id": str(row[0]),
            "hall": detail.get("hall", ""),
            "window": detail.get("window", ""),
        }
    db.execute(
        "INSERT INTO meta (key, value) VALUES ('enrolment', ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [json.dumps(kept)],
    )
