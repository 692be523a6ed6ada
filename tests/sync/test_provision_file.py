"""``counter-app provision [FILE]``: IT's provisioning file (docs/operations.md, "Provision a
window") enrols the window, pulls its first feeds and loses its used code; a bad file, a used
code or a platform that cannot be reached leaves the window unprovisioned with one message."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from counter_app.config import load_config
from counter_app.home import Home
from counter_app.store.database import open_store
from sync.credential import load_identity
from sync.provisioning import is_provisioned
from tests.central.server_fixture import RunningCentral
from tests.conftest import CliResult
from tests.sync.backlog import seed_cases
from tests.sync.conftest import HALL, closed_address

Cli = Callable[..., CliResult]
ANY_CODE = '[sync]\nurl = "http://127.0.0.1:9"\nenrolment_code = "ABCD-EFGH"\n'


@pytest.fixture
def window(tmp_path: Path, central: RunningCentral) -> Home:
    """A production home as the package leaves it, the platform's catalog published."""
    central.publish_bundled_catalog()
    return Home(tmp_path / "window")


def write_file(
    path: Path, urls: list[str], code: str, window: str = "W07", key: str = "urls"
) -> Path:
    addresses = ", ".join(json.dumps(url) for url in urls)
    path.write_text(
        "# written by the hall's install tooling\n"
        f'[hall]\nhall_code = "{HALL}"\nwindow_code = "{window}"\n'
        f"[sync]\n{key} = [{addresses}]\nallow_insecure_http = true  # test platform\n"
        f'enrolment_code = "{code}"\n',
        encoding="utf-8",
    )
    return path


def provision(cli: Cli, window: Home, path: Path, *options: str) -> CliResult:
    return cli("provision", str(path), *options, home_dir=window.root)


