"""The GUI's Qt print route against a real CUPS queue (a private cupsd with cups-pdf): Qt's
CUPS plugin finds the queue through ``CUPS_SERVER``; what cups-pdf writes is read back."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.case_plaintext import case_document
from counter_app.store.cases import find_case
from counter_app.store.database import Store
from printing.document_data import PaperFormat
from printing.document_process import DocumentProcess
from printing.errors import PrinterUnavailable
from printing.service import IssuedDocument, issue_document
from tests.printing import pdf_tools
from tests.printing.cups_fixture import CupsServer, cups_pdf_output
from tests.printing.fixtures import CaseFactory, print_record
from ui.qt_printing import print_issued

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def qt_cups_server(cups: CupsServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CUPS_SERVER", cups.server)


def _print_on_worker(
    store: Store, config: Config, issued: IssuedDocument, printer: str, run: Any = None
) -> str:
    """Print off the GUI thread, as the window's worker does; the printer's name comes back."""
    with ThreadPoolExecutor(1) as pool:
        job = pool.submit(
            print_issued, store, config, issued, actor="clerk07", printer=printer, run=run
        )
        return job.result(timeout=120).printer


@pytest.fixture
def document_process(bundled_fonts: None) -> Iterator[DocumentProcess]:
    """The window's document process, where it rasterises and spools for the Qt route."""
    process = DocumentProcess(None)  # the bundled fonts
    yield process
    process.close()


@pytest.mark.parametrize(
    ("fmt", "where"),
    [
        (PaperFormat.A4, "worker thread"),
        (PaperFormat.ROLL_80MM, "worker thread"),
        (PaperFormat.A4, "document process"),
    ],
)
def test_qt_route_prints_the_receipt_on_a_real_queue(
    qapp,
    store: Store,
    config: Config,
    home: Home,
    make_case: CaseFactory,
    pdf_queue: str,
    tmp_path: Path,
    fmt: PaperFormat,
    where: str,
    request: pytest.FixtureRequest,
) -> None:
    run = request.getfixturevalue("document_process").call if where != "worker thread" else None
    case = make_case("accept")
    issued = issue_document(store, config, home, case.case_id, fmt=fmt, actor="clerk07")
    assert _print_on_worker(store, config, issued, pdf_queue, run) == pdf_queue
    printed = cups_pdf_output(issued.serial)
    try:
        expected = pdf_tools.pages(issued.pdf_path)
        got = pdf_tools.pages(printed)
        assert len(got) == len(expected)
        for (width, height), (want_width, want_height) in zip(got, expected, strict=True):
            assert abs(width - want_width) <= 1.5 and abs(height - want_height) <= 1.5
        png = pdf_tools.render_png(printed, tmp_path / "printed", 200)
        codes = dict(pdf_tools.barcodes(png))
        token = case_document(store, case.case_id)["track_token"]
        assert codes.get("QR-Code") == f"https://zwdt.sh.gov.cn/track/{token}"
    finally:
        printed.unlink()  # cups-pdf writes into the user's ~/PDF: leave nothing behind
    assert find_case(store, case.case_id).receipt_printed
    row = print_record(store, issued)
    assert row == ("printed", None)
    action = store.db.execute(
        "SELECT action FROM audit_log WHERE target = ? ORDER BY seq DESC LIMIT 1",
        (case.case_id,),
    ).fetchone()[0]
    assert action == "document.printed"


def test_qt_route_missing_printer_is_reported_and_reprintable(
    qapp,
    store: Store,
    config: Config,
    home: Home,
    make_case: CaseFactory,
    pdf_queue: str,  # the server has printers, just not this one
    document_process: DocumentProcess,
) -> None:
    case = make_case("accept")
    issued = issue_document(store, config, home, case.case_id, actor="clerk07")
    with pytest.raises(PrinterUnavailable) as failure:  # raised in the child, reported here
        _print_on_worker(store, config, issued, "no-such-queue", document_process.call)
    assert "打印机“no-such-queue”不存在" in failure.value.zh
    assert "does not exist" in failure.value.en
    record = find_case(store, case.case_id)
    assert record.state == "accepted" and not record.receipt_printed
    status, error = print_record(store, issued)
    assert status == "failed" and "不存在" in error


def test_qt_route_without_a_print_service_says_so(
    qapp,
    store: Store,
    config: Config,
    home: Home,
    make_case: CaseFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        monkeypatch.setenv("CUPS_SERVER", f"127.0.0.1:{probe.getsockname()[1]}")
    case = make_case("accept")
    issued = issue_document(store, config, home, case.case_id, actor="clerk07")
    with pytest.raises(PrinterUnavailable) as failure:
        _print_on_worker(store, config, issued, "Front-Desk-A4")
    assert "打印服务未运行或无法连接" in failure.value.zh
    assert "cannot be reached" in failure.value.en
    assert not find_case(store, case.case_id).receipt_printed
