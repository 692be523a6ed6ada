"""The end-of-day report and sign-off (日结): ``counter-app eod`` keeps its JSON contract,
the report is an A4 PDF with the documents' embedded fonts and a scannable code, and the
sign-off is a supervisor's only: authenticated, audited, archived, queued for the platform."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

from counter_app.domain.hall_time import hall_today
from counter_app.home import Home
from counter_app.services.auth import User
from counter_app.services.evaluations import record_evaluation
from counter_app.store import payment_writes
from counter_app.store.database import Store
from counter_app.store.end_of_day import sign_offs_of, undelivered_sign_offs
from printing.day_report import render_day_report, report_number
from printing.fonts import load_fonts
from tests.conftest import CliResult
from tests.printing import pdf_tools
from tests.printing.fixtures import CaseFactory
from tests.services.end_of_day_cases import DAY, close_day
from tests.store.disk_faults import on_a_small_disk

CONTRACT_WINDOW_KEYS = {
    "window_code",
    "accepted",
    "notified",
    "refused",
    "deferred",
    "voided",
    "reprints",
    "unsynced",
    "acknowledged",
}
PASSWORD = "correct-horse-9"  # the printing fixtures' accounts


def test_eod_json_keeps_the_contract(
    cli: Callable[..., CliResult],
    store: Store,
    make_case: CaseFactory,
    clerk: User,
    supervisor: User,
) -> None:
    closed = close_day(store, make_case, clerk, supervisor)
    result = cli("eod", "--date", "2026-11-26", "--json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert {"date", "windows", "reconciled", "unacknowledged"} <= set(figures)
    assert figures["date"] == "2026-11-26"
    for window in figures["windows"]:
        assert set(window) >= CONTRACT_WINDOW_KEYS
        assert all(isinstance(window[k], int) for k in CONTRACT_WINDOW_KEYS - {"window_code"})
    assert [w["window_code"] for w in figures["windows"]] == ["W01", "W02"]
    assert figures["reconciled"] is False
    assert figures["unacknowledged"] == sorted([closed.rejected, closed.transient, closed.voided])

    human = cli("--lang", "en", "eod", "--date", "2026-11-26")
    assert human.returncode == 0, human.stderr
    assert "W01" in human.stdout and "! unsynced cases" in human.stdout
    assert "Accepted " in human.stdout and "Whole hall" in human.stdout  # the report's words
    assert closed.rejected in human.stdout and "Not acknowledged" in human.stdout
    # Each unacknowledged case in words: its sync state as the window names it and what the
    # platform said, never the stored codes and JSON.
    rejected_line = next(line for line in human.stdout.splitlines() if closed.rejected in line)
    assert "Rejected, to resolve" in rejected_line and "{" not in rejected_line
    assert "not sent yet" in human.stdout or "Waiting" in human.stdout

    bad = cli("--lang", "en", "eod", "--date", "26/11/2026", "--json")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr


def test_report_pdf_embeds_the_document_fonts_and_carries_its_code(
    tmp_path: Path,
    cli: Callable[..., CliResult],
    store: Store,
    make_case: CaseFactory,
    clerk: User,
    supervisor: User,
) -> None:
    closed = close_day(store, make_case, clerk, supervisor)
    pdf = tmp_path / "eod.pdf"
    result = cli("eod", "--date", "2026-11-26", "--out", str(pdf))
    assert result.returncode == 0, result.stderr
    width, height = pdf_tools.pages(pdf)[0]
    assert (round(width), round(height)) == (595, 842)  # A4
    rows = pdf_tools.fonts(pdf)
    assert rows
    for row in rows:
        assert row.embedded and row.type == "TrueType" and row.unicode_map, row
    text = pdf_tools.text(pdf).replace(" ", "")
    assert "日结报表" in text and "W02" in text
    for number in (closed.rejected, closed.transient, closed.voided):
        assert number in text  # each unacknowledged case, by number
    assert "平台没有这个事项" in text  # with its last sync error
    assert "未同步！" in text  # the flagged window (the column heading has no "！")
    assert "尚未签署" in text
    png = pdf_tools.render_png(pdf, tmp_path / "top", 200, top_mm=60)
    code = "EOD-310104-TRAIN-W01-20261126"
    assert ("CODE-128", code) in pdf_tools.barcodes(png)


def test_a_day_with_a_declined_rating_is_reported_and_signed_off(
    tmp_path: Path,
    cli: Callable[..., CliResult],
    store: Store,
    make_case: CaseFactory,
    clerk: User,
    supervisor: User,
) -> None:
    """An applicant who declined to rate is no rating: the report counts the two who rated
    and the bad one, and the sign-off goes through."""
    good, bad, declined = make_case("accept"), make_case("accept"), make_case("accept")
    record_evaluation(store, good.case_id, 5, actor=clerk.username)
    record_evaluation(store, declined.case_id, None, actor=clerk.username)
    record_evaluation(store, bad.case_id, 2, reason_code="waiting", actor=clerk.username)
    today = hall_today().isoformat()
    pdf = tmp_path / "eod.pdf"
    result = cli("eod", "--date", today, "--out", str(pdf))
    assert result.returncode == 0, result.stderr
    assert "2(1)" in pdf_tools.text(pdf).replace(" ", "")
    signed = cli(
        "eod", "--sign-off", "--by", supervisor.username, "--password-stdin", input=PASSWORD + "\n"
    )
    assert signed.returncode == 0, signed.stderr


def test_english_report_reads_in_english(
    tmp_path: Path, store: Store, make_case: CaseFactory, clerk: User, supervisor: User
) -> None:
    from counter_app.services.end_of_day import checked_day_report

    close_day(store, make_case, clerk, supervisor)
    report = checked_day_report(store, DAY)
    pdf = tmp_path / "eod-en.pdf"
    pdf.write_bytes(render_day_report(report, load_fonts(), "en"))
    text = " ".join(pdf_tools.text(pdf).split())  # as read, wherever a line wrapped
    assert "End-of-day report" in text and "The platform has no such item." in text
    assert "(W01, Rejected, to resolve) The platform has no such item." in text
    assert report_number(report) in text


def test_sign_off_is_refused_to_a_clerk_and_audited(
    cli: Callable[..., CliResult], store: Store, clerk: User, supervisor: User
) -> None:
    result = cli(
        "--lang",
        "en",
        "eod",
        "--sign-off",
        "--by",
        clerk.username,
        "--password-stdin",
        input=PASSWORD + "\n",
    )
    assert result.returncode == 2
    assert "clerk07 is a clerk" in result.stderr
    assert undelivered_sign_offs(store) == []
    refused = [e for e in store.audit.entries(limit=1000) if e["action"] == "authorisation.refused"]
    assert refused and json.loads(refused[-1]["detail"])["action"] == "day.sign_off"

    wrong = cli("eod", "--sign-off", "--by", "super01", "--password-stdin", input="nope\n")
    assert wrong.returncode == 2 and "super01" in wrong.stderr
    assert undelivered_sign_offs(store) == []

    ahead = cli(
        "--lang",
        "en",
        "eod",
        "--date",
        "2099-01-01",
        "--sign-off",
        "--by",
        "super01",
        "--password-stdin",
        input=PASSWORD + "\n",
    )
    assert ahead.returncode == 2 and "has not come yet" in ahead.stderr
    assert undelivered_sign_offs(store) == []


def test_supervisor_signs_off_archived_audited_and_queued(
    tmp_path: Path,
    cli: Callable[..., CliResult],
    store: Store,
    make_case: CaseFactory,
    clerk: User,
    supervisor: User,
) -> None:
    closed = close_day(store, make_case, clerk, supervisor)
    out = tmp_path / "signed.pdf"
    result = cli(
        "eod",
        "--date",
        "2026-11-26",
        "--sign-off",
        "--by",
        supervisor.username,
        "--password-stdin",
        "--out",
        str(out),
        "--json",
        input=PASSWORD + "\n",
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    archived = Path(answer["archived"])
    assert archived.is_file() and archived.read_bytes() == out.read_bytes()
    text = pdf_tools.text(out).replace(" ", "")
    assert "super01" in text and answer["sign_off_id"] in text

    ((row, delivered_at),) = sign_offs_of(store, DAY)
    assert (row.sign_off_id, row.signed_by, row.reconciled) == (
        answer["sign_off_id"],
        "super01",
        False,
    )
    assert delivered_at is None  # the next sync delivers it
    signed = json.loads(row.summary)
    assert signed["flagged_windows"] == ["W01"]
    assert closed.rejected in signed["unacknowledged"]
    (entry,) = [e for e in store.audit.entries(limit=1000) if e["action"] == "day.sign_off"]
    assert (entry["actor"], entry["target"]) == ("super01", "2026-11-26")
    assert json.loads(entry["detail"])["sign_off_id"] == answer["sign_off_id"]
    assert store.audit.verify() == []
    listed = json.loads(cli("eod", "--date", "2026-11-26", "--json").stdout)["sign_offs"]
    assert [(s["sign_off_id"], s["delivered_at"]) for s in listed] == [
        (answer["sign_off_id"], None)
    ]


def test_fees_per_window_in_the_report_and_the_json(
    tmp_path: Path, cli: Callable[..., CliResult], store: Store, make_case: CaseFactory
) -> None:
    owed = make_case("accept")
    with store.transaction() as db:
        payment_writes.record_payment_due(
            db, case_id=owed.case_id, fee_cents=2050, reference=f"JF-{owed.case_no}"
        )
    figures = json.loads(cli("eod", "--date", "2026-11-26", "--json").stdout)
    (mine,) = figures["windows"]
    assert (mine["fees_recorded_cents"], mine["fees_unpaid"], mine["fees_paid_cents"]) == (
        2050,
        1,
        0,
    )
    human = cli("--lang", "en", "eod", "--date", "2026-11-26")
    assert "Recorded 1 · 20.50 yuan, Paid 0 · 0.00 yuan, Unpaid 1 · 20.50 yuan" in human.stdout
    pdf = tmp_path / "eod.pdf"
    assert cli("eod", "--date", "2026-11-26", "--out", str(pdf)).returncode == 0
    text = pdf_tools.text(pdf).replace(" ", "")
    assert "缴费" in text and "1件20.50元" in text and "0件0.00元" in text


def test_a_report_onto_a_full_medium_names_the_disk(
    home: Home, store: Store, tmp_path: Path
) -> None:
    """``--out`` onto a full USB stick: the disk named, exit 2, never a traceback."""
    store.close()
    stick = tmp_path / "usb"
    stick.mkdir()
    script = (
        'dd if=/dev/zero of="$1/filler" bs=4k 2>/dev/null\n'
        '"$2" -m counter_app.cli.main --home "$3" eod --out "$1/eod.pdf"\n'
    )
    done = on_a_small_disk(stick, "256k", script, sys.executable, str(home.root))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "无法写入" in done.stderr and "已满" in done.stderr
    assert "disk refused" in done.stderr and "Traceback" not in done.stderr
