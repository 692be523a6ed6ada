"""The offline policy as the counter lives it: the intake service refuses NEW cases while a
configured hard stop holds (never by default, never in a training hall), edits and earlier
cases are untouched, ``counter-app import`` reports the pause per line, doctor shows it."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest

from counter_app.config import Config, load_config
from counter_app.home import Home
from counter_app.services import applicant_edits, doctor, intake, offline_policy
from counter_app.services.approval import SamePerson
from counter_app.services.auth import Accounts, User
from counter_app.services.intake_checks import IntakeRejected
from counter_app.services.offline_policy import IntakePaused, OverLimitApproval
from counter_app.store import case_history as history_rows
from counter_app.store import case_plaintext
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store, open_store
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for
from tests.services.import_lines import line

ALLOWANCE = "老年综合津贴申领"
PLATFORM = "https://platform.example.gov.cn"


def with_sync(store: Store, **changes: Any) -> Config:
    """Give the open store's config a platform URL and ``changes`` to its sync section."""
    config = store.config
    store.config = replace(config, sync=replace(config.sync, url=PLATFORM, **changes))
    return store.config


def case_count(store: Store) -> int:
    return int(store.db.execute("SELECT count(*) FROM cases").fetchone()[0])


def accept_one(
    store: Store, clerk: User, *, now: datetime, request_id: str | None = None
) -> intake.IntakeResult:
    item = item_named(store, ALLOWANCE)
    request = request_for(item, complete_marks(item), request_id=request_id)
    return intake.accept(store, request, clerk, now=now)


def mark_delivered(store: Store) -> None:
    """What a successful sync leaves behind: nothing pending, the success recorded."""
    with store.transaction() as db:
        db.execute("UPDATE outbox SET state = 'stored' WHERE state = 'pending'")
    offline_policy.record_success(store, MOMENT)


def test_intake_is_never_paused_by_default(intake_store: Store, clerk: User) -> None:
    config = with_sync(intake_store)
    assert (config.sync.hard_stop_days, config.sync.hard_stop_cases) == (0, 0)
    # Ten days apart: a longer jump past the newest entry would be a clock to doubt
    # (clock_sanity.OFFLINE_JUMP_BOUND), not the pause this test is about.
    for day in range(5):
        accept_one(intake_store, clerk, now=MOMENT + timedelta(days=10 * day))
    assert offline_policy.backlog(intake_store) == 5
    assert offline_policy.intake_pause(intake_store, config, MOMENT + timedelta(days=365)) is None


def test_k_unsynced_cases_pause_every_new_decision_but_not_edits(
    intake_store: Store, clerk: User, supervisor: User
) -> None:
    with_sync(intake_store, hard_stop_cases=2)
    first_request = str(uuid.uuid4())
    first = accept_one(intake_store, clerk, now=MOMENT, request_id=first_request)
    # Three edits make three pending versions of the same case: still one unsynced case.
    for phone in ("13811112222", "13811113333", "13811114444"):
        applicant_edits.edit_case(intake_store, first.case_id, clerk, phone=phone, now=MOMENT)
    assert offline_policy.backlog(intake_store) == 1
    accept_one(intake_store, clerk, now=MOMENT)
    item = item_named(intake_store, ALLOWANCE)
    request = request_for(item, complete_marks(item))
    before = case_count(intake_store)
    attempts = [
        lambda: intake.accept(intake_store, request, clerk, now=MOMENT),
        lambda: intake.accept_deferred(intake_store, request, clerk, supervisor, now=MOMENT),
        lambda: intake.notify(intake_store, request, clerk, now=MOMENT),
        lambda: intake.refuse(
            intake_store, request, clerk, reason="不属本区", legal_basis="条例", now=MOMENT
        ),
    ]
    for attempt in attempts:
        with pytest.raises(IntakePaused) as caught:
            attempt()
        assert "本机有2件办件尚未上传（上限2件）" in caught.value.zh
        assert "2 cases on this workstation are not uploaded yet (limit 2)" in caught.value.en
    assert case_count(intake_store) == before
    # Existing cases stay workable: an edit, and the resubmission of an earlier request.
    assert applicant_edits.edit_case(intake_store, first.case_id, clerk, remarks="补充说明") == 5
    again = intake.accept(
        intake_store,
        replace(request, request_id=first_request),
        clerk,
        now=MOMENT,
    )
    assert again.case_id == first.case_id and not again.created
    # Once the backlog reaches the platform, intake resumes.
    mark_delivered(intake_store)
    assert accept_one(intake_store, clerk, now=MOMENT).created


