"""A bundle (一件事) decided at this workstation shows in the supervisor's queue with its
bundle before the platform's hall queue feed brings the cases back: the name is the one
the cases were decided in (kept on each case), whatever other bundle of the catalog holds
the same items; a search by that name finds them."""

from __future__ import annotations

import json
from datetime import date

from counter_app.services.auth import User
from counter_app.services.bundle_intake import BundleRequest, BundleResult, decide_bundle
from counter_app.services.hall_queue import QueueEntry, read_queue
from counter_app.services.intake import accept
from counter_app.services.intake_request import ApplicantInput
from counter_app.store.catalog import current_catalog_version
from counter_app.store.database import Store
from counter_app.store.hall_queue import QueueQuery
from tests.services.conftest import (
    MOMENT,
    complete_marks,
    item_named,
    request_for,
    resident_number,
)

APPLICANT = ApplicantInput(
    name="张三", id_type="111", id_number=resident_number(), phone="13900000000"
)
UNEMPLOYMENT = "11310104002425223R005002200001"  # 失业登记
HARDSHIP = "11310104002425223R005002300001"  # 就业困难人员认定


def unemployment_bundle(store: Store, clerk: User, *items: str) -> BundleResult:
    """The 失业一件事 decided here (nothing marked: each member 一次性告知), not synced yet."""
    request = BundleRequest(bundle="YJS-0001", applicant=APPLICANT, items=items)
    return decide_bundle(store, request, clerk, now=MOMENT)


def queue(store: Store, text: str = "") -> list[QueueEntry]:
    return read_queue(store, QueueQuery(text=text), today=date(2026, 9, 24))


def test_a_bundle_decided_here_shows_its_name_before_the_feed(
    intake_store: Store, clerk: User
) -> None:
    result = unemployment_bundle(intake_store, clerk)
    item = item_named(intake_store, "老年综合津贴申领")
    alone = accept(intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
    shown = {e.case_no: (e.sync_state, e.bundle_id, e.bundle_name) for e in queue(intake_store)}
    bundled = {case.case_no for case in result.cases}
    assert {shown[number] for number in bundled} == {("pending", result.bundle_id, "失业一件事")}
    assert shown[alone.case_no] == ("pending", None, None)
    assert {e.case_no for e in queue(intake_store, "失业一件")} == bundled
    assert queue(intake_store, "养老一件事") == []


def test_a_member_taken_alone_is_named_by_its_bundle(intake_store: Store, clerk: User) -> None:
    result = unemployment_bundle(intake_store, clerk, HARDSHIP)
    assert [(e.bundle_id, e.bundle_name) for e in queue(intake_store)] == [
        (result.bundle_id, "失业一件事")
    ]


def test_another_bundle_holding_the_same_items_does_not_change_the_name(
    intake_store: Store, clerk: User
) -> None:
    result = unemployment_bundle(intake_store, clerk)
    version = current_catalog_version(intake_store)
    members = [{"item": UNEMPLOYMENT, "situation": None}, {"item": HARDSHIP, "situation": None}]
    with intake_store.transaction() as db:
        db.execute(
            "INSERT INTO service_bundles (catalog_version, code, name, definition)"
            " VALUES (?, 'YJS-9999', '就业一件事', ?)",
            (version, json.dumps({"code": "YJS-9999", "members": members})),
        )
    entries = queue(intake_store)
    assert [(e.bundle_id, e.bundle_name) for e in entries] == [(result.bundle_id, "失业一件事")] * 2
    assert queue(intake_store, "就业一件事") == []


def test_a_later_catalog_renaming_the_bundle_keeps_the_name_decided(
    intake_store: Store, clerk: User
) -> None:
    result = unemployment_bundle(intake_store, clerk)
    with intake_store.transaction() as db:
        db.execute("UPDATE service_bundles SET name = '就业援助一件事' WHERE code = 'YJS-0001'")
    assert [(e.bundle_id, e.bundle_name) for e in queue(intake_store)] == [
        (result.bundle_id, "失业一件事")
    ] * 2
