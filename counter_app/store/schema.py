"""Versioned schema of the local store (``sqlite_utils.Migrations``).

Rules every table follows:
- personal data (ID number, phone, address, photo, and any payload that contains them) is
  stored only as AEAD ciphertext (``*_enc`` BLOB columns); lookups go through keyed blind
  indexes (``*_index``); screens and paper use the stored masked form (``*_masked``);
- timestamps are ISO 8601 UTC text with a ``Z`` suffix, dates are ``YYYY-MM-DD``;
- a new migration is a new function appended at the end; released ones are never edited.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from counter_app.store.document_serials import issued_document_sequences
from counter_app.store.sequences import DOCUMENT_SERIALS, advance

MIGRATIONS = Migrations("counter_app")


@MIGRATIONS()
def m0001_foundation(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );

        CREATE TABLE users (
            username TEXT PRIMARY KEY,
            display_name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'admin')),
            password_hash TEXT NOT NULL,
            failed_attempts INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            disabled INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            password_changed_at TEXT NOT NULL
        );

        -- Append-only, hash-chained: hash = H(prev_hash || canonical row). Never UPDATEd.
        CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            hall_code TEXT NOT NULL,
            window_code TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT,
            detail TEXT NOT NULL DEFAULT '{}',
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        -- The program never changes or removes an entry; these stop it doing so by mistake.
        -- (Someone with the file can drop them: verify() catches what they then change.)
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

        -- Service catalog, versioned: a case keeps the version it was accepted under.
        CREATE TABLE catalog_versions (
            version INTEGER PRIMARY KEY,
            published_at TEXT NOT NULL,
            source TEXT NOT NULL,
            loaded_at TEXT NOT NULL
        );
        CREATE TABLE service_items (
            catalog_version INTEGER NOT NULL REFERENCES catalog_versions(version),
            code TEXT NOT NULL,
            name TEXT NOT NULL,
            department TEXT NOT NULL,
            case_type TEXT NOT NULL CHECK (case_type IN ('immediate', 'promised')),
            promised_days INTEGER NOT NULL,
            statutory_days INTEGER NOT NULL,
            fee_cents INTEGER NOT NULL DEFAULT 0,
            definition TEXT NOT NULL,  -- the whole item as JSON: situations, materials, pinyin
            PRIMARY KEY (catalog_version, code)
        );

        -- Working-day calendar as data: only the exceptions to "Mon-Fri work, Sat-Sun rest".
        CREATE TABLE calendar_days (
            day TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
            name TEXT NOT NULL DEFAULT '',
            calendar_version INTEGER NOT NULL
        );

        CREATE TABLE applicants (
            applicant_id TEXT PRIMARY KEY,
            applicant_type TEXT NOT NULL CHECK (applicant_type IN ('person', 'enterprise', 'other')),
            name TEXT NOT NULL,
            id_type TEXT NOT NULL,
            id_number_enc BLOB NOT NULL,
            id_number_index TEXT NOT NULL,
            id_number_masked TEXT NOT NULL,
            phone_enc BLOB,
            phone_index TEXT,
            phone_masked TEXT,
            address_enc BLOB,
            photo_enc BLOB,
            created_at TEXT NOT NULL
        );
        CREATE INDEX applicants_id_number_index ON applicants(id_number_index);
        CREATE INDEX applicants_phone_index ON applicants(phone_index);

        CREATE TABLE cases (
            case_id TEXT PRIMARY KEY,          -- UUID: the idempotency key for sync
            case_no TEXT NOT NULL UNIQUE,      -- human number, unique across all windows
            state TEXT NOT NULL,
            sync_state TEXT NOT NULL DEFAULT 'pending',
            service_item_code TEXT NOT NULL,
            catalog_version INTEGER NOT NULL,
            situation_code TEXT NOT NULL,
            applicant_id TEXT NOT NULL REFERENCES applicants(applicant_id),
            hall_code TEXT NOT NULL,
            window_code TEXT NOT NULL,
            device_id TEXT NOT NULL,
            clerk TEXT NOT NULL,
            data_version INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            accepted_at TEXT,
            promised_date TEXT,
            decision_reason TEXT,
            legal_basis TEXT,
            platform_ref TEXT,
            receipt_printed INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX cases_state ON cases(state);
        CREATE INDEX cases_sync_state ON cases(sync_state);
        CREATE INDEX cases_created_at ON cases(created_at);
        CREATE INDEX cases_applicant ON cases(applicant_id);

        -- Every data version of a case, kept: version 1 at intake, 2, 3 ... on edits.
        CREATE TABLE case_versions (
            case_id TEXT NOT NULL REFERENCES cases(case_id),
            data_version INTEGER NOT NULL,
            content_enc BLOB NOT NULL,         -- the full case document (contains PII)
            content_hash TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            PRIMARY KEY (case_id, data_version)
        );

        CREATE TABLE case_events (
            event_id INTEGER PRIMARY KEY,
            case_id TEXT NOT NULL REFERENCES cases(case_id),
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            kind TEXT NOT NULL,                -- transition | edit | print | sync | progress | evaluation
            from_state TEXT,
            to_state TEXT,
            detail TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX case_events_case ON case_events(case_id);

        CREATE TABLE case_materials (
            case_id TEXT NOT NULL REFERENCES cases(case_id),
            material_code TEXT NOT NULL,
            name TEXT NOT NULL,
            required INTEGER NOT NULL,
            core INTEGER NOT NULL,
            status TEXT NOT NULL CHECK (status IN
                ('received', 'exempt', 'deferred', 'commitment', 'missing', 'nonconforming')),
            form TEXT,                         -- original | copy | electronic
            count INTEGER NOT NULL DEFAULT 0,
            exemption TEXT,                    -- e-licence type or issuing city department
            deadline TEXT,                     -- for deferred (容缺) materials
            note TEXT,
            PRIMARY KEY (case_id, material_code)
        );

        -- Per-device daily sequence behind case numbers.
        CREATE TABLE case_number_sequence (
            day TEXT PRIMARY KEY,
            last_seq INTEGER NOT NULL
        );

        -- What sync will send: one row per (case, data version). Payload is ciphertext.
        CREATE TABLE outbox (
            outbox_id INTEGER PRIMARY KEY,
            case_id TEXT NOT NULL REFERENCES cases(case_id),
            data_version INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            payload_enc BLOB NOT NULL,
            payload_bytes INTEGER NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'stored', 'duplicate', 'conflict', 'rejected')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT,
            last_error TEXT,
            platform_ref TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (case_id, data_version)
        );
        CREATE INDEX outbox_pending ON outbox(state, next_attempt_at);

        CREATE TABLE sync_attempts (
            attempt_id INTEGER PRIMARY KEY,
            case_id TEXT NOT NULL,
            data_version INTEGER NOT NULL,
            at TEXT NOT NULL,
            outcome TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX sync_attempts_case ON sync_attempts(case_id);

        -- Change-feed cursors, written in the same transaction as what the feed applied.
        CREATE TABLE feed_cursors (
            feed TEXT PRIMARY KEY,
            cursor TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE hall_notices (
            notice_id TEXT PRIMARY KEY,
            published_at TEXT NOT NULL,
            title TEXT NOT NULL,
            body TEXT NOT NULL
        );

        CREATE TABLE documents (
            document_id INTEGER PRIMARY KEY,
            serial TEXT NOT NULL UNIQUE,
            case_id TEXT NOT NULL REFERENCES cases(case_id),
            kind TEXT NOT NULL,                -- receipt | notice | deferral | refusal | voucher
            format TEXT NOT NULL,              -- a4 | 80mm
            lang TEXT NOT NULL,
            issued_at TEXT NOT NULL,
            issued_by TEXT NOT NULL,
            reprint_no INTEGER NOT NULL DEFAULT 0,
            reprint_reason TEXT,
            pdf_path TEXT,
            print_status TEXT NOT NULL DEFAULT 'not_printed',
            print_error TEXT
        );
        CREATE INDEX documents_case ON documents(case_id);

        CREATE TABLE evaluations (
            case_id TEXT PRIMARY KEY REFERENCES cases(case_id),
            level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
            reason TEXT,
            at TEXT NOT NULL
        );

        -- Intake drafts autosaved by the GUI (ciphertext: may hold an ID number).
        CREATE TABLE drafts (
            draft_id TEXT PRIMARY KEY,
            username TEXT NOT NULL,
            content_enc BLOB NOT NULL,
            updated_at TEXT NOT NULL
        );
        """
    )


