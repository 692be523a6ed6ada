"""容缺后补: deferred materials supplied one by one at the accepting window (the last moves
the case to accepted), the window's open deferrals by due date, overdue ones ending on their
own, and a 容缺 case the platform took into processing before its materials came."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from counter_app.errors import ValidationError
from counter_app.services import case_progress, deferrals
from counter_app.services.approval import WrongRole
from counter_app.store import case_history as history_rows
from counter_app.store import cases as case_rows
from counter_app.store import documents as document_rows
from tests.services.conftest import MOMENT
from tests.services.deferral_cases import deferred_case, deferred_codes


def test_supplying_each_deferred_material_accepts_the_case_with_the_last(
    intake_store, clerk, supervisor
):
    case_id = deferred_case(intake_store, clerk, supervisor, deferred=2)
    first, second = deferred_codes(intake_store, case_id)
    number = case_rows.get_case(intake_store, case_id).case_no

    partly = deferrals.supply(intake_store, number, clerk, [first], now=MOMENT)
    assert (partly.state, partly.remaining, partly.data_version) == (
        "accepted_deferred",
        (second,),
        2,
    )
    done = deferrals.supply(intake_store, case_id, clerk, [second], now=MOMENT)
    assert (done.state, done.remaining, done.data_version) == ("accepted", (), 3)
    record = case_rows.get_case(intake_store, case_id)
    supplied = {m.code: m for m in record.materials if m.code in (first, second)}
    assert all(
        m.status == "received" and m.form and m.count >= 1 and m.deadline for m in supplied.values()
    )
    outbox = intake_store.db.execute(
        "SELECT data_version FROM outbox WHERE case_id = ?", (case_id,)
    ).fetchall()
    assert outbox  # the new versions are queued for the platform
    audit = intake_store.db.execute(
        "SELECT actor, action FROM audit_log WHERE target = ? ORDER BY rowid", (case_id,)
    ).fetchall()
    assert audit[-2:] == [("clerk1", "case.edit"), ("clerk1", "case.accepted")]


def test_supplying_what_is_not_deferred_is_refused_with_its_name(intake_store, clerk, supervisor):
    case_id = deferred_case(intake_store, clerk, supervisor)
    received = next(
        m for m in case_rows.get_case(intake_store, case_id).materials if m.status == "received"
    )
    with pytest.raises(ValidationError) as refused:
        deferrals.supply(intake_store, case_id, clerk, [received.code], now=MOMENT)
    assert received.name in refused.value.message("zh")
    with pytest.raises(ValidationError, match="NOPE"):
        deferrals.supply(intake_store, case_id, clerk, ["NOPE"], now=MOMENT)
    with pytest.raises(ValidationError):
        deferrals.supply(intake_store, case_id, clerk, [], now=MOMENT)
    assert case_rows.get_case(intake_store, case_id).data_version == 1


def test_open_deferrals_by_due_date_and_overdue_ones_end_on_their_own(
    intake_store, clerk, supervisor
):
    case_id = deferred_case(intake_store, clerk, supervisor)
    deadline = date.fromisoformat(
        next(
            m.deadline
            for m in case_rows.get_case(intake_store, case_id).materials
            if m.status == "deferred"
        )
    )
    listed = deferrals.open_deferrals(intake_store, today=deadline)
    assert [(d.case_id, d.deadline, d.overdue) for d in listed] == [(case_id, deadline, False)]
    before = deadline - timedelta(days=3)
    assert deferrals.open_deferrals(intake_store, today=before, due_within=2) == []
    assert len(deferrals.open_deferrals(intake_store, today=before, due_within=3)) == 1

    on_the_day = MOMENT + (deadline - MOMENT.date()).days * timedelta(days=1)
    assert deferrals.expire_overdue(intake_store, actor="system:test", now=on_the_day) == []
    day_after = on_the_day + timedelta(days=1)
    ended = deferrals.expire_overdue(intake_store, actor="system:test", now=day_after)
    assert [d.case_id for d in ended] == [case_id]
    record = case_rows.get_case(intake_store, case_id)
    assert (record.state, record.data_version) == ("deferred_terminated", 2)
    assert deferrals.expire_overdue(intake_store, actor="system:test", now=day_after) == []
    assert deferrals.open_deferrals(intake_store, today=deadline) == []


def test_an_open_deferral_names_the_applicant_with_the_phone_masked(
    intake_store, clerk, supervisor
):
    with_phone = deferred_case(intake_store, clerk, supervisor)
    without = deferred_case(intake_store, clerk, supervisor, with_phone=False)
    deadline = min(d.deadline for d in deferrals.open_deferrals(intake_store, today=MOMENT.date()))
    listed = {d.case_id: d for d in deferrals.open_deferrals(intake_store, today=deadline)}
    assert (listed[with_phone].applicant_name, listed[with_phone].applicant_masked_phone) == (
        "张𠮷",
        "139****0000",
    )
    assert listed[without].applicant_masked_phone is None


def _reveals(store, case_id: str) -> list[tuple[str, str, str]]:
    return store.db.execute(
        "SELECT actor, action, detail FROM audit_log WHERE target = ? AND action IN"
        " ('applicant.reveal', 'authorisation.refused') ORDER BY rowid",
        (case_id,),
    ).fetchall()


def test_contacting_the_applicant_reveals_the_phone_to_a_supervisor_and_audits_it(
    intake_store, clerk, supervisor
):
    case_id = deferred_case(intake_store, clerk, supervisor)
    contact = deferrals.contact_applicant(intake_store, case_id, supervisor)
    record = case_rows.get_case(intake_store, case_id)
    assert (contact.case_no, contact.applicant_name, contact.phone) == (
        record.case_no,
        "张𠮷",
        "13900000000",
    )
    ((actor, action, detail),) = _reveals(intake_store, case_id)
    assert (actor, action) == ("chief1", "applicant.reveal")
    # Only the phone is decrypted for this purpose, and the log says so.
    assert json.loads(detail) == {"purpose": "deferral_due_contact", "fields": ["phone"]}

    no_phone = deferred_case(intake_store, clerk, supervisor, with_phone=False)
    assert deferrals.contact_applicant(intake_store, no_phone, supervisor).phone is None


def test_a_clerk_is_refused_the_applicants_phone_and_the_refusal_is_audited(
    intake_store, clerk, supervisor
):
    case_id = deferred_case(intake_store, clerk, supervisor)
    with pytest.raises(WrongRole):
        deferrals.contact_applicant(intake_store, case_id, clerk)
    ((actor, action, detail),) = _reveals(intake_store, case_id)
    assert (actor, action) == ("clerk1", "authorisation.refused")
    assert json.loads(detail) == {"action": "deferrals.contact"}


def test_no_phone_is_revealed_for_a_case_no_longer_waiting_for_materials(
    intake_store, clerk, supervisor
):
    case_id = deferred_case(intake_store, clerk, supervisor)
    deferrals.supply(
        intake_store, case_id, clerk, deferred_codes(intake_store, case_id), now=MOMENT
    )
    with pytest.raises(ValidationError, match="no longer waits"):
        deferrals.contact_applicant(intake_store, case_id, supervisor)
    assert _reveals(intake_store, case_id) == []


@pytest.mark.parametrize(("days", "expected_days"), [(None, 5), (3, 3), (30, 10)])
def test_a_deferral_is_due_after_the_configured_working_days_never_after_the_promise(
    intake_store, clerk, supervisor, days, expected_days
):
    """``hall.deferral_working_days`` (default 5) sets the deadline; the promised date (10
    working days for the allowance) caps it."""
    from dataclasses import replace as with_changes

    from counter_app.domain.hall_time import hall_today
    from counter_app.store.calendar import working_calendar

    if days is not None:
        hall = with_changes(intake_store.config.hall, deferral_working_days=days)
        intake_store.config = with_changes(intake_store.config, hall=hall)
    case_id = deferred_case(intake_store, clerk, supervisor)
    (deadline,) = {
        m.deadline for m in case_rows.get_case(intake_store, case_id).materials if m.deadline
    }
    expected = working_calendar(intake_store).add_working_days(hall_today(MOMENT), expected_days)
    assert deadline == expected.isoformat()


def test_a_deferral_supplied_while_expiry_runs_is_left_accepted(
    intake_store, clerk, supervisor, monkeypatch
):
    """The window supplies the material between the sync process's expiry listing and its
    termination: the case stays accepted, the run goes on with the other overdue cases."""
    supplied, overdue = (deferred_case(intake_store, clerk, supervisor) for _ in range(2))
    listing = deferrals.open_deferrals

    def listed_then_supplied(store, **kwargs):
        found = listing(store, **kwargs)
        deferrals.supply(store, supplied, clerk, deferred_codes(store, supplied), now=MOMENT)
        return found

    monkeypatch.setattr(deferrals, "open_deferrals", listed_then_supplied)
    later = MOMENT + timedelta(days=60)
    ended = deferrals.expire_overdue(intake_store, actor="system:test", now=later)
    assert [d.case_id for d in ended] == [overdue]
    assert case_rows.get_case(intake_store, supplied).state == "accepted"
    assert case_rows.get_case(intake_store, overdue).state == "deferred_terminated"


def test_an_ended_deferral_has_its_termination_notice_issued_waiting_to_be_printed(
    intake_store, clerk, supervisor
):
    """The 终止受理通知书 is issued with the termination (entered in the register under its
    serial, in the same transaction), not yet printed: the window and ``counter-app print``
    print it later."""
    case_id = deferred_case(intake_store, clerk, supervisor)
    later = MOMENT + timedelta(days=60)
    deferrals.expire_overdue(intake_store, actor="system:test", now=later)
    documents = history_rows.case_history(intake_store, case_id).documents
    assert [(d.kind, d.reprint_no, d.print_status, d.issued_by) for d in documents] == [
        ("termination", 0, "not_printed", "system:test")
    ]
    assert document_rows.unprinted_cases(intake_store, [case_id]) == {case_id}
    audit = intake_store.db.execute(
        "SELECT actor, action FROM audit_log WHERE target = ? ORDER BY rowid", (case_id,)
    ).fetchall()
    assert audit[-2:] == [
        ("system:test", "case.deferred_terminated"),
        ("system:test", "document.issue"),
    ]


def test_a_deferral_taken_into_processing_stays_owed_supplied_and_never_expired_here(
    intake_store, clerk, supervisor
):
    """The platform may start processing a 容缺 case before its material came: the case
    still owes it (listed, supplied, its applicant phoned), stays in processing when the
    last one is in, and an overdue one is left to the department, not ended here."""
    case_id = deferred_case(intake_store, clerk, supervisor)
    (owed,) = deferred_codes(intake_store, case_id)
    assert case_progress.apply_progress(intake_store, case_id, "in_process")
    later = MOMENT + timedelta(days=60)  # past the deadline
    (listed,) = deferrals.open_deferrals(intake_store, today=later.date())
    assert (listed.case_id, listed.state, listed.materials, listed.overdue) == (
        case_id,
        "in_process",
        (owed,),
        True,
    )
    assert deferrals.expire_overdue(intake_store, actor="system:test", now=later) == []
    assert case_rows.get_case(intake_store, case_id).state == "in_process"
    assert deferrals.contact_applicant(intake_store, case_id, supervisor).phone == "13900000000"

    done = deferrals.supply(intake_store, case_id, clerk, [owed], now=later)
    assert (done.state, done.remaining, done.data_version) == ("in_process", (), 2)
    assert deferrals.open_deferrals(intake_store, today=later.date()) == []
    with pytest.raises(ValidationError, match="owes no deferred materials"):
        deferrals.supply(intake_store, case_id, clerk, [owed], now=later)
