"""An online pre-application made on the test platform, and a window command's JSON answer:
shared by the tests of pre-applications taken at the window."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.central.server_fixture import RunningCentral
from tests.conftest import CliResult
from tests.sample_items import ID_NUMBER, NAME, RESIDENCE_FIRST
from tests.sync.conftest import HALL


def create_preapp(central: RunningCentral, tmp_path: Path) -> dict[str, Any]:
    form, photo = tmp_path / "申请表.pdf", tmp_path / "照片.jpg"
    form.write_bytes(b"%PDF-1.4 residence permit application")
    photo.write_bytes(b"\xff\xd8\xff photo")
    created: dict[str, Any] = central.cli(
        "preapp", "create", "--hall", HALL, "--item", RESIDENCE_FIRST,
        "--id-number", ID_NUMBER, "--name", NAME,
        "--material", f"M10={form}", "--material", f"M11={photo}", "--json",
    )  # fmt: skip
    return created


def ok_json(result: CliResult) -> Any:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