def test_m_days_without_a_successful_sync_pause_new_intake(
    intake_store: Store, clerk: User
) -> None:
    with_sync(intake_store, hard_stop_days=7)
    accept_one(intake_store, clerk, now=MOMENT)
    assert accept_one(intake_store, clerk, now=MOMENT + timedelta(days=6, hours=23)).created
    with pytest.raises(IntakePaused) as caught:
        accept_one(intake_store, clerk, now=MOMENT + timedelta(days=8))
    assert "本机已8天未与中心平台同步成功（上限7天）" in caught.value.zh
    assert "No successful sync for 8 days (limit 7)" in caught.value.en
    # Counted from the last success once there is one, and only while cases are waiting.
    mark_delivered(intake_store)  # the success is recorded at MOMENT
    assert accept_one(intake_store, clerk, now=MOMENT + timedelta(days=8)).created
    config = intake_store.config
    assert offline_policy.intake_pause(intake_store, config, MOMENT + timedelta(days=6)) is None
    paused = offline_policy.intake_pause(intake_store, config, MOMENT + timedelta(days=7))
    assert isinstance(paused, IntakePaused) and "7天未与中心平台同步成功" in paused.zh


def test_a_training_hall_is_never_paused(intake_store: Store, clerk: User) -> None:
    config = with_sync(intake_store, hard_stop_cases=1, hard_stop_days=1)
    accept_one(intake_store, clerk, now=MOMENT)
    later = MOMENT + timedelta(days=30)
    assert offline_policy.intake_pause(intake_store, config, later) is not None
    # No platform is not training (the window is not provisioned): the stop still holds.
    no_platform = replace(config, sync=replace(config.sync, url=""))
    assert offline_policy.intake_pause(intake_store, no_platform, later) is not None
    training = replace(config, hall=replace(config.hall, training=True))
    intake_store.config = training
    assert offline_policy.intake_pause(intake_store, training, later) is None
    assert accept_one(intake_store, clerk, now=later).created


def test_the_pause_message_is_bilingual_and_typed(intake_store: Store, clerk: User) -> None:
    config = with_sync(intake_store, hard_stop_cases=1)
    accept_one(intake_store, clerk, now=MOMENT)
    paused = offline_policy.intake_pause(intake_store, config, MOMENT)
    assert paused is not None
    assert paused.message("zh").startswith("本机有1件办件尚未上传")
    assert "恢复网络并同步" in paused.message("zh") and "已受理的办件仍可查询和修改" in paused.zh
    assert paused.message("en").startswith("1 cases on this workstation")
    assert "Restore the network and sync" in paused.message("en")
    assert paused.to_dict() == {
        "code": "intake_paused",
        "field": None,
        "message": paused.zh,
        "message_en": paused.en,
    }


def test_warning_after_n_hours_without_a_successful_sync(intake_store: Store, clerk: User) -> None:
    config = with_sync(intake_store, offline_warn_hours=4)
    accept_one(intake_store, clerk, now=MOMENT)
    assert offline_policy.offline_warning(intake_store, config, MOMENT + timedelta(hours=3)) is None
    warning = offline_policy.offline_warning(intake_store, config, MOMENT + timedelta(hours=5))
    assert warning is not None
    assert "已约5小时未与中心平台同步成功" in warning[0] and "about 5 hours" in warning[1]
    # A warning never pauses intake.
    assert accept_one(intake_store, clerk, now=MOMENT + timedelta(hours=5)).created
    offline_policy.record_success(intake_store, MOMENT + timedelta(hours=5))
    assert offline_policy.offline_warning(intake_store, config, MOMENT + timedelta(hours=6)) is None
    training = replace(config, sync=replace(config.sync, url=""))
    assert (
        offline_policy.offline_warning(intake_store, training, MOMENT + timedelta(days=9)) is None
    )


def test_the_warning_says_intake_is_paused_while_a_hard_stop_holds(
    intake_store: Store, clerk: User
) -> None:
    config = with_sync(intake_store, offline_warn_hours=4, hard_stop_days=1)
    accept_one(intake_store, clerk, now=MOMENT)
    later = MOMENT + timedelta(hours=5)
    warning = offline_policy.offline_warning(intake_store, config, later)
    assert warning is not None and "办件仍可照常受理" in warning[0]
    assert offline_policy.intake_pause(intake_store, config, later) is None
    days_later = MOMENT + timedelta(days=2)
    paused = offline_policy.intake_pause(intake_store, config, days_later)
    warning = offline_policy.offline_warning(intake_store, config, days_later)
    assert paused is not None and warning is not None
    assert "新受理已按大厅规定暂停" in warning[0] and "照常受理" not in warning[0]
    assert "New intake is paused" in warning[1] and "continues" not in warning[1]
    assert paused.zh not in warning[0] and "上限1天" not in warning[0]  # the pause says it


