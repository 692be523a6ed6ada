"""``counter-app case show`` says what became of each document of the case: issued, printed
or failed (and why), with its title and serial, as the window's case history does. It once
printed only ``文书`` per event, the same line four times."""

from __future__ import annotations

from pathlib import Path

from counter_app.domain.documents import DOCUMENT_TITLES, DocumentKind
from tests.conftest import CliRunner
from tests.printing.fixtures import CaseFactory


def test_case_show_names_each_document_and_its_outcome(
    run_cli: CliRunner, make_case: CaseFactory, tmp_path: Path
) -> None:
    case = make_case("accept")
    saved = run_cli("receipt", case.case_id, "--out", str(tmp_path / "r.pdf"))
    assert saved.returncode == 0, saved.stderr
    failed = run_cli("print", case.case_id, "--printer", "no-such-queue")
    assert failed.returncode != 0

    shown = run_cli("case", "show", case.case_no).stdout
    title_zh, title_en = DOCUMENT_TITLES[DocumentKind.RECEIPT]
    (issued,) = [line for line in shown.splitlines() if line.strip().startswith("出具文书")]
    assert title_zh in issued and "WS-" in issued
    (failure,) = [line for line in shown.splitlines() if line.strip().startswith("打印失败")]
    assert "WS-" in failure and failure.endswith("）")  # why, in brackets

    in_english = run_cli("--lang", "en", "case", "show", case.case_no).stdout
    assert any(
        line.strip().startswith("document issued") and title_en in line
        for line in in_english.splitlines()
    )
