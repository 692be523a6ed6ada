"""Which window a log, a doctor report or a support bundle came from: the program's version,
the home, training or production, the home's device id (in every case number) and, once
enrolled, the platform's device id with the hall and window it serves (the platform's own
log names the device by that id: ``device d33b… batch of 1 applied``).

Read from the home's files only, never from the store: a process reads it as it starts
logging, before (or without) opening the database. No personal data: codes and ids only.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from counter_app import __version__
from counter_app.config import DEVICE_ID_FILE
from counter_app.device_files import IDENTITY_FILE

if TYPE_CHECKING:
    from counter_app.home import Home


@dataclass(frozen=True)
class WorkstationIdentity:
    version: str
    home: str
    training: bool
    device_id: str | None  # the home's own id, in its case numbers; None before the first start
    platform_device_id: str | None  # None: not enrolled
    hall: str | None
    window: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "home": self.home,
            "mode": "training" if self.training else "production",
            "device_id": self.device_id,
            "enrolled": self.platform_device_id is not None,
            "platform_device_id": self.platform_device_id,
            "hall": self.hall,
            "window": self.window,
        }

    def log_line(self, role: str) -> str:
        """The line a process logs first: ``role`` is ``gui``, ``sync`` or ``cli``."""
        enrolment = (
            f"platform device {self.platform_device_id}, hall {self.hall}, window {self.window}"
            if self.platform_device_id is not None
            else "not enrolled"
        )
        return (
            f"counter-app {self.version} {role} (pid {os.getpid()}) logging: "
            f"{'training' if self.training else 'production'} home {self.home}, "
            f"device {self.device_id or 'not yet assigned'}, {enrolment}"
        )

    def header(self, lang: str) -> str:
        """One line naming this window, for the top of a report a person reads."""
        mode = ("培训", "training") if self.training else ("正式", "production")
        if self.platform_device_id is None:
            where = ("未登记", "not enrolled")
        else:
            where = (
                f"{self.hall} 大厅 {self.window} 窗口，平台设备 {self.platform_device_id}",
                f"hall {self.hall}, window {self.window}, platform device "
                f"{self.platform_device_id}",
            )
        if lang == "en":
            return (
                f"counter-app {self.version}, {mode[1]} window, {where[1]}, "
                f"device {self.device_id or '-'}, home {self.home}"
            )
        return (
            f"counter-app {self.version}，{mode[0]}窗口，{where[0]}，"
            f"本机编号 {self.device_id or '-'}，数据目录 {self.home}"
        )


def workstation_identity(home: Home) -> WorkstationIdentity:
    """What the home says about this window now; a file that cannot be read counts as absent
    (the identity is for the reader of a log, never a reason to stop)."""
    device_id = _read_text(home.device_dir / DEVICE_ID_FILE)
    enrolment: dict[str, Any] = {}
    text = _read_text(home.device_dir / IDENTITY_FILE)
    if text is not None:
        try:
            loaded = json.loads(text)
        except ValueError:
            loaded = None
        enrolment = loaded if isinstance(loaded, dict) else {}
    return WorkstationIdentity(
        version=__version__,
        home=str(home.root),
        training=home.is_training,
        device_id=device_id or None,
        platform_device_id=_text_or_none(enrolment.get("device_id")),
        hall=_text_or_none(enrolment.get("hall")),
        window=_text_or_none(enrolment.get("window")),
    )


def _read_text(path: os.PathLike[str]) -> str | None:
    try:
        with open(path, encoding="utf-8") as file:
            return file.read().strip()
    except (OSError, UnicodeDecodeError):
        return None


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
