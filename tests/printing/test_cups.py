"""Printing through a real CUPS scheduler (private instance, cups-pdf queue) with the real
``counter-app print`` command, including a paused queue and the reprint after it resumes."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from counter_app.store.cases import find_case
from counter_app.store.database import Store
from tests.conftest import CliRunner
from tests.printing import pdf_tools
from tests.printing.cups_fixture import CupsServer, pdf_output_dir
from tests.printing.fixtures import CaseFactory
from tests.waiting import wait_until

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def use_private_cups(cups: CupsServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNTER_APP__PRINTING__CUPS_SERVER", cups.server)
    monkeypatch.setenv("COUNTER_APP__PRINTING__PRINT_TIMEOUT_SECONDS", "90")


def _cups_pdf_output(report: dict[str, str], timeout: float = 60.0) -> Path:
    """The file cups-pdf wrote for the job (named from the job title, i.e. the document's
    unique serial, and ``job_N``), once it is there."""
    number = report["job"].rsplit("-", 1)[1]

    def written() -> Path | None:
        found = list(pdf_output_dir().glob(f"{report['serial']}*job_{number}.pdf"))
        return found[0] if found and found[0].stat().st_size > 0 else None

    return wait_until(
        written, f"cups-pdf's output for {report} in {pdf_output_dir()}", timeout=timeout
    )


def _assert_is_the_case(printed: Path, case_no: str, work: Path) -> None:
    """What came out of the printer pipeline carries this case number, in its barcode read
    back from a 200 dpi render. Not in its text: CUPS (pdftops, ghostscript) turns the fonts
    into Type 3 without Unicode maps, and which characters still extract depends on the order
    their glyphs first appear on the page, which the time printed on it changes (digits of
    the number failed to extract at 06:04 and not at 05:49)."""
    try:
        png = pdf_tools.render_png(printed, work / printed.stem, 200)
        assert dict(pdf_tools.barcodes(png)).get("CODE-128") == case_no
    finally:
        printed.unlink()  # cups-pdf writes into the user's ~/PDF: leave nothing behind


def _documents(store: Store, case_id: str) -> list[tuple[int, str, str | None]]:
    return store.db.execute(
        "SELECT reprint_no, print_status, print_error FROM documents WHERE case_id = ?"
        " ORDER BY document_id",
        (case_id,),
    ).fetchall()


def test_print_command_reaches_a_real_queue(
    run_cli: CliRunner, make_case: CaseFactory, pdf_queue: str, store: Store, tmp_path: Path
) -> None:
    case = make_case("accept")
    started = time.time()
    result = run_cli("print", case.case_no, "--printer", pdf_queue, "--json", timeout=120)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["printer"] == pdf_queue and report["document"] == "receipt"
    printed = _cups_pdf_output(report)
    assert printed.stat().st_mtime >= started - 1
    _assert_is_the_case(printed, case.case_no, tmp_path)
    assert find_case(store, case.case_id).receipt_printed
    assert _documents(store, case.case_id) == [(0, "printed", None)]


def test_paused_queue_fails_clearly_then_prints_the_original_after_resume(
    run_cli: CliRunner,
    make_case: CaseFactory,
    pdf_queue: str,
    cups: CupsServer,
    store: Store,
    tmp_path: Path,
) -> None:
    case = make_case("accept")
    assert cups.run("cupsdisable", pdf_queue).returncode == 0
    failed = run_cli("print", case.case_id, "--printer", pdf_queue, "--format", "80mm")
    assert failed.returncode != 0
    assert "已暂停" in failed.stderr and "paused" in failed.stderr
    record = find_case(store, case.case_id)
    assert record.state == "accepted" and not record.receipt_printed
    assert _documents(store, case.case_id)[0][:2] == (0, "failed")

    assert cups.run("cupsenable", pdf_queue).returncode == 0
    # The original never came out: printing it now is its first print, not a 补打.
    original = run_cli("print", case.case_id, "--printer", pdf_queue, "--format", "80mm", "--json")
    assert original.returncode == 0, original.stderr
    first = json.loads(original.stdout)
    (serial,) = store.db.execute(
        "SELECT serial FROM documents WHERE case_id = ?", (case.case_id,)
    ).fetchone()
    assert (first["serial"], first["reprint_no"]) == (serial, 0)
    _assert_is_the_case(_cups_pdf_output(first), case.case_no, tmp_path)
    assert find_case(store, case.case_id).receipt_printed
    no_reason = run_cli("print", case.case_id, "--printer", pdf_queue, "--format", "80mm")
    assert no_reason.returncode != 0 and "补打" in no_reason.stderr
    again = run_cli(
        "print",
        case.case_id,
        "--printer",
        pdf_queue,
        "--format",
        "80mm",
        "--reprint-reason",
        "打印机暂停，恢复后补打",
        "--approved-by",
        "super01",
        "--password-stdin",
        "--json",
        input="correct-horse-9\n",
    )
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert report["reprint_no"] == 1
    assert "第1次补打" in pdf_tools.text(Path(report["archived"]))
    _assert_is_the_case(_cups_pdf_output(report), case.case_no, tmp_path)
    assert find_case(store, case.case_id).receipt_printed
    assert [row[:2] for row in _documents(store, case.case_id)] == [
        (0, "printed"),
        (1, "printed"),
    ]
    actions = [
        row[0]
        for row in store.db.execute(
            "SELECT action FROM audit_log WHERE target = ? AND action LIKE 'document.%' ORDER BY seq",
            (case.case_id,),
        )
    ]
    assert actions == [
        "document.issue",
        "document.print_failed",
        "document.printed",
        "document.reprint",
        "document.printed",
    ]


def test_failing_job_is_reported_and_cancelled(
    run_cli: CliRunner, make_case: CaseFactory, cups: CupsServer, store: Store
) -> None:
    case = make_case("refuse")
    queue = f"counter-broken-{case.case_id[:8]}"
    cups.add_broken_queue(queue)
    try:
        result = run_cli("print", case.case_id, "--printer", queue, "--lang", "en")
        assert result.returncode != 0
        assert "打印任务" in result.stderr and "print again" in result.stderr
        assert _documents(store, case.case_id)[0][1] == "failed"
        assert not find_case(store, case.case_id).receipt_printed
        # nothing is left queued to print by surprise later
        assert cups.run("lpstat", "-o", queue).stdout.strip() == ""
    finally:
        cups.delete_queue(queue)


def test_missing_queue_is_reported(
    run_cli: CliRunner, make_case: CaseFactory, store: Store
) -> None:
    case = make_case("notify")
    result = run_cli("print", case.case_id, "--printer", "no-such-queue")
    assert result.returncode != 0
    assert "不存在" in result.stderr and "does not exist" in result.stderr
    assert _documents(store, case.case_id)[0][1] == "failed"


def test_receipt_command_writes_the_pdf(
    run_cli: CliRunner, make_case: CaseFactory, tmp_path: Path
) -> None:
    case = make_case("deferral")
    out = tmp_path / "receipt.pdf"
    result = run_cli("receipt", case.case_id, "--out", str(out), "--format", "80mm", "--lang", "en")
    assert result.returncode == 0, result.stderr
    text = pdf_tools.text(out)
    assert "Notice of Acceptance with Deferred" in text and case.case_no in text
    assert str(out) in result.stdout
