"""``counter-app case show`` names a case's 一件事 and the other cases decided with it, by
number and item, in its text (``--json``: ``bundle_cases``), after the personal data was
purged too; a case decided alone shows no bundle."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from counter_app.services.auth import User
from counter_app.services.bundle_intake import BundleRequest, BundleResult, decide_bundle
from counter_app.services.intake import accept
from counter_app.services.intake_request import ApplicantInput
from counter_app.services.retention import purge_expired
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from tests.conftest import CliResult
from tests.services.conftest import (
    MOMENT,
    complete_marks,
    item_named,
    request_for,
    resident_number,
)
from tests.services.end_of_day_cases import answer
from tests.services.retention_cases import LATER

APPLICANT = ApplicantInput(
    name="张三", id_type="111", id_number=resident_number(), phone="13900000000"
)


@pytest.fixture
def catalogued(store: Store) -> Store:
    """The store ``cli`` reads, with the training catalog (its bundles) and calendar."""
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)
    return store


def _unemployment(store: Store, clerk: User) -> BundleResult:
    """失业一件事: 失业登记 and 就业困难人员认定, each notified (nothing marked)."""
    return decide_bundle(store, BundleRequest("YJS-0001", APPLICANT), clerk, now=MOMENT)


def test_case_show_names_the_bundle_and_the_other_cases(
    catalogued: Store, clerk: User, cli: Callable[..., CliResult]
) -> None:
    first, second = _unemployment(catalogued, clerk).cases

    text = cli("case", "show", first.case_no).stdout
    assert f"bundle               失业一件事（同批：{second.case_no} 就业困难人员认定）" in text
    other = cli("case", "show", second.case_no).stdout
    assert f"失业一件事（同批：{first.case_no} 失业登记）" in other
    english = cli("--lang", "en", "case", "show", first.case_no).stdout
    assert f"失业一件事 (decided together with: {second.case_no} 就业困难人员认定)" in english
    shown = json.loads(cli("case", "show", first.case_no, "--json").stdout)
    assert shown["bundle_name"] == "失业一件事"  # as before
    assert shown["bundle_cases"] == [
        {
            "case_id": second.case_id,
            "case_no": second.case_no,
            "service_item": second.item_code,
            "service_item_name": "就业困难人员认定",
        }
    ]


def test_a_case_decided_alone_shows_no_bundle(
    catalogued: Store, clerk: User, cli: Callable[..., CliResult]
) -> None:
    item = item_named(catalogued, "老年综合津贴申领")
    alone = accept(catalogued, request_for(item, complete_marks(item)), clerk, now=MOMENT)

    assert "bundle " not in cli("case", "show", alone.case_no).stdout
    assert json.loads(cli("case", "show", alone.case_no, "--json").stdout)["bundle_cases"] == []


def test_the_bundle_shows_after_the_personal_data_was_purged(
    catalogued: Store, clerk: User, cli: Callable[..., CliResult]
) -> None:
    first, second = _unemployment(catalogued, clerk).cases
    for case in (first, second):
        answer(catalogued, case.case_id, "stored")
    assert purge_expired(catalogued, actor="cli:it", now=LATER).cases == 2

    text = cli("case", "show", first.case_no).stdout
    assert "personal_data" in text  # purged
    assert f"失业一件事（同批：{second.case_no} 就业困难人员认定）" in text
