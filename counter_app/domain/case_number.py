"""Human case numbers that no two windows can ever both issue, even while offline.

Layout: ``HALL-WINDOW-DEVICE-YYYYMMDD-SEQ``, e.g. ``310104TRAIN-W01-A1B2-20261127-0001``.

- Window, device, day and sequence are upper-case letters and digits only; the hall code
  may also hold inner hyphens (``310104-TRAIN``). Parts are joined by ``-``, so a number
  parses back unambiguously from the right, and scans as Code128 (subset B; the digit
  runs compress in subset C) from a receipt.
- The device part is the workstation's enrolment identity: two workstations at one window
  (a replaced PC) still differ. The sequence is per device and per hall-local day, kept in
  the device's own store and taken inside the intake transaction, so it never repeats.
- The service item code is deliberately absent: it is long (≈31 characters) and already
  on the receipt; keeping it out keeps the number short enough to read over the phone.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date

from counter_app.errors import ValidationError

_PARTS = {
    "hall": re.compile(r"^[A-Z0-9](?:[A-Z0-9-]*[A-Z0-9])?$"),
    "window": re.compile(r"^[A-Z0-9]+$"),
    "device": re.compile(r"^[A-Z0-9]+$"),
}
PART_LIMITS = {"hall": 16, "window": 8, "device": 8}
SEQ_MIN_DIGITS = 4
_NUMBER = re.compile(
    r"^(?P<hall>[A-Z0-9][A-Z0-9-]{0,14}[A-Z0-9]|[A-Z0-9])-(?P<window>[A-Z0-9]{1,8})-(?P<device>[A-Z0-9]{1,8})-"
    r"(?P<day>[0-9]{8})-(?P<seq>[0-9]{4,9})$"
)


@dataclass(frozen=True, order=True)
class CaseNumber:
    hall: str
    window: str
    device: str
    day: date
    seq: int

    def __post_init__(self) -> None:
        for part in ("hall", "window", "device"):
            check_number_part(part, getattr(self, part))
        if not 1 <= self.seq <= 999_999_999:
            raise ValidationError(
                "办件序号超出范围。", f"Case sequence {self.seq} is out of range.", field="seq"
            )

    def __str__(self) -> str:
        # The day as YYYYMMDD from its ISO form: strftime costs more than the rest together.
        return (
            f"{self.hall}-{self.window}-{self.device}-{self.day.isoformat().replace('-', '')}-"
            f"{self.seq:0{SEQ_MIN_DIGITS}d}"
        )


# The configuration gives the same hall, window and device to every case number: checked
# once per value (an invalid one raises each time: exceptions are not cached). Bounded,
# since parsed numbers bring other halls' parts too.
@functools.lru_cache(maxsize=64)
def check_number_part(part: str, value: str) -> str:
    """Hall, window and device codes go into case numbers: upper-case letters and digits
    (and inner hyphens in a hall code)."""
    limit = PART_LIMITS[part]
    if not _PARTS[part].match(value) or len(value) > limit:
        raise ValidationError(
            f"{ {'hall': '大厅', 'window': '窗口', 'device': '设备'}[part] }代码“{value}”无效："
            f"只能使用大写字母和数字（大厅代码中间可含连字符），最多{limit}位。请联系信息技术人员修改配置。",
            f"The {part} code '{value}' is invalid: upper-case letters and digits (a hall code may "
            f"contain inner hyphens), at most {limit}. Ask IT to correct the configuration.",
            field=part,
        )
    return value


def parse_case_number(text: str) -> CaseNumber:
    """Parse a case number printed by ``str(CaseNumber)``; raise ``ValidationError``."""
    match = _NUMBER.match(text.strip().upper())
    if match is None:
        raise ValidationError(
            f"“{text}”不是本系统的办件编号。",
            f"'{text}' is not a case number of this system (HALL-WINDOW-DEVICE-YYYYMMDD-SEQ).",
            field="case_no",
        )
    day_text = match["day"]
    try:
        day = date(int(day_text[:4]), int(day_text[4:6]), int(day_text[6:]))
    except ValueError:
        raise ValidationError(
            f"办件编号中的日期“{day_text}”不存在。",
            f"The date '{day_text}' inside the case number does not exist.",
            field="case_no",
        ) from None
    return CaseNumber(match["hall"], match["window"], match["device"], day, int(match["seq"]))


def looks_like_case_number(text: str) -> bool:
    return _NUMBER.match(text.strip().upper()) is not None
