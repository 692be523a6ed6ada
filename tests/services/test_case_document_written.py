"""Every document the counter writes is a valid ``CaseDocument`` whose stored content hash is
the hash of the type's canonical JSON (what the platform recomputes on receipt)."""

from __future__ import annotations

from counter_app.domain.case_document import CaseDocument
from counter_app.store import case_plaintext
from tests.services.case_documents import decide_every_way


def test_every_written_document_is_a_case_document_with_its_stored_hash(
    intake_store, clerk, supervisor
):
    written = decide_every_way(intake_store, clerk, supervisor)
    for case_id, version in written:
        stored = case_plaintext.case_document(intake_store, case_id, version)
        document = CaseDocument.from_json(stored)
        (digest,) = intake_store.db.execute(
            "SELECT content_hash FROM case_versions WHERE case_id = ? AND data_version = ?",
            (case_id, version),
        ).fetchone()
        assert document.content_hash() == digest
        assert document.to_json() == stored
    states = {
        CaseDocument.from_json(case_plaintext.case_document(intake_store, c)).state
        for c, _ in written
    }
    assert {s.value for s in states} == {"withdrawn", "voided", "notified", "refused", "accepted"}
