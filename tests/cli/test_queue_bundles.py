"""``counter-app queue`` shows the bundle (一件事) a case was decided in: as text a marker
after the item (a long bundle name cut short, the page still within 120 terminal columns),
in --json two more fields, ``bundle_id`` and ``bundle_name``, beside every earlier one; and
--search finds a bundle's cases by part of its name."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import replace

import pytest

from counter_app.cli.text_table import columns
from counter_app.store.database import Store
from tests.conftest import CliResult
from tests.store.hall_summaries import hall_summary, keep_summaries

BUNDLE_ID = "b0000000-0000-4000-8000-000000000003"
LONG_NAME = "养老一件事（老年人津贴与敬老卡）与其他各类津贴补贴的一并申领"
BUNDLED, ALONE = (
    replace(hall_summary(1), bundle_id=BUNDLE_ID, bundle_name=LONG_NAME),
    hall_summary(2),
)
# What --json said of a case before bundles: every one of them stays.
EARLIER_FIELDS = {
    "case_id", "case_no", "window_code", "clerk", "item_code", "item_name", "state",
    "sync_state", "received_at", "accepted_at", "promised_date", "days_left", "flags",
    "local", "problem", "review", "review_refused",
}  # fmt: skip


@pytest.fixture
def hall(store: Store) -> Store:
    keep_summaries(store, BUNDLED, ALONE)
    return store


def test_the_text_marks_the_bundle_after_the_item(
    cli: Callable[..., CliResult], hall: Store
) -> None:
    shown = cli("queue", "--hall")
    assert shown.returncode == 0, shown.stderr
    details = {
        line.split()[0]: after.strip()
        for line, after in itertools.pairwise(shown.stdout.splitlines())
        if line[:1] != " "
    }
    assert details[BUNDLED.case_no].startswith("老年综合津贴申领 ·〔养老一件事（老年人…〕")
    assert details[ALONE.case_no].split()[0] == "老年综合津贴申领"
    assert max(columns(line) for line in shown.stdout.splitlines()) <= 120


def test_json_adds_the_bundle_and_keeps_every_field(
    cli: Callable[..., CliResult], hall: Store
) -> None:
    listed = cli("queue", "--hall", "--json")
    cases = {case["case_no"]: case for case in json.loads(listed.stdout)["cases"]}
    bundled, alone = cases[BUNDLED.case_no], cases[ALONE.case_no]
    assert set(bundled) == EARLIER_FIELDS | {"bundle_id", "bundle_name"} == set(alone)
    assert (bundled["bundle_id"], bundled["bundle_name"]) == (BUNDLE_ID, LONG_NAME)
    assert (alone["bundle_id"], alone["bundle_name"]) == (None, None)


def test_a_search_by_the_bundles_name_finds_its_cases(
    cli: Callable[..., CliResult], hall: Store
) -> None:
    listed = cli("queue", "--hall", "--json", "--search", "敬老卡")
    assert [case["case_no"] for case in json.loads(listed.stdout)["cases"]] == [BUNDLED.case_no]
