"""The modes of what ``durable_files`` writes (their durability: ``test_power_cut_writes``)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app.durable_files import export_file, replace_file, write_new_file, write_private_file


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_each_file_gets_its_mode_and_nothing_is_left_beside_it(tmp_path, umask_022) -> None:
    write_private_file(tmp_path / "home" / "credential", b"secret")
    replace_file(tmp_path / "provision.toml", b"[hall]\n", 0o640)
    (tmp_path / "usb" / "reports").mkdir(parents=True)  # an export makes no folder
    export_file(
        tmp_path / "usb" / "reports" / "day.pdf", b"%PDF", ("日结报告", "The report"), field="out"
    )

    assert _mode(tmp_path / "home" / "credential") == 0o600
    assert _mode(tmp_path / "home") == 0o700
    assert _mode(tmp_path / "provision.toml") == 0o640
    assert _mode(tmp_path / "usb" / "reports" / "day.pdf") == 0o644  # the user's umask
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [
        "credential",
        "day.pdf",
        "provision.toml",
    ]


def test_a_new_file_never_replaces_one_that_exists(tmp_path) -> None:
    write_new_file(tmp_path / "device_id", b"first\n")

    with pytest.raises(FileExistsError):
        write_new_file(tmp_path / "device_id", b"second\n")

    assert (tmp_path / "device_id").read_bytes() == b"first\n"
    assert [p.name for p in tmp_path.iterdir()] == ["device_id"]
