"""Intake drafts: kept per clerk, encrypted at rest, replaced, discarded."""

from __future__ import annotations

import pytest

from counter_app.services.drafts import discard_draft, load_draft, save_draft
from counter_app.store.database import Store
from counter_app.store.pii import DecryptionError
from tests.services.conftest import resident_number

DRAFT = {
    "request_id": "3f1c8e9a-0000-4000-8000-000000000001",
    "identity": {"name": "张𠮷", "id_number": resident_number(), "phone": "13900000000"},
    "item_code": "JZZ",
    "materials": [{"code": "M01", "status": "received"}],
}


def test_a_saved_draft_comes_back_for_its_clerk_only(store: Store) -> None:
    assert load_draft(store, "clerk1") is None
    save_draft(store, "clerk1", DRAFT)
    assert load_draft(store, "clerk1") == DRAFT
    assert load_draft(store, "clerk2") is None


def test_a_newer_draft_replaces_the_older_and_discard_forgets_it(store: Store) -> None:
    save_draft(store, "clerk1", DRAFT)
    save_draft(store, "clerk1", DRAFT | {"item_code": "LNJT"})
    assert load_draft(store, "clerk1") == DRAFT | {"item_code": "LNJT"}
    discard_draft(store, "clerk1")
    discard_draft(store, "clerk1")  # clearing an empty form twice is fine
    assert load_draft(store, "clerk1") is None


def test_no_id_number_or_phone_in_clear_in_the_database_or_its_wal(store: Store) -> None:
    save_draft(store, "clerk1", DRAFT)
    files = [p for p in store.home.root.glob("counter.db*") if p.is_file()]
    assert files
    for path in files:
        data = path.read_bytes()
        assert resident_number().encode() not in data and b"13900000000" not in data, path


def test_a_draft_moved_to_another_clerk_does_not_open(store: Store) -> None:
    save_draft(store, "clerk1", DRAFT)
    save_draft(store, "clerk2", {"request_id": "x"})
    with store.transaction() as db:
        db.execute(
            "UPDATE drafts SET content_enc = (SELECT content_enc FROM drafts WHERE draft_id = 'clerk1')"
            " WHERE draft_id = 'clerk2'"
        )
    with pytest.raises(DecryptionError):
        load_draft(store, "clerk2")
