"""The public progress page in a real browser: Debian's chromium, headless, at a phone's
width (390×844), for a valid and an invalid token, in Chinese and in English (the browser's
Accept-Language). The DOM is checked; the screenshots are kept as test artefacts (their
paths are printed: ``pytest -s``)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import struct
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from central.simulator import SimulatedDevice
from central.store import devices as device_register
from central.store import open_store
from tests.central.conftest import push_ok, tracked_case, unique_hall
from tests.central.server_fixture import RunningCentral, start_central

pytestmark = [pytest.mark.integration, pytest.mark.slow]

PHONE = (390, 844)
# A cold chromium start on a loaded 2-core machine takes seconds; a hung one is ended.
BROWSER_TIMEOUT_SECONDS = 90


@dataclass(frozen=True)
class Tracked:
    central: RunningCentral
    token: str
    case_no: str
    id_number: str  # the simulator's applicant's, one per case


@pytest.fixture(scope="module")
def tracked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tracked]:
    central = start_central(tmp_path_factory.mktemp("track-browser"))
    try:
        device = SimulatedDevice(central.url)
        store = open_store(central.db, central.key_file)
        try:
            code, _ = device_register.create_enroll_code(store, unique_hall(), "W1", 60)
        finally:
            store.close()
        assert device.enroll(code).status_code == 200
        case, token = tracked_case(device, department="310115-CLF")
        push_ok(device, [case])
        yield Tracked(central, token, case["case_no"], case["payload"]["applicant"]["id_number"])
    finally:
        central.stop()


def _chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.fail("chromium is not installed: run `make setup` (Debian package chromium)")
    return path


def _browse(url: str, profile: Path, accept_language: str, *extra: str) -> str:
    """Run headless chromium on ``url``; its stdout. Ended (its whole process group) when
    it outlives the timeout or the test fails meanwhile."""
    command = [
        _chromium(),
        "--headless",
        "--no-sandbox",  # the test may run as root (a container), where the sandbox refuses
        "--disable-gpu",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        f"--user-data-dir={profile}",
        f"--accept-lang={accept_language}",
        f"--window-size={PHONE[0]},{PHONE[1]}",
        *extra,
        url,
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # its renderer and helpers share the group: killed together
    )
    try:
        out, err = process.communicate(timeout=BROWSER_TIMEOUT_SECONDS)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    assert process.returncode == 0, err.decode("utf-8", "replace")[-2000:]
    return out.decode("utf-8")


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


LANGUAGES = {"zh": "zh-CN,zh", "en": "en-US,en"}
VALID = {
    "zh": ("办理进度", "已受理", "领取时请携带", "办理部门（全市通办）", "提交评价"),
    "en": ("Case progress", "Accepted", "To collect the result", "Handled by", "Submit rating"),
}
INVALID = {"zh": "未找到该办件", "en": "No such case"}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("valid", [True, False], ids=["valid-token", "invalid-token"])
def test_the_progress_page_in_a_headless_browser_at_phone_width(
    tracked: Tracked, tmp_path: Path, lang: str, valid: bool
) -> None:
    token = tracked.token if valid else "Z" * len(tracked.token)
    url = f"{tracked.central.url}/track/{token}"
    accept = LANGUAGES[lang]

    dom = _browse(url, tmp_path / "profile-dom", accept, "--dump-dom")
    html_lang = "zh-CN" if lang == "zh" else "en"
    assert f'<html lang="{html_lang}">' in dom
    assert 'name="viewport"' in dom
    if valid:
        for text in VALID[lang]:
            assert text in dom, text
        assert tracked.case_no in dom
        assert "模拟申请人" not in dom and tracked.id_number not in dom
        assert dom.count('type="radio"') == 5
    else:
        assert INVALID[lang] in dom
        assert "<table>" not in dom

    screenshot = tmp_path / f"track-{'valid' if valid else 'invalid'}-{lang}.png"
    _browse(url, tmp_path / "profile-shot", accept, f"--screenshot={screenshot}")
    assert _png_size(screenshot) == PHONE
    print(f"\nprogress page screenshot ({lang}, {'valid' if valid else 'invalid'}): {screenshot}")
