"""``counter-central catalog list`` and ``calendar list``: the versions an operator
published, with when, what each holds, and which the windows go by (the newest catalog;
for each year the newest calendar that covers it), on either store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from central.store import open_store, publishing
from counter_app.store.catalog import bundled_catalog
from tests.central.conftest import STORES, CliRun, new_store_url


def _calendar(version: int, years: list[int]) -> dict[str, Any]:
    return {"version": version, "published_at": "2099-01-01T00:00:00Z", "years": years,
            "periods": [{"kind": "holiday", "name": f"元旦{y}", "from": f"{y}-01-01"}
                        for y in years]}  # fmt: skip


@pytest.fixture(params=STORES)
def db_args(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[list[str]]:
    """A platform store with two catalog versions and three calendars; its ``--db`` options."""
    url = new_store_url(request.param, tmp_path, request) or str(tmp_path / "central.sqlite3")
    key = tmp_path / "central.key"
    store = open_store(url, key)
    try:
        catalog = bundled_catalog()
        first = int(catalog["version"])
        # Its three items are in none of the sample's 一件事 bundles.
        newer = {**catalog, "version": first + 1, "items": catalog["items"][:3], "bundles": []}
        for document in (catalog, newer):
            publishing.publish_document(store, "catalog", document, int(document["version"]))
        for document in (_calendar(1, [2098, 2099]), _calendar(2, [2099]), _calendar(3, [2100])):
            publishing.publish_document(store, "calendar", document, document["version"])
    finally:
        store.close()
    yield ["--db", url, "--key-file", str(key)]


def test_the_catalog_versions_with_their_items_and_the_one_in_force(
    run_cli: Callable[..., CliRun], db_args: list[str]
) -> None:
    listed = run_cli("catalog", "list", *db_args, "--json")
    assert listed.returncode == 0, listed.stderr
    versions = listed.json()["versions"]
    first = int(bundled_catalog()["version"])
    sample = bundled_catalog()
    assert [(v["version"], v["items"], v["bundles"], v["in_force"]) for v in versions] == [
        (first, len(sample["items"]), len(sample["bundles"]), False),
        (first + 1, 3, 0, True),
    ]
    assert all(v["published_at"].endswith("Z") for v in versions)
    shown = run_cli("catalog", "list", *db_args).stdout
    assert f"版本 / version {first + 1}" in shown and "事项 / items 3  现行 / in force" in shown
    assert f"一件事 / bundles {len(sample['bundles'])}" in shown.splitlines()[1]


def test_the_calendar_versions_with_the_years_each_is_in_force_for(
    run_cli: Callable[..., CliRun], db_args: list[str]
) -> None:
    listed = run_cli("calendar", "list", *db_args, "--json")
    assert listed.returncode == 0, listed.stderr
    assert [(v["version"], v["years"], v["in_force_years"]) for v in listed.json()["versions"]] == [
        (1, [2098, 2099], [2098]),
        (2, [2099], [2099]),
        (3, [2100], [2100]),
    ]


def test_nothing_published_yet_is_said(run_cli: Callable[..., CliRun], tmp_path: Path) -> None:
    db = ["--db", str(tmp_path / "central.sqlite3")]
    assert run_cli("calendar", "list", *db, "--json").json()["versions"] == []
    assert (
        "尚未发布工作日历 / no calendar version published yet"
        in run_cli("calendar", "list", *db).stdout
    )


def test_the_help_lists_list_beside_publish(run_cli: Callable[..., CliRun]) -> None:
    helped = run_cli("catalog", "--help")
    assert "publish" in helped.stdout and "list" in helped.stdout
