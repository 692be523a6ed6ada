"""The fixed texts the Debian package ships besides the bundle: the two menu entries (the window
and the training hall), the copyright file, lintian's overrides, and the manual pages."""

from __future__ import annotations

from installer.bundle import GUI_TWIN

DESKTOP_ENTRY = """\
[Desktop Entry]
Type=Application
Version=1.0
Name=一网通办窗口受理
Name[en]=Counter Client
Name[zh_CN]=一网通办窗口受理
GenericName=Service hall counter client
GenericName[zh_CN]=政务服务窗口受理客户端
Comment=Accept cases at a one-stop government service hall window
Comment[zh_CN]=综合窗口受理：读证、选事项、核材料、出回执
Exec=counter-app-gui
Icon=counter-app
Terminal=false
Categories=Office;
Keywords=counter;case;一网通办;受理;
StartupNotify=true
"""

# The training hall is its own program entry (and home): the production entry above never
# opens it, however the PC is configured.
TRAINING_DESKTOP_ENTRY = """\
[Desktop Entry]
Type=Application
Version=1.0
Name=窗口受理系统（培训）
Name[en]=Counter Client (training)
Name[zh_CN]=窗口受理系统（培训）
GenericName=Service hall counter client, training hall
GenericName[zh_CN]=政务服务窗口受理客户端（培训模式）
Comment=Practise at the counter with sample cards, services and accounts; nothing is submitted
Comment[zh_CN]=培训模式：示例证件、事项和账号，数据不会提交到真实平台
Exec=counter-app-gui --training
Icon=counter-app
Terminal=false
Categories=Office;
Keywords=counter;training;培训;受理;
StartupNotify=true
"""

COPYRIGHT = """\
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: counter-app
Comment: /opt/counter-app is a PyInstaller bundle: it carries a Python interpreter,
 Qt for Python (PySide6, LGPL-3) and the Python libraries listed in the program's
 requirements, each under its own licence (see the *.dist-info directories in
 /opt/counter-app/_internal).

Files: *
Copyright: counter-app authors
License: Apache-2.0
 On Debian systems the full text is in /usr/share/common-licenses/Apache-2.0.

Files: opt/counter-app/_internal/printing/fonts/wqy-zenhei.ttc
Copyright: 2005-2010 WenQuanYi Board of Trustees and contributors
License: GPL-2 with font embedding exception
 See /opt/counter-app/_internal/printing/fonts/COPYING-wqy-zenhei.txt.

Files: opt/counter-app/_internal/printing/fonts/HanaMinA.ttf
 opt/counter-app/_internal/printing/fonts/HanaMinB.ttf
Copyright: GlyphWiki contributors
License: Hanazono Font License or SIL OFL 1.1
 See /opt/counter-app/_internal/printing/fonts/COPYING-hanazono.txt.

Files: opt/counter-app/_internal/printing/fonts/DejaVuSans.ttf
Copyright: 2003 Bitstream, Inc.; DejaVu changes are in the public domain
License: Bitstream-Vera
 See /opt/counter-app/_internal/printing/fonts/COPYING-dejavu.txt.
"""

# The bundle lives under /opt on purpose (a self-contained third-party program with its own
# interpreter and libraries, like vendors' packages); these tags describe exactly that.
LINTIAN_OVERRIDES = """\
# A self-contained PyInstaller bundle installed under /opt (FHS: add-on application
# software) with its own Python, Qt and libraries: the tags below describe exactly that.
counter-app: dir-or-file-in-opt *
counter-app: embedded-library *
# PyInstaller's bootloader and the prebuilt wheels' libraries are not rebuilt here.
counter-app: hardening-no-pie *
counter-app: hardening-no-fortify-functions *
counter-app: hardening-no-relro *
counter-app: unstripped-binary-or-object *
counter-app: shared-library-lacks-prerequisites *
counter-app: custom-library-search-path *
counter-app: library-not-linked-against-libc *
# Strings inside bundled libmount/libblkid; the program never runs a pager.
counter-app: missing-depends-on-sensible-utils *
# Documents must embed these exact font files wherever they print (printing/fonts.py).
counter-app: duplicate-font-file *
# postinst enables pcscd.socket, a unit of the pcscd package (PC/SC card readers), only
# when systemd runs; the package ships no unit of its own for deb-systemd-helper.
counter-app: maintainer-script-calls-systemctl *
"""


MANUAL_PAGE = """\
.TH {name_upper} 1 "" "{name} {version}" "User Commands"
.SH NAME
{name} \\- {summary}
.SH SYNOPSIS
.B {name}
.RI [ options ] " command " [ arguments ]
.SH DESCRIPTION
{description}
Run
.B {name} \\-\\-help
for the commands and
.B {name}
.I command
.B \\-\\-help
for the options of one.
.SH SEE ALSO
/usr/share/doc/counter-app/operations.md (install, configure, enrol, back up, restore,
replace a workstation, diagnose readers and printers, upgrade).
"""
MANUAL_SUMMARIES = {
    "counter-app": (
        "counter client for one-stop government service halls",
        "Opens the counter window (no command, or gui) and offers the administration "
        "commands: doctor, backup, restore, user, enroll, sync, readers, read-card, "
        "receipt, print, catalog, import, cases, audit.",
    ),
    GUI_TWIN: (
        "open the counter window of counter-app",
        "Opens the counter window, as counter-app gui does, without looking up the "
        "administration commands first, so the login screen shows sooner.",
    ),
    "counter-central": (
        "reference central platform for counter-app",
        "Runs the platform's HTTP API (serve) and operates it: enrolment codes, devices, "
        "cases, conflicts, catalog and calendar publishing, progress, notices.",
    ),
}
