"""``counter-central staff add`` refuses a display name with a bidi override: synced to the
windows, ``李\u202e建国`` would show in their account lists as another member (李国建)."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable

import pytest

from tests.central.conftest import CliRun, Platform


def test_a_bidi_override_in_a_display_name_is_refused(
    platform: Platform, run_cli: Callable[..., CliRun], monkeypatch: pytest.MonkeyPatch
) -> None:
    add = ("staff", "add", "--hall", platform.hall, "--name", "li.jianguo", "--role", "clerk")
    monkeypatch.setattr(sys, "stdin", io.StringIO("Window-2026-ok\n"))
    refused = run_cli(*add, "--display-name", "李\u202e建国", "--password-stdin", *platform.db)
    assert refused.returncode == 1
    assert "显示名称中含有不可见或改变文字方向的字符 U+202E" in refused.stderr
    listed = run_cli("staff", "list", "--hall", platform.hall, *platform.db)
    assert "li.jianguo" not in listed.stdout
    monkeypatch.setattr(sys, "stdin", io.StringIO("Window-2026-ok\n"))
    added = run_cli(*add, "--display-name", "李建国", "--password-stdin", *platform.db)
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["display_name"] == "李建国"
