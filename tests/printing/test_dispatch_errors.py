"""A print job ``lp`` could not submit is said in one sentence each language: ``lp``'s own
message ends in a full stop already, and the clerk's text does not add a second one."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from printing.dispatch import CupsPrinter
from printing.errors import PrintJobFailed


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_lp_s_refusal_is_quoted_without_a_doubled_stop(tmp_path: Path) -> None:
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    printer = CupsPrinter(queue="nowhere", server=f"127.0.0.1:{_closed_port()}")
    with pytest.raises(PrintJobFailed) as caught:
        printer._submit(pdf, "WS-TEST")  # the step after the queue checks
    zh, en = caught.value.zh, caught.value.en
    assert zh.startswith("打印任务提交失败：lp") and "。。" not in zh and ".。" not in zh
    assert en.startswith("The print job could not be submitted: lp") and ".." not in en
    assert zh.endswith("文书已保存，可稍后打印。")
