"""An offline 容缺 expiry lost to the department's step: once the supervisor adopts the
platform's version, the 终止受理通知书 issued for the expiry no longer applies, and the
adoption says so in the case's history (and, when it was printed, that the applicant must
be told)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from counter_app.services import deferrals
from counter_app.services.auth import User
from counter_app.services.problem_resolution import resolve_problem
from counter_app.store import case_history as history_rows
from counter_app.store import cases as case_rows
from counter_app.store.case_plaintext import case_document
from counter_app.store.database import Store
from counter_app.store.document_writes import mark_document_printed
from counter_app.store.timestamps import now_text
from tests.services.conftest import MOMENT
from tests.services.deferral_cases import deferred_case
from tests.services.platform_versions import adopt_platform_version, platform_summary


def _expired_offline(store: Store, clerk: User, supervisor: User) -> tuple[str, dict]:
    """A 容缺 case (version 1, as the platform holds it) whose deferral ended here the day
    after its deadline (version 2, its notice issued): its id and the platform's document."""
    case_id = deferred_case(store, clerk, supervisor)
    platform = case_document(store, case_id)
    deadline = date.fromisoformat(
        next(m.deadline for m in case_rows.get_case(store, case_id).materials if m.deadline)
    )
    day_after = MOMENT + ((deadline - MOMENT.date()).days + 1) * timedelta(days=1)
    assert deferrals.expire_overdue(store, actor="system:test", now=day_after)
    return case_id, platform


@pytest.mark.parametrize("printed", [False, True])
def test_adopting_the_platforms_version_supersedes_the_termination_notice(
    intake_store: Store, clerk: User, supervisor: User, printed: bool
) -> None:
    case_id, platform = _expired_offline(intake_store, clerk, supervisor)
    history = history_rows.case_history(intake_store, case_id)
    assert [d.kind for d in history.documents][-1] == "termination"
    if printed:
        _printed(intake_store, case_id, "termination")
    platform_summary(intake_store, case_id, "in_process")

    adopt_platform_version(intake_store, case_id, platform, supervisor)

    assert case_rows.get_case(intake_store, case_id).state == "in_process"
    adoption = history_rows.case_history(intake_store, case_id).events[-1]
    assert adoption.detail["resolution"] == "adopt"
    assert adoption.detail["superseded_notice"] == "termination"
    assert adoption.detail["superseded_printed"] is printed


def _printed(store: Store, case_id: str, kind: str) -> None:
    [document_id] = store.db.execute(
        "SELECT document_id FROM documents WHERE case_id = ? AND kind = ?", (case_id, kind)
    ).fetchone()
    with store.transaction() as db:
        mark_document_printed(
            db,
            store.audit,
            document_id=document_id,
            case_id=case_id,
            status="printed",
            error=None,
            is_receipt=False,
            actor="clerk1",
            at=now_text(),
            detail={},
        )


def test_adopting_a_state_the_notice_still_fits_supersedes_nothing(
    intake_store: Store, clerk: User, supervisor: User
) -> None:
    case_id, _ = _expired_offline(intake_store, clerk, supervisor)
    resolve_problem(
        intake_store,
        case_id,
        "resend",
        supervisor=supervisor.username,
        reason="按本机终止受理",
        platform_version=1,
    )
    resent = history_rows.case_history(intake_store, case_id).events[-1]
    assert "superseded_notice" not in resent.detail
