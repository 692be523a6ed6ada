"""The end-of-day report names the hall as its receipts and progress page do: by the name
IT configured (``hall.hall_name``), with its code."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from counter_app.services.auth import User
from counter_app.store.database import Store
from tests.conftest import CliResult
from tests.printing import pdf_tools
from tests.printing.fixtures import CaseFactory
from tests.services.end_of_day_cases import close_day

PASSWORD = "correct-horse-9"  # the printing fixtures' accounts


def test_the_signed_report_names_the_hall_with_its_code(
    tmp_path: Path,
    cli: Callable[..., CliResult],
    store: Store,
    make_case: CaseFactory,
    clerk: User,
    supervisor: User,
) -> None:
    close_day(store, make_case, clerk, supervisor)
    hall = store.config.hall
    assert hall.hall_name and hall.hall_name != hall.hall_code
    signed = cli(
        "eod",
        "--date",
        "2026-11-26",
        "--sign-off",
        "--by",
        supervisor.username,
        "--password-stdin",
        "--json",
        input=PASSWORD + "\n",
    )
    assert signed.returncode == 0, signed.stderr
    text = pdf_tools.text(Path(json.loads(signed.stdout)["archived"])).replace(" ", "")
    assert f"大厅：{hall.hall_name}（{hall.hall_code}）" in text


def test_the_exported_report_names_the_hall_with_its_code(
    tmp_path: Path,
    cli: Callable[..., CliResult],
    store: Store,
    make_case: CaseFactory,
    clerk: User,
    supervisor: User,
) -> None:
    close_day(store, make_case, clerk, supervisor)
    hall = store.config.hall
    out = tmp_path / "eod.pdf"
    exported = cli("eod", "--date", "2026-11-26", "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    assert f"大厅：{hall.hall_name}（{hall.hall_code}）" in pdf_tools.text(out).replace(" ", "")
