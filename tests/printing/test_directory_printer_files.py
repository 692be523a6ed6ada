"""The simulated printer (``dir:PATH``) files each job owner-only, as the archive keeps its
copy: a job holds the applicant's name and masked ID number, and the folder may be shared."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from printing.dispatch import DirectoryPrinter
from tests.in_process import CliResult
from tests.printing.fixtures import CaseFactory


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The usual 022: a file written without care would be readable by everyone."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("open_umask")
def test_counter_app_print_to_a_directory_writes_the_job_owner_only(
    cli: Callable[..., CliResult], make_case: CaseFactory, tmp_path: Path
) -> None:
    case = make_case()
    paper = tmp_path / "paper"
    paper.mkdir(mode=0o755)
    printed = cli("print", case.case_no, "--printer", f"dir:{paper}", "--json")
    assert printed.returncode == 0, printed.stderr
    (job,) = paper.glob("job-*.pdf")
    assert job.read_bytes() == Path(json.loads(printed.stdout)["archived"]).read_bytes()
    assert _mode(job) == 0o600
    assert [path.name for path in paper.iterdir()] == [job.name]  # no temporary left


@pytest.mark.usefixtures("open_umask")
def test_each_job_is_a_new_owner_only_file(tmp_path: Path) -> None:
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(b"%PDF-1.4 first")
    paper = tmp_path / "paper"
    paper.mkdir()
    printer = DirectoryPrinter(paper)
    first = printer.print_pdf(pdf, "受理回执")
    pdf.write_bytes(b"%PDF-1.4 second")
    second = printer.print_pdf(pdf, "受理回执")
    assert (first.job_id, second.job_id) == ("job-00001-receipt.pdf", "job-00002-receipt.pdf")
    assert (paper / first.job_id).read_bytes() == b"%PDF-1.4 first"
    assert [_mode(paper / outcome.job_id) for outcome in (first, second)] == [0o600, 0o600]
