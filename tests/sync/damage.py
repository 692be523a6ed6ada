"""Damage done to a store on purpose, as a restored backup or a fault on the way would leave
it: no store operation exists for that (tests/core/test_one_writer.py names this module)."""

from __future__ import annotations

import json

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store import case_writes
from counter_app.store.case_plaintext import case_document
from counter_app.store.database import Store
from tests.sync.backlog import SeededCase, case_payload, seed_cases
from tests.sync.conftest import make_engine


def break_content_hash(store: Store, case: SeededCase) -> None:
    """The case's queued version carries a content hash that is not its content's: the
    platform rejects it (``content_hash_mismatch``) and keeps nothing of it."""
    store.db.execute(
        "UPDATE outbox SET content_hash = ? WHERE case_id = ?", ("0" * 64, case.case_id)
    )


def break_case_no(store: Store, case: SeededCase) -> None:
    """Give ``case`` a case number the platform's wire schema refuses (over 80 characters);
    the client sends case numbers as stored, so only the platform can find it wrong."""
    too_long = f"{case.case_no}-".ljust(81, "9")
    store.db.execute("UPDATE cases SET case_no = ? WHERE case_id = ?", (too_long, case.case_id))


def forge_name(store: Store, case_id: str, name: str) -> None:
    """The case row names another applicant than its sealed versions do, as someone editing
    the database file would leave it (``counter_app.store.case_integrity`` finds it)."""
    store.db.execute("UPDATE cases SET name = ? WHERE case_id = ?", (name, case_id))


def add_unknown_field(store: Store, case: SeededCase, field: str) -> None:
    """Store ``case``'s version with ``field``, which the platform's program does not know,
    as a program newer than the platform's writes it."""
    document = {**case_document(store, case.case_id), field: True}
    context = case_writes.version_context(case.case_id, case.data_version)
    sealed = store.pii.encrypt(json.dumps(document, ensure_ascii=False).encode(), context)
    store.db.execute(
        "UPDATE case_versions SET content_enc = ? WHERE case_id = ? AND data_version = ?",
        (sealed, case.case_id, case.data_version),
    )


def contest_version(store: Store, case: SeededCase, note: str) -> str:
    """Give the case's (already sent) version other content under the same number and queue
    it again, as a workstation restored from an old backup would hold it: the platform keeps
    it as a conflict (``content_differs``). The new content hash."""
    payload = case_payload(
        case.case_id, case.case_no, case.data_version, case.id_number, case.phone, note
    )
    digest = payload.content_hash()
    with store.transaction() as db:
        db.execute(
            "UPDATE outbox SET state = 'pending', content_hash = ? WHERE case_id = ?"
            " AND data_version = ?",
            (digest, case.case_id, case.data_version),
        )
        db.execute(
            "UPDATE case_versions SET content_hash = ?, content_enc = ? WHERE case_id = ?"
            " AND data_version = ?",
            (
                digest,
                store.pii.encrypt(
                    payload.canonical(),
                    case_writes.version_context(case.case_id, case.data_version),
                ),
                case.case_id,
                case.data_version,
            ),
        )
    return digest


def conflicting_case(home: Home, config: Config, store: Store) -> SeededCase:
    """A case of the store's window the platform holds in conflict (``content_differs``):
    sent, then changed under the same version and sent again."""
    (case,) = seed_cases(store, 1, hall=config.hall.hall_code, window=config.hall.window_code)
    engine = make_engine(home, config, store)
    assert engine.run_once().pushed == 1
    contest_version(store, case, "changed behind the platform's back")
    assert engine.run_once().conflicts == 1
    return case
