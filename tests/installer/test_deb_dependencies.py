"""The package's Depends against what a bundle really loads: ``ldd`` on a real ELF program
in the bundle, ``dpkg -S`` for the package that installed each library it loads."""

from __future__ import annotations

import shutil
from pathlib import Path

from installer.deb_dependencies import DEPENDS, check_libraries


def test_library_check_names_system_libraries_missing_from_depends(tmp_path: Path) -> None:
    """A real ELF program in the bundle: what it loads from the system must be in Depends."""
    internal = tmp_path / "bundle" / "_internal"
    internal.mkdir(parents=True)
    (internal / "libpython3.11.so.1.0").write_bytes(b"\x7fELF fake library body")
    shutil.copy2("/usr/bin/true", internal / "helper")
    assert check_libraries(tmp_path / "bundle", DEPENDS) == []
    problems = check_libraries(tmp_path / "bundle", ("pcscd",))
    assert len(problems) == 1
    assert "(package libc6)" in problems[0]
    assert "_internal/helper" in problems[0]