def test_the_file_provisions_the_window_and_loses_its_used_code(
    cli: Cli, window: Home, central: RunningCentral, tmp_path: Path
) -> None:
    path = write_file(tmp_path / "provision.toml", [central.url], central.enroll_code(HALL, "W07"))
    path.chmod(0o640)
    result = provision(cli, window, path, "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["provisioned"] is True
    assert (answer["hall"], answer["window"], answer["code_removed"]) == (HALL, "W07", True)
    assert answer["warnings"] == []
    assert is_provisioned(window)
    config = load_config(window)
    assert (config.sync.url, config.hall.window_code) == (central.url, "W07")
    kept = path.read_text(encoding="utf-8")
    assert "enrolment_code" not in kept
    assert "# written by the hall's install tooling" in kept and central.url in kept
    assert path.stat().st_mode & 0o777 == 0o640

    # Run again (IT's tooling re-applied): enrolled already, so no code is needed.
    again = provision(cli, window, path)
    assert again.returncode == 0, again.stderr
    assert "本机已就绪" in again.stdout


def test_a_used_code_leaves_the_window_unprovisioned_with_one_message(
    cli: Cli, window: Home, central: RunningCentral, tmp_path: Path
) -> None:
    code = central.enroll_code(HALL, "W07")
    other = Home(tmp_path / "other")
    used = provision(cli, other, write_file(tmp_path / "other.toml", [central.url], code))
    assert used.returncode == 0, used.stderr
    second = write_file(tmp_path / "provision.toml", [central.url], code)
    result = cli("--lang", "en", "provision", str(second), home_dir=window.root)
    assert result.returncode == 2
    assert "enrolment code" in result.stderr.lower()
    assert not is_provisioned(window)
    assert "enrolment_code" in second.read_text(encoding="utf-8")  # nothing used, nothing lost


@pytest.mark.parametrize("key", ["urls", "url"])  # a list under url, as config.toml takes it
def test_every_address_is_kept_and_the_next_tried_only_when_one_cannot_be_reached(
    cli: Cli, window: Home, central: RunningCentral, tmp_path: Path, key: str
) -> None:
    urls = [closed_address(), central.url]
    path = write_file(tmp_path / "provision.toml", urls, central.enroll_code(HALL, "W07"), key=key)
    result = provision(cli, window, path, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["platform_url"] == central.url
    assert is_provisioned(window)
    assert load_config(window).sync.url.split() == urls  # the window fails over later too


def test_a_file_naming_another_window_gets_a_warning(
    cli: Cli, window: Home, central: RunningCentral, tmp_path: Path
) -> None:
    code = central.enroll_code(HALL, "W07")
    path = write_file(tmp_path / "provision.toml", [central.url], code, window="W09")
    result = provision(cli, window, path, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["window"] == "W07"
    assert "W09" in result.stderr and "以平台为准" in result.stderr


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[sync\nurl = ", ("格式错误", "TOML")),
        ('[sync]\nenrolment_code = "ABCD-EFGH"\n', ("sync.url",)),
        ('[sync]\nurl = "http://127.0.0.1:9"\n', ("sync.enrolment_code",)),
        ('[sync]\nurl = "http://127.0.0.1:9"\nallow_insecure_http = "yes"\n', ("true or false",)),
        (f'{ANY_CODE}ca_bundel = "/etc/counter-app/ca.pem"\n', ("sync.ca_bundel", "ca_bundle")),
        (f'[hal]\nhall_code = "310104-001"\n{ANY_CODE}', ("[hal]", "[hall]")),
        (f"{ANY_CODE}urls = []\n", ("sync.url 和 sync.urls", "both sync.url and sync.urls")),
    ],
)
def test_a_bad_file_names_what_is_wrong(
    cli: Cli, window: Home, tmp_path: Path, text: str, words: tuple[str, ...]
) -> None:
    path = tmp_path / "provision.toml"
    path.write_text(text, encoding="utf-8")
    result = provision(cli, window, path)
    assert result.returncode == 2
    assert str(path) in result.stderr
    for word in words:
        assert word in result.stderr
    assert not is_provisioned(window)


def test_a_missing_file_is_named(cli: Cli, window: Home, tmp_path: Path) -> None:
    result = provision(cli, window, tmp_path / "nowhere.toml")
    assert result.returncode == 2
    assert "找不到该文件" in result.stderr and "nowhere.toml" in result.stderr


def test_a_folder_or_a_path_through_a_file_is_named(cli: Cli, window: Home, tmp_path: Path) -> None:
    folder = tmp_path / "provision"
    folder.mkdir()
    result = provision(cli, window, folder)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"配置文件 {folder} 无法使用：这是一个文件夹，不是配置文件。")
    assert "it is a folder, not a file" in result.stderr
    through = tmp_path / "afile"
    through.write_text("", encoding="utf-8")
    result = provision(cli, window, through / "provision.toml")
    assert result.returncode == 2 and "Not a directory" in result.stderr
    assert not is_provisioned(window)


def test_provisioning_is_the_windows_first_successful_sync(
    cli: Cli, window: Home, central: RunningCentral, tmp_path: Path
) -> None:
    path = write_file(tmp_path / "provision.toml", [central.url], central.enroll_code(HALL, "W07"))
    assert provision(cli, window, path).returncode == 0
    status = json.loads(cli("sync", "status", "--json", home_dir=window.root).stdout)
    assert status["last_success_at"] is not None
    doctor = json.loads(cli("doctor", "--json", home_dir=window.root).stdout)
    [check] = [c for c in doctor["checks"] if c["name"] == "sync"]
    assert check["status"] == "ok", check


def test_a_platform_without_a_catalog_yet_provisions_later_from_the_same_file(
    cli: Cli, tmp_path: Path, central: RunningCentral
) -> None:
    window = Home(tmp_path / "window")
    path = write_file(tmp_path / "provision.toml", [central.url], central.enroll_code(HALL, "W07"))
    first = provision(cli, window, path)
    assert first.returncode == 2
    assert "平台还没有发布事项目录" in first.stderr and "counter-app provision" in first.stderr
    assert "enrolment_code" not in path.read_text(encoding="utf-8")  # spent, so gone at once
    central.publish_bundled_catalog()
    again = provision(cli, window, path)
    assert again.returncode == 0, again.stderr
    assert is_provisioned(window)


def test_an_enrolled_window_does_not_use_a_code_left_in_the_file_again(
    cli: Cli, window: Home, central: RunningCentral, tmp_path: Path
) -> None:
    """A program before this one took the code out only after the whole provisioning: a
    failure after the enrolment left the spent code in the file."""
    code = central.enroll_code(HALL, "W07")
    path = write_file(tmp_path / "provision.toml", [central.url], code)
    assert provision(cli, window, path).returncode == 0
    write_file(path, [central.url], code)
    again = provision(cli, window, path, "--json")
    assert again.returncode == 0, again.stderr
    [note] = json.loads(again.stdout)["warnings"]
    assert "没有再使用文件中的登记码" in note and "window_code" in note
    assert "enrolment_code" not in path.read_text(encoding="utf-8")
    assert len(central.cli("devices", "--json")["devices"]) == 1


def test_a_file_naming_another_window_enrols_the_window_there(
    cli: Cli, window: Home, central: RunningCentral, tmp_path: Path
) -> None:
    path = write_file(tmp_path / "provision.toml", [central.url], central.enroll_code(HALL, "W07"))
    assert provision(cli, window, path).returncode == 0
    old = load_identity(window)
    assert old is not None
    with open_store(window, load_config(window)) as store:
        seed_cases(store, 2, hall=HALL, window="W07")
    moved = write_file(path, [central.url], central.enroll_code(HALL, "W08"), window="W08")

    waiting = provision(cli, window, moved)
    assert waiting.returncode == 2 and "2 件办件待上传" in waiting.stderr
    assert load_identity(window) == old
    assert cli("sync", "--once", home_dir=window.root).returncode == 0
    done = provision(cli, window, moved)

    assert done.returncode == 0, done.stderr
    assert load_config(window).hall.window_code == "W08"
    assert f"counter-central revoke {old.device_id}" in done.stderr


@pytest.mark.parametrize(
    ("addresses", "zh", "en"),
    [
        ("url = 5", "sync.url 应为一个地址或地址列表", "sync.url must be one address or a list"),
        ('url = ["http://a", 5]', "sync.url 应为一个地址或地址列表", "sync.url must be one"),
        ("url = []", "缺少平台地址 sync.url", "the platform address sync.url is missing"),
        ('urls = "http://a"', "sync.urls 应为地址列表", "sync.urls must be a list of addresses"),
        ('urls = [" "]', "缺少平台地址 sync.urls", "the platform address sync.urls is missing"),
    ],
)
def test_a_refused_address_names_the_key_the_file_has(
    cli: Cli, window: Home, tmp_path: Path, addresses: str, zh: str, en: str
) -> None:
    path = tmp_path / "provision.toml"
    path.write_text(f'[sync]\n{addresses}\nenrolment_code = "ABCD-EFGH"\n', encoding="utf-8")
    result = provision(cli, window, path)
    assert result.returncode == 2
    chinese, english = result.stderr.splitlines()[:2]
    assert zh in chinese and en in english
    other = "sync.url " if "urls" in addresses else "sync.urls"
    assert other not in result.stderr
    assert not is_provisioned(window)
