"""The window's core and platform facades check roles themselves, on the user signed in
there, not only by hiding tabs: printers and enrolment are for administrators; nobody
approves their own request or a case they made (four eyes)."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from counter_app.domain.hall_time import HALL_TIMEZONE, hall_today
from counter_app.services.approval import SamePerson, WrongRole
from counter_app.store import cases as case_rows
from tests.ui.conftest import PASSWORD, training_home
from tests.ui.stored_cases import ALLOWANCE, accept_case, decide_case
from ui.core_facade import Workstation
from ui.desks.signed_in import NotSignedIn
from ui.facade_types import InPlaceApproval, QueueFilter
from ui.platform_facade import PlatformDesk


@pytest.fixture
def workstation(tmp_path: Path) -> Iterator[Workstation]:
    opened = Workstation.open(*training_home(tmp_path / "home"))
    yield opened
    opened.close()


@pytest.fixture
def desk(workstation: Workstation) -> PlatformDesk:
    """The platform facade on the workstation's store, as the window makes it; a test tells
    it who signed in, as the session does."""
    return PlatformDesk(workstation.store)


def _action(entry: dict[str, Any]) -> str:
    return str(json.loads(entry["detail"])["action"])


def test_printers_and_enrolment_need_a_signed_in_administrator(
    workstation: Workstation, desk: PlatformDesk
) -> None:
    with pytest.raises(NotSignedIn):
        workstation.set_printers("", "")
    with pytest.raises(NotSignedIn):
        desk.enrol("http://127.0.0.1:9", "ABCD-EFGH-JKLM")
    desk.set_user(workstation.login("clerk01", PASSWORD))
    with pytest.raises(WrongRole):
        workstation.set_printers("dir:/tmp/elsewhere", "")
    with pytest.raises(WrongRole):  # refused before any connection is tried
        desk.enrol("http://127.0.0.1:9", "ABCD-EFGH-JKLM")
    assert workstation.config.printing.a4_printer != "dir:/tmp/elsewhere"
    refused = [
        (e["actor"], _action(e))
        for e in workstation.store.audit.entries(limit=1000)
        if e["action"] == "authorisation.refused"
    ]
    assert refused == [("clerk01", "printer.configured"), ("clerk01", "device.enrol")]
    workstation.login("admin01", PASSWORD)
    assert workstation.set_printers("dir:/tmp/elsewhere", "").printing.a4_printer == (
        "dir:/tmp/elsewhere"
    )
    workstation.sign_out()
    with pytest.raises(NotSignedIn):
        workstation.set_printers("", "")


def test_the_hall_queue_is_for_supervisors_and_administrators(
    workstation: Workstation, desk: PlatformDesk
) -> None:
    with pytest.raises(NotSignedIn):
        workstation.hall_queue(QueueFilter(), limit=10)
    desk.set_user(workstation.login("clerk01", PASSWORD))
    with pytest.raises(WrongRole):
        workstation.hall_queue(QueueFilter(), limit=10)
    with pytest.raises(WrongRole):  # refused before any connection is tried
        desk.hall_case_history(str(uuid.uuid4()))
    case = accept_case(workstation, "clerk01")
    for supervisor in ("super01", "admin01"):
        workstation.login(supervisor, PASSWORD)
        (entry,) = workstation.hall_queue(QueueFilter(text=case.case_no), limit=10)
        assert (entry.case_no, entry.sync_state, entry.local) == (case.case_no, "pending", True)


def test_the_end_of_day_is_for_supervisors_and_administrators(workstation: Workstation) -> None:
    today = hall_today()
    workstation.login("clerk01", PASSWORD)
    with pytest.raises(WrongRole):
        workstation.day_report(today)
    with pytest.raises(WrongRole):  # a clerk's session cannot sign off, even naming super01
        workstation.sign_off_day(today, InPlaceApproval("super01", PASSWORD), "zh")
    # The training hall's sample cases are made today and not on the platform either.
    samples = {c.case_no for c in case_rows.list_cases(workstation.store)}
    case = accept_case(workstation, "clerk01")
    workstation.login("super01", PASSWORD)
    with pytest.raises(WrongRole):  # a supervisor's session, a clerk's name and password
        workstation.sign_off_day(today, InPlaceApproval("clerk01", PASSWORD), "zh")
    report = workstation.day_report(today)
    assert {u.case_no for u in report.unacknowledged} == {*samples, case.case_no}
    signed = workstation.sign_off_day(today, InPlaceApproval("admin01", PASSWORD), "zh")
    assert (signed.signed_by, signed.reconciled, signed.flagged_windows) == (
        "admin01",
        False,
        (report.window_code,),
    )


def test_only_supervisors_and_administrators_publish_notices_everyone_reads_them(
    workstation: Workstation, desk: PlatformDesk
) -> None:
    with pytest.raises(NotSignedIn):
        workstation.hall_notices()
    desk.set_user(workstation.login("clerk01", PASSWORD))
    assert workstation.hall_notices() == []
    with pytest.raises(WrongRole):  # refused before any connection is tried
        desk.publish_notice("午间暂停", "12:00 暂停取号。", str(uuid.uuid4()))
    refused = workstation.store.db.execute(
        "SELECT actor, detail FROM audit_log WHERE action = 'authorisation.refused'"
    ).fetchall()
    assert refused == [("clerk01", '{"action":"notice.publish"}')]


def test_nobody_approves_their_own_request_or_case(workstation: Workstation) -> None:
    case = accept_case(workstation, "super01")
    workstation.login("super01", PASSWORD)
    with pytest.raises(SamePerson):  # a supervisor at the counter asks another one
        workstation.approve(InPlaceApproval("super01", PASSWORD), "defer_case", str(uuid.uuid4()))
    workstation.login("clerk01", PASSWORD)
    with pytest.raises(SamePerson):  # super01 made the case
        workstation.approve(InPlaceApproval("super01", PASSWORD), "reprint", case.case_id)
    assert workstation.approve(
        InPlaceApproval("admin01", PASSWORD), "reprint", case.case_id
    ).username == ("admin01")


def _zone_on_another_day() -> str:
    """A POSIX TZ whose date differs from Shanghai's right now (UTC-12 until 20:00 in
    Shanghai, UTC+14 after), so the test does not depend on the hour it runs at."""
    return "Etc/GMT+12" if datetime.now(HALL_TIMEZONE).hour < 20 else "Etc/GMT-14"


def test_todays_cases_are_the_halls_today_whatever_the_pc_zone(
    workstation: Workstation, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = accept_case(workstation, "clerk01")
    monkeypatch.setenv("TZ", _zone_on_another_day())
    time.tzset()
    try:
        assert date.today() != hall_today()  # the PC's calendar is on another day
        listed = [row.case_id for row in workstation.list_cases(today_only=True)]
    finally:
        monkeypatch.undo()
        time.tzset()
    assert case.case_id in listed


def test_each_correction_round_issues_its_own_voucher_in_one_session(
    workstation: Workstation,
) -> None:
    """The session keeps the document it issued (a retried print is never a second
    original), but a new 补正 round is a new voucher, not the last round's again."""
    from counter_app.services.case_progress import apply_progress
    from printing.document_data import DocumentKind

    case = accept_case(workstation, "clerk01")
    clerk = workstation.login("clerk01", PASSWORD)
    serials = []
    for note in ("申请表签名不清", "银行卡复印件不清晰"):
        apply_progress(
            workstation.store, case.case_id, "correction_requested", note=note, materials=("M04",)
        )
        assert workstation.case_detail(case.case_id).correction is not None
        workstation.correct(clerk, case.case_id, ["M04"], {})
        preview = workstation.issue_document(
            "clerk01", case.case_id, DocumentKind.CORRECTION, page_width=200
        )
        serials.append(preview.serial)
    assert serials[0] != serials[1]