@MIGRATIONS()
def m0002_domain_intake(db: Database) -> None:
    db.executescript(
        """
        -- The caller's request UUID: a resubmitted intake (double click, retry after a
        -- crash) finds the case it already created instead of making a second one.
        ALTER TABLE cases ADD COLUMN request_id TEXT;
        CREATE UNIQUE INDEX cases_request_id ON cases(request_id) WHERE request_id IS NOT NULL;
        -- The hall-local day the case was taken in (the day inside its case number).
        ALTER TABLE cases ADD COLUMN day TEXT;
        CREATE INDEX cases_day ON cases(day);

        -- Each calendar release loaded (bundled or from the platform) and the years it covers.
        CREATE TABLE calendar_versions (
            version INTEGER PRIMARY KEY,
            published_at TEXT NOT NULL,
            years TEXT NOT NULL,               -- JSON list of covered years
            source TEXT NOT NULL,
            loaded_at TEXT NOT NULL
        );
        """
    )


@MIGRATIONS()
def m0003_domain_case_list_indexes(db: Database) -> None:
    # Case lists filter by state, sync state or day and show the newest first: with these
    # the filter and the order come from one index, instead of sorting every matching case.
    db.executescript(
        """
        CREATE INDEX cases_state_created ON cases(state, created_at);
        CREATE INDEX cases_sync_state_created ON cases(sync_state, created_at);
        CREATE INDEX cases_day_created ON cases(day, created_at);
        """
    )


