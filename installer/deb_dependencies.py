"""What the package needs from the workstation (Depends, Recommends), and the check that
``build_deb.py --check-libraries`` runs: every system library the bundle loads (``ldd`` on
its ELF files) comes from a package in Depends (``dpkg -S``)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

# What the bundle loads from the workstation: glibc (PySide6 6.11 wheels are built for
# manylinux_2_34), the PC/SC client and daemon (card readers), the CUPS client (lp, lpstat),
# the GL/EGL stack (never bundled: it must match the graphics driver), the X11 libraries of
# Qt's xcb platform plug-in and the Wayland ones of its wayland plug-in. Checked against the
# built bundle by `build_deb.py --check-libraries` (ldd), which `make package` runs.
DEPENDS = (
    "libc6 (>= 2.34)",
    # postinst: groupadd (the group that may use the window's home).
    "passwd",
    "pcscd",
    "libpcsclite1",
    "cups-client",
    "libegl1",
    "libgl1",
    "libglx0",
    "libglvnd0",
    "libdrm2",
    "libwayland-client0",
    "libwayland-cursor0",
    "libwayland-egl1",
    "libfontconfig1",
    "libfreetype6",
    "libdbus-1-3",
    "libglib2.0-0",
    "libx11-6",
    "libx11-xcb1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libxcb1",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libxcb-render0",
)
# ipptool reports a print job's final state (without it only "left the queue" is known);
# a system CJK font is the GUI's fallback for characters outside the bundled fonts.
RECOMMENDS = ("cups-ipp-utils", "fonts-wqy-zenhei | fonts-noto-cjk")


def _is_elf(path: Path) -> bool:
    if path.is_symlink() or not path.is_file():
        return False
    with path.open("rb") as stream:
        return stream.read(4) == b"\x7fELF"


def system_libraries(bundle: Path) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """What the bundle's ELF files load from the workstation, as the bootloader sets it up
    (bundle directory first on the library path): ``({system library: {users}}, {missing
    library: {users}})``, by running ``ldd`` on each file."""
    internal = bundle / "_internal"
    env = {**os.environ, "LD_LIBRARY_PATH": str(internal)}
    found: dict[str, set[str]] = {}
    missing: dict[str, set[str]] = {}
    for path in sorted(p for p in bundle.rglob("*") if _is_elf(p)):
        result = subprocess.run(
            ["ldd", str(path)], capture_output=True, text=True, env=env, timeout=60, check=False
        )
        user = str(path.relative_to(bundle))
        for line in result.stdout.splitlines():
            name, _, target = line.strip().partition(" => ")
            location = target.split(" (", 1)[0].strip()
            if location == "not found":
                missing.setdefault(name, set()).add(user)
            elif location.startswith("/") and not Path(location).is_relative_to(bundle.resolve()):
                found.setdefault(location, set()).add(user)
    return found, missing


def owning_packages(libraries: set[str]) -> dict[str, str]:
    """Library path → the Debian package that installed it (``dpkg -S``); unowned ones omitted."""
    owners: dict[str, str] = {}
    for library in sorted(libraries):
        real = os.path.realpath(library)
        for candidate in (library, real, real.replace("/usr/lib/", "/lib/", 1)):
            result = subprocess.run(
                ["dpkg", "-S", candidate], capture_output=True, text=True, timeout=60, check=False
            )
            if result.returncode == 0:
                owners[library] = result.stdout.split(":", 1)[0].strip()
                break
    return owners


def check_libraries(bundle: Path, depends: tuple[str, ...]) -> list[str]:
    """Problems: system libraries whose package is not in ``depends``, and libraries nobody
    provides (reported with the bundled file that wants them)."""
    declared = {entry.split()[0] for entry in depends}
    found, missing = system_libraries(bundle)
    problems = []
    for library, owner in owning_packages(set(found)).items():
        if owner not in declared:
            users = ", ".join(sorted(found[library])[:3])
            problems.append(f"{library} (package {owner}) is loaded by {users} but not in Depends")
    for library, wanted_by in sorted(missing.items()):
        users = ", ".join(sorted(wanted_by)[:3])
        problems.append(f"{library} is not installed here; wanted by {users}")
    return problems