def test_the_session_prints_a_document_once_a_further_copy_is_a_reprint(
    workstation: Workstation,
) -> None:
    """The receipt left for later prints as the original; printing it again, by the preview's
    print or by an issue-and-print step, is refused: only a supervised 补打 is a copy."""
    from printing.document_data import DocumentKind
    from printing.errors import ReprintReasonRequired

    case = accept_case(workstation, "clerk01")
    workstation.login("clerk01", PASSWORD)
    receipt = DocumentKind.RECEIPT
    preview = workstation.issue_document("clerk01", case.case_id, receipt, page_width=200)
    assert not preview.printed
    assert workstation.case_detail(case.case_id).pending_document is receipt
    workstation.print_document("clerk01", case.case_id, receipt)  # the training hall's folder
    detail = workstation.case_detail(case.case_id)
    assert detail.pending_document is None and not detail.unprinted
    with pytest.raises(ReprintReasonRequired):
        workstation.print_document("clerk01", case.case_id, receipt)
    assert [d.print_status for d in workstation.case_detail(case.case_id).documents] == ["printed"]


def test_f9_never_prints_an_original_the_command_line_superseded_meanwhile(
    workstation: Workstation,
) -> None:
    """The preview's receipt waits unprinted; meanwhile ``counter-app print`` issued it anew on
    the receipt roll, an original that supersedes it. F9 does not print the superseded one:
    the case's receipt is asked for again, and the one printed is the newest original."""
    from printing import service as printing_service
    from printing.document_data import DocumentKind, PaperFormat

    case = accept_case(workstation, "clerk01")
    workstation.login("clerk01", PASSWORD)
    receipt = DocumentKind.RECEIPT
    previewed = workstation.issue_document("clerk01", case.case_id, receipt, page_width=200)
    store = workstation.store
    roll = printing_service.issue_document(
        store, store.config, store.home, case.case_id, kind=receipt, fmt=PaperFormat.ROLL_80MM,
        actor="clerk01",
    )  # fmt: skip
    assert roll.serial != previewed.serial and roll.reprint_no == 0
    workstation.print_document("clerk01", case.case_id, receipt)
    register = store.db.execute(
        "SELECT serial, print_status FROM documents WHERE case_id = ? ORDER BY document_id",
        (case.case_id,),
    ).fetchall()
    printed = [serial for serial, status in register if status == "printed"]
    assert printed == [register[-1][0]] and previewed.serial not in printed