@MIGRATIONS()
def m0004_sync_outbox_due(db: Database) -> None:
    # Sync reads the oldest pending rows in outbox order, batch after batch: this partial
    # index gives them in that order without sorting every pending row (or scanning sent ones).
    db.executescript("CREATE INDEX outbox_due ON outbox(outbox_id) WHERE state = 'pending';")


KEYED_CHAIN_MIGRATION = "m0005_audit_chain_keyed"


@MIGRATIONS(name=KEYED_CHAIN_MIGRATION)
def m0005_audit_chain_keyed(db: Database) -> None:
    # From the next entry on, the audit chain is HMAC-SM3 under a key outside the database
    # (counter_app.store.audit). Entries already written keep their plain SM3 hashes; the
    # store opening writes the first keyed entry, which links to them, in this migration's
    # transaction (counter_app.store.database._migrate): a migration has no key file.
    db.execute(
        "INSERT INTO meta (key, value)"
        " SELECT 'audit_keyed_from', CAST(coalesce(max(seq), 0) + 1 AS TEXT) FROM audit_log"
    )


@MIGRATIONS()
def m0006_identity_source(db: Database) -> None:
    db.executescript(
        """
        -- Where the applicant's identity came from (JSON IdentitySource: card, chip, MRZ,
        -- typed, import; reader, check names and outcomes, passive authentication, document
        -- expiry). It holds no identifying data: the ID number and name stay in applicants.
        ALTER TABLE cases ADD COLUMN identity_source TEXT;
        -- The clerk's stated reason for accepting on an expired document.
        ALTER TABLE cases ADD COLUMN expired_id_reason TEXT;
        """
    )


DOCUMENT_SEQUENCE_MIGRATION = "m0007_document_serial_sequence"


