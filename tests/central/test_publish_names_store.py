"""``counter-central catalog|calendar|notice publish`` says which store it published into
(``db``, beside the fields it always had): an operator who forgot ``$COUNTER_CENTRAL_DB``
sees at once that the publication went into the user data dir's store."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from central.cli import ENV_DB
from counter_app.store.catalog import bundled_catalog
from tests.central.conftest import CliRun


@pytest.fixture
def catalog_file(tmp_path: Path) -> Path:
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(bundled_catalog(), ensure_ascii=False), encoding="utf-8")
    return path


def test_publish_names_the_store_given_with_db(
    tmp_path: Path,
    run_cli: Callable[..., CliRun],
    catalog_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)

    published = run_cli("catalog", "publish", str(catalog_file), "--db", "hall.sqlite3")

    assert published.returncode == 0, published.stderr
    answer = published.json()
    assert (answer["feed"], answer["version"], answer["sequence"]) == ("catalog", 1, 1)
    assert answer["db"] == str(tmp_path / "hall.sqlite3")
    notice = run_cli(
        "notice", "publish", "--hall", "*", "--title", "t", "--body", "b", "--db", "hall.sqlite3"
    )
    assert notice.returncode == 0, notice.stderr
    assert notice.json()["db"] == str(tmp_path / "hall.sqlite3")
    assert notice.json()["title"] == "t"


def test_publish_without_db_names_the_default_store(
    tmp_path: Path,
    run_cli: Callable[..., CliRun],
    catalog_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(ENV_DB, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))

    published = run_cli("catalog", "publish", str(catalog_file))

    assert published.returncode == 0, published.stderr
    assert published.json()["db"] == str(tmp_path / "data/counter-central/central.sqlite3")
