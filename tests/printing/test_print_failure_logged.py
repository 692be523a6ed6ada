"""A ``counter-app print`` that fails leaves more in ``cli.log`` than the issue of the
document: the queue it was sent to and the print system's words, at WARNING."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from counter_app.config import update_user_config
from counter_app.home import Home
from tests.conftest import CliResult
from tests.printing.cups_fixture import CupsServer
from tests.printing.fixtures import CaseFactory


@pytest.mark.integration
def test_a_print_to_a_missing_queue_is_logged_with_the_queue_and_why(
    cli: Callable[..., CliResult], home: Home, make_case: CaseFactory, cups: CupsServer
) -> None:
    case = make_case("accept")
    update_user_config(home, {"printing": {"cups_server": cups.server}})
    failed = cli("print", case.case_id, "--printer", "no-such-queue")
    assert failed.returncode != 0 and "打印机“no-such-queue”不存在" in failed.stderr
    logged = (home.logs_dir / "cli.log").read_text(encoding="utf-8").splitlines()
    [warning] = [line for line in logged if "WARNING printing.cli" in line]
    assert "'no-such-queue' failed (printer_unavailable)" in warning
    assert "Printer 'no-such-queue' does not exist" in warning
