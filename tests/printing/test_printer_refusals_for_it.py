"""What a print refusal tells IT: a queue the print service lacks is named with how to list
the queues and where each window's printers are set (at a print, also that the document is
archived for another try); a print service that does not answer is named with what to check,
not "call IT" to IT reading ``doctor``."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.cases import find_case
from counter_app.store.database import Store
from printing.dispatch import CupsPrinter
from printing.errors import PrinterUnavailable
from printing.service import issue_document, print_document
from tests.printing.cups_fixture import CupsServer
from tests.printing.fixtures import CaseFactory, print_record, printing_config


def _closed_port() -> int:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.integration
def test_a_missing_queue_says_how_to_list_them_and_at_a_print_that_the_document_is_kept(
    store: Store, config: Config, home: Home, make_case: CaseFactory, cups: CupsServer
) -> None:
    listed = f"lpstat -h {cups.server} -p"
    with pytest.raises(PrinterUnavailable) as checked:  # doctor's question: no document
        CupsPrinter("no-such-queue", server=cups.server).check_ready()
    assert checked.value.zh.startswith(f"打印机“no-such-queue”不存在。请用 {listed} 列出")
    assert "设置 → 打印机" in checked.value.zh and "printing.a4_printer" in checked.value.zh
    assert "文书" not in checked.value.zh
    assert f"List the print service's printers with {listed}" in checked.value.en

    case = make_case("accept")
    issued = issue_document(store, config, home, case.case_id, actor="clerk07")
    with pytest.raises(PrinterUnavailable) as printing:
        print_document(
            store,
            printing_config(config, cups_server=cups.server),
            issued,
            actor="clerk07",
            printer="no-such-queue",
        )
    assert printing.value.zh.startswith(checked.value.zh)
    assert printing.value.zh.endswith(
        "文书已存档，改好后可在案件详情中再次打印（Ctrl+P；命令行 counter-app print）。"
    )
    assert "The document is archived" in printing.value.en
    assert issued.pdf_path.exists()
    assert print_record(store, issued)[0] == "failed"
    assert not find_case(store, case.case_id).receipt_printed


def test_an_unreachable_print_server_says_what_to_check() -> None:
    server = f"127.0.0.1:{_closed_port()}"
    with pytest.raises(PrinterUnavailable) as refused:
        CupsPrinter("A4PDF", server=server).check_ready()
    zh, en = refused.value.zh, refused.value.en
    assert zh.startswith(f"打印服务（CUPS）未运行或无法连接。请信息技术人员检查打印服务器 {server}")
    assert "systemctl status cups" in zh and f"lpstat -h {server} -r" in zh
    assert "联系信息技术人员" not in zh
    assert f"IT checks the CUPS of the print server {server}" in en and "call IT" not in en


def test_an_unreachable_socket_names_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The window sets ``CUPS_SERVER``; ``lpstat`` asks the socket it names."""
    socket_path = tmp_path / "cups.sock"
    monkeypatch.setenv("CUPS_SERVER", str(socket_path))
    with pytest.raises(PrinterUnavailable) as refused:
        CupsPrinter("A4PDF").check_ready()
    assert f"请信息技术人员检查套接字 {socket_path}（printing.cups_server）是否存在" in (
        refused.value.zh
    )
    assert f"lpstat -h {socket_path} -r" in refused.value.zh
