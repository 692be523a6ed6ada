"""The platform's version 1 of one of this window's own cases after a back-office step (as
the hall queue feed brings its summary), and a supervisor adopting that version: the set-up
of the tests of adopting the platform's version over the window's."""

from __future__ import annotations

from counter_app.services.auth import User
from counter_app.services.problem_resolution import resolve_problem
from counter_app.store.cases import get_case
from counter_app.store.database import Store
from counter_app.store.hall_queue import HallCaseRow, upsert_hall_case
from counter_app.store.timestamps import now_text

ALLOWANCE = "老年综合津贴申领"


def platform_summary(store: Store, case_id: str, state: str) -> None:
    """The hall queue's summary of the platform's version 1 of ``case_id``, in ``state``."""
    record = get_case(store, case_id)
    at = now_text()
    with store.transaction() as db:
        upsert_hall_case(
            db.conn,
            HallCaseRow(
                case_id=case_id,
                sequence=1,
                case_no=record.case_no,
                window_code=store.config.hall.window_code,
                clerk=record.clerk,
                item_code=record.service_item_code,
                item_name=ALLOWANCE,
                state=state,
                data_version=1,
                updated_at=at,
                received_at=at,
                accepted_at=at,
                promised_date=None,
                deferral_due=None,
                flags=(),
            ),
        )


def adopt_platform_version(store: Store, case_id: str, platform: dict, supervisor: User) -> int:
    """The supervisor adopts the platform's version 1 (``platform``)."""
    return resolve_problem(
        store,
        case_id,
        "adopt",
        supervisor=supervisor.username,
        reason="部门已接件办理",
        platform_version=1,
        platform_document=platform,
    )