URGENT = "申请人明日住院，当日须受理"


def paused_by_one_case(store: Store, clerk: User) -> IntakePaused:
    """Intake paused at a one-case limit, with one case waiting to be uploaded."""
    with_sync(store, hard_stop_cases=1)
    accept_one(store, clerk, now=MOMENT)
    paused = offline_policy.intake_pause(store, store.config, MOMENT)
    assert paused is not None
    return paused


def test_a_supervisor_at_the_window_approves_one_decision_past_the_limit(
    intake_store: Store, clerk: User, supervisor: User
) -> None:
    paused = paused_by_one_case(intake_store, clerk)
    assert (paused.limit, paused.allowed, paused.reached) == ("cases", 1, 1)
    item = item_named(intake_store, ALLOWANCE)
    approved = intake.accept(
        intake_store,
        request_for(item, complete_marks(item)),
        clerk,
        now=MOMENT,
        over_limit=OverLimitApproval(supervisor, f"  {URGENT} "),
    )
    assert approved.created
    # The document the platform receives names the approver, the limit and why.
    document = case_plaintext.case_document(intake_store, approved.case_id)
    assert document["over_limit_approval"] == {
        "approved_by": "chief1",
        "reason": URGENT,
        "limit": "cases",
        "allowed": 1,
        "reached": 1,
    }
    assert document["approved_by"] is None  # that one is the 容缺 approver
    [event] = history_rows.case_history(intake_store, approved.case_id).events
    assert event.detail["over_limit_approved_by"] == "chief1"
    assert event.detail["over_limit_reason"] == URGENT
    actor, target, detail = intake_store.db.execute(
        "SELECT actor, target, detail FROM audit_log WHERE action = 'case.over_limit_approved'"
    ).fetchone()
    assert (actor, target) == ("chief1", approved.case_id)
    assert json.loads(detail) == {
        "case_no": approved.case_no,
        "clerk": "clerk1",
        "reason": URGENT,
        "limit": "cases",
        "allowed": 1,
        "reached": 1,
    }
    assert intake_store.audit.verify() == []
    # One decision: the next one is paused again (two cases now wait).
    with pytest.raises(IntakePaused) as caught:
        accept_one(intake_store, clerk, now=MOMENT)
    assert "本机有2件办件尚未上传（上限1件）" in caught.value.zh


def test_an_approval_past_the_day_limit_names_the_days(
    intake_store: Store, clerk: User, supervisor: User
) -> None:
    with_sync(intake_store, hard_stop_days=7)
    accept_one(intake_store, clerk, now=MOMENT)
    later = MOMENT + timedelta(days=9)
    item = item_named(intake_store, ALLOWANCE)
    refused = intake.refuse(
        intake_store,
        request_for(item, complete_marks(item)),
        clerk,
        reason="不属本区",
        legal_basis="条例",
        now=later,
        over_limit=OverLimitApproval(supervisor, URGENT),
    )
    document = case_plaintext.case_document(intake_store, refused.case_id)
    assert document["state"] == "refused"
    approval = document["over_limit_approval"]
    assert (approval["limit"], approval["allowed"], approval["reached"]) == ("days", 7, 9)


def test_without_the_pause_an_approval_records_nothing(
    intake_store: Store, clerk: User, supervisor: User
) -> None:
    item = item_named(intake_store, ALLOWANCE)
    result = intake.accept(
        intake_store,
        request_for(item, complete_marks(item)),
        clerk,
        now=MOMENT,
        over_limit=OverLimitApproval(supervisor, URGENT),
    )
    assert "over_limit_approval" not in case_plaintext.case_document(intake_store, result.case_id)
    audited = intake_store.db.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'case.over_limit_approved'"
    ).fetchone()
    assert audited[0] == 0


def refused_approval(store: Store, clerk: User, approval: OverLimitApproval) -> IntakeRejected:
    item = item_named(store, ALLOWANCE)
    before = case_count(store)
    with pytest.raises(IntakeRejected) as caught:
        intake.accept(
            store,
            request_for(item, complete_marks(item)),
            clerk,
            now=MOMENT,
            over_limit=approval,
        )
    assert case_count(store) == before
    approved = store.db.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'case.over_limit_approved'"
    ).fetchone()
    assert approved[0] == 0
    return caught.value