@MIGRATIONS(name=DOCUMENT_SEQUENCE_MIGRATION)
def m0007_document_serial_sequence(db: Database) -> None:
    # Per-device daily sequence behind document serials (counter_app.store.document_serials):
    # numbering from the documents present reissued, after a same-day restore, serials
    # already on paper and overwrote their archived copies.
    db.execute(
        "CREATE TABLE document_serial_sequence (day TEXT PRIMARY KEY, last_seq INTEGER NOT NULL)"
    )
    # Start each day past the serials already in the register.
    advance(db.conn, DOCUMENT_SERIALS, issued_document_sequences(db.conn))


@MIGRATIONS()
def m0008_drop_prefix_indexes(db: Database) -> None:
    # Each of these is the first column of a (column, created_at) index from m0003, which
    # answers every query it did; every accept still paid for updating it (a page written
    # per index per case, a tenth of what an accept writes).
    db.executescript(
        """
        DROP INDEX cases_state;
        DROP INDEX cases_sync_state;
        DROP INDEX cases_day;
        """
    )


@MIGRATIONS()
def m0009_redirect_to(db: Database) -> None:
    # A refusal's "建议向何处申请": printed on the refusal notice, synced with the case.
    db.execute("ALTER TABLE cases ADD COLUMN redirect_to TEXT")


NAME_INDEX_MIGRATION = "m0010_name_index"


@MIGRATIONS(name=NAME_INDEX_MIGRATION)
def m0010_name_index(db: Database) -> None:
    # Case search by the applicant's exact name, through a keyed blind index like the ID
    # number's. The index needs the key file, which a migration has not: the store opening
    # fills it for the rows already here, in this migration's transaction
    # (counter_app.store.database._migrate).
    db.executescript(
        """
        ALTER TABLE applicants ADD COLUMN name_index TEXT;
        CREATE INDEX applicants_name_index ON applicants(name_index);
        """
    )


@MIGRATIONS()
def m0011_i12fees_case_payments(db: Database) -> None:
    # The fee a case owes and how it was paid, beside the case documents that carry the same
    # facts: the case list marks 待缴费 from here without decrypting a document per case.
    # Amounts are integer cents (never REAL).
    db.executescript(
        """
        CREATE TABLE case_payments (
            case_id TEXT PRIMARY KEY REFERENCES cases(case_id),
            fee_cents INTEGER NOT NULL CHECK (fee_cents > 0),
            reference TEXT NOT NULL UNIQUE,
            paid_at TEXT,
            method TEXT CHECK (method IN ('pos', 'platform')),
            receipt_no TEXT
        );
        CREATE INDEX case_payments_unpaid ON case_payments(case_id) WHERE paid_at IS NULL;
        """
    )


@MIGRATIONS()
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


@MIGRATIONS()
def m0013_i12delivery_case_deliveries(db: Database) -> None:
    # 出件: how the applicant receives the result, the waybill of a posted one, and who
    # collected one at the window. A case without a row is picked up at the hall. The postal
    # address and a proxy's ID number are personal data: sealed, masked, the ID blind-indexed.
    db.executescript(
        """
        CREATE TABLE case_deliveries (
            case_id TEXT PRIMARY KEY REFERENCES cases(case_id),
            method TEXT NOT NULL CHECK (method IN ('pickup', 'post')),
            address_enc BLOB,
            address_masked TEXT,
            waybill TEXT,
            postal_status TEXT CHECK (postal_status IN ('posted', 'delivered')),
            posted_at TEXT,
            collector TEXT CHECK (collector IN ('applicant', 'proxy')),
            proxy_name TEXT,
            proxy_id_number_enc BLOB,
            proxy_id_number_index TEXT,
            proxy_id_number_masked TEXT,
            power_of_attorney INTEGER,
            handed_over_at TEXT,
            handed_over_by TEXT
        );
        """
    )


