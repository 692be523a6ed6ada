"""``case show`` says which online pre-application a case was accepted from (the case
document's ``preapp_id``), in its text and its JSON; null for a case taken at the window."""

from __future__ import annotations

import json
from collections.abc import Callable

from counter_app.services import intake
from counter_app.services.arrivals import case_from_preapp
from counter_app.services.auth import User
from counter_app.store.database import Store
from tests.conftest import CliResult
from tests.services.conftest import complete_marks, item_named, request_for
from tests.services.preapp_samples import PAPER, sample_preapp


def test_case_show_names_the_pre_application(
    intake_store: Store, clerk: User, cli: Callable[..., CliResult]
) -> None:
    preapp_id = sample_preapp(intake_store)
    accepted = case_from_preapp(intake_store, clerk, preapp_id, received=PAPER)
    shown = json.loads(cli("case", "show", accepted["case_no"], "--json").stdout)
    assert shown["preapp_id"] == preapp_id
    assert f"{'preapp_id':20} {preapp_id}" in cli("case", "show", accepted["case_no"]).stdout

    item = item_named(intake_store, "老年综合津贴申领")
    walked_in = intake.accept(intake_store, request_for(item, complete_marks(item)), clerk)
    shown = json.loads(cli("case", "show", walked_in.case_no, "--json").stdout)
    assert shown["preapp_id"] is None
    assert "preapp_id" not in cli("case", "show", walked_in.case_no).stdout