def test_old_and_new_applicant_data_are_in_clear_for_a_supervisor_only(
    workstation: Workstation,
) -> None:
    case = accept_case(workstation, "clerk01")
    clerk = workstation.login("clerk01", PASSWORD)
    with pytest.raises(WrongRole):
        workstation.edit_applicant(
            clerk, case.case_id, field="phone", value="13911112222", reason="报错号码",
            approval=InPlaceApproval("clerk01", PASSWORD),
        )  # fmt: skip
    done = workstation.edit_applicant(
        clerk, case.case_id, field="phone", value="13911112222", reason="报错号码",
        approval=InPlaceApproval("super01", PASSWORD),
    )  # fmt: skip
    assert [(c.case_no, c.data_version) for c in done.cases] == [(case.case_no, 2)]
    assert (done.closed, done.unchanged) == ((), ())
    (masked,) = workstation.case_detail(case.case_id).applicant_changes
    assert (masked.field, masked.old, masked.new) == ("phone", "", "139****2222")
    workstation.login("super01", PASSWORD)
    (clear,) = workstation.case_detail(case.case_id).applicant_changes
    assert (clear.new, clear.approved_by) == ("13911112222", "super01")


def test_a_notice_the_acceptance_superseded_no_longer_marks_the_case_unprinted(
    workstation: Workstation,
) -> None:
    """A one-time notice left for later (稍后打印) marks the case 回执未打印 while the case waits
    for the materials; once the applicant came back and the case was accepted, only the
    acceptance receipt is owed."""
    from printing.document_data import DocumentKind

    clerk = workstation.login("clerk01", PASSWORD)
    notified = decide_case(workstation, "clerk01", "notify", received=1)
    case_id = notified.case_id

    def marked() -> bool:
        [row] = [r for r in workstation.list_cases(today_only=False) if r.case_id == case_id]
        assert row.unprinted == workstation.case_detail(case_id).unprinted
        return row.unprinted

    workstation.issue_document("clerk01", case_id, DocumentKind.NOTICE, page_width=200)
    assert marked()  # the notice is owed: the applicant left without it

    item = next(i for i in workstation.catalog_items() if i.name == ALLOWANCE)
    rest = [m.code for m in item.default_situation.materials if m.required][1:]
    workstation.accept_returned(clerk, case_id, rest)
    assert not marked()  # superseded: the case no longer calls for the notice
    assert workstation.case_detail(case_id).pending_document is None

    workstation.issue_document("clerk01", case_id, DocumentKind.RECEIPT, page_width=200)
    assert marked()  # the receipt is owed
    workstation.print_document("clerk01", case_id, DocumentKind.RECEIPT)
    assert not marked()
