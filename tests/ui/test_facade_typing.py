"""mypy checks the window's calls into its core: a screen handing the facade a dict, or
taking its result as the wrong type, fails the type check (as ``make check`` runs it)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCREEN = """\
from ui.facade_types import CaseRow, DecisionResult
from ui.window_session import Session


def show_rows(rows: list[CaseRow]) -> None: ...


def show_case(case: DecisionResult) -> None: ...


def refresh(session: Session) -> None:
    session.worker.submit(lambda ws: ws.list_cases("", None, None, True), show_rows)
    session.worker.submit(lambda ws: ws.case_detail("c"), show_rows)  # WRONG
    session.worker.submit(
        lambda ws: ws.decide(ws.signed_in(), {"decision": "accept"}),  # WRONG
        show_case,
    )
"""


@pytest.mark.slow
def test_mypy_checks_a_screens_calls_into_the_core(tmp_path: Path) -> None:
    screen = tmp_path / "screen.py"
    screen.write_text(SCREEN, encoding="utf-8")
    cache = tmp_path / "cache"
    if (ROOT / ".mypy_cache").is_dir():
        # A copy of ``make typecheck``'s cache (same options): only the screen is checked
        # anew, under a second instead of ten. Without one mypy checks the whole closure.
        shutil.copytree(ROOT / ".mypy_cache", cache)
    checked = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(cache),
            str(screen),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=240,
    )
    flagged = {int(n) for n in re.findall(r"screen\.py:(\d+): error", checked.stdout)}
    wrong = {n for n, line in enumerate(SCREEN.splitlines(), 1) if "# WRONG" in line}
    assert flagged == wrong, checked.stdout + checked.stderr
