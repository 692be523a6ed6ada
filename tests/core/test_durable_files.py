"""The modes of what ``durable_files`` writes (their durability: ``test_power_cut_writes``)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app.durable_files import (
    ExportFailed,
    export_file,
    replace_file,
    write_new_file,
    write_private_file,
)
from tests.export_targets import in_the_way


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


def _export(path: Path) -> ExportFailed:
    with pytest.raises(ExportFailed) as refused:
        export_file(path, b"%PDF", ("日结报告", "The report"), field="out")
    return refused.value


def test_an_export_replaces_only_a_regular_file(tmp_path) -> None:
    """A FIFO stands in for a device node; a link is never followed nor replaced."""
    there = in_the_way(tmp_path, ".pdf")
    folder = tmp_path / "day.pdf"
    folder.mkdir()

    assert _export(there.fifo).zh == (
        f"{there.fifo} 是一个命名管道（FIFO），不是普通文件：导出只写普通文件，不会替换它，"
        "它保持原样。请换一个文件名再导出。"
    )
    assert "is a named pipe (FIFO), not a regular file" in _export(there.fifo).en
    refused_link = _export(there.link)
    assert f"{there.link} 是一个符号链接" in refused_link.zh and refused_link.field == "out"
    assert "neither writes to the file it points to nor replaces the link" in refused_link.en
    assert f"{folder} 是一个文件夹" in _export(folder).zh

    assert there.untouched() and folder.is_dir()
    assert len(list(tmp_path.iterdir())) == 4  # no temporary file left beside them
    export_file(there.kept, b"%PDF", ("日结报告", "The report"), field="out")
    assert there.kept.read_bytes() == b"%PDF"  # a regular file is still replaced


def test_an_empty_export_path_says_so(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    refused = _export(Path(""))
    assert refused.zh.startswith("--out 的路径为空") and refused.en.startswith("--out is empty")
    assert list(tmp_path.iterdir()) == []
