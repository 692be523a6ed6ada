"""The benchmark seeder writes its cases as intake would have: version 7 ids of their
acceptance time, so a new accept on a seeded store appends at the right-hand end of the
id indexes (as on a counter that ran this code) instead of splitting pages in the middle
of a tree of random ids; and within the hall's day, so that a case's day is the hall date of
its creation, as the reads of a day rely on; with rows that say what their sealed versions
say (as ``case_integrity`` checks), in a cache entry named by the seeder's code."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from benchmarks.bigstore import CACHE_ENV, _BatchSpec, _generate, cached_store, seeder_digest
from counter_app.domain.case_document import CaseType, ServiceItemRef, SituationRef
from counter_app.domain.hall_time import hall_today
from counter_app.home import Home
from counter_app.store.case_integrity import altered_cases
from counter_app.store.case_writes import new_row_id
from counter_app.store.database import open_store
from counter_app.store.pii import PiiKey
from counter_app.store.timestamps import from_text

ITEM = ServiceItemRef(
    code="ITEM1", name="事项一", catalog_version=1, case_type=CaseType.PROMISED, department="部门"
)


def _millis(row_id: str) -> int:
    return uuid.UUID(row_id).int >> 80


def _spec(count: int) -> _BatchSpec:
    return _BatchSpec(
        first=0,
        count=count,
        n_cases=count,
        seed=1,
        key=PiiKey(b"\x00\x01\x02\x03", bytes(range(32))),
        cipher="sm4-gcm",
        blind_index="hmac-sm3",
        items=((ITEM, SituationRef(code="S1", name="情形一"), 5),),
        hall="310104TRAIN",
        window="W01",
        device="A1B2",
        sample_every=10,
    )


def test_seeded_cases_and_applicants_have_version_7_ids_of_their_acceptance_time() -> None:
    rows, _ = _generate(_spec(30))
    for case in rows.cases:
        accepted = int(from_text(case.created_at).timestamp() * 1000)
        for row_id in (case.case_id, case.applicant.applicant_id):
            assert uuid.UUID(row_id).version == 7
            assert _millis(row_id) == accepted
    # Older than any id intake gives now: new accepts sort after every seeded case.
    assert max(case.case_id for case in rows.cases) < new_row_id()


def test_seeded_cases_are_taken_within_the_hall_day_their_number_names() -> None:
    rows, _ = _generate(_spec(800))  # two full days: the first and last case of each
    for case in rows.cases:
        assert case.day == hall_today(from_text(case.created_at)).isoformat(), case.case_no
        assert case.day.replace("-", "") in case.case_no


def test_a_cached_store_is_named_by_its_seeder_and_its_cases_match_their_versions(
    home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(cache))
    big = cached_store(home, 30, samples=3)
    # A changed seeder (or row builder, document or writer) gets an entry of its own.
    (entry,) = cache.iterdir()
    assert f"-seeder-{seeder_digest()}-" in entry.name
    store = open_store(big.home, big.config)
    try:
        assert altered_cases(store, "2020-01-01") == ([], 30)
    finally:
        store.close()
