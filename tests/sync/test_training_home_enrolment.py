"""A training hall's home is never enrolled with a platform from the command line or by
provisioning (docs/operations.md §2.4): ``enroll`` and ``provision`` are refused before the
platform hears of them, the code stays unused, and doctor does not ask IT to enrol it. Its own
window's enrolment with the training platform is tests/ui/test_training_hall.py's."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from counter_app.home import Home
from sync.credential import load_identity
from sync.errors import EnrolmentRefused
from sync.provisioning import provision
from tests.central.server_fixture import RunningCentral
from tests.conftest import CliResult
from tests.sync.conftest import HALL

Cli = Callable[..., CliResult]


@pytest.fixture
def training(tmp_path: Path) -> Home:
    """A training hall's home, as ``counter-app --training --home DIR`` makes it."""
    return Home(tmp_path / "train1").claim(training=True)


def assert_nothing_enrolled(training: Home, central: RunningCentral) -> None:
    assert load_identity(training) is None
    assert central.cli("devices", "--json") == {"devices": []}


def test_enroll_is_refused_in_a_training_home_and_the_code_stays_usable(
    cli: Cli, training: Home, central: RunningCentral, tmp_path: Path
) -> None:
    code = central.enroll_code(HALL, "W09")
    refused = cli(
        "--training", "enroll", central.url, code, "--allow-insecure-http", home_dir=training.root
    )
    assert refused.returncode == 2, refused.stderr
    assert "培训大厅" in refused.stderr and "从不登记到正式平台" in refused.stderr
    assert "docs/operations.md §3" in refused.stderr
    assert "登记成功" not in refused.stdout
    assert_nothing_enrolled(training, central)
    english = cli("--training", "--lang", "en", "enroll", central.url, code, home_dir=training.root)
    assert english.returncode == 2
    assert "never enrolled with a production platform" in english.stderr, english.stderr
    # The platform never saw the code: a production window enrols with it.
    window = Home(tmp_path / "window").ensure()
    enrolled = cli("enroll", central.url, code, "--allow-insecure-http", home_dir=window.root)
    assert enrolled.returncode == 0, enrolled.stderr
    assert load_identity(window) is not None


def test_provision_is_refused_in_a_training_home_and_keeps_the_code_in_the_file(
    cli: Cli, training: Home, central: RunningCentral, tmp_path: Path
) -> None:
    central.publish_bundled_catalog()
    path = tmp_path / "provision.toml"
    before = (
        f'[hall]\nhall_code = "{HALL}"\nwindow_code = "W09"\n[sync]\nurl = "{central.url}"\n'
        f'allow_insecure_http = true\nenrolment_code = "{central.enroll_code(HALL, "W09")}"\n'
    )
    path.write_text(before, encoding="utf-8")
    refused = cli("--training", "provision", str(path), home_dir=training.root)
    assert refused.returncode == 2, refused.stderr
    assert "培训大厅" in refused.stderr and "docs/operations.md §3" in refused.stderr
    assert "本机已就绪" not in refused.stdout
    assert path.read_text(encoding="utf-8") == before
    assert_nothing_enrolled(training, central)
    # Without a file either: the training hall reads none, so that is not what it is told.
    bare = cli("--training", "provision", home_dir=training.root)
    assert bare.returncode == 2 and "培训大厅" in bare.stderr, bare.stderr


def test_the_provisioning_the_first_start_screen_runs_refuses_a_training_home(
    training: Home, central: RunningCentral
) -> None:
    with pytest.raises(EnrolmentRefused) as refused:
        provision(
            training,
            central.url,
            central.enroll_code(HALL, "W09"),
            allow_insecure_http=True,
            actor="first-start:it",
        )
    assert refused.value.field == "home"
    assert_nothing_enrolled(training, central)


def test_doctor_does_not_ask_to_enrol_a_training_home(
    cli: Cli, training: Home, central: RunningCentral
) -> None:
    # A production platform's address in the system file, which the training hall ignores.
    system_file = Path(os.environ["COUNTER_APP_SYSTEM_CONFIG"])
    system_file.write_text(f'[sync]\nurl = "{central.url}"\n', encoding="utf-8")
    for lang, said in (("zh", "培训大厅：按设计不登记"), ("en", "not enrolled by design")):
        shown = cli("--training", "--lang", lang, "doctor", "--json", home_dir=training.root)
        checks = {c["name"]: c for c in json.loads(shown.stdout)["checks"]}
        assert checks["sync"]["status"] == "ok"
        assert said in checks["sync"]["detail"]
        assert "counter-app enroll" not in checks["sync"]["detail"]
