"""``counter-app provision --json`` says ``code_removed`` only when a code was taken out of
the file: IT's tooling re-applying the file (``COUNTER_APP_PROVISION_FILE``, its code gone
since the first run) is told nothing was removed, and not that a used code is left."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from counter_app.home import Home
from sync.provision_file import PROVISION_FILE_ENV
from tests.central.server_fixture import RunningCentral
from tests.conftest import CliResult
from tests.sync.conftest import HALL


def test_code_removed_is_true_only_for_the_run_that_took_a_code_out(
    cli: Callable[..., CliResult],
    central: RunningCentral,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    central.publish_bundled_catalog()
    window = Home(tmp_path / "window")
    path = tmp_path / "provision.toml"
    path.write_text(
        f'[hall]\nhall_code = "{HALL}"\nwindow_code = "W07"\n'
        f'[sync]\nurl = "{central.url}"\nallow_insecure_http = true\n'
        f'enrolment_code = "{central.enroll_code(HALL, "W07")}"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv(PROVISION_FILE_ENV, str(path))

    first = cli("provision", "--json", home_dir=window.root)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["code_removed"] is True
    assert "enrolment_code" not in path.read_text(encoding="utf-8")

    again = cli("provision", "--json", home_dir=window.root)
    assert again.returncode == 0, again.stderr
    answer = json.loads(again.stdout)
    assert (answer["provisioned"], answer["code_removed"]) == (True, False)
    assert "enrolment_code" not in again.stderr  # no word of a used code left in the file
