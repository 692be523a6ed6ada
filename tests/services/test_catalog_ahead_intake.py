"""A catalog version sent ahead of its day is kept but not used before it: intake and a
bundle's preview go by the version in force at the moment of the decision, and switch at
the hall day's midnight (the moment passed in, not the wall clock)."""

from __future__ import annotations

import copy
from datetime import date, timedelta

import pytest

from counter_app.domain.hall_time import hall_day_span
from counter_app.errors import CatalogChanged
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.bundle_intake import BundleRequest, plan_bundle
from counter_app.services.intake_checks import IntakeRejected
from counter_app.services.intake_request import ApplicantInput
from counter_app.store.calendar import catalog_and_calendar_versions
from counter_app.store.cases import get_case
from counter_app.store.catalog import bundled_catalog, load_catalog_version
from counter_app.store.database import Store
from counter_app.store.timestamps import to_text
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for, resident_number

# The hall day after MOMENT's begins: version 2 comes into force then.
MIDNIGHT = hall_day_span(date(2026, 9, 25))[0]
ITEM = "老年综合津贴申领"


def load_ahead(store: Store, *, drop_bundles: bool = False) -> None:
    newer = copy.deepcopy(bundled_catalog())
    newer["version"] = 2
    if drop_bundles:
        newer["bundles"] = []
    load_catalog_version(store, newer, "platform:catalog:2", effective_from=to_text(MIDNIGHT))


def test_a_version_ahead_is_not_used_for_intake_before_its_midnight(
    intake_store: Store, clerk: User
) -> None:
    item = item_named(intake_store, ITEM)
    load_ahead(intake_store)
    assert catalog_and_calendar_versions(intake_store, to_text(MOMENT)) == (1, 1)

    today = intake.accept(intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
    assert get_case(intake_store, today.case_id).catalog_version == 1
    with pytest.raises(CatalogChanged):  # a form shown on version 2 before its day
        intake.accept(
            intake_store,
            request_for(item, complete_marks(item), catalog_version=2),
            clerk,
            now=MOMENT,
        )

    at_midnight = intake.accept(
        intake_store,
        request_for(item, complete_marks(item), number=resident_number("31010419800101125")),
        clerk,
        now=MIDNIGHT,
    )
    record = get_case(intake_store, at_midnight.case_id)
    assert record.catalog_version == 2
    assert catalog_and_calendar_versions(intake_store, to_text(MIDNIGHT)) == (2, 1)


def test_a_bundle_preview_goes_by_the_version_in_force(intake_store: Store) -> None:
    load_ahead(intake_store, drop_bundles=True)
    applicant = ApplicantInput(
        name="张𠮷", id_type="111", id_number=resident_number(), phone="13900000000"
    )
    request = BundleRequest(bundle="YJS-0001", applicant=applicant, materials={})

    assert plan_bundle(intake_store, request, with_supervisor=False, now=MOMENT)
    before = MIDNIGHT - timedelta(microseconds=1)
    assert plan_bundle(intake_store, request, with_supervisor=False, now=before)
    with pytest.raises(IntakeRejected) as rejected:
        plan_bundle(intake_store, request, with_supervisor=False, now=MIDNIGHT)
    assert [problem.field for problem in rejected.value.problems] == ["bundle"]
