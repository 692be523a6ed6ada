"""The case the installer's smoke test imports (``installer/smoke_test.py``) is accepted by
the training hall as it stands: a built package's check never fails on the case itself."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from installer.smoke_test import TEST_CASE
from tests.conftest import CliResult


def test_the_smoke_tests_case_is_accepted(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text(json.dumps(TEST_CASE, ensure_ascii=False) + "\n", encoding="utf-8")

    fresh = tmp_path / "training"  # as the smoke test runs it: a training hall's own home
    imported = cli("--training", "import", str(cases), "--json", home_dir=fresh)

    assert imported.returncode == 0, imported.stdout + imported.stderr
    (line,) = imported.stdout.splitlines()
    assert json.loads(line)["case_no"]
