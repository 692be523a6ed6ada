"""A catalog (or calendar) version the platform published that the window cannot load is not
dropped without a word: the feed moves on past it, but the store keeps the refusal, and
``sync --once`` (text and ``--json``), ``sync status`` (text and ``--json``) and ``doctor``
say that the window goes on with its older version, until a newer one loads. The log names
the feed's version, not only the document's complaint."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from central.store import CentralStore, publishing
from central.store import open_store as open_central_store
from counter_app.config import Config
from counter_app.store.calendar import bundled_calendar
from counter_app.store.catalog import bundled_catalog
from counter_app.store.database import Store
from sync.status_refusals import refused_documents
from tests.central.server_fixture import RunningCentral
from tests.in_process import CliResult
from tests.sync.conftest import make_engine

Cli = Callable[..., CliResult]
REFUSED_ZH = "平台的事项目录第 3 版无法载入："
STILL_ZH = "仍使用第 2 版；请联系平台运维。"


@pytest.fixture
def platform(central: RunningCentral) -> Iterator[CentralStore]:
    store = open_central_store(central.db)
    yield store
    store.close()


def version(document: dict[str, Any], number: int | None) -> dict[str, Any]:
    """A copy of ``document`` as version ``number`` (None: without any)."""
    copy: dict[str, Any] = json.loads(json.dumps(document))
    copy.pop("version")
    return copy if number is None else {**copy, "version": number}


def doctor_checks(cli: Cli, *args: str) -> dict[str, dict[str, str]]:
    shown = cli(*args, "doctor", "--json")
    return {c["name"]: c for c in json.loads(shown.stdout)["checks"]}


def test_a_catalog_the_window_cannot_load_is_told_until_a_newer_one_loads(
    cli: Cli,
    enrolled: Config,
    sync_store: Store,
    platform: CentralStore,
    caplog: pytest.LogCaptureFixture,
) -> None:
    publishing.publish_document(platform, "catalog", version(bundled_catalog(), 2), 2)
    assert cli("sync", "--once").returncode == 0
    publishing.publish_document(platform, "catalog", version(bundled_catalog(), None), 3)

    with caplog.at_level(logging.WARNING, logger="sync.feeds"):
        synced = cli("sync", "--once")

    assert synced.returncode == 0, synced.stderr  # the run itself went through
    assert REFUSED_ZH in synced.stdout and STILL_ZH in synced.stdout
    assert "catalog version 3 from the platform not loaded" in caplog.text
    (refused,) = refused_documents(sync_store)
    assert (refused.feed, refused.version, refused.in_use) == ("catalog", 3, 2)
    english = cli("--lang", "en", "sync", "--once", "--json")
    (told,) = json.loads(english.stdout)["refused_documents"]
    assert (told["feed"], told["version"], told["in_use"]) == ("catalog", 3, 2)
    status = cli("sync", "status")
    assert REFUSED_ZH in status.stdout and STILL_ZH in status.stdout
    (in_json,) = json.loads(cli("sync", "status", "--json").stdout)["refused_documents"]
    assert in_json["version"] == 3 and in_json["reason_en"]
    check = doctor_checks(cli, "--lang", "en")["sync_catalog"]
    assert check["status"] == "warn"
    assert "service catalog version 3 could not be loaded" in check["detail"]
    assert "still using version 2" in check["detail"]

    publishing.publish_document(platform, "catalog", version(bundled_catalog(), 4), 4)
    again = cli("sync", "--once")

    assert again.returncode == 0 and "无法载入" not in again.stdout
    assert refused_documents(sync_store) == ()
    assert json.loads(cli("sync", "status", "--json").stdout)["refused_documents"] == []
    assert "sync_catalog" not in doctor_checks(cli)


def test_a_calendar_the_window_cannot_load_is_kept_as_refused(
    home: Any, enrolled: Config, sync_store: Store, platform: CentralStore
) -> None:
    broken = {**version(bundled_calendar(), 7), "periods": "none"}
    publishing.publish_document(platform, "calendar", broken, 7)

    summary = make_engine(home, enrolled, sync_store).run_once()

    assert summary.error is None
    (told,) = summary.refused_documents
    assert (told["feed"], told["version"]) == ("calendar", 7)
    (refused,) = refused_documents(sync_store)
    assert refused.words()[0].startswith("平台的工作日历第 7 版无法载入：")
