"""A production window never takes a case it can never upload: with no catalog yet it
says to enrol first (the platform's catalog comes once it is enrolled); once the platform
revoked it (a PC replaced) new intake is paused past any supervisor's approval, and doctor
says what to do; a case taken under the sample catalog is named for IT."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from counter_app.config import Config
from counter_app.errors import NotFound
from counter_app.home import Home
from counter_app.services import doctor, intake, offline_policy
from counter_app.services.auth import User
from counter_app.services.offline_policy import IntakePaused, OverLimitApproval
from counter_app.store.catalog import get_item
from counter_app.store.database import Store
from counter_app.store.restore_guards import ENROLMENT_ACTION, RecordedEnrolment, keep_enrolment
from counter_app.store.timestamps import utc_now
from sync.status import revoked_words
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for

ALLOWANCE = "老年综合津贴申领"


@pytest.fixture(autouse=True)
def _no_contributed_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doctor, "entry_points", lambda group: [])


def enrol(store: Store, device: str) -> None:
    """What an enrolment for the configured hall and window leaves in the store."""
    hall = store.config.hall
    with store.transaction() as db:
        store.audit.record(
            "cli:it", ENROLMENT_ACTION, device, {"hall": hall.hall_code, "window": hall.window_code}
        )
        keep_enrolment(db.conn, RecordedEnrolment(device, hall.hall_code, hall.window_code))


def refused_as_revoked(store: Store, days_from_now: int) -> None:
    """A sync run the platform refused as a revoked device, ``days_from_now`` from the
    enrolment just recorded (negative: before it)."""
    offline_policy.record_failure(
        store,
        utc_now() + timedelta(days=days_from_now),
        offline_policy.DEVICE_REVOKED,
        "设备已吊销",
        "device revoked",
    )


def intake_check(home: Home, config: Config) -> doctor.Check:
    [check] = [c for c in doctor.run_checks(home, config, now=lambda: MOMENT) if c.name == "intake"]
    return check


def test_a_production_window_with_no_catalog_says_to_enrol_first(
    home: Home, config: Config, store: Store
) -> None:
    assert not config.is_training
    with pytest.raises(NotFound) as refused:
        get_item(store, "JZZ001")
    assert refused.value.zh.startswith("本机还没有事项目录，暂不能受理：尚未登记的")
    assert "counter-app enroll 平台地址 登记码" in refused.value.zh
    assert "counter-app enroll URL CODE" in refused.value.en
    checks = {c.name: c for c in doctor.run_checks(home, config, now=lambda: MOMENT)}
    assert checks["catalog"].status == "fail"  # doctor loads no sample into a production home


def test_a_revoked_pc_takes_no_case_even_with_a_supervisors_approval(
    home: Home, intake_store: Store, clerk: User, supervisor: User
) -> None:
    enrol(intake_store, "D-OLD-PC")
    refused_as_revoked(intake_store, days_from_now=1)
    item = item_named(intake_store, ALLOWANCE)
    with pytest.raises(IntakePaused) as paused:
        intake.accept(
            intake_store,
            request_for(item, complete_marks(item)),
            clerk,
            now=MOMENT,
            over_limit=OverLimitApproval(supervisor, "申请人明日住院，当日须受理"),
        )
    assert paused.value.limit == "enrolment"
    assert "停止使用本机" in paused.value.zh and "第 6 节" in paused.value.zh
    assert "stop using it" in paused.value.en and "do not enrol this one again" in paused.value.en
    assert intake_store.db.execute("SELECT count(*) FROM cases").fetchone()[0] == 0
    check = intake_check(home, intake_store.config)
    assert check.status == "fail" and check.detail == paused.value.zh
    english = replace(intake_store.config, ui=replace(intake_store.config.ui, lang="en"))
    assert intake_check(home, english).detail == paused.value.en


def test_the_revoked_pause_names_the_cases_to_hand_over(intake_store: Store, clerk: User) -> None:
    item = item_named(intake_store, ALLOWANCE)
    intake.accept(intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
    enrol(intake_store, "D-OLD-PC")
    refused_as_revoked(intake_store, days_from_now=1)
    paused = offline_policy.intake_pause(intake_store, intake_store.config, MOMENT)
    assert paused is not None
    assert "本机待上传的 1 件办件须按第 6 节交给新电脑" in paused.zh
    assert "Its 1 case(s) waiting to upload must be handed over" in paused.en


def test_a_revoked_pc_run_offline_afterwards_stays_paused_until_a_run_succeeds(
    intake_store: Store,
) -> None:
    enrol(intake_store, "D-OLD-DEVICE")
    refused_as_revoked(intake_store, days_from_now=1)
    offline_policy.record_failure(  # unplugged since: each run fails another way
        intake_store, utc_now() + timedelta(days=2), "platform_unreachable", "无法连接", "offline"
    )
    paused = offline_policy.intake_pause(intake_store, intake_store.config, MOMENT)
    assert paused is not None and "吊销" in paused.zh
    offline_policy.record_success(intake_store, utc_now() + timedelta(days=3))
    assert offline_policy.intake_pause(intake_store, intake_store.config, MOMENT) is None


def test_an_enrolment_after_the_refusal_opens_intake_again(intake_store: Store) -> None:
    refused_as_revoked(intake_store, days_from_now=-1)
    enrol(intake_store, "D-NEW-DEVICE")
    assert offline_policy.intake_pause(intake_store, intake_store.config, MOMENT) is None


def test_the_revoked_status_tells_a_replaced_pc_to_stop_before_enrolling_again(
    config: Config,
) -> None:
    zh, en = revoked_words(config, backlog=2)
    assert zh.index("停止使用本机") < zh.index("--despite-backlog")
    assert en.index("stop using it") < en.index("--despite-backlog")


def test_doctor_names_cases_taken_under_the_sample_catalog(
    home: Home, intake_store: Store, clerk: User
) -> None:
    item = item_named(intake_store, ALLOWANCE)
    result = intake.accept(intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
    checks = {c.name: c for c in doctor.run_checks(home, intake_store.config, now=lambda: MOMENT)}
    sample = checks["sample_cases"]
    assert sample.status == "warn"
    assert result.case_no in sample.detail and "重新受理" in sample.detail
