"""The applicant withdraws a case the department has in process, with the real window and
the real platform: the window refuses (only the platform may) and says the command, the
platform's operator records it with its reason, the window pulls it and the case is
withdrawn there, and the progress page says the application was withdrawn."""

from __future__ import annotations

import json

import pytest
import requests

from counter_app.config import Config
from counter_app.errors import IllegalTransition
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.case_endings import withdraw
from counter_app.store.case_plaintext import case_document
from counter_app.store.cases import get_case
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from tests.central.server_fixture import RunningCentral
from tests.services.conftest import complete_marks, item_named, request_for
from tests.sync.conftest import make_engine

pytestmark = pytest.mark.integration

ALLOWANCE = "老年综合津贴申领"
CLERK = User("clerk1", "窗口一", "clerk", None, False)
REASON = "申请人书面申请撤回"


def test_the_platform_withdraws_a_case_in_process_and_the_window_follows(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    ensure_bundled_catalog(sync_store)
    item = item_named(sync_store, ALLOWANCE)
    case = intake.accept(sync_store, request_for(item, complete_marks(item)), CLERK)
    token = case_document(sync_store, case.case_id)["track_token"]
    engine = make_engine(home, enrolled, sync_store)
    assert engine.run_once().error is None
    central.cli("progress", case.case_no, "--to", "in_process")
    assert engine.run_once().error is None
    assert get_case(sync_store, case.case_id).state == "in_process"

    with pytest.raises(IllegalTransition) as refused:
        withdraw(sync_store, case.case_id, CLERK, REASON, applicant_confirmed=True)
    assert "counter-central progress 办件编号 --to withdrawn" in refused.value.zh

    with pytest.raises(RuntimeError, match="--note"):  # the reason is required
        central.cli("progress", case.case_no, "--to", "withdrawn")
    step = central.cli("progress", case.case_no, "--to", "withdrawn", "--note", REASON)
    assert (step["state"], step["note"]) == ("withdrawn", REASON)

    assert engine.run_once().error is None
    assert get_case(sync_store, case.case_id).state == "withdrawn"
    event = sync_store.db.execute(
        "SELECT from_state, detail FROM case_events WHERE case_id = ? AND kind = 'progress'"
        " AND to_state = 'withdrawn'",
        (case.case_id,),
    ).fetchone()
    assert event is not None
    assert (event[0], json.loads(event[1])["note"]) == ("in_process", REASON)

    page = requests.get(f"{central.url}/track/{token}", timeout=10)
    assert page.status_code == 200
    assert "<td>已撤回</td>" in page.text and "申请已撤回，本件不再办理" in page.text