@MIGRATIONS()
def m0014_i13eod_day_sign_offs(db: Database) -> None:
    # The supervisor's end-of-day sign-off (日结): the summary signed, its archived PDF, and
    # whether the platform has it yet. A row is delivered once (its id is the platform's
    # idempotency key); signing the same day again adds a row, the platform keeps both.
    db.executescript(
        """
        CREATE TABLE day_sign_offs (
            sign_off_id TEXT PRIMARY KEY,
            day TEXT NOT NULL,
            hall_code TEXT NOT NULL,
            window_code TEXT NOT NULL,
            signed_by TEXT NOT NULL,
            signed_at TEXT NOT NULL,
            reconciled INTEGER NOT NULL,
            summary TEXT NOT NULL,              -- the report as signed (JSON, no personal data)
            pdf_path TEXT NOT NULL,
            delivered_at TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT
        );
        CREATE INDEX day_sign_offs_undelivered ON day_sign_offs(signed_at)
            WHERE delivered_at IS NULL;
        CREATE INDEX day_sign_offs_day ON day_sign_offs(day);
        -- The day's documents by when they were issued (the report counts a day's issues).
        CREATE INDEX documents_issued_at ON documents(issued_at);
        CREATE INDEX evaluations_at ON evaluations(at);
        """
    )


OUTBOX_VERSION_MIGRATION = "m0015_i11accept_outbox_references_version"


@MIGRATIONS(name=OUTBOX_VERSION_MIGRATION)
def m0015_i11accept_outbox_references_version(db: Database) -> None:
    # An outbox row now points at its data version instead of carrying a second ciphertext
    # of the same document: sync reads case_versions.content_enc (the composite foreign key
    # keeps every row pointing at one). Each accept encrypts the document once and writes
    # half as many document bytes. outbox_pending (state, next_attempt_at) was written by
    # every accept but read only for the rows that wait for a supervisor: outbox_due serves
    # the pending rows, and outbox_held only those few. cases_day_created too: the list of a
    # day reads created_at's range in the (column, created_at) indexes (store.cases). The
    # rebuild copies every outbox row once, without its document.
    db.executescript(
        """
        CREATE TABLE outbox_new (
            outbox_id INTEGER PRIMARY KEY,
            case_id TEXT NOT NULL,
            data_version INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            payload_bytes INTEGER NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'stored', 'duplicate', 'conflict', 'rejected')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT,
            last_error TEXT,
            platform_ref TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (case_id, data_version),
            FOREIGN KEY (case_id, data_version) REFERENCES case_versions (case_id, data_version)
        );
        INSERT INTO outbox_new (outbox_id, case_id, data_version, content_hash, payload_bytes,
            state, attempts, next_attempt_at, last_error, platform_ref, created_at, updated_at)
        SELECT outbox_id, case_id, data_version, content_hash, payload_bytes, state, attempts,
            next_attempt_at, last_error, platform_ref, created_at, updated_at
        FROM outbox;
        DROP TABLE outbox;
        ALTER TABLE outbox_new RENAME TO outbox;
        CREATE INDEX outbox_due ON outbox(outbox_id) WHERE state = 'pending';
        CREATE INDEX outbox_held ON outbox(state) WHERE state IN ('conflict', 'rejected');
        DROP INDEX cases_day_created;
        """
    )


