"""The platform's look-ups that grow with the city go by an index: a device's case-number
prefixes (its own cases, its audit head, its revocation) and the cases a window took on one
hall day (``counter-central cases --day``)."""

from __future__ import annotations

import pytest

from central.store.sqlite import SqliteStore
from tests.central.conftest import Platform


@pytest.mark.parametrize(
    ("query", "index"),
    [
        ("SELECT prefix FROM number_prefixes WHERE device_id = ?", "number_prefixes_device"),
        (
            "SELECT case_id FROM case_summaries WHERE received_at >= ? AND received_at < ?",
            "case_summaries_taken",
        ),
    ],
)
def test_the_lookup_goes_by_its_index(platform: Platform, query: str, index: str) -> None:
    store = platform.store
    assert isinstance(store, SqliteStore)
    with store.snapshot() as cur:
        plan = " ".join(
            str(row[-1])
            for row in cur.execute(f"EXPLAIN QUERY PLAN {query}", ("a", "b")[: query.count("?")])
        )
    assert f"USING INDEX {index}" in plan or f"USING COVERING INDEX {index}" in plan
