"""``queue --problems`` lists, beside the cases the platform refused or holds in conflict,
the e-licences the register did not confirm after the window marked them 待核验 offline:
each with the register's answer and what to do (the paper, or a new lookup)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

from counter_app.domain.exemptions import Verification
from counter_app.services.auth import User
from counter_app.services.elicence_checks import settle_check
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.case_plaintext import case_document
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from counter_app.store.elicence_checks import checks_in_state, failed_detail
from tests.conftest import CliResult
from tests.services.conftest import resident_number
from tests.sync.birth_registration import accept_pending_marriage_licence


def failed_verification(store: Store) -> str:
    """生育登记 accepted with the marriage certificate (M03) 待核验, which the register then
    did not confirm; the case's number."""
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)
    clerk = User("clerk1", "窗口一", "clerk", None, False)
    case_id = accept_pending_marriage_licence(
        store, clerk, resident_number(), card_read_at=datetime.now(UTC)
    )
    (check,) = checks_in_state(store, Verification.PENDING.value)
    answer = failed_detail("电子证照库中没有申请人的结婚证电子证照", "The register holds none")
    settle_check(store, check, None, lookup_id=None, detail=answer, now=datetime.now(UTC))
    return str(case_document(store, case_id)["case_no"])


def test_problems_list_the_e_licences_the_register_did_not_confirm(
    cli: Callable[..., CliResult], store: Store
) -> None:
    case_no = failed_verification(store)

    listed = cli("queue", "--problems", "--json")
    shown = cli("queue", "--problems")

    assert listed.returncode == 0, listed.stderr
    (case,) = json.loads(listed.stdout)["cases"]
    assert (case["case_no"], case["problem"]["status"]) == (case_no, "elicence_unverified")
    assert "--paper" in case["problem"]["todo_en"]
    assert shown.returncode == 0, shown.stderr
    assert case_no in shown.stdout and "电子证照库中没有申请人的结婚证电子证照" in shown.stdout
