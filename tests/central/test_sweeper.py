"""The serving platform's own periodic work (``central.sweeper``): besides recording
no-shows (``test_appointment_no_shows``), it sweeps the pre-applications at start, logged
under the platform's name as ``counter-central preapp sweep`` logs its operator."""

from __future__ import annotations

from pathlib import Path

import pytest

from central.store import arrivals, open_store, publishing
from central.store.operator_log import LogChoice, operator_log
from counter_app.store.catalog import bundled_catalog
from tests.central.item_withdrawn import publish_catalog_without
from tests.central.server_fixture import start_central
from tests.sample_items import ID_NUMBER, NAME, RESIDENCE_FIRST
from tests.waiting import wait_until

pytestmark = pytest.mark.integration


def test_the_serving_platform_sweeps_pre_applications_itself(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "central.sqlite3"))
    try:
        v1 = bundled_catalog()
        publishing.publish_document(store, "catalog", v1, int(v1["version"]))
        created = arrivals.create_preapp(
            store, "310104", RESIDENCE_FIRST, None, id_number=ID_NUMBER, name=NAME, files=[]
        )
        preapp_id = created["arrival_id"]
        publish_catalog_without(store, RESIDENCE_FIRST)
        central = start_central(tmp_path)
        try:
            closed = wait_until(
                lambda: arrivals.arrival(store, preapp_id).get("closed"), "the platform's sweep"
            )
            wait_until(
                lambda: "1 closed (item withdrawn)" in central.log_path.read_text("utf-8"),
                "the sweep's log line",
            )
        finally:
            central.stop()
        assert closed["reason"] == "item_withdrawn"
        assert arrivals.arrival(store, preapp_id)["state"] == "cancelled"
        (entry,) = operator_log(store, LogChoice(action="preapp sweep"))[0]
        assert (entry["operator"], entry["target"], entry["detail"]) == (
            "platform",
            preapp_id,
            {"step": "close"},
        )
    finally:
        store.close()
