"""The doctor's report names the window it checked: ``doctor --json`` gets a
``workstation`` object beside its ``checks`` (version, mode, device, hall and window once
enrolled), and its text a header line, in Chinese or English."""

from __future__ import annotations

import json
from pathlib import Path

from counter_app import __version__
from counter_app.home import Home
from counter_app.services.doctor import Check
from counter_app.services.doctor_report import doctor_document
from counter_app.workstation_identity import workstation_identity


def enrolled_home(tmp_path: Path) -> Home:
    home = Home(tmp_path / "home").ensure()
    (home.device_dir / "device_id").write_text("1A2B3C4D\n", encoding="ascii")
    facts = {
        "platform_url": "https://platform.example",
        "device_id": "d33b0c4f9a21",
        "hall": "310104-01",
        "window": "W03",
        "enrolled_at": "2026-12-07T08:00:00Z",
    }
    (home.device_dir / "platform.json").write_text(json.dumps(facts), encoding="utf-8")
    return home


def test_the_json_names_the_window_beside_its_checks(tmp_path: Path) -> None:
    home = enrolled_home(tmp_path)

    document = doctor_document(home, [Check("disk_space", "ok", "900 MiB free")])

    assert document == {
        "workstation": {
            "version": __version__,
            "home": str(home.root),
            "mode": "production",
            "device_id": "1A2B3C4D",
            "enrolled": True,
            "platform_device_id": "d33b0c4f9a21",
            "hall": "310104-01",
            "window": "W03",
        },
        "checks": [{"name": "disk_space", "status": "ok", "detail": "900 MiB free"}],
    }


def test_the_header_names_the_window_in_either_language(tmp_path: Path) -> None:
    identity = workstation_identity(enrolled_home(tmp_path))

    assert identity.header("zh").startswith(
        f"counter-app {__version__}，正式窗口，310104-01 大厅 W03 窗口，平台设备 d33b0c4f9a21，"
        "本机编号 1A2B3C4D"
    )
    assert identity.header("en").startswith(
        f"counter-app {__version__}, production window, hall 310104-01, window W03, "
        "platform device d33b0c4f9a21, device 1A2B3C4D"
    )


def test_a_window_not_enrolled_says_so(tmp_path: Path) -> None:
    identity = workstation_identity(Home(tmp_path / "home").ensure())

    assert identity.to_dict()["enrolled"] is False
    assert "未登记" in identity.header("zh") and "not enrolled" in identity.header("en")
