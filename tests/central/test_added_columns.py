"""A platform store made before a table gained a column gets the column when the new program
opens it, on SQLite and PostgreSQL: its versions are stored again."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from central.simulator import SimulatedDevice
from central.store import CentralStore
from central.store.ddl import ADDED_COLUMNS
from tests.central.conftest import push_ok

pytestmark = pytest.mark.integration


def test_an_older_store_gains_the_added_columns_and_stores_versions(
    store: CentralStore, enrol: Callable[..., SimulatedDevice]
) -> None:
    with store.transaction() as cur:
        # Nor had it the index on an added column (SQLite drops no indexed column).
        store._exec(cur, "DROP INDEX arrivals_holder")
        for table, column, _ in ADDED_COLUMNS:
            store._exec(cur, f"ALTER TABLE {table} DROP COLUMN {column}")
    store.create_schema()  # as the program does on opening a store
    store.create_schema()  # and again: nothing is added twice
    device = enrol()
    assert [r["status"] for r in push_ok(device, [device.case()])] == ["stored"]
    with store.snapshot() as cur:
        for table, column, _ in ADDED_COLUMNS:
            store._exec(cur, f"SELECT {column} FROM {table}").fetchall()