@MIGRATIONS()
def m0016_i13rating_ratings_and_followups(db: Database) -> None:
    # 好差评 with the national fields: a declined rating has no level (so the rating rate is
    # honest), a bad one names a reason category. The case documents carry the same facts;
    # these rows let the follow-up list and the statistics read them without decrypting.
    # SQLite cannot relax NOT NULL in place: the table is rebuilt with its rows.
    db.executescript(
        """
        CREATE TABLE evaluations_rebuilt (
            case_id TEXT PRIMARY KEY REFERENCES cases(case_id),
            level INTEGER CHECK (level BETWEEN 1 AND 5),
            declined INTEGER NOT NULL DEFAULT 0 CHECK (declined IN (0, 1)),
            reason_code TEXT,
            reason TEXT,
            window_code TEXT,
            clerk TEXT,
            at TEXT NOT NULL,
            CHECK ((level IS NULL) = (declined = 1))
        );
        INSERT INTO evaluations_rebuilt (case_id, level, reason, at)
            SELECT case_id, level, reason, at FROM evaluations;
        DROP TABLE evaluations;
        ALTER TABLE evaluations_rebuilt RENAME TO evaluations;
        -- The index the end-of-day report reads a day's ratings by went with the old table.
        CREATE INDEX evaluations_at ON evaluations(at);

        -- A level 1-2 rating's follow-up ("1·5·15" working days) and each step recorded.
        CREATE TABLE rating_followups (
            case_id TEXT PRIMARY KEY REFERENCES cases(case_id),
            level INTEGER NOT NULL,
            opened_at TEXT NOT NULL,
            due_contact TEXT NOT NULL,
            due_settle TEXT NOT NULL,
            due_rectify TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'open'
        );
        CREATE INDEX rating_followups_state ON rating_followups(state, due_contact);
        CREATE TABLE rating_followup_steps (
            step_id INTEGER PRIMARY KEY,
            case_id TEXT NOT NULL REFERENCES rating_followups(case_id),
            step TEXT NOT NULL,
            note TEXT NOT NULL,
            by_user TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX rating_followup_steps_case ON rating_followup_steps(case_id, step_id);
        """
    )


@MIGRATIONS()
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


@MIGRATIONS()
def m0018_i13stats_service_times(db: Database) -> None:
    # The statistics' facts. cases.card_read_at: when the applicant's identity document was
    # read at the counter, the start of the service (the case row is written at the
    # decision); empty for cases taken before and for identities typed in. The hall queue's
    # the same for every window's case, as the platform's feed carries them (sync.wire
    # HallCase): when the platform first stored the case, the card read, the 好差评 rating.
    db.executescript(
        """
        ALTER TABLE cases ADD COLUMN card_read_at TEXT;
        ALTER TABLE hall_queue ADD COLUMN acknowledged_at TEXT;
        ALTER TABLE hall_queue ADD COLUMN card_read_at TEXT;
        ALTER TABLE hall_queue ADD COLUMN rating_level INTEGER;
        ALTER TABLE hall_queue ADD COLUMN rating_declined INTEGER NOT NULL DEFAULT 0;
        """
    )


@MIGRATIONS()
def m0019_i15staff_users_from_platform(db: Database) -> None:
    # Staff accounts come from the platform's register (the ``staff`` feed) in a production
    # window; ``source`` tells them from accounts made on this PC (the training hall's, and
    # those made with ``counter-app user add``), whose passwords are changed here.
    db.execute("ALTER TABLE users ADD COLUMN source TEXT NOT NULL DEFAULT 'local'")


@MIGRATIONS()
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


@MIGRATIONS()
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


@MIGRATIONS()
def m0022_i14track_online_ratings(db: Database) -> None:
    # 一事一评 given on the platform's progress page (channel online), as the progress feed
    # brought it: beside the hall's own rating (``evaluations``), one per case, so the
    # follow-up list reads a bad online rating's clerk and reason without decrypting.
    db.executescript(
        """
        CREATE TABLE online_ratings (
            case_id TEXT PRIMARY KEY REFERENCES cases(case_id),
            level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
            reason_code TEXT,
            window_code TEXT NOT NULL,
            clerk TEXT NOT NULL,
            at TEXT NOT NULL
        );
        """
    )


@MIGRATIONS()
def m0023_i13misc_hall_queue_fees(db: Database) -> None:
    # The fee of another window's case (the hall queue feed's ``fee_cents``, integer cents),
    # so the end of day adds up every window's fees. Rows kept before it learn theirs with
    # the case's next feed item.
    db.execute("ALTER TABLE hall_queue ADD COLUMN fee_cents INTEGER")


