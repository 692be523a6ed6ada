"""Migrations of the window's own registers: the outbox sync sends from (its due index, and
rows that reference the case version instead of a second ciphertext), the keyed audit
chain, the document serials' sequence, the end-of-day sign-offs, and the sync attempts'
transient failures folded."""

from __future__ import annotations

from dataclasses import replace

from sqlite_utils import Database

from counter_app.store.document_serials import issued_document_sequences
from counter_app.store.sequences import DOCUMENT_SERIALS, advance
from counter_app.store.sync_writes import TransientDetail, trim_transient_attempts


def m0004_sync_outbox_due(db: Database) -> None:
    # Sync reads the oldest pending rows in outbox order, batch after batch: this partial
    # index gives them in that order without sorting every pending row (or scanning sent ones).
    db.executescript("CREATE INDEX outbox_due ON outbox(outbox_id) WHERE state = 'pending';")


def m0005_audit_chain_keyed(db: Database) -> None:
    # From the next entry on, the audit chain is HMAC-SM3 under a key outside the database
    # (counter_app.store.audit). Entries already written keep their plain SM3 hashes; the
    # store opening writes the first keyed entry, which links to them, in this migration's
    # transaction (counter_app.store.database._migrate): a migration has no key file.
    db.execute(
        "INSERT INTO meta (key, value)"
        " SELECT 'audit_keyed_from', CAST(coalesce(max(seq), 0) + 1 AS TEXT) FROM audit_log"
    )


def m0007_document_serial_sequence(db: Database) -> None:
    # Per-device daily sequence behind document serials (counter_app.store.document_serials):
    # numbering from the documents present reissued, after a same-day restore, serials
    # already on paper and overwrote their archived copies.
    db.execute(
        "CREATE TABLE document_serial_sequence (day TEXT PRIMARY KEY, last_seq INTEGER NOT NULL)"
    )
    # Start each day past the serials already in the register.
    advance(db.conn, DOCUMENT_SERIALS, issued_document_sequences(db.conn))


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


def m0039_sync_attempts_folded(db: Database) -> None:
    # A transient failure was a row per attempt, its English reason as the detail: an
    # outage left thousands of identical rows. Each run of identical failures of a case
    # (same version, same reason, no answer between) becomes its first row counting them
    # (sync_writes.TransientDetail; the reason was kept in English only), and each case
    # keeps its newest rows of them, as sync_writes does from now on.
    rows = db.execute(
        "SELECT attempt_id, case_id, data_version, at, outcome, detail FROM sync_attempts"
        " ORDER BY case_id, attempt_id"
    ).fetchall()
    folded: list[tuple[int, TransientDetail]] = []
    dropped: list[tuple[int]] = []
    run: tuple[str, int, str] | None = None  # the failure the last row kept repeats
    for attempt_id, case_id, version, at, outcome, detail in rows:
        if outcome != "transient":
            run = None
            continue
        if run == (case_id, version, detail):
            first_id, kept = folded[-1]
            folded[-1] = (first_id, replace(kept, repeats=kept.repeats + 1, last_at=at))
            dropped.append((attempt_id,))
            continue
        run = (case_id, version, detail)
        folded.append((attempt_id, TransientDetail("", detail, 1, at)))
    db.conn.executemany("DELETE FROM sync_attempts WHERE attempt_id = ?", dropped)
    db.conn.executemany(
        "UPDATE sync_attempts SET detail = ? WHERE attempt_id = ?",
        [(kept.to_json(), attempt_id) for attempt_id, kept in folded],
    )
    trim_transient_attempts(
        db,
        [
            case_id
            for (case_id,) in db.execute(
                "SELECT DISTINCT case_id FROM sync_attempts WHERE outcome = 'transient'"
            )
        ],
    )
