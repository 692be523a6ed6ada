"""Build ``counter-app_<version>_<arch>.deb`` from a PyInstaller bundle directory.

    python installer/build_deb.py dist/counter-app --out dist

The bundle goes to ``/opt/counter-app/``; ``/usr/bin/counter-app`` and
``/usr/bin/counter-central`` link to its executables; a desktop entry and an icon make it
appear in the menu; ``/etc/counter-app/config.toml`` is the commented provisioning
template, registered as a conffile so dpkg keeps the administrator's edits on upgrade.
The maintainer scripts (installer/debian/) refuse a downgrade, create the group and the
window's home under /var/lib/counter-app, reload udev for the ID-card readers' rules and
enable pcscd; purge deletes /etc/counter-app, never the home.
Only ``dpkg-deb`` is needed (no fakeroot: files are owned by root via --root-owner-group).
The texts it ships are in ``deb_texts``; Depends and the library check in ``deb_dependencies``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from installer.bundle import EXECUTABLES, REPO_ROOT, version
from installer.deb_dependencies import DEPENDS, RECOMMENDS, check_libraries
from installer.deb_texts import (
    COPYRIGHT,
    DESKTOP_ENTRY,
    LINTIAN_OVERRIDES,
    MANUAL_PAGE,
    MANUAL_SUMMARIES,
    TRAINING_DESKTOP_ENTRY,
)

PACKAGE = "counter-app"
INSTALL_DIR = Path("/opt/counter-app")
CONFFILE = Path("/etc/counter-app/config.toml")
PROVISIONING_TEMPLATE = REPO_ROOT / "installer" / "provisioning" / "config.toml.example"
ICON = REPO_ROOT / "installer" / "assets" / "counter-app.svg"
MAINTAINER_SCRIPTS_DIR = REPO_ROOT / "installer" / "debian"
MAINTAINER_SCRIPTS = ("preinst", "postinst", "postrm")
UDEV_RULES = "60-counter-app-id-card-readers.rules"
# Created by postinst (not shipped, so dpkg never deletes it) and kept even on purge; the
# shipped system config points the production home below it.
DATA_DIR = Path("/var/lib/counter-app")
PACKAGE_HOME = DATA_DIR / "window"
HOME_LINE = f'path = "{PACKAGE_HOME}"'
OPERATIONS_DOC = REPO_ROOT / "docs" / "operations.md"
# The integrator that ships the package replaces this with --maintainer.
MAINTAINER = "counter-app maintainers <counter-app@example.org>"


class PackagingError(Exception):
    """The bundle or the build environment is not what the builder needs; says what to do."""


@dataclass
class DebPackage:
    """What goes into the package; the defaults are the product's."""

    bundle: Path
    version: str
    architecture: str
    depends: tuple[str, ...] = DEPENDS
    recommends: tuple[str, ...] = RECOMMENDS
    programs: tuple[str, ...] = EXECUTABLES
    system_config: Path = PROVISIONING_TEMPLATE
    maintainer: str = MAINTAINER

    @property
    def filename(self) -> str:
        return f"{PACKAGE}_{self.version}_{self.architecture}.deb"


def host_architecture() -> str:
    return subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()


def _check_bundle(package: DebPackage) -> None:
    if not package.bundle.is_dir():
        raise PackagingError(
            f"bundle directory {package.bundle} does not exist: run `make package` "
            "(or pyinstaller installer/counter-app.spec) first"
        )
    for program in package.programs:
        path = package.bundle / program
        if not path.is_file() or not os.access(path, os.X_OK):
            raise PackagingError(
                f"{path} is missing or not executable: is {package.bundle} a complete bundle "
                "built from installer/counter-app.spec?"
            )


def _is_shared_library(name: str) -> bool:
    return name.endswith(".so") or ".so." in name