def test_a_clerk_cannot_approve_past_the_limit(
    intake_store: Store, clerk: User, accounts: Accounts
) -> None:
    paused_by_one_case(intake_store, clerk)
    accounts.add_user("clerk2", "correct-horse-9", "clerk")
    colleague = accounts.authenticate("clerk2", "correct-horse-9")
    rejected = refused_approval(intake_store, clerk, OverLimitApproval(colleague, URGENT))
    [problem] = rejected.problems
    assert problem.field == "supervisor"
    assert problem.zh.startswith("超出离线上限受理须经值班长（主管）审批")
    assert "past the offline limit needs a supervisor's approval" in problem.en


def test_nobody_approves_their_own_decision_past_the_limit(
    intake_store: Store, accounts: Accounts, supervisor: User
) -> None:
    """A supervisor working the window as its clerk needs another supervisor (four eyes)."""
    paused_by_one_case(intake_store, supervisor)
    rejected = refused_approval(intake_store, supervisor, OverLimitApproval(supervisor, URGENT))
    [problem] = rejected.problems
    assert isinstance(problem, SamePerson)
    assert "不能审批本人经办或申请的事项" in problem.zh


def test_an_approval_past_the_limit_needs_a_reason_and_every_other_check(
    intake_store: Store, clerk: User, supervisor: User
) -> None:
    paused_by_one_case(intake_store, clerk)
    rejected = refused_approval(intake_store, clerk, OverLimitApproval(supervisor, "  "))
    [problem] = rejected.problems
    assert problem.field == "over_limit_reason"
    assert problem.zh.startswith("请值班长写明超出离线上限仍受理的理由")
    # The approval lifts the pause for this decision, nothing else: materials still count.
    item = item_named(intake_store, ALLOWANCE)
    with pytest.raises(IntakeRejected) as caught:
        intake.accept(
            intake_store,
            request_for(item, []),
            clerk,
            now=MOMENT,
            over_limit=OverLimitApproval(supervisor, URGENT),
        )
    assert all(p.field != "supervisor" for p in caught.value.problems)


def test_import_reports_the_pause_on_each_line(home: Home, cli) -> None:
    home.config_path.write_text(
        home.config_path.read_text(encoding="utf-8")
        + f'\n[sync]\nurl = "{PLATFORM}"\nhard_stop_cases = 1\n',
        encoding="utf-8",
    )
    with open_store(home, load_config(home)) as store:  # the catalog its platform sent
        ensure_bundled_catalog(store)
    source = home.root / "cases.jsonl"
    source.write_text("\n".join(line(i) for i in (1, 2, 3)) + "\n", encoding="utf-8")
    done = cli("import", str(source), "--json")
    assert done.returncode == 1, done.stderr
    out = [json.loads(text) for text in done.stdout.splitlines() if text.strip()]
    assert [r["status"] for r in out] == ["accepted", "error", "error"]
    for refused in out[1:]:
        (error,) = refused["errors"]
        assert error["message"].startswith("本机有1件办件尚未上传（上限1件）")
        assert "not uploaded yet (limit 1)" in error["message_en"]
        assert refused["case_id"] is None


def test_doctor_reports_paused_intake(
    home: Home, intake_store: Store, clerk: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(doctor, "entry_points", lambda group: [])
    open_config = with_sync(intake_store, hard_stop_cases=1)
    checks = {c.name: c for c in doctor.run_checks(home, open_config, now=lambda: MOMENT)}
    assert checks["intake"].status == "ok"
    assert checks["intake"].detail == "开放；1 件未上传时暂停"
    english = replace(open_config, ui=replace(open_config.ui, lang="en"))
    [intake] = [
        c for c in doctor.run_checks(home, english, now=lambda: MOMENT) if c.name == "intake"
    ]
    assert intake.detail == "open; pauses at 1 unsynced cases"
    accept_one(intake_store, clerk, now=MOMENT)
    checks = {c.name: c for c in doctor.run_checks(home, open_config, now=lambda: MOMENT)}
    assert checks["intake"].status == "fail"
    assert checks["intake"].detail.startswith("本机有1件办件尚未上传")
    english = replace(open_config, ui=replace(open_config.ui, lang="en"))
    checks = {c.name: c for c in doctor.run_checks(home, english, now=lambda: MOMENT)}
    assert checks["intake"].detail.startswith("1 cases on this workstation")
