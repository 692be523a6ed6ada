"""The Debian package builder on a small real bundle tree: the .deb is built by dpkg-deb,
read back with dpkg-deb, and installed and upgraded with the real dpkg into a private
instdir/admindir, so conffile handling is dpkg's own behaviour, not a reading of our code."""

from __future__ import annotations

import configparser
import io
import os
import shutil
import stat
import subprocess
import tarfile
from pathlib import Path

import pytest

from counter_app.home import resolve_home
from installer.build_deb import (
    CONFFILE,
    PACKAGE_HOME,
    PROVISIONING_TEMPLATE,
    UDEV_RULES,
    DebPackage,
    PackagingError,
    build,
    host_architecture,
    packaged_system_config,
)
from installer.bundle import EXECUTABLES
from installer.deb_dependencies import DEPENDS


def _bundle(tmp_path: Path, marker: str = "v1") -> Path:
    """A miniature onedir bundle: its executables, a shared library and a data file."""
    bundle = tmp_path / f"bundle-{marker}"
    internal = bundle / "_internal"
    (internal / "printing" / "fonts").mkdir(parents=True)
    for program in EXECUTABLES:
        path = bundle / program
        path.write_text(f"#!/bin/sh\necho {program} {marker}\n", encoding="utf-8")
        path.chmod(0o700)  # a restrictive build umask: the builder must normalise it
    (internal / "libpython3.11.so.1.0").write_bytes(b"\x7fELF fake library body")
    (internal / "libpython3.11.so.1.0").chmod(0o755)  # as some wheels ship them
    (internal / "printing" / "fonts" / "COPYING-wqy-zenhei.txt").write_text("licence", "utf-8")
    (internal / "libpython3.so").symlink_to("libpython3.11.so.1.0")
    return bundle


def _dpkg_deb(*args: str) -> str:
    return subprocess.run(
        ["dpkg-deb", *args], capture_output=True, text=True, check=True, timeout=60
    ).stdout


@pytest.fixture
def deb(tmp_path: Path) -> Path:
    package = DebPackage(_bundle(tmp_path), "1.2.3", "amd64")
    return build(package, tmp_path / "out", compression="gzip")


def test_package_name_and_control_fields(deb: Path) -> None:
    assert deb.name == "counter-app_1.2.3_amd64.deb"
    fields = {
        name: _dpkg_deb("-f", str(deb), name).strip()
        for name in (
            "Package",
            "Version",
            "Architecture",
            "Depends",
            "Recommends",
            "Installed-Size",
        )
    }
    assert fields["Package"] == "counter-app"
    assert fields["Version"] == "1.2.3"
    assert fields["Architecture"] == "amd64"
    depends = [d.strip() for d in fields["Depends"].split(",")]
    for runtime in (
        "pcscd",
        "libpcsclite1",
        "cups-client",
        "libegl1",
        "libxkbcommon-x11-0",
        "libxcb-cursor0",
    ):
        assert runtime in depends
    assert "libc6 (>= 2.34)" in depends
    assert depends == list(DEPENDS)
    assert "cups-ipp-utils" in fields["Recommends"]
    assert int(fields["Installed-Size"]) >= 1


def test_contents_owners_permissions_and_links(deb: Path) -> None:
    with tarfile.open(fileobj=_data_tar(deb)) as tar:
        members = {m.name.removeprefix("./").rstrip("/"): m for m in tar.getmembers()}
    for member in members.values():
        assert (member.uname, member.gname) == ("root", "root"), member.name
    for program in EXECUTABLES:
        executable = members[f"opt/counter-app/{program}"]
        assert stat.S_IMODE(executable.mode) == 0o755
        link = members[f"usr/bin/{program}"]
        assert link.issym() and link.linkname == f"/opt/counter-app/{program}"
    assert stat.S_IMODE(members["opt/counter-app/_internal/libpython3.11.so.1.0"].mode) == 0o644
    assert members["opt/counter-app/_internal/libpython3.so"].issym()
    assert stat.S_IMODE(members["opt/counter-app/_internal"].mode) == 0o755
    assert stat.S_IMODE(members["etc/counter-app/config.toml"].mode) == 0o644
    for required in (
        "usr/share/applications/counter-app.desktop",
        "usr/share/applications/counter-app-training.desktop",
        "usr/share/icons/hicolor/scalable/apps/counter-app.svg",
        "usr/share/doc/counter-app/copyright",
        "usr/share/doc/counter-app/changelog.gz",
        "usr/share/man/man1/counter-app.1.gz",
        "usr/share/man/man1/counter-central.1.gz",
        "usr/share/man/man1/counter-app-gui.1.gz",
        "opt/counter-app/_internal/printing/fonts/COPYING-wqy-zenhei.txt",
    ):
        assert required in members, required