@MIGRATIONS()
def m0024_i14elicence_elicence_checks(db: Database) -> None:
    # 两个免于提交: each material a case holds exempt by an e-licence, and whether the
    # register has confirmed it. A material marked while the platform was unreachable is
    # ``pending`` (待核验) until the lookup after the next sync makes it ``verified``, or
    # ``failed``: a task for the clerk and the supervisor (``counter-app elicence tasks``).
    db.executescript(
        """
        CREATE TABLE elicence_checks (
            case_id TEXT NOT NULL REFERENCES cases(case_id),
            material_code TEXT NOT NULL,
            licence_type TEXT NOT NULL,
            consent_kind TEXT NOT NULL,         -- code | card_read
            consent_code TEXT,                  -- the applicant's authorisation code, if any
            consented_at TEXT NOT NULL,         -- card read, or code given (UTC)
            clerk TEXT NOT NULL,
            state TEXT NOT NULL,                -- pending | verified | failed
            created_at TEXT NOT NULL,
            checked_at TEXT,
            licence_number TEXT,
            issuer TEXT,
            lookup_id TEXT,
            detail TEXT,
            PRIMARY KEY (case_id, material_code)
        );
        CREATE INDEX elicence_checks_state ON elicence_checks(state);
        """
    )


@MIGRATIONS()
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


@MIGRATIONS()
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


@MIGRATIONS()
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


@MIGRATIONS()
def m0028_i14elic_elicence_documents(db: Database) -> None:
    # The document file of each e-licence a case is exempt by (两个免于提交), as the register
    # sent it at the lookup (or at the verification after a sync), so the window can show and
    # print it offline. Sealed with the installation's PII key, bound to the case, material
    # and the file's SHA-256 (the hash the case document and the platform reference).
    db.executescript(
        """
        CREATE TABLE elicence_documents (
            case_id TEXT NOT NULL REFERENCES cases(case_id),
            material_code TEXT NOT NULL,
            licence_type TEXT NOT NULL,
            number TEXT NOT NULL,
            file_sha256 TEXT NOT NULL,
            document_enc BLOB NOT NULL,
            fetched_at TEXT NOT NULL,
            PRIMARY KEY (case_id, material_code)
        );
        """
    )


APPLICANT_FOLD_MIGRATION = "m0029_applicantfold_applicant_in_case_row"


