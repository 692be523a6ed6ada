"""``counter-central catalog|calendar publish`` refuses a document whose ``published_at`` is
no moment (not ISO 8601, without its zone, or without a UTC form), naming the field in both
languages, before the store is touched."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from counter_app.store.calendar import bundled_calendar
from counter_app.store.catalog import bundled_catalog
from tests.central.conftest import CliRun

DOCUMENTS: dict[str, Callable[[], dict[str, Any]]] = {
    "catalog": bundled_catalog,
    "calendar": bundled_calendar,
}


@pytest.mark.parametrize("feed", DOCUMENTS)
@pytest.mark.parametrize(
    "published_at",
    ["yesterday", "2026-11-01", "2026-11-01T00:00:00", "2026-13-01T00:00:00Z",
     "9999-12-31T23:59:59-14:00"],
)  # fmt: skip
def test_a_publication_time_that_is_no_moment_is_refused(
    tmp_path: Path, run_cli: Callable[..., CliRun], feed: str, published_at: str
) -> None:
    path, db = tmp_path / f"{feed}.json", tmp_path / "central.sqlite3"
    document = {**DOCUMENTS[feed](), "published_at": published_at}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    refused = run_cli(feed, "publish", str(path), "--db", str(db))

    assert refused.returncode == 1 and refused.stdout == ""
    chinese, english = refused.stderr.split("\nError: ")
    assert chinese.startswith("错误：") and "published_at" in chinese
    assert f"发布时间“{published_at}”不是带时区的 ISO 8601 时间" in chinese
    assert "published_at" in english
    assert f"'{published_at}' is not an ISO 8601 time with its zone" in english
    assert not db.exists()


@pytest.mark.parametrize("feed", DOCUMENTS)
def test_a_publication_time_with_its_zone_is_published(
    tmp_path: Path, run_cli: Callable[..., CliRun], feed: str
) -> None:
    path = tmp_path / f"{feed}.json"
    document = {**DOCUMENTS[feed](), "published_at": "2026-11-01T08:00:00+08:00"}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    published = run_cli(feed, "publish", str(path), "--db", str(tmp_path / "central.sqlite3"))
    assert published.returncode == 0, published.stderr
    assert published.json()["sequence"] == 1