def _data_tar(deb: Path) -> io.BytesIO:
    process = subprocess.run(
        ["dpkg-deb", "--fsys-tarfile", str(deb)], capture_output=True, check=True, timeout=60
    )
    return io.BytesIO(process.stdout)


def test_conffile_is_the_provisioning_template(deb: Path, tmp_path: Path) -> None:
    control = tmp_path / "control"
    subprocess.run(["dpkg-deb", "--control", str(deb), str(control)], check=True, timeout=60)
    assert (control / "conffiles").read_text(encoding="utf-8").split() == [str(CONFFILE)]
    md5sums = (control / "md5sums").read_text(encoding="utf-8")
    assert "  opt/counter-app/counter-app\n" in md5sums
    assert "usr/bin/counter-app" not in md5sums  # symlinks carry no checksum
    extracted = tmp_path / "fs"
    subprocess.run(["dpkg-deb", "--extract", str(deb), str(extracted)], check=True, timeout=60)
    shipped = extracted / "etc" / "counter-app" / "config.toml"
    # The shared template with the package's home switched on: the installed program finds
    # the window's home under /var/lib whichever OS account starts it.
    assert shipped.read_text(encoding="utf-8") == packaged_system_config(PROVISIONING_TEMPLATE)
    assert f'\npath = "{PACKAGE_HOME}"\n' in shipped.read_text(encoding="utf-8")
    assert f'\n# path = "{PACKAGE_HOME}"\n' in PROVISIONING_TEMPLATE.read_text(encoding="utf-8")
    assert resolve_home(None, {"COUNTER_APP_SYSTEM_CONFIG": str(shipped)}).root == PACKAGE_HOME
    for script in ("preinst", "postinst", "postrm"):
        assert stat.S_IMODE((control / script).stat().st_mode) == 0o755, script
    assert '"1.2.3"' in (control / "preinst").read_text(encoding="utf-8")
    rules = extracted / "usr" / "lib" / "udev" / "rules.d" / UDEV_RULES
    assert 'ATTR{idVendor}=="0400", ATTR{idProduct}=="c35a"' in rules.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("file_name", "name", "command"),
    [
        ("counter-app.desktop", "一网通办窗口受理", "counter-app-gui"),
        # The training hall is only ever opened by choice, from its own entry.
        ("counter-app-training.desktop", "窗口受理系统（培训）", "counter-app-gui --training"),
    ],
)
def test_desktop_entries_have_the_chinese_name_and_start_the_gui(
    deb: Path, tmp_path: Path, file_name: str, name: str, command: str
) -> None:
    extracted = tmp_path / "fs"
    subprocess.run(["dpkg-deb", "--extract", str(deb), str(extracted)], check=True, timeout=60)
    desktop = extracted / "usr" / "share" / "applications" / file_name
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(desktop, encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Name"] == name
    assert entry["Name[zh_CN]"] == name
    assert entry["Exec"] == command
    assert entry["Icon"] == "counter-app"
    assert entry["Type"] == "Application"
    icon = extracted / "usr/share/icons/hicolor/scalable/apps/counter-app.svg"
    assert icon.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    # desktop-file-validate (Debian desktop-file-utils, in the Makefile's DEB_PACKAGES).
    result = subprocess.run(
        ["desktop-file-validate", str(desktop)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def _dpkg(instdir: Path, admindir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            "dpkg",
            f"--instdir={instdir}",
            f"--admindir={admindir}",
            "--force-depends",
            "--force-not-root",
            # Maintainer scripts run outside a chroot with DPKG_ROOT set to instdir: they
            # lay out their files there and leave the running system's groups and services.
            "--force-script-chrootless",
            "--force-confold",  # what a non-interactive upgrade (apt -y) does by default
            "--log=/dev/null",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )


def test_dpkg_install_and_upgrade_keep_the_edited_system_config(tmp_path: Path) -> None:
    instdir, admindir = tmp_path / "instdir", tmp_path / "admindir"
    instdir.mkdir()
    for sub in ("info", "updates", "triggers"):
        (admindir / sub).mkdir(parents=True)
    (admindir / "status").write_text("", encoding="utf-8")
    first = build(DebPackage(_bundle(tmp_path, "v1"), "1.0.0", "amd64"), tmp_path / "o1", "gzip")
    installed = _dpkg(instdir, admindir, "--install", str(first))
    assert installed.returncode == 0, installed.stderr
    config = instdir / "etc" / "counter-app" / "config.toml"
    assert config.read_text(encoding="utf-8") == packaged_system_config(PROVISIONING_TEMPLATE)
    data_dir = instdir / "var" / "lib" / "counter-app"
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o2770
    assert os.readlink(instdir / "usr/bin/counter-app") == "/opt/counter-app/counter-app"
    edited = '[hall]\nhall_name = "徐汇区行政服务中心"\n'
    config.write_text(edited, encoding="utf-8")

    # The next release changes the template too: dpkg keeps the administrator's file and
    # puts the new template beside it.
    new_template = tmp_path / "config.toml.example"
    new_template.write_text("# release 1.1 template\n", encoding="utf-8")
    second = build(
        DebPackage(_bundle(tmp_path, "v2"), "1.1.0", "amd64", system_config=new_template),
        tmp_path / "o2",
        "gzip",
    )
    upgraded = _dpkg(instdir, admindir, "--install", str(second))
    assert upgraded.returncode == 0, upgraded.stderr
    assert config.read_text(encoding="utf-8") == edited
    beside = config.with_name("config.toml.dpkg-dist")
    assert beside.read_text(encoding="utf-8") == "# release 1.1 template\n"
    program = (instdir / "opt/counter-app/counter-app").read_text(encoding="utf-8")
    assert program.endswith("counter-app v2\n")
    status = _dpkg(instdir, admindir, "--status", "counter-app").stdout
    assert "Version: 1.1.0" in status
    assert "/etc/counter-app/config.toml" in status  # listed under Conffiles

    # An older package is refused by preinst with the reason and the way back.
    downgrade = _dpkg(instdir, admindir, "--install", str(first))
    assert downgrade.returncode != 0
    assert "拒绝降级" in downgrade.stderr and "downgrade refused" in downgrade.stderr
    assert "Version: 1.1.0" in _dpkg(instdir, admindir, "--status", "counter-app").stdout
    assert program.endswith("counter-app v2\n")

    # What IT and the window put there: a provisioning file beside the config, a home.
    provision = config.with_name("provision.toml")
    provision.write_text('[platform]\nurl = "https://platform.example"\n', encoding="utf-8")
    case_data = data_dir / "window" / "counter.db"
    case_data.parent.mkdir()
    case_data.write_bytes(b"cases")
    removed = _dpkg(instdir, admindir, "--remove", "counter-app")
    assert removed.returncode == 0, removed.stderr
    assert not (instdir / "opt/counter-app/counter-app").exists()
    assert config.read_text(encoding="utf-8") == edited  # remove keeps conffiles; purge deletes
    assert provision.is_file() and case_data.read_bytes() == b"cases"
    purged = _dpkg(instdir, admindir, "--purge", "counter-app")
    assert purged.returncode == 0, purged.stderr
    assert not config.parent.exists()
    assert case_data.read_bytes() == b"cases"  # never case data, even on purge ...
    assert "/var/lib/counter-app" in purged.stdout  # ... and purge says where it is


def test_incomplete_bundle_is_refused_with_a_hint(tmp_path: Path) -> None:
    bundle = _bundle(tmp_path)
    (bundle / "counter-central").unlink()
    with pytest.raises(PackagingError, match="counter-central is missing"):
        build(DebPackage(bundle, "1.0.0", "amd64"), tmp_path / "out", "gzip")
    with pytest.raises(PackagingError, match="make package"):
        build(DebPackage(tmp_path / "nowhere", "1.0.0", "amd64"), tmp_path / "out", "gzip")
    assert not (tmp_path / "out" / "counter-app_1.0.0_amd64.deb").exists()


def _system_libc() -> Path:
    ldd = subprocess.run(["ldd", "/usr/bin/true"], capture_output=True, text=True, check=True)
    line = next(line for line in ldd.stdout.splitlines() if "libc.so.6 => " in line)
    return Path(line.split(" => ")[1].split(" (")[0])


def test_lintian_finds_no_errors_or_warnings(tmp_path: Path) -> None:
    """Debian's lintian (in the Makefile's DEB_PACKAGES) on the package with its maintainer
    scripts, udev rules and conffile; `make package` runs it on the real bundle's .deb.
    The bundle's library is a real one of this machine's architecture, as PyInstaller's are."""
    bundle = _bundle(tmp_path)
    library = bundle / "_internal" / "libpython3.11.so.1.0"
    library.unlink()
    shutil.copy2(_system_libc(), library)
    deb = build(DebPackage(bundle, "1.2.3", host_architecture()), tmp_path / "out", "xz")
    result = subprocess.run(
        ["lintian", "--fail-on", "error,warning", "--tag-display-limit", "0", str(deb)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
