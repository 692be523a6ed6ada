"""m0001, the local store as first released: accounts, the audit log, catalog and calendar,
applicants and cases with their versions, events and materials, the outbox and sync
attempts, feed cursors, hall notices, documents, ratings and intake drafts. Later
migrations (the other modules here) change several of these tables."""

from __future__ import annotations

from sqlite_utils import Database


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
