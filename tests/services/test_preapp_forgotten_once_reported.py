"""A consumed pre-application leaves the window's cache as soon as the platform confirmed
this window's report of its case (the applicant's data is not kept until its last day for
nobody), and the feed, read again from the start, does not bring it back; until then the
cache keeps it, and a report the platform refused keeps it too. Taken again once
forgotten, it names the case it became."""

from __future__ import annotations

from dataclasses import replace

from counter_app.domain.hall_time import hall_today
from counter_app.services.arrivals import case_from_preapp, person_at_hall
from counter_app.services.auth import User
from counter_app.services.training_samples import PREAPP_APPLICANT
from counter_app.store.arrivals import (
    cached_arrival,
    consumption_of,
    mark_consumption_failed,
    mark_consumption_reported,
    purge_past_arrivals,
    store_arrival,
)
from counter_app.store.database import Store
from tests.services.preapp_samples import PAPER, sample_preapp


def test_a_consumed_pre_application_is_forgotten_once_the_platform_confirmed_it(
    intake_store: Store, clerk: User
) -> None:
    today = hall_today()
    preapp_id = sample_preapp(intake_store)
    accepted = case_from_preapp(intake_store, clerk, preapp_id, received=PAPER)
    assert purge_past_arrivals(intake_store, today) == 0  # the report is still to be sent
    held = cached_arrival(intake_store, preapp_id)
    assert held is not None and held.state == "consumed"

    mark_consumption_reported(intake_store, preapp_id, "2026-12-07T08:00:00Z")
    assert purge_past_arrivals(intake_store, today) == 1
    assert cached_arrival(intake_store, preapp_id) is None
    assert consumption_of(intake_store, preapp_id) is not None  # the report stays
    # The feed read again from the start (a new day) brings its consumed item: not kept.
    with intake_store.transaction():
        assert not store_arrival(intake_store, replace(held, sequence=held.sequence + 1))
    assert cached_arrival(intake_store, preapp_id) is None
    assert person_at_hall(intake_store, PREAPP_APPLICANT[1], today).preapps == []

    again = case_from_preapp(intake_store, clerk, preapp_id, received=PAPER)
    [error] = again["errors"]
    assert (again["status"], error["field"]) == ("error", "preapp_id")
    assert f"已在本窗口受理为办件 {accepted['case_no']}" in error["message"]
    assert f"as case {accepted['case_no']}" in error["message_en"]


def test_a_refused_report_keeps_it_and_one_consumed_elsewhere_goes(
    intake_store: Store, clerk: User
) -> None:
    today = hall_today()
    refused_id = sample_preapp(intake_store)
    case_from_preapp(intake_store, clerk, refused_id, received=PAPER)
    mark_consumption_failed(intake_store, refused_id, "preapp_consumed_elsewhere", refused=True)
    # Another pre-application of the hall, taken at another window: the feed says so.
    elsewhere_id = sample_preapp(intake_store, ("李四", "310104198001011234"))
    elsewhere = cached_arrival(intake_store, elsewhere_id)
    assert elsewhere is not None
    with intake_store.transaction():
        assert store_arrival(
            intake_store,
            replace(elsewhere, sequence=2, state="consumed", consumed_case_id="another case"),
        )

    assert purge_past_arrivals(intake_store, today) == 1
    assert cached_arrival(intake_store, elsewhere_id) is None
    assert cached_arrival(intake_store, refused_id) is not None  # until its last day
