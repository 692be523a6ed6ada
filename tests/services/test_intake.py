import uuid
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from counter_app.domain.checklist import MaterialStatus
from counter_app.errors import IllegalTransition
from counter_app.services import (
    applicant_edits,
    case_endings,
    case_progress,
    intake,
    intake_checks,
    later_materials,
)
from counter_app.services.approval import SamePerson
from counter_app.services.intake_checks import IntakeRejected
from counter_app.store import case_history as history_rows
from counter_app.store import case_plaintext
from counter_app.store import cases as case_rows
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for, resident_number

ALLOWANCE = "老年综合津贴申领"  # promised 10 working days; bank card (M03) is not core


def test_accept_writes_every_row_in_one_go(intake_store, clerk):
    item = item_named(intake_store, ALLOWANCE)
    result = intake.accept(intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
    assert result.created and result.state == "accepted"
    # Accepted Thursday 24 Sep 2026: 10 working days skip 25-27 Sep and 1-7 Oct, count 10 Oct; day 10 is Thu 15 Oct.
    assert result.promised_date == "2026-10-15"
    record = case_rows.get_case(intake_store, result.case_id)
    assert record.case_no == result.case_no and record.case_no.startswith("310104-TRAIN-W01-")
    assert record.case_no.split("-")[-2] == "20260924"
    assert (
        record.applicant_name == "张𠮷"
        and record.applicant_masked_id == "3101**********" + resident_number()[-4:]
    )
    assert record.applicant_masked_phone == "139****0000"
    assert {m.code for m in record.materials} == {m.code for m in item.default_situation.materials}
    db = intake_store.db
    assert (
        db.execute(
            "SELECT count(*) FROM case_versions WHERE case_id = ?", (result.case_id,)
        ).fetchone()[0]
        == 1
    )
    assert (
        db.execute("SELECT count(*) FROM outbox WHERE case_id = ?", (result.case_id,)).fetchone()[0]
        == 1
    )
    assert (
        db.execute("SELECT count(*) FROM audit_log WHERE target = ?", (result.case_id,)).fetchone()[
            0
        ]
        == 1
    )
    document = case_plaintext.case_document(intake_store, result.case_id)
    assert document["applicant"]["name"] == "张𠮷" and document["promised_date"] == "2026-10-15"
    assert intake_store.audit.verify() == []


def test_accept_lists_every_problem_with_its_field(intake_store, clerk):
    item = item_named(intake_store, ALLOWANCE)
    marks = complete_marks(item)[:2]
    bad = replace(
        request_for(item, marks, name="张\u200b三", number="310104198001011230"), situation="S01"
    )
    with pytest.raises(IntakeRejected) as caught:
        intake.accept(intake_store, bad, clerk, now=MOMENT)
    fields = {p.field for p in caught.value.problems}
    assert fields == {
        "applicant.name",
        "applicant.id_number",
    }  # materials checked once identity is valid
    with pytest.raises(IntakeRejected) as caught:
        intake.accept(intake_store, request_for(item, marks), clerk, now=MOMENT)
    assert {p.field for p in caught.value.problems} == {"materials.M03", "materials.M04"}
    assert intake_store.db.execute("SELECT count(*) FROM cases").fetchone()[0] == 0


def test_notice_lists_exactly_what_is_missing(intake_store, clerk):
    item = item_named(intake_store, ALLOWANCE)
    marks = complete_marks(item)
    marks[2] = replace(
        marks[2], status=MaterialStatus.NONCONFORMING, form=None, note="非本人银行卡"
    )
    result = intake.notify(intake_store, request_for(item, [marks[0], marks[2]]), clerk, now=MOMENT)
    assert result.state == "notified" and result.promised_date is None
    assert [(s["code"], s["kind"]) for s in result.shortfalls] == [
        ("M02", "missing"),
        ("M03", "nonconforming"),
        ("M04", "missing"),
    ]
    assert all(s["message"] and s["message_en"] for s in result.shortfalls)
    with pytest.raises(IntakeRejected) as caught:
        intake.notify(intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
    assert [p.field for p in caught.value.problems] == ["materials"]


def test_refusal_needs_reason_and_legal_basis(intake_store, clerk):
    item = item_named(intake_store, ALLOWANCE)
    with pytest.raises(IntakeRejected) as caught:
        intake.refuse(
            intake_store, request_for(item, []), clerk, reason=" ", legal_basis="", now=MOMENT
        )
    assert {p.field for p in caught.value.problems} == {"reason", "legal_basis"}
    result = intake.refuse(
        intake_store,
        request_for(item, []),
        clerk,
        reason="不属于本中心受理范围",
        legal_basis="《行政许可法》第三十二条",
        now=MOMENT,
    )
    record = case_rows.get_case(intake_store, result.case_id)
    assert record.state == "refused" and record.decision_reason == "不属于本中心受理范围"


def test_refusal_keeps_where_to_apply_instead_in_the_record_and_the_document(intake_store, clerk):
    item = item_named(intake_store, ALLOWANCE)
    redirected = intake.refuse(
        intake_store,
        request_for(item, []),
        clerk,
        reason="户籍不在本区",
        legal_basis="《行政许可法》第三十二条",
        redirect_to=" 长宁区社区事务受理服务中心 ",
        now=MOMENT,
    )
    assert (
        case_rows.get_case(intake_store, redirected.case_id).redirect_to
        == "长宁区社区事务受理服务中心"
    )
    document = case_plaintext.case_document(intake_store, redirected.case_id, 1)
    assert document["redirect_to"] == "长宁区社区事务受理服务中心"
    plain = intake.refuse(
        intake_store, request_for(item, []), clerk, reason="x", legal_basis="y", now=MOMENT
    )
    # absent, not null: documents without it keep their content hash
    assert "redirect_to" not in case_plaintext.case_document(intake_store, plain.case_id, 1)
    with pytest.raises(IntakeRejected) as caught:
        intake.refuse(
            intake_store,
            request_for(item, []),
            clerk,
            reason="x",
            legal_basis="y",
            redirect_to="长" * (intake_checks.REASON_MAX_CHARS + 1),
            now=MOMENT,
        )
    assert caught.value.field == "redirect_to"


def test_deferral_needs_a_supervisor_and_only_non_core(intake_store, clerk, supervisor):
    item = item_named(intake_store, ALLOWANCE)
    marks = complete_marks(item)
    marks[2] = replace(
        marks[2], status=MaterialStatus.DEFERRED, form=None, count=0
    )  # bank card: not core
    request = request_for(item, marks)
    with pytest.raises(IntakeRejected) as caught:
        intake.accept_deferred(intake_store, request, clerk, clerk, now=MOMENT)
    assert [p.field for p in caught.value.problems] == ["supervisor"]
    with pytest.raises(IntakeRejected) as caught:
        intake.accept(intake_store, request, clerk, now=MOMENT)
    assert [p.field for p in caught.value.problems] == ["materials[2]"]
    core = list(marks)
    core[0] = replace(core[0], status=MaterialStatus.DEFERRED, form=None)
    with pytest.raises(IntakeRejected) as caught:
        intake.accept_deferred(intake_store, request_for(item, core), clerk, supervisor, now=MOMENT)
    assert "materials[0].status" in {p.field for p in caught.value.problems}
    result = intake.accept_deferred(intake_store, request, clerk, supervisor, now=MOMENT)
    record = case_rows.get_case(intake_store, result.case_id)
    deferred = next(m for m in record.materials if m.code == "M03")
    # Due after hall.deferral_working_days (5; the National Day holiday between), before the
    # promised date.
    assert (record.state, deferred.deadline, result.promised_date) == (
        "accepted_deferred",
        "2026-10-09",
        "2026-10-15",
    )
    history = history_rows.case_history(intake_store, result.case_id)
    assert history.events[0].detail == {"approved_by": "chief1"}


def test_idempotent_resubmit_returns_the_same_case(intake_store, clerk):
    item = item_named(intake_store, ALLOWANCE)
    request = request_for(item, complete_marks(item), request_id=str(uuid.uuid4()))
    first = intake.accept(intake_store, request, clerk, now=MOMENT)
    again = intake.accept(intake_store, request, clerk, now=MOMENT)
    assert (again.case_id, again.case_no, again.created) == (first.case_id, first.case_no, False)
    assert again.promised_date == first.promised_date
    assert intake_store.db.execute("SELECT count(*) FROM cases").fetchone()[0] == 1
    other = intake.accept(
        intake_store, replace(request, request_id=str(uuid.uuid4())), clerk, now=MOMENT
    )
    assert other.case_no.endswith("-0002")


def test_a_resubmission_that_would_now_be_rejected_returns_the_earlier_case(intake_store, clerk):
    item = item_named(intake_store, ALLOWANCE)
    request = request_for(item, complete_marks(item), request_id=str(uuid.uuid4()))
    first = intake.accept(intake_store, request, clerk, now=MOMENT)
    # Nothing is missing, so a notice on its own would be rejected: the request's case stands.
    again = intake.notify(intake_store, request, clerk, now=MOMENT)
    assert (again.case_id, again.state, again.created) == (first.case_id, first.state, False)
    with pytest.raises(IntakeRejected):
        intake.notify(
            intake_store, replace(request, request_id=str(uuid.uuid4())), clerk, now=MOMENT
        )


def test_lookups_by_number_id_and_phone(intake_store, clerk):
    item = item_named(intake_store, ALLOWANCE)
    result = intake.accept(intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
    assert case_rows.find_case(intake_store, result.case_no.lower()).case_id == result.case_id
    assert case_rows.find_case(intake_store, result.case_id).case_no == result.case_no
    assert [
        r.case_id for r in case_rows.find_by_id_number(intake_store, resident_number().lower())
    ] == [result.case_id]
    assert [r.case_id for r in case_rows.search_cases(intake_store, "139 0000 0000").records] == [
        result.case_id
    ]
    assert (
        case_rows.list_cases(intake_store, state="accepted", day=MOMENT.date())[0].case_id
        == result.case_id
    )
    assert case_rows.list_cases(intake_store, state="refused") == []
    revealed = case_plaintext.reveal_applicant(
        intake_store, result.case_id, actor="clerk1", purpose="print"
    )
    assert revealed.id_number == resident_number() and revealed.phone == "13900000000"
    # A purpose that needs the phone only gets the phone.
    phone_only = case_plaintext.reveal_applicant(
        intake_store, result.case_id, actor="clerk1", purpose="call", fields=("phone",)
    )
    assert (phone_only.phone, phone_only.id_number, phone_only.address) == (
        "13900000000",
        None,
        None,
    )
    with pytest.raises(ValueError, match="name"):
        case_plaintext.reveal_applicant(
            intake_store, result.case_id, actor="clerk1", purpose="x", fields=("name",)
        )


def test_non_bmp_and_dotted_names_survive_the_store(intake_store, clerk):
    item = item_named(intake_store, ALLOWANCE)
    for raw, stored in (("𪚥𠮷", "𪚥𠮷"), ("阿依古丽・买买提", "阿依古丽·买买提")):
        result = intake.accept(
            intake_store, request_for(item, complete_marks(item), name=raw), clerk, now=MOMENT
        )
        assert case_rows.get_case(intake_store, result.case_id).applicant_name == stored
        assert (
            case_plaintext.case_document(intake_store, result.case_id)["applicant"]["name"]
            == stored
        )
    raw = intake_store.db.execute("SELECT name FROM cases WHERE name LIKE '%𪚥%'").fetchone()[0]
    assert raw.encode("utf-8") == "𪚥𠮷".encode()


def test_no_plaintext_id_or_phone_in_the_database_files(intake_store, clerk):
    item = item_named(intake_store, ALLOWANCE)
    intake.accept(intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
    home = intake_store.home
    for path in home.root.rglob("*"):
        if path.is_file() and path != home.key_path:
            data = path.read_bytes()
            assert resident_number().encode() not in data, path
            assert b"13900000000" not in data, path


def test_edits_make_new_versions_and_keep_history(intake_store, clerk, supervisor):
    item = item_named(intake_store, ALLOWANCE)
    result = intake.accept(intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
    assert applicant_edits.edit_case(intake_store, result.case_id, clerk, phone="13811112222") == 2
    assert (
        applicant_edits.edit_case(intake_store, result.case_id, clerk, address="徐汇区漕溪北路")
        == 3
    )
    history = history_rows.case_history(intake_store, result.case_id)
    assert [v.data_version for v in history.versions] == [1, 2, 3]
    assert len({v.content_hash for v in history.versions}) == 3
    assert (
        case_plaintext.case_document(intake_store, result.case_id, 1)["applicant"]["phone"]
        == "13900000000"
    )
    assert (
        case_plaintext.case_document(intake_store, result.case_id)["applicant"]["phone"]
        == "13811112222"
    )
    outbox = intake_store.db.execute(
        "SELECT data_version FROM outbox WHERE case_id = ? ORDER BY data_version", (result.case_id,)
    ).fetchall()
    assert [row[0] for row in outbox] == [1, 2, 3]
    assert case_rows.search_cases(intake_store, "13811112222").records[0].case_id == result.case_id
    assert case_rows.search_cases(intake_store, "13900000000").records == []
    assert case_endings.void_case(intake_store, result.case_id, clerk, supervisor, "重复受理") == 4
    assert case_rows.get_case(intake_store, result.case_id).state == "voided"
    with pytest.raises(IllegalTransition):
        case_endings.withdraw(
            intake_store, result.case_id, clerk, "申请人撤回", applicant_confirmed=True
        )
    with pytest.raises(IllegalTransition) as refused:
        applicant_edits.edit_case(intake_store, result.case_id, clerk, remarks="作废后不能再改")
    assert refused.value.message("zh") == "办件状态为“已作废”，不能再修改。"


def test_deferred_then_supplied_or_terminated(intake_store, clerk, supervisor):
    from datetime import timedelta

    from counter_app.domain.checklist import SubmittedMaterial

    item = item_named(intake_store, ALLOWANCE)
    marks = complete_marks(item)
    marks[2] = replace(marks[2], status=MaterialStatus.DEFERRED, form=None, count=0)
    first = intake.accept_deferred(
        intake_store, request_for(item, marks), clerk, supervisor, now=MOMENT
    )
    second = intake.accept_deferred(
        intake_store, request_for(item, marks), clerk, supervisor, now=MOMENT
    )
    with pytest.raises(IntakeRejected):
        later_materials.complete_deferred(intake_store, first.case_id, clerk, [], now=MOMENT)
    supplied = [SubmittedMaterial("M03", MaterialStatus.RECEIVED, marks[0].form, 1)]
    later_materials.complete_deferred(intake_store, first.case_id, clerk, supplied, now=MOMENT)
    record = case_rows.get_case(intake_store, first.case_id)
    assert (
        record.state == "accepted"
        and next(m for m in record.materials if m.code == "M03").status == "received"
    )
    with pytest.raises(Exception, match="逾期"):
        later_materials.terminate_deferred(intake_store, second.case_id, "clerk1", now=MOMENT)
    later_materials.terminate_deferred(
        intake_store, second.case_id, "clerk1", now=MOMENT + timedelta(days=30)
    )
    assert case_rows.get_case(intake_store, second.case_id).state == "deferred_terminated"


def test_platform_progress(intake_store, clerk):
    item = item_named(intake_store, ALLOWANCE)
    result = intake.accept(intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
    assert case_progress.apply_progress(intake_store, result.case_id, "in_process", note="已分派")
    assert not case_progress.apply_progress(intake_store, result.case_id, "in_process")
    with pytest.raises(IllegalTransition):
        case_progress.apply_progress(intake_store, result.case_id, "result_ready")
    case_progress.apply_progress(intake_store, result.case_id, "completed_approved")
    case_progress.apply_progress(intake_store, result.case_id, "result_ready")
    kinds = [e.kind for e in history_rows.case_history(intake_store, result.case_id).events]
    assert kinds == ["transition", "progress", "progress", "progress"]
    assert case_rows.get_case(intake_store, result.case_id).data_version == 1


def test_two_workstations_at_one_window_never_share_a_number(intake_store, clerk, tmp_path):
    """A replacement PC at the same window, offline on the same day: its own device code
    and its own sequence keep every number distinct."""
    from counter_app.config import load_config
    from counter_app.domain.case_number import parse_case_number
    from counter_app.home import Home
    from counter_app.store.calendar import ensure_bundled_calendar
    from counter_app.store.catalog import ensure_bundled_catalog
    from counter_app.store.database import open_store

    other_home = Home(tmp_path / "second-pc").ensure()
    other_home.config_path.write_text(
        intake_store.home.config_path.read_text("utf-8"), encoding="utf-8"
    )
    other = open_store(other_home, load_config(other_home))
    try:
        ensure_bundled_catalog(other)
        ensure_bundled_calendar(other)
        item = item_named(intake_store, ALLOWANCE)
        numbers = []
        for target in (intake_store, other, intake_store, other, other):
            result = intake.accept(
                target, request_for(item, complete_marks(item)), clerk, now=MOMENT
            )
            numbers.append(parse_case_number(result.case_no))
        assert len({str(n) for n in numbers}) == 5
        assert {(n.hall, n.window) for n in numbers} == {("310104-TRAIN", "W01")}
        assert len({n.device for n in numbers}) == 2
        assert sorted(n.seq for n in numbers if n.device == numbers[1].device) == [1, 2, 3]
    finally:
        other.close()


def test_a_material_marked_deferred_is_missing_on_a_notice(intake_store, clerk):
    item = item_named(intake_store, ALLOWANCE)
    marks = complete_marks(item)
    marks[2] = replace(marks[2], status=MaterialStatus.DEFERRED, form=None, count=0)
    result = intake.notify(intake_store, request_for(item, marks), clerk, now=MOMENT)
    assert [(s["code"], s["kind"]) for s in result.shortfalls] == [("M03", "missing")]
    assert result.shortfalls[0]["message"].startswith("缺少")


def test_a_supervisor_does_not_approve_their_own_deferral_or_void(intake_store, supervisor):
    """Four eyes in the service layer: a supervisor working the counter needs another one."""
    item = item_named(intake_store, ALLOWANCE)
    marks = complete_marks(item)
    marks[2] = replace(marks[2], status=MaterialStatus.DEFERRED, form=None, count=0)
    with pytest.raises(IntakeRejected) as caught:
        intake.accept_deferred(
            intake_store, request_for(item, marks), supervisor, supervisor, now=MOMENT
        )
    assert [p.code for p in caught.value.problems] == ["four_eyes"]
    result = intake.accept(intake_store, request_for(item, complete_marks(item)), supervisor)
    with pytest.raises(SamePerson):
        case_endings.void_case(intake_store, result.case_id, supervisor, supervisor, "重复受理")
    assert case_rows.get_case(intake_store, result.case_id).state == "accepted"


def test_new_cases_and_applicants_get_ids_in_the_order_they_were_taken(intake_store, clerk):
    # Time-ordered ids (UUID version 7) keep every index on them growing at its end: an
    # accept on a big store writes hot pages instead of reading and splitting cold ones.
    item = item_named(intake_store, ALLOWANCE)
    case_ids = [
        intake.accept(intake_store, request_for(item, complete_marks(item)), clerk).case_id
        for _ in range(3)
    ]
    applicant_ids = [
        intake_store.db.execute(
            "SELECT applicant_id FROM cases WHERE case_id = ?", (case_id,)
        ).fetchone()[0]
        for case_id in case_ids
    ]
    for ids in (case_ids, applicant_ids):
        assert [uuid.UUID(i).version for i in ids] == [7, 7, 7]
        # The first 48 bits are the millisecond: ids taken later never sort first.
        assert [i[:13] for i in ids] == sorted(i[:13] for i in ids)


def test_an_id_number_is_checked_on_the_halls_date_not_utcs(intake_store, clerk):
    """At 01:30 in Shanghai it is still yesterday in UTC: a child born today (the hall's
    today) has a valid number, not one with a birth date in the future."""
    item = item_named(intake_store, "上海市居住证办理（首次申领）")
    after_midnight_in_the_hall = datetime(2026, 9, 23, 17, 30, tzinfo=UTC)
    born_today = resident_number("31010420260924123")
    result = intake.accept(
        intake_store,
        request_for(item, complete_marks(item), number=born_today),
        clerk,
        now=after_midnight_in_the_hall,
    )
    assert result.created and result.case_no.split("-")[-2] == "20260924"
