"""The GUI's print route against a real CUPS queue (a private cupsd with cups-pdf), found
through ``CUPS_SERVER``: where CUPS is the print system the window prints through printing's
dispatcher; Qt's own route (``print_pdf``, Windows' spooler) is run here on CUPS too. What
cups-pdf writes is read back."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

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
from ui.qt_printing import print_issued, print_pdf

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def qt_cups_server(cups: CupsServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CUPS_SERVER", cups.server)


def _print_on_worker(store: Store, config: Config, issued: IssuedDocument, printer: str) -> str:
    """Print off the GUI thread, as the window's worker does; the printer's name comes back."""
    with ThreadPoolExecutor(1) as pool:
        job = pool.submit(print_issued, store, config, issued, actor="clerk07", printer=printer)
        return job.result(timeout=120).printer


@pytest.fixture
def document_process(bundled_fonts: None) -> Iterator[DocumentProcess]:
    """The window's document process, where it rasterises and spools for the Qt route."""
    process = DocumentProcess(None)  # the bundled fonts
    yield process
    process.close()


def _assert_printed_as_issued(store: Store, case_id: str, issued_pdf: Path, printed: Path) -> None:
    """cups-pdf's output has the issued PDF's pages, at its sizes, with the case's QR code."""
    try:
        expected = pdf_tools.pages(issued_pdf)
        got = pdf_tools.pages(printed)
        assert len(got) == len(expected)
        for (width, height), (want_width, want_height) in zip(got, expected, strict=True):
            assert abs(width - want_width) <= 1.5 and abs(height - want_height) <= 1.5
        png = pdf_tools.render_png(printed, printed.parent / f"{printed.stem}-page", 200)
        codes = dict(pdf_tools.barcodes(png))
        token = case_document(store, case_id)["track_token"]
        assert codes.get("QR-Code") == f"https://zwdt.sh.gov.cn/track/{token}"
    finally:
        printed.unlink()  # cups-pdf writes into the user's ~/PDF: leave nothing behind


@pytest.mark.parametrize("fmt", [PaperFormat.A4, PaperFormat.ROLL_80MM])
def test_window_route_prints_the_receipt_on_a_real_queue(
    qapp,
    store: Store,
    config: Config,
    home: Home,
    make_case: CaseFactory,
    pdf_queue: str,
    fmt: PaperFormat,
) -> None:
    case = make_case("accept")
    issued = issue_document(store, config, home, case.case_id, fmt=fmt, actor="clerk07")
    assert _print_on_worker(store, config, issued, pdf_queue) == pdf_queue
    _assert_printed_as_issued(store, case.case_id, issued.pdf_path, cups_pdf_output(issued.serial))
    assert find_case(store, case.case_id).receipt_printed
    assert print_record(store, issued) == ("printed", None)
    detail = store.db.execute(
        "SELECT action, detail FROM audit_log WHERE target = ? ORDER BY seq DESC LIMIT 1",
        (case.case_id,),
    ).fetchone()
    assert detail[0] == "document.printed" and f"{pdf_queue}-" in detail[1]  # the job id


def test_qt_print_pdf_spools_the_pages_from_the_document_process(
    qapp,
    store: Store,
    config: Config,
    home: Home,
    make_case: CaseFactory,
    pdf_queue: str,
    document_process: DocumentProcess,
) -> None:
    """Qt's route, the window's where the print system is not CUPS, run here on CUPS."""
    case = make_case("accept")
    issued = issue_document(store, config, home, case.case_id, actor="clerk07")
    document_process.call(
        print_pdf, config, pdf_queue, issued.pdf_path, issued.fmt, title=issued.serial
    )
    _assert_printed_as_issued(store, case.case_id, issued.pdf_path, cups_pdf_output(issued.serial))


def test_qt_route_missing_printer_is_reported_and_reprintable(
    qapp,
    store: Store,
    config: Config,
    home: Home,
    make_case: CaseFactory,
    pdf_queue: str,  # the server has printers, just not this one
) -> None:
    case = make_case("accept")
    issued = issue_document(store, config, home, case.case_id, actor="clerk07")
    with pytest.raises(PrinterUnavailable) as failure:
        _print_on_worker(store, config, issued, "no-such-queue")
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
    assert "打印服务（CUPS）未运行或无法连接" in failure.value.zh
    assert "cannot be reached" in failure.value.en
    assert not find_case(store, case.case_id).receipt_printed
