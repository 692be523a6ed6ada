"""``counter-central catalog publish`` keeps whom each item serves (服务对象) with the catalog
and refuses a document that states it wrongly, naming the field."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from central.store import open_store as open_central_store
from central.store.publishing import newest_catalog
from counter_app.domain.catalog import ApplicantType
from counter_app.store.catalog import bundled_catalog
from tests.central.conftest import CliRun


def test_the_published_catalog_keeps_whom_items_serve(
    tmp_path: Path, run_cli: Callable[..., CliRun]
) -> None:
    path, db = tmp_path / "catalog.json", tmp_path / "central.sqlite3"
    path.write_text(json.dumps(bundled_catalog(), ensure_ascii=False), encoding="utf-8")

    published = run_cli("catalog", "publish", str(path), "--db", str(db))

    assert published.returncode == 0, published.stderr
    store = open_central_store(str(db))
    try:
        with store.snapshot() as cur:
            release = newest_catalog(store, cur)
    finally:
        store.close()
    assert release is not None
    serves = {item.name: item.serves for item in release.items}
    assert serves["食品经营许可（变更）"] == {ApplicantType.ENTERPRISE, ApplicantType.OTHER}
    assert serves["上海市居住证签注"] == {ApplicantType.PERSON}


def test_a_catalog_serving_an_unknown_applicant_is_refused(
    tmp_path: Path, run_cli: Callable[..., CliRun]
) -> None:
    path, db = tmp_path / "catalog.json", tmp_path / "central.sqlite3"
    catalog = bundled_catalog()
    catalog["items"][1]["serves"] = ["company"]
    path.write_text(json.dumps(catalog, ensure_ascii=False), encoding="utf-8")

    refused = run_cli("catalog", "publish", str(path), "--db", str(db))

    assert refused.returncode == 1
    assert (
        "第2个事项 11310104002425186K001000300002「上海市居住证签注」 · serves：" in refused.stderr
    )
    assert "item 2 11310104002425186K001000300002 (上海市居住证签注), serves: must be" in (
        refused.stderr
    )
    assert not db.exists()