@MIGRATIONS(name=APPLICANT_FOLD_MIGRATION)
def m0029_applicantfold_applicant_in_case_row(db: Database) -> None:
    # Every case had exactly one applicant row of its own: the separate table cost each
    # accept three more B-trees to write (the table, its key, cases_applicant), an INSERT
    # and a foreign-key lookup. The applicant's columns now live in the case row.
    # applicant_id stays: it is the encryption context of the sealed ID number, phone and
    # address (case_writes.id_number_context ...), so the ciphertexts move as they are and
    # still decrypt; it is no longer a key of anything. SQLite cannot drop the foreign key
    # to applicants in place: cases is rebuilt (SQLite's 12-step procedure; the store
    # opening turns foreign keys off around the migrations and checks them before COMMIT,
    # counter_app.store.database._migrate), keeping its name, its rowids and its children.
    # The LEFT JOIN makes a case without its applicant fail NOT NULL instead of vanishing.
    # An applicant's created_at was its case's; applicants of no case are not kept.
    db.executescript(
        """
        CREATE TABLE cases_rebuilt (
            case_id TEXT PRIMARY KEY,          -- UUID: the idempotency key for sync
            case_no TEXT NOT NULL UNIQUE,      -- human number, unique across all windows
            state TEXT NOT NULL,
            sync_state TEXT NOT NULL DEFAULT 'pending',
            service_item_code TEXT NOT NULL,
            catalog_version INTEGER NOT NULL,
            situation_code TEXT NOT NULL,
            applicant_id TEXT NOT NULL,        -- the AEAD context of the applicant's ciphertexts
            hall_code TEXT NOT NULL,
            window_code TEXT NOT NULL,
            device_id TEXT NOT NULL,
            clerk TEXT NOT NULL,
            data_version INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            accepted_at TEXT,
            promised_date TEXT,
            decision_reason TEXT,
            legal_basis TEXT,
            platform_ref TEXT,
            receipt_printed INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL,
            request_id TEXT,
            day TEXT,
            identity_source TEXT,
            expired_id_reason TEXT,
            redirect_to TEXT,
            card_read_at TEXT,
            applicant_type TEXT NOT NULL CHECK (applicant_type IN ('person', 'enterprise', 'other')),
            name TEXT NOT NULL,
            name_index TEXT,
            id_type TEXT NOT NULL,
            id_number_enc BLOB NOT NULL,
            id_number_index TEXT NOT NULL,
            id_number_masked TEXT NOT NULL,
            phone_enc BLOB,
            phone_index TEXT,
            phone_masked TEXT,
            address_enc BLOB,
            photo_enc BLOB
        );
        INSERT INTO cases_rebuilt (rowid, case_id, case_no, state, sync_state, service_item_code,
            catalog_version, situation_code, applicant_id, hall_code, window_code, device_id,
            clerk, data_version, created_at, accepted_at, promised_date, decision_reason,
            legal_basis, platform_ref, receipt_printed, updated_at, request_id, day,
            identity_source, expired_id_reason, redirect_to, card_read_at, applicant_type, name,
            name_index, id_type, id_number_enc, id_number_index, id_number_masked, phone_enc,
            phone_index, phone_masked, address_enc, photo_enc)
        SELECT c.rowid, c.case_id, c.case_no, c.state, c.sync_state, c.service_item_code,
            c.catalog_version, c.situation_code, c.applicant_id, c.hall_code, c.window_code,
            c.device_id, c.clerk, c.data_version, c.created_at, c.accepted_at, c.promised_date,
            c.decision_reason, c.legal_basis, c.platform_ref, c.receipt_printed, c.updated_at,
            c.request_id, c.day, c.identity_source, c.expired_id_reason, c.redirect_to,
            c.card_read_at, a.applicant_type, a.name, a.name_index, a.id_type, a.id_number_enc,
            a.id_number_index, a.id_number_masked, a.phone_enc, a.phone_index, a.phone_masked,
            a.address_enc, a.photo_enc
        FROM cases c LEFT JOIN applicants a ON a.applicant_id = c.applicant_id
        ORDER BY c.rowid;
        DROP TABLE cases;
        ALTER TABLE cases_rebuilt RENAME TO cases;
        DROP TABLE applicants;
        -- The indexes of cases went with the old table (cases_applicant is not made again:
        -- nothing looks a case up by its applicant id); the applicants' blind indexes move.
        CREATE INDEX cases_created_at ON cases(created_at);
        CREATE UNIQUE INDEX cases_request_id ON cases(request_id) WHERE request_id IS NOT NULL;
        CREATE INDEX cases_state_created ON cases(state, created_at);
        CREATE INDEX cases_sync_state_created ON cases(sync_state, created_at);
        CREATE INDEX cases_id_number_index ON cases(id_number_index);
        CREATE INDEX cases_phone_index ON cases(phone_index);
        CREATE INDEX cases_name_index ON cases(name_index);
        """
    )


@MIGRATIONS()
def m0030_dayscan_clerk_items(db: Database) -> None:
    # The intake screen's recent items, per clerk, without scanning every case (and without
    # an index on cases.clerk, which every accept would write): each (clerk, item) with its
    # newest case, folded from the cases at each store opening (counter_app.store.clerk_items).
    # Empty here, folded through no case yet: the first opening folds every case once.
    db.executescript(
        """
        CREATE TABLE clerk_items (
            clerk TEXT NOT NULL,
            service_item_code TEXT NOT NULL,
            last_at TEXT NOT NULL,              -- the newest created_at of its cases
            PRIMARY KEY (clerk, service_item_code)
        ) WITHOUT ROWID;
        INSERT INTO meta (key, value) VALUES ('clerk_items_through', '0');
        """
    )
