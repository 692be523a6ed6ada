"""Migrations of the cases table after m0001: intake's request id and day, the list indexes,
identity source, redirect, name index, card-read time, the applicant folded into the case
row (m0029), and the per-clerk recent items folded from the cases (m0030)."""

from __future__ import annotations

from sqlite_utils import Database


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


def m0009_redirect_to(db: Database) -> None:
    # A refusal's "建议向何处申请": printed on the refusal notice, synced with the case.
    db.execute("ALTER TABLE cases ADD COLUMN redirect_to TEXT")


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
