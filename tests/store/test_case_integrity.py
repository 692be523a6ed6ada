"""A case's rows against its sealed version and the audit log: what someone with the SQLite
file (and no key) changes or deletes is found; what the program itself does is not."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from counter_app.domain.catalog import MaterialForm
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.services import case_progress, intake
from counter_app.services.auth import User
from counter_app.services.evaluations import record_evaluation
from counter_app.services.intake_request import ApplicantInput, IntakeRequest
from counter_app.store.case_integrity import (
    ROW_DIFFERS,
    ROWS_MISSING,
    VERSION_MISSING,
    VERSION_UNREADABLE,
    AlteredCase,
    CaseRecordAltered,
    altered_case,
    altered_cases,
    ensure_case_unaltered,
    vanished_cases,
)
from counter_app.store.database import Store
from counter_app.store.timestamps import to_text
from tests.printing.fixtures import CASE_TIME, ELDERLY_ALLOWANCE, CaseFactory

SINCE = to_text(CASE_TIME - timedelta(days=1))


def tamper(store: Store, *statements: tuple[str, tuple[object, ...]]) -> None:
    """What someone with the file does: plain SQL on a connection of their own."""
    with sqlite3.connect(store.home.db_path) as raw:
        for sql, params in statements:
            raw.execute(sql, params)


def test_cases_as_the_program_left_them_are_not_flagged(
    store: Store, make_case: CaseFactory
) -> None:
    taken = [make_case(decision) for decision in ("accept", "deferral", "notify", "withdraw")]
    progressed = make_case()
    assert case_progress.apply_progress(store, progressed.case_id, "in_process")
    for case in [*taken, progressed]:
        assert altered_case(store, case.case_id) is None
        ensure_case_unaltered(store, case.case_id)
    assert altered_cases(store, SINCE) == ([], 5)
    assert vanished_cases(store, SINCE) == []


@pytest.mark.parametrize(
    ("statement", "field"),
    [
        ("UPDATE cases SET name = '张三丰' WHERE case_id = ?", "name"),
        ("UPDATE cases SET state = 'withdrawn' WHERE case_id = ?", "state"),
        ("UPDATE cases SET situation_code = 'other' WHERE case_id = ?", "situation"),
        (
            "UPDATE cases SET service_item_code = '11310104002425186K001000300001'"
            " WHERE case_id = ?",
            "service_item",
        ),
        (
            "UPDATE cases SET id_number_index = (SELECT id_number_index FROM cases"
            " WHERE case_id != ?1 LIMIT 1) WHERE case_id = ?1",
            "id_number",
        ),
        ("UPDATE case_materials SET status = 'missing' WHERE case_id = ?", "materials"),
        ("DELETE FROM case_materials WHERE case_id = ? AND material_code = 'M03'", "materials"),
    ],
)
def test_a_forged_row_is_found_by_its_field(
    store: Store, make_case: CaseFactory, statement: str, field: str
) -> None:
    make_case()  # another applicant, whose number a forged row may claim
    case = make_case()
    tamper(store, (statement, (case.case_id,)))
    finding = altered_case(store, case.case_id)
    assert finding == AlteredCase(case.case_id, case.case_no, ROW_DIFFERS, (field,))
    with pytest.raises(CaseRecordAltered) as refused:
        ensure_case_unaltered(store, case.case_id)
    assert case.case_no in refused.value.zh and "counter-app doctor" in refused.value.zh
    assert "altered" in refused.value.en and "张三丰" not in refused.value.en


def test_a_version_swapped_in_from_another_case_does_not_open(
    store: Store, make_case: CaseFactory
) -> None:
    victim, other = make_case(), make_case()
    tamper(
        store,
        (
            "UPDATE case_versions SET content_enc ="
            " (SELECT content_enc FROM case_versions WHERE case_id = ?) WHERE case_id = ?",
            (other.case_id, victim.case_id),
        ),
    )
    assert altered_case(store, victim.case_id) == AlteredCase(
        victim.case_id, victim.case_no, VERSION_UNREADABLE
    )


def test_an_emptied_version_of_a_case_never_purged_is_unreadable(
    store: Store, make_case: CaseFactory
) -> None:
    case = make_case()
    tamper(store, ("UPDATE case_versions SET content_enc = X'' WHERE case_id = ?", (case.case_id,)))
    assert altered_case(store, case.case_id).problem == VERSION_UNREADABLE  # type: ignore[union-attr]


def test_a_state_moved_without_the_platform_is_found_after_real_progress(
    store: Store, make_case: CaseFactory
) -> None:
    case = make_case()
    assert case_progress.apply_progress(store, case.case_id, "in_process")
    tamper(store, ("UPDATE cases SET state = 'result_ready' WHERE case_id = ?", (case.case_id,)))
    assert altered_case(store, case.case_id).fields == ("state",)  # type: ignore[union-attr]


def test_progress_the_platform_stamped_before_a_later_version_is_the_platform_s(
    store: Store, make_case: CaseFactory
) -> None:
    """The applicant rates at the evaluator (a version at +10 min), then the window's next
    pull brings the progress the platform stamped at +5 min."""
    case = make_case()
    record_evaluation(
        store, case.case_id, 5, actor="clerk07", now=CASE_TIME + timedelta(minutes=10)
    )
    moved = case_progress.apply_progress(
        store, case.case_id, "in_process", at=CASE_TIME + timedelta(minutes=5)
    )
    assert moved and altered_case(store, case.case_id) is None


def test_progress_from_a_platform_clock_behind_the_window_s_is_the_platform_s(
    store: Store, make_case: CaseFactory
) -> None:
    case = make_case()
    moved = case_progress.apply_progress(
        store, case.case_id, "in_process", at=CASE_TIME - timedelta(seconds=30)
    )
    assert moved and altered_case(store, case.case_id) is None


@pytest.mark.parametrize("rated_after", [2, 0])
def test_a_state_set_back_to_one_the_platform_moved_the_case_on_from_is_found(
    store: Store, make_case: CaseFactory, rated_after: int
) -> None:
    """A platform move is no cover for a row set back to it once the platform moved the case
    on, whether that move came before the newest version (a rating) or after it: only the
    platform's last move since that version's own event, in the order the window wrote
    them, is."""
    case = make_case()
    moves = ["in_process", "suspended", "completed_approved"]
    for step, move in enumerate(moves):
        if step == rated_after:
            record_evaluation(store, case.case_id, 5, actor="clerk07")
        assert case_progress.apply_progress(store, case.case_id, move)
    assert altered_case(store, case.case_id) is None
    tamper(store, ("UPDATE cases SET state = 'in_process' WHERE case_id = ?", (case.case_id,)))
    assert altered_case(store, case.case_id).fields == ("state",)  # type: ignore[union-attr]


def test_masks_written_by_an_earlier_rule_are_not_flagged_and_a_forged_index_is(
    store: Store, make_case: CaseFactory, clerk: User
) -> None:
    """7649002c masked 9-17-character numbers anew (E123*5678 became E******78) and left
    the rows stored before as they were: masks are display data; the indexes are compared."""
    make_case()  # the catalog and calendar
    request = IntakeRequest(
        service_item=ELDERLY_ALLOWANCE,
        applicant=ApplicantInput(
            name="史密斯",
            id_type="414",
            id_number="E12345678",
            english_name="JOHN SMITH",
            phone="13912345678",
        ),
        materials=[
            SubmittedMaterial(code, MaterialStatus.RECEIVED, MaterialForm.ORIGINAL, 1)
            for code in ("M01", "M02", "M03", "M04")
        ],
        request_id=str(uuid.uuid4()),
    )
    case = intake.refuse(
        store, request, clerk, now=CASE_TIME, reason="不属于本中心受理范围", legal_basis="依法"
    )
    masked = "UPDATE cases SET id_number_masked = 'E123*5678', phone_masked = '139*5678'"
    tamper(store, (f"{masked} WHERE case_id = ?", (case.case_id,)))
    assert altered_case(store, case.case_id) is None
    tamper(store, ("UPDATE cases SET phone_index = NULL WHERE case_id = ?", (case.case_id,)))
    assert altered_case(store, case.case_id).fields == ("phone",)  # type: ignore[union-attr]


def test_deleted_rows_and_a_dropped_newest_version_are_named_from_the_audit_log(
    store: Store, make_case: CaseFactory
) -> None:
    gone, rolled_back, kept = make_case(), make_case("withdraw"), make_case()
    tamper(
        store,
        *(
            (f"DELETE FROM {table} WHERE case_id = ?", (gone.case_id,))
            for table in ("case_materials", "case_events", "outbox", "case_versions", "cases")
        ),
        (
            "DELETE FROM case_versions WHERE case_id = ? AND data_version = 2",
            (rolled_back.case_id,),
        ),
        (
            "UPDATE cases SET data_version = 1, state = 'accepted' WHERE case_id = ?",
            (rolled_back.case_id,),
        ),
    )
    assert sorted(vanished_cases(store, SINCE), key=lambda f: f.problem) == [
        AlteredCase(gone.case_id, gone.case_no, ROWS_MISSING),
        AlteredCase(rolled_back.case_id, rolled_back.case_no, VERSION_MISSING),
    ]
    assert vanished_cases(store, to_text(datetime.now(UTC) + timedelta(days=1))) == []
    assert altered_case(store, kept.case_id) is None


def test_the_newest_cases_are_checked_up_to_the_limit(store: Store, make_case: CaseFactory) -> None:
    older = make_case(now=CASE_TIME)
    newer = make_case(now=CASE_TIME + timedelta(hours=1))
    for case in (older, newer):
        tamper(store, ("UPDATE cases SET name = '张三丰' WHERE case_id = ?", (case.case_id,)))
    found, taken = altered_cases(store, SINCE, limit=1)
    assert ([f.case_no for f in found], taken) == ([newer.case_no], 2)
    found, _ = altered_cases(store, SINCE, to_text(CASE_TIME + timedelta(minutes=30)))
    assert [f.case_no for f in found] == [older.case_no]