def _normalise_permissions(root: Path) -> None:
    """Directories and programs 0755, other files (shared libraries included: they are
    mapped, never executed) 0644, whatever the build umask and the wheels' modes were."""
    for directory, _subdirs, files in os.walk(root):
        os.chmod(directory, 0o755)  # noqa: S103 - installed program files are world-readable
        for name in files:
            path = Path(directory) / name
            if path.is_symlink():
                continue
            executable = path.stat().st_mode & (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
            program = executable and not _is_shared_library(name)
            os.chmod(path, 0o755 if program else 0o644)


def _write(path: Path, content: str | bytes, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.write_bytes(data)
    os.chmod(path, mode)


def _changelog(package: DebPackage) -> bytes:
    stamp = format_datetime(datetime.now(UTC))
    text = (
        f"{PACKAGE} ({package.version}) unstable; urgency=medium\n\n"
        f"  * Release {package.version}, built from the PyInstaller bundle.\n\n"
        f" -- {package.maintainer}  {stamp}\n"
    )
    # mtime=0 and no file name: the same changelog always compresses to the same bytes.
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def _installed_size_kib(root: Path) -> int:
    total = 0
    for directory, _subdirs, files in os.walk(root):
        if Path(directory).relative_to(root).parts[:1] == ("DEBIAN",):
            continue
        for name in files:
            path = Path(directory) / name
            total += 1 if path.is_symlink() else -(-path.stat().st_size // 1024)
    return max(total, 1)


def _md5sums(root: Path) -> str:
    lines = []
    for directory, _subdirs, files in sorted(os.walk(root)):
        relative_dir = Path(directory).relative_to(root)
        if relative_dir.parts[:1] == ("DEBIAN",):
            continue
        for name in sorted(files):
            path = Path(directory) / name
            if path.is_symlink():
                continue
            digest = hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()
            lines.append(f"{digest}  {(relative_dir / name).as_posix()}\n")
    return "".join(lines)


def _control(package: DebPackage, installed_size: int) -> str:
    return (
        f"Package: {PACKAGE}\n"
        f"Version: {package.version}\n"
        f"Architecture: {package.architecture}\n"
        f"Maintainer: {package.maintainer}\n"
        f"Installed-Size: {installed_size}\n"
        f"Depends: {', '.join(package.depends)}\n"
        f"Recommends: {', '.join(package.recommends)}\n"
        "Section: misc\n"
        "Priority: optional\n"
        "Description: counter client for one-stop government service halls\n"
        " The window clerk's program of a 一网通办 (Government Online-Offline) service\n"
        " hall: reads identity documents, accepts cases offline-first into an encrypted\n"
        " local store, prints receipts and notices, and synchronises with the central\n"
        " platform. Includes counter-central, the reference platform used by the\n"
        " training hall and for pilots.\n"
    )


def packaged_system_config(template: Path) -> str:
    """The template with ``[home] path`` switched on: the template is shared with Windows,
    where /var/lib means nothing, so it ships the line commented out."""
    text = template.read_text(encoding="utf-8")
    commented = f"# {HOME_LINE}\n"
    if commented not in text:
        return text
    return text.replace(commented, f"{HOME_LINE}\n", 1)


def stage(package: DebPackage, root: Path) -> None:
    """Lay out the package's file system tree and DEBIAN/ control files under ``root``."""
    _check_bundle(package)
    install_dir = root / INSTALL_DIR.relative_to("/")
    shutil.copytree(package.bundle, install_dir, symlinks=True)
    bin_dir = root / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    for program in package.programs:
        # Absolute: /usr/bin and /opt are different top-level directories.
        (bin_dir / program).symlink_to(INSTALL_DIR / program)
    share = root / "usr" / "share"
    _write(share / "applications" / f"{PACKAGE}.desktop", DESKTOP_ENTRY)
    _write(share / "applications" / f"{PACKAGE}-training.desktop", TRAINING_DESKTOP_ENTRY)
    _write(share / "icons" / "hicolor" / "scalable" / "apps" / f"{PACKAGE}.svg", ICON.read_bytes())
    doc = share / "doc" / PACKAGE
    _write(doc / "copyright", COPYRIGHT)
    # A native package (no Debian revision in the version): changelog.gz, not changelog.Debian.gz.
    _write(doc / "changelog.gz", _changelog(package))
    if OPERATIONS_DOC.is_file():
        _write(doc / "operations.md", OPERATIONS_DOC.read_bytes())
    for program in package.programs:
        summary, description = MANUAL_SUMMARIES[program]
        page = MANUAL_PAGE.format(
            name=program,
            name_upper=program.upper(),
            version=package.version,
            summary=summary,
            description=description,
        )
        compressed = gzip.compress(page.encode("utf-8"), compresslevel=9, mtime=0)
        _write(share / "man" / "man1" / f"{program}.1.gz", compressed)
    _write(share / "lintian" / "overrides" / PACKAGE, LINTIAN_OVERRIDES)
    _write(
        root / "usr" / "lib" / "udev" / "rules.d" / UDEV_RULES,
        (MAINTAINER_SCRIPTS_DIR / UDEV_RULES).read_bytes(),
    )
    _write(root / CONFFILE.relative_to("/"), packaged_system_config(package.system_config))
    _normalise_permissions(root)
    debian = root / "DEBIAN"
    debian.mkdir(mode=0o755)
    _write(debian / "conffiles", f"{CONFFILE}\n")
    for script in MAINTAINER_SCRIPTS:
        text = (MAINTAINER_SCRIPTS_DIR / script).read_text(encoding="utf-8")
        _write(debian / script, text.replace("@VERSION@", package.version), 0o755)
    _write(debian / "md5sums", _md5sums(root))
    _write(debian / "control", _control(package, _installed_size_kib(root)))


# xz at level 1, not dpkg-deb's 6: for the 320 MB bundle 134 MB instead of 122 MB, made in
# 79 s of CPU instead of 265 s (measured on the 2-core build machine, where the package is
# built beside the test suite). Unpacking takes the same time. Debian's lintian accepts
# only gzip and xz members.
XZ_LEVEL = 1


def build(package: DebPackage, out_dir: Path, compression: str = "xz") -> Path:
    """Stage and build the package into ``out_dir``; returns the .deb's path."""
    if shutil.which("dpkg-deb") is None:
        raise PackagingError("dpkg-deb is missing: install the Debian package dpkg")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / package.filename
    with tempfile.TemporaryDirectory(prefix="counter-app-deb-") as work:
        root = Path(work) / "root"
        root.mkdir()
        stage(package, root)
        result = subprocess.run(
            [
                "dpkg-deb",
                "--root-owner-group",
                f"-Z{compression}",
                *([f"-z{XZ_LEVEL}"] if compression == "xz" else []),
                "--build",
                str(root),
                str(target),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode != 0:
        raise PackagingError(f"dpkg-deb failed: {result.stderr.strip()}")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", type=Path, help="the PyInstaller bundle (dist/counter-app)")
    parser.add_argument("--out", type=Path, default=Path("dist"), help="where to put the .deb")
    parser.add_argument(
        "--version", default=version(), help="package version (default: the program's)"
    )
    parser.add_argument("--arch", help="Debian architecture (default: this machine's)")
    parser.add_argument("--maintainer", default=MAINTAINER, help="Maintainer: 'Name <mail>'")
    parser.add_argument(
        "--compression", default="xz", choices=["xz", "gzip", "zstd", "none"], help="dpkg-deb -Z"
    )
    parser.add_argument(
        "--check-libraries",
        action="store_true",
        help="only report system libraries the bundle loads that Depends does not cover",
    )
    args = parser.parse_args(argv)
    package = DebPackage(
        args.bundle, args.version, args.arch or host_architecture(), maintainer=args.maintainer
    )
    if args.check_libraries:
        problems = check_libraries(package.bundle, package.depends)
        for problem in problems:
            print(problem)
        return 1 if problems else 0
    try:
        target = build(package, args.out, args.compression)
    except PackagingError as exc:
        print(f"build_deb: {exc}", file=sys.stderr)
        return 1
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
