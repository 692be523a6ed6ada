"""One stored copy of an item's definition, whatever the number of catalog versions holding
it (m0043): a version kept for its cases held a full copy of the catalog (3,000 items are
about 30 MB), though few items change from one release to the next."""

from __future__ import annotations

from sqlite_utils import Database

from counter_app.domain.case_document import hash_canonical

# The name of the SQL function this migration registers for its own statements.
_DIGEST_FUNCTION = "item_definition_digest"


def definition_digest(definition: str) -> str:
    """The key of ``item_definitions``: the SHA-256 (hex) of a stored definition's UTF-8
    text, which is the canonical JSON the catalog loader writes (sorted keys)."""
    return hash_canonical(definition.encode("utf-8"))


def m0043_item_definitions_shared(db: Database) -> None:
    # SQLite has no SHA-256: SQLite calls the Python digest per row inside one statement,
    # so no row crosses into Python and back one query at a time. Each stored definition
    # is read once for its digest (kept in a temporary table against the row), and each
    # distinct one once more to be copied; the new rows of service_items take the old
    # rows' other columns without reading their definitions again. All in the migrations'
    # transaction: the old table's pages go to the free list (no VACUUM may run there),
    # where later catalog loads reuse them.
    # The digest is of the stored text, which is the loader's form: a version delivered
    # again finds the same digests (load_catalog_version), a new one the definitions of
    # the items it did not change. Definitions go in before the rows that refer to them,
    # whether foreign keys are enforced or not. The index on digest serves the foreign key
    # (deleting a definition looks for its items) and the sweep of unused definitions.
    db.conn.create_function(_DIGEST_FUNCTION, 1, definition_digest, deterministic=True)
    try:
        db.executescript(
            """
            CREATE TEMP TABLE item_digests AS
                SELECT rowid AS item_row, item_definition_digest(definition) AS digest
                FROM service_items;
            CREATE TABLE item_definitions (
                digest TEXT PRIMARY KEY,  -- SHA-256 hex of definition's UTF-8 text
                definition TEXT NOT NULL  -- the whole item as JSON: situations, materials, pinyin
            );
            INSERT INTO item_definitions (digest, definition)
                SELECT d.digest, s.definition
                FROM (SELECT digest, min(item_row) AS item_row FROM temp.item_digests
                      GROUP BY digest) AS d
                JOIN service_items s ON s.rowid = d.item_row;
            CREATE TABLE service_items_shared (
                catalog_version INTEGER NOT NULL REFERENCES catalog_versions(version),
                code TEXT NOT NULL,
                name TEXT NOT NULL,
                department TEXT NOT NULL,
                case_type TEXT NOT NULL CHECK (case_type IN ('immediate', 'promised')),
                promised_days INTEGER NOT NULL,
                statutory_days INTEGER NOT NULL,
                fee_cents INTEGER NOT NULL DEFAULT 0,
                digest TEXT NOT NULL REFERENCES item_definitions(digest),
                PRIMARY KEY (catalog_version, code)
            );
            INSERT INTO service_items_shared (catalog_version, code, name, department,
                case_type, promised_days, statutory_days, fee_cents, digest)
                SELECT s.catalog_version, s.code, s.name, s.department, s.case_type,
                    s.promised_days, s.statutory_days, s.fee_cents, d.digest
                FROM temp.item_digests d JOIN service_items s ON s.rowid = d.item_row;
            DROP TABLE temp.item_digests;
            DROP TABLE service_items;
            ALTER TABLE service_items_shared RENAME TO service_items;
            CREATE INDEX service_items_digest ON service_items(digest);
            """
        )
    finally:
        db.conn.create_function(_DIGEST_FUNCTION, 1, None)
