"""``case show`` prints what the history's platform entries say: a department's step kept
without moving the case here (fetched back with the case, or not applied, and why), and a
notice the adoption of the platform's version made void (printed: tell the applicant)."""

from __future__ import annotations

from collections.abc import Callable

from counter_app.services.auth import User
from counter_app.store import platform_steps
from counter_app.store.case_writes import insert_event
from counter_app.store.database import Store
from counter_app.store.timestamps import now_text
from tests.conftest import CliResult
from tests.services.delivery_cases import accepted_case


def _step(sequence: int, state: str, note: str = "") -> platform_steps.DepartmentStep:
    return platform_steps.DepartmentStep(sequence, state, now_text(), "department:D01", note)


def test_case_show_prints_the_platforms_steps_and_a_superseded_notice(
    intake_store: Store, clerk: User, cli: Callable[..., CliResult]
) -> None:
    case = accepted_case(intake_store, clerk)
    with intake_store.transaction() as db:
        platform_steps.hold_step(db, case.case_id, _step(1, "in_process", "部门已接件"))
        platform_steps.recover_held_steps(db, case.case_id)
        platform_steps.record_step_not_applied(
            db,
            case.case_id,
            _step(2, "suspended"),
            {"zh": "本机已撤回该办件", "en": "this window withdrew the case"},
        )
        insert_event(
            db,
            case_id=case.case_id,
            at=now_text(),
            actor="super1",
            kind="edit",
            from_state="accepted",
            to_state="in_process",
            detail={
                "resolution": "adopt",
                "reason": "部门已接件办理",
                "superseded_notice": "termination",
                "superseded_printed": True,
            },
        )

    shown = cli("case", "show", case.case_no).stdout
    assert "平台已办理的进度（随办件从平台取回） 办理中 部门已接件" in shown
    assert (
        "平台已办理、本机未采用的进度 特别程序（暂停计时）" in shown and "本机已撤回该办件" in shown
    )
    assert "已被采用的平台版本取代、不再有效的文书 终止受理通知书" in shown
    assert "该文书已打印：请告知申请人它不再有效" in shown

    english = cli("--lang", "en", "case", "show", case.case_no).stdout
    assert "Step done on the platform, not applied here:" in english
    assert "this window withdrew the case" in english
    assert "It was printed: tell the applicant it no longer applies" in english
