"""Printing under CUPS faults: a print stopped midway (killed, Ctrl+C) never leads to a
second original; a paused or rejecting queue is refused on the window's route as on the
command line; an unreachable print service is named as such; a failed 补打 is retried as
issued; a held job is reported in words; a character no font draws stops the issue."""

from __future__ import annotations

import signal
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services.auth import User
from counter_app.store.cases import find_case
from counter_app.store.database import Store
from printing.dispatch import CupsPrinter
from printing.errors import PrinterUnavailable, PrintJobFailed, UnprintableCharacters
from printing.print_jobs import submitted_job
from printing.service import issue_document, print_document
from tests.conftest import COUNTER_APP, CliRunner
from tests.printing.cups_fixture import CUPS_PDF_PPD, CupsServer
from tests.printing.fixtures import CaseFactory, print_record, printing_config
from tests.waiting import wait_until
from ui.qt_printing import print_issued

pytestmark = pytest.mark.integration


@pytest.fixture
def stalled_queue(cups: CupsServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A queue whose device takes the connection and never reads: a job stays processing.
    ``counter-app`` reaches it through the private scheduler."""
    monkeypatch.setenv("COUNTER_APP__PRINTING__CUPS_SERVER", cups.server)
    sink = socket.socket()
    sink.bind(("127.0.0.1", 0))
    sink.listen(5)
    name = "counter-stalled"
    uri = f"socket://127.0.0.1:{sink.getsockname()[1]}"
    result = cups.run("lpadmin", "-p", name, "-v", uri, "-m", CUPS_PDF_PPD, "-E")
    assert result.returncode == 0, result.stderr
    try:
        yield name
    finally:
        cups.run("cancel", "-a", name)
        cups.delete_queue(name)
        sink.close()


def _cups_config(config: Config, cups: CupsServer) -> Config:
    return printing_config(config, cups_server=cups.server, print_timeout_seconds=300)


def _statuses(store: Store, case_id: str) -> list[tuple[int, str]]:
    return store.db.execute(
        "SELECT reprint_no, print_status FROM documents WHERE case_id = ? ORDER BY document_id",
        (case_id,),
    ).fetchall()


def _printing_until_submitted(
    store: Store, home: Home, case_id: str, queue: str
) -> tuple[subprocess.Popen[str], str, str]:
    """``counter-app print`` started on ``queue``, once its job is submitted and kept: the
    process, the document's serial and the job id."""
    printing = subprocess.Popen(
        [*COUNTER_APP, "--home", str(home.root), "print", case_id, "--printer", queue],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        (serial,) = wait_until(
            lambda: store.db.execute(
                "SELECT serial FROM documents WHERE case_id = ?", (case_id,)
            ).fetchone(),
            "the document issued",
        )
        job = wait_until(lambda: submitted_job(home, serial), "the job's id kept").job
    except BaseException:
        printing.kill()
        printing.communicate()
        raise
    return printing, serial, job


@pytest.mark.parametrize("fault", ["cupsdisable", "cupsreject"])
def test_window_route_refuses_a_paused_or_rejecting_queue(
    store: Store,
    config: Config,
    home: Home,
    make_case: CaseFactory,
    cups: CupsServer,
    pdf_queue: str,
    fault: str,
) -> None:
    case = make_case("accept")
    issued = issue_document(store, config, home, case.case_id, actor="clerk07")
    assert cups.run(fault, pdf_queue).returncode == 0
    with pytest.raises(PrinterUnavailable) as refused:
        print_issued(store, _cups_config(config, cups), issued, actor="clerk07", printer=pdf_queue)
    assert ("已暂停" if fault == "cupsdisable" else "拒绝接收任务") in refused.value.zh
    assert not find_case(store, case.case_id).receipt_printed
    assert print_record(store, issued)[0] == "failed"


def test_unreachable_print_service_is_named_without_a_document(
    make_case: CaseFactory,
) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        printer = CupsPrinter("A4PDF", server=f"127.0.0.1:{probe.getsockname()[1]}")
    with pytest.raises(PrinterUnavailable) as refused:
        printer.check_ready()
    assert "打印服务（CUPS）未运行或无法连接" in refused.value.zh
    assert "不存在" not in refused.value.zh and "文书" not in refused.value.zh


def test_a_held_job_is_reported_in_words(
    store: Store,
    config: Config,
    home: Home,
    make_case: CaseFactory,
    cups: CupsServer,
    pdf_queue: str,
) -> None:
    held = cups.run("lpadmin", "-p", pdf_queue, "-o", "job-hold-until-default=indefinite")
    assert held.returncode == 0, held.stderr
    case = make_case("accept")
    issued = issue_document(store, config, home, case.case_id, actor="clerk07")
    with pytest.raises(PrintJobFailed) as failed:
        print_document(
            store, _cups_config(config, cups), issued, actor="clerk07", printer=pdf_queue
        )
    assert "被挂起" in failed.value.zh and "pending-held" not in failed.value.zh
    assert "held" in failed.value.en


def test_a_killed_print_never_submits_a_second_original(
    run_cli: CliRunner,
    store: Store,
    home: Home,
    make_case: CaseFactory,
    cups: CupsServer,
    stalled_queue: str,
) -> None:
    case = make_case("accept")
    printing, serial, job = _printing_until_submitted(store, home, case.case_id, stalled_queue)
    printing.kill()
    printing.communicate()
    again = run_cli("print", case.case_id, "--printer", stalled_queue)
    assert again.returncode == 2
    assert f"{job} 仍在打印机" in again.stderr and "Traceback" not in again.stderr
    assert _statuses(store, case.case_id) == [(0, "not_printed")]
    jobs = cups.run("lpstat", "-o", stalled_queue).stdout
    assert jobs.count(stalled_queue + "-") == 1  # no second job

    assert cups.run("cancel", job).returncode == 0
    wait_until(
        lambda: CupsPrinter(stalled_queue, server=cups.server).job_state(job)[0] == "canceled",
        "the job cancelled",
    )
    # Gone without printing: the next print is the original again, under its serial.
    printed = run_cli("print", case.case_id, "--printer", f"dir:{home.root}")
    assert printed.returncode == 0, printed.stderr
    assert serial in printed.stdout
    assert _statuses(store, case.case_id) == [(0, "printed")]


def test_ctrl_c_cancels_the_job_and_records_it(
    store: Store,
    home: Home,
    make_case: CaseFactory,
    cups: CupsServer,
    stalled_queue: str,
) -> None:
    case = make_case("accept")
    printing, _serial, job = _printing_until_submitted(store, home, case.case_id, stalled_queue)
    try:
        printing.send_signal(signal.SIGINT)
        _out, err = printing.communicate(timeout=60)
    finally:
        if printing.poll() is None:
            printing.kill()
            printing.communicate()
    assert printing.returncode == 128 + signal.SIGINT
    assert "Traceback" not in err and "打印已中断" in err and job in err
    assert len(err.strip().splitlines()) == 1
    assert CupsPrinter(stalled_queue, server=cups.server).job_state(job)[0] == "canceled"
    assert _statuses(store, case.case_id) == [(0, "failed")]


def test_a_failed_reprint_is_retried_under_its_serial(
    store: Store,
    config: Config,
    home: Home,
    make_case: CaseFactory,
    supervisor: User,
    tmp_path: Path,
) -> None:
    case = make_case("accept")
    original = issue_document(store, config, home, case.case_id, actor="clerk07")
    print_document(store, config, original, actor="clerk07", printer=f"dir:{tmp_path}")
    reprint = issue_document(
        store,
        config,
        home,
        case.case_id,
        actor="clerk08",
        reprint_reason="申请人遗失回执",
        approved_by=supervisor,
    )
    with pytest.raises(PrinterUnavailable):
        print_document(store, config, reprint, actor="clerk08", printer=f"dir:{tmp_path}/gone")
    retried = issue_document(store, config, home, case.case_id, actor="clerk08")
    assert (retried.serial, retried.reprint_no) == (reprint.serial, 1)
    print_document(store, config, retried, actor="clerk08", printer=f"dir:{tmp_path}")
    assert _statuses(store, case.case_id) == [(0, "printed"), (1, "printed")]


def test_a_character_no_font_draws_stops_the_issue(
    store: Store, config: Config, home: Home, make_case: CaseFactory
) -> None:
    case = make_case("accept", name="王\U00030000明")  # CJK Extension G: no face has it
    with pytest.raises(UnprintableCharacters) as refused:
        issue_document(store, config, home, case.case_id, actor="clerk07")
    assert "U+30000" in refused.value.zh and "U+30000" in refused.value.en
    assert _statuses(store, case.case_id) == []
