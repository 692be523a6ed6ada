"""``counter-app eod`` in words carries the printed report's sections (figures, fees,
reconciliation, reprints, voids, deferrals due, bad ratings, sign-off); both name a reprinted
document by its title in the report's language; and both mark what only another window's
own PC knows: "—" in its row, "this window" on the whole hall's figure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services.auth import User
from counter_app.services.evaluations import record_evaluation
from counter_app.store.database import Store
from counter_app.store.hall_queue import upsert_hall_case
from printing.document_data import DocumentKind
from printing.service import issue_document
from tests.conftest import CliResult
from tests.printing import pdf_tools
from tests.printing.fixtures import CASE_TIME, CaseFactory
from tests.services.end_of_day_cases import close_day, hall_case


@pytest.fixture
def reprinted_day(
    store: Store,
    config: Config,
    home: Home,
    make_case: CaseFactory,
    clerk: User,
    supervisor: User,
) -> dict[str, str]:
    """The closed day of the end-of-day tests, with a receipt reprinted here, a bad rating
    here and W02's void and bad rating through the hall queue; the case numbers."""
    closed = close_day(store, make_case, clerk, supervisor)
    case = make_case("accept")
    for hour, reason in ((2, None), (4, "申请人遗失回执")):
        issue_document(
            store,
            config,
            home,
            case.case_id,
            kind=DocumentKind.RECEIPT,
            actor=clerk.username,
            reprint_reason=reason,
            approved_by=supervisor if reason else None,
            now=CASE_TIME.replace(hour=hour),
        )
    record_evaluation(
        store, case.case_id, 1, reason_code="attitude", actor=clerk.username, now=CASE_TIME
    )
    taken = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)
    void, bad = hall_case(8, "W02", "voided", taken), hall_case(9, "W02", "accepted", taken)
    with store.transaction() as db:
        upsert_hall_case(db.conn, void)
        upsert_hall_case(db.conn, replace(bad, rating_level=2, flags=("bad_rating",)))
    return {
        "reprinted": case.case_no,
        "voided_here": closed.voided,
        "voided_there": void.case_no,
        "bad_there": bad.case_no,
        "supervisor": supervisor.username,
    }


def test_the_eod_text_carries_the_reports_sections(
    cli: Callable[..., CliResult], reprinted_day: dict[str, str]
) -> None:
    cases = reprinted_day
    result = cli("--lang", "en", "eod", "--date", "2026-11-26")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    lines = text.splitlines()
    for heading in (
        "Cases by window",
        "Fees",
        "Reconciliation",
        "Reprints",
        "Voids",
        "Deferrals due today, and past due still owed",
        "Bad ratings (follow up)",
        "Signed off by the supervisor",
    ):
        assert heading in lines, heading
    w01 = next(line for line in lines if line.strip().startswith("W01"))
    assert "Documents 2" in w01 and "Reprints 1" in w01 and "Ratings (bad) 1 (1)" in w01
    w02 = next(line for line in lines if line.strip().startswith("W02"))
    assert "Documents —" in w02 and "Reprints —" in w02 and "Unsynced —" in w02
    assert "Ratings (bad) 1 (1)" in w02  # its hall rating, from the hall queue
    hall = next(line for line in lines if line.strip().startswith("Whole hall"))
    assert "Documents 2 (this window)" in hall and "Reprints 1 (this window)" in hall
    assert "known only at their own workstation" in text
    reprint = next(line for line in lines if "#1" in line)
    assert cases["reprinted"] in reprint and "Acceptance Receipt" in reprint
    assert "(receipt)" not in text and "申请人遗失回执" in reprint
    voids = lines[
        lines.index("Voids") + 1 : lines.index("Deferrals due today, and past due still owed")
    ]
    assert [cases["voided_here"] in voids[0], cases["voided_there"] in voids[1]] == [True, True]
    assert f"approved by {cases['supervisor']}" in voids[0]
    assert "approver known at its own workstation" in voids[1]
    bad = [line for line in lines if "level " in line]
    assert any(cases["reprinted"] in line and "Unfriendly" in line for line in bad)
    assert any(cases["bad_there"] in line and "level 2" in line for line in bad)
    assert "Not signed off yet" in text


def test_the_pdf_names_the_reprinted_document_and_marks_this_windows_figures(
    tmp_path: Path, cli: Callable[..., CliResult], reprinted_day: dict[str, str]
) -> None:
    cases = reprinted_day
    pdf = tmp_path / "eod.pdf"
    assert cli("eod", "--date", "2026-11-26", "--out", str(pdf)).returncode == 0
    text = "".join(pdf_tools.drawn_text(pdf).split())  # as drawn, wherever a cell wrapped
    assert "受理通知书（受理回执）#1" in text and "(receipt)" not in text
    assert "W02300101——05—1(1)" in text  # its documents, reprints, unsynced: not known here
    assert "2（本窗口）1（本窗口）" in text  # the whole hall's documents and reprints: this one's
    assert cases["voided_there"] in text and "审批人只在其本机可见" in text
    english = tmp_path / "eod-en.pdf"
    assert cli("--lang", "en", "eod", "--date", "2026-11-26", "--out", str(english)).returncode == 0
    read = " ".join(pdf_tools.text(english).split())
    assert "Acceptance Receipt #1" in read and "(receipt)" not in read
