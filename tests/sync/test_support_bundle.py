"""``counter-app support-bundle OUT``: one owner-only zip with what IT support needs (logs,
rotated ones too; crash reports; a doctor run; sync status; the window's identity; config
files with their secrets taken out), never the database, keys, documents or backups, with
ID and mobile numbers masked as a safety net; it never overwrites a file."""

from __future__ import annotations

import argparse
import json
import stat
import zipfile
from pathlib import Path

import pydantic
import pytest

from counter_app import __version__
from counter_app.cli.main import add_global_options, run_command
from counter_app.config import load_config
from counter_app.crash_reports import crash_report_path
from counter_app.home import Home
from counter_app.store.database import open_store
from counter_app.store.timestamps import utc_now
from counter_app.usage_errors import BilingualParser
from sync.support_bundle_cli import register
from ui.crash import write_crash_log

ID_NUMBER, MOBILE = "310104199001011234", "13912345678"
NAME = "张三"


def support_bundle(home: Home, *words: str) -> int:
    parser = BilingualParser(prog="counter-app")
    add_global_options(parser)
    register(parser.add_subparsers(dest="command", metavar="COMMAND"))
    args: argparse.Namespace = parser.parse_args(["--home", str(home.root), *words])
    return run_command(args)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Home:
    """A window that has run: its store and key, documents and backups, logs (one rotated)
    that slipped an ID and a mobile number, a crash report, a user config naming its
    platform with a password in the address, and a provisioning file holding its code."""
    home = Home(tmp_path / "home").ensure()
    open_store(home, load_config(home)).close()
    (home.documents_dir / "receipt.pdf").write_bytes(b"%PDF-1.7 a receipt")
    (home.backups_dir / "counter-backup.db").write_bytes(b"SQLite format 3")
    (home.logs_dir / "gui.log.1").write_text("an older day\n", encoding="utf-8")
    (home.logs_dir / "gui.log").write_text(
        f"card read for {ID_NUMBER}, phone {MOBILE}, case 2026120700000123456789\n",
        encoding="utf-8",
    )
    (home.logs_dir / "sync.log").write_text("sync run: pushed 1\n", encoding="utf-8")
    crash_report_path(home.crash_dir, utc_now()).write_text(
        "Traceback …\nRuntimeError\n", encoding="utf-8"
    )
    home.config_path.write_text(
        '[hall]\nhall_code = "310104-01"\nwindow_code = "W03"\n'
        '[sync]\nurl = "https://it:s3cret@platform.example/"\n',
        encoding="utf-8",
    )
    provision = tmp_path / "provision.toml"
    provision.write_text(
        '[hall]\nhall_code = "310104-01"\n[sync]\nurl = "https://platform.example/"\n'
        'enrolment_code = "K7Q2-9XLM"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("COUNTER_APP_PROVISION_FILE", str(provision))
    return home


def test_the_bundle_holds_what_it_needs_and_nothing_it_must_not(
    home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bundle.zip"

    assert support_bundle(home, "support-bundle", str(out)) == 0

    assert f"支持包已写入 {out}" in capsys.readouterr().out
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with zipfile.ZipFile(out) as bundle:
        names = set(bundle.namelist())
        text = {name: bundle.read(name).decode("utf-8") for name in names}
    crash = next(name for name in names if name.startswith("crash/crash-"))
    assert names == {
        "workstation.json",
        "doctor.json",
        "sync-status.json",
        "logs/gui.log.1",
        "logs/gui.log",
        "logs/sync.log",
        "logs/cli.log",  # this command's own, naming the window
        crash,
        "config/user.toml",
        "config/provision.toml",
    }
    assert json.loads(text["workstation.json"])["version"] == __version__
    doctor = json.loads(text["doctor.json"])
    assert doctor["workstation"]["mode"] == "production"
    assert {"config", "database", "key_file"} <= {check["name"] for check in doctor["checks"]}
    assert "backlog" in json.loads(text["sync-status.json"])
    assert f"counter-app {__version__} cli " in text["logs/cli.log"]

    # The safety net: what looks like an ID or a mobile number is masked; a longer number
    # (a time stamp, a count) is not.
    assert ID_NUMBER not in text["logs/gui.log"] and MOBILE not in text["logs/gui.log"]
    assert "3101**********1234" in text["logs/gui.log"] and "139****5678" in text["logs/gui.log"]
    assert "2026120700000123456789" in text["logs/gui.log"]

    # Secrets out, the rest kept.
    assert "K7Q2-9XLM" not in text["config/provision.toml"]
    assert 'enrolment_code = "***"' in text["config/provision.toml"]
    assert 'hall_code = "310104-01"' in text["config/provision.toml"]
    assert "s3cret" not in text["config/user.toml"]
    assert 'url = "https://***@platform.example/"' in text["config/user.toml"]
    assert 'window_code = "W03"' in text["config/user.toml"]


def test_json_names_the_files_and_the_masked_numbers(
    home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bundle.zip"

    assert support_bundle(home, "--lang", "en", "support-bundle", str(out), "--json") == 0

    document = json.loads(capsys.readouterr().out)
    assert document["bundle"] == str(out)
    assert "logs/gui.log" in document["files"]
    assert document["masked"] == 2


def test_an_existing_file_is_never_overwritten(
    home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bundle.zip"
    out.write_bytes(b"IT's earlier bundle")

    assert support_bundle(home, "support-bundle", str(out)) == 2

    err = capsys.readouterr().err
    assert f"文件 {out} 已经存在：支持包不会覆盖已有的文件" in err
    assert f"{out} exists already: a support bundle never overwrites a file" in err
    assert out.read_bytes() == b"IT's earlier bundle"


def test_a_folder_that_does_not_exist_is_named(
    home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "usb" / "bundle.zip"

    assert support_bundle(home, "--lang", "en", "support-bundle", str(out)) == 2

    assert f"The folder {out.parent} does not exist" in capsys.readouterr().err
    assert not out.parent.exists()


def test_a_training_hall_bundles_its_platform_log_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = Home(tmp_path / "training").claim(training=True)
    platform = home.root / "training-central"
    platform.mkdir()
    (platform / "central.log.1").write_text("yesterday's requests\n", encoding="utf-8")
    (platform / "central.log").write_text("device d33b0c4f9a21 batch of 1 applied\n", "utf-8")
    (platform / "central.sqlite3").write_bytes(b"SQLite format 3")
    out = tmp_path / "bundle.zip"

    assert support_bundle(home, "--training", "support-bundle", str(out), "--json") == 0

    files = json.loads(capsys.readouterr().out)["files"]
    assert [name for name in files if name.startswith("logs/training-central/")] == [
        "logs/training-central/central.log.1",
        "logs/training-central/central.log",
    ]
    assert not any("sqlite" in name or name.endswith(".db") for name in files)


class _Applicant(pydantic.BaseModel):
    name: str = pydantic.Field(max_length=1)


def _save_applicant(name: str) -> None:
    try:
        _Applicant(name=name)
    except pydantic.ValidationError as exc:
        raise RuntimeError(f"could not save {name}") from exc


def test_a_crash_report_goes_in_without_its_exception_messages(home: Home, tmp_path: Path) -> None:
    # A validation error quotes what was typed (``input_value='张三'``), over several lines.
    with pytest.raises(RuntimeError) as raised:
        _save_applicant(NAME)
    report = write_crash_log(home.crash_dir, raised.type, raised.value, raised.value.__traceback__)
    out = tmp_path / "bundle.zip"

    assert support_bundle(home, "support-bundle", str(out)) == 0

    with zipfile.ZipFile(out) as bundle:
        crash = bundle.read(f"crash/{report.name}").decode("utf-8")
    assert NAME not in crash and "validation error" not in crash
    lines = crash.splitlines()
    assert lines[0] == f"counter-app {__version__}"
    assert lines[2] == "thread MainThread"
    assert "pydantic_core._pydantic_core.ValidationError: <message removed>" in lines
    assert "The above exception was the direct cause of the following exception:" in lines
    assert lines[-1] == "RuntimeError: <message removed>"
    # The frames that raised each stay: file, line, function and source line.
    assert any(
        line.startswith(f'  File "{__file__}", line ') and line.endswith(", in _save_applicant")
        for line in lines
    )
    assert "    _Applicant(name=name)" in lines
