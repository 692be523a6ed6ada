"""Migrations adding what a case carries beside its row: fee and payment, delivery of the
result, the hall's and the online 好差评 ratings with their follow-ups, and the e-licence
checks and documents of materials exempt by an e-licence."""

from __future__ import annotations

from sqlite_utils import Database


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


def m0035_online_ratings_at(db: Database) -> None:
    # 日结 and the statistics read the day's online ratings by their time, as the hall's own
    # (``evaluations_at``): without it every 日结 scans every online rating ever received.
    db.executescript("CREATE INDEX online_ratings_at ON online_ratings(at);")


def m0045_appeals_wait_for_the_platform(db: Database) -> None:
    # A hall's appeal of a bad rating used to close its follow-up at once; it now waits for
    # the platform's reviewer and the follow-up stays open meanwhile. No appeal was decided
    # before (the platform decided none): every one closed so far is reopened where its other
    # steps had left it, its limits running again.
    db.executescript(
        """
        UPDATE rating_followups SET state = CASE
            WHEN EXISTS (SELECT 1 FROM rating_followup_steps s
                         WHERE s.case_id = rating_followups.case_id AND s.step = 'finding')
                THEN 'found'
            WHEN EXISTS (SELECT 1 FROM rating_followup_steps s
                         WHERE s.case_id = rating_followups.case_id
                         AND s.step IN ('contacted', 'unreachable'))
                THEN 'contacted'
            ELSE 'open' END
        WHERE state = 'appealed';
        """
    )
