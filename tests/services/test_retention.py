"""The retention period of personal data: only cases finished here, held by the platform,
owing nothing and unchanged for the period are purged; what a purge clears and what it keeps
(figures of past days, case numbers, the audit chain); each batch one transaction, so a run
cut short keeps its batches and the next one finishes; a dry run writes nothing; the
background run goes at most once a hall day."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from counter_app.services import payments
from counter_app.services import retention as service
from counter_app.services.end_of_day import day_report
from counter_app.services.retention import purge_expired, purge_once_a_day
from counter_app.services.statistics import Period, compute
from counter_app.store import case_plaintext
from counter_app.store import cases as case_rows
from counter_app.store.platform_clock import BootReading, ClockNow
from counter_app.store.retention import PURGE_ACTION, PersonalDataPurged, purge_of
from tests.services.end_of_day_cases import answer
from tests.services.retention_cases import (
    LATER,
    PURGED_NAME,
    PURGED_NUMBER,
    SOON,
    every_kind,
    refused,
)

DAY = date(2026, 9, 24)


def _names(store) -> dict[str, str]:
    return dict(store.db.execute("SELECT case_id, name FROM cases").fetchall())


def _purges(store) -> list[dict[str, object]]:
    rows = store.db.execute(
        "SELECT detail FROM audit_log WHERE action = ? ORDER BY seq", (PURGE_ACTION,)
    ).fetchall()
    return [json.loads(row[0]) for row in rows]


def test_only_finished_synced_cases_owing_nothing_past_the_period_are_purged(
    intake_store, clerk, supervisor
):
    kinds = every_kind(intake_store, clerk)
    within = purge_expired(intake_store, actor="cli:it", now=SOON)
    assert (within.cases, within.cutoff) == (0, "2026-06-01")

    run = purge_expired(intake_store, actor="cli:it", now=LATER)

    assert (run.cases, run.first_day, run.last_day, run.cutoff, run.kept_days) == (
        2,
        "2026-09-24",
        "2026-09-24",
        "2027-01-01",
        365,
    )
    purged = {case_id for case_id in _names(intake_store) if purge_of(intake_store, case_id)}
    assert purged == {kinds.refused_synced, kinds.notified_synced}
    # The fee paid back and the refund acknowledged: nothing is owed any more.
    payments.record_refund(
        intake_store, kinds.refund_owed, supervisor, "REFUND-01", "撤回退费", now=LATER
    )
    answer(intake_store, kinds.refund_owed, "stored")
    assert purge_expired(intake_store, actor="cli:it", now=LATER).cases == 0  # changed: recent
    a_year_on = LATER + timedelta(days=366)
    assert purge_expired(intake_store, actor="cli:it", now=a_year_on).cases == 1
    assert purge_of(intake_store, kinds.refund_owed) is not None
    for kept in (kinds.accepted_synced, kinds.refused_unsynced):
        assert purge_of(intake_store, kept) is None
        assert case_plaintext.case_document(intake_store, kept)["applicant"]["name"] == "张𠮷"


def test_a_purge_clears_the_personal_data_and_keeps_numbers_figures_and_the_chain(
    intake_store, clerk
):
    kinds = every_kind(intake_store, clerk)
    case_id = kinds.refused_synced
    before = case_rows.get_case(intake_store, case_id)
    report, stats = day_report(intake_store, DAY), compute(intake_store, Period(DAY, DAY))

    purge_expired(intake_store, actor="cli:it", now=LATER)

    after = case_rows.get_case(intake_store, case_id)
    assert (after.case_no, after.state, after.clerk, after.created_at, after.updated_at) == (
        before.case_no,
        before.state,
        before.clerk,
        before.created_at,
        before.updated_at,
    )
    assert after.applicant_name == "欧***" and after.applicant_masked_id == (
        before.applicant_masked_id
    )
    assert after.applicant_masked_phone is None
    assert replace(day_report(intake_store, DAY), generated_at=report.generated_at) == report
    assert replace(compute(intake_store, Period(DAY, DAY)), generated_at=stats.generated_at) == (
        stats
    )
    # The duplicate check and every search no longer find the applicant.
    assert case_rows.find_by_id_number(intake_store, PURGED_NUMBER) == []
    assert case_rows.search_cases(intake_store, PURGED_NAME).records == []
    row = intake_store.db.execute(
        "SELECT id_number_enc, id_number_index, phone_enc, phone_index, address_enc, photo_enc"
        " FROM cases WHERE case_id = ?",
        (case_id,),
    ).fetchone()
    assert row == (b"", "", None, None, None, None)
    versions = intake_store.db.execute(
        "SELECT length(content_enc), content_hash FROM case_versions WHERE case_id = ?",
        (case_id,),
    ).fetchall()
    assert versions and all(length == 0 and digest for length, digest in versions)
    assert intake_store.db.execute(
        "SELECT count(*) FROM outbox WHERE case_id = ?", (case_id,)
    ).fetchone() == (0,)
    # The platform's first answer stays (the statistics' sync delay), its detail emptied.
    assert intake_store.db.execute(
        "SELECT data_version, outcome, detail FROM sync_attempts WHERE case_id = ?", (case_id,)
    ).fetchall() == [(1, "stored", "")]
    purged = PersonalDataPurged.of(purge_of(intake_store, case_id))
    assert purged.zh == "个人信息已于2028-01-01按保留期限清除（保留365天）。"
    with pytest.raises(PersonalDataPurged) as refused_document:
        case_plaintext.case_document(intake_store, case_id)
    assert refused_document.value.zh == purged.zh
    with pytest.raises(PersonalDataPurged):
        case_plaintext.reveal_applicant(intake_store, case_id, actor="clerk1", purpose="test")
    assert _purges(intake_store) == [
        {
            "cases": 2,
            "days": 365,
            "cutoff": "2027-01-01",
            "since": "2026-09-24",
            "until": "2026-09-24",
        }
    ]
    assert intake_store.audit.verify() == []
    # Neither the audit log nor the case's history ever held the person's data.
    kept_texts = [
        row[0]
        for row in intake_store.db.execute(
            "SELECT detail FROM audit_log UNION ALL SELECT detail FROM case_events"
            " UNION ALL SELECT target FROM audit_log WHERE target IS NOT NULL"
        )
    ]
    assert not [t for t in kept_texts if PURGED_NAME in t or PURGED_NUMBER in t]


def test_no_byte_of_a_purged_name_stays_in_the_store_s_files(intake_store, clerk):
    every_kind(intake_store, clerk)
    home = intake_store.home
    name = PURGED_NAME.encode()

    def holding_the_name() -> list[str]:
        return [
            path.name
            for path in home.db_path.parent.glob(home.db_path.name + "*")
            if name in path.read_bytes()
        ]

    assert holding_the_name()  # in clear before (the case row)
    purge_expired(intake_store, actor="cli:it", now=LATER)
    assert holding_the_name() == []


def test_a_run_cut_short_keeps_its_batches_and_the_next_run_finishes(
    intake_store, clerk, monkeypatch
):
    for _ in range(5):
        answer(intake_store, refused(intake_store, clerk), "stored")
    real_batch = service.purge_batch
    batches = []

    def power_cut_in_the_second_batch(db, audit, batch):
        batches.append(len(batch.case_ids))
        real_batch(db, audit, batch)
        if len(batches) == 2:
            raise KeyboardInterrupt  # the process stops before the batch commits

    monkeypatch.setattr(service, "purge_batch", power_cut_in_the_second_batch)
    with pytest.raises(KeyboardInterrupt):
        purge_expired(intake_store, actor="cli:it", now=LATER, batch_cases=2)
    assert sum(1 for c in _names(intake_store) if purge_of(intake_store, c)) == 2
    assert [p["cases"] for p in _purges(intake_store)] == [2]

    monkeypatch.setattr(service, "purge_batch", real_batch)
    rerun = purge_expired(intake_store, actor="cli:it", now=LATER, batch_cases=2)
    assert rerun.cases == 3
    assert [p["cases"] for p in _purges(intake_store)] == [2, 2, 1]
    assert all(purge_of(intake_store, c) for c in _names(intake_store))
    assert intake_store.audit.verify() == []


def test_a_dry_run_counts_and_writes_nothing(intake_store, clerk):
    every_kind(intake_store, clerk)
    changes = intake_store.db.conn.total_changes
    names = _names(intake_store)

    run = purge_expired(intake_store, actor="cli:it", dry_run=True, now=LATER)

    assert (run.dry_run, run.cases, run.first_day, run.last_day) == (
        True,
        2,
        "2026-09-24",
        "2026-09-24",
    )
    assert intake_store.db.conn.total_changes == changes
    assert _names(intake_store) == names and _purges(intake_store) == []


def _clocks(moment: datetime) -> ClockNow:
    """The clocks of a window with no platform to confirm them (none is configured here):
    the boot clock's reading does not matter."""
    return ClockNow(moment, BootReading(None, 0.0))


def test_the_background_run_purges_at_most_once_a_hall_day(intake_store, clerk):
    every_kind(intake_store, clerk)
    first = purge_once_a_day(intake_store, now=_clocks(LATER))
    assert first is not None and first.cases == 2
    assert purge_once_a_day(intake_store, now=_clocks(LATER + timedelta(hours=3))) is None
    again = purge_once_a_day(intake_store, now=_clocks(LATER + timedelta(days=1)))
    assert again is not None and again.cases == 0
    actors = {
        row[0]
        for row in intake_store.db.execute(
            "SELECT actor FROM audit_log WHERE action = ?", (PURGE_ACTION,)
        )
    }
    assert actors == {service.RETENTION_ACTOR}
