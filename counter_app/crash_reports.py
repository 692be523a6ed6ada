"""The window's crash reports under ``<home>/crash/``: one file per unhandled exception,
named by its UTC time (``crash-20261207T161549123456Z.log``), the newest
:data:`CRASH_REPORTS_KEPT` kept; and the doctor check that says a recent one is there."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from counter_app.store.timestamps import utc_now

if TYPE_CHECKING:
    from counter_app.home import Home
    from counter_app.services.doctor import Check, Say

CRASH_REPORTS_KEPT = 50
RECENT_CRASH = timedelta(days=7)
_PREFIX, _SUFFIX = "crash-", ".log"
_STAMP = "%Y%m%dT%H%M%S%fZ"


def crash_report_path(crash_dir: Path, moment: datetime) -> Path:
    """Where a crash at ``moment`` (aware) is reported."""
    return crash_dir / f"{_PREFIX}{moment.astimezone(UTC).strftime(_STAMP)}{_SUFFIX}"


def crash_reports(crash_dir: Path) -> list[tuple[datetime, Path]]:
    """The crash reports in ``crash_dir`` with their times, newest first; a file of another
    name is not one."""
    found = []
    for path in crash_dir.glob(f"{_PREFIX}*{_SUFFIX}"):
        try:
            moment = datetime.strptime(path.name[len(_PREFIX) : -len(_SUFFIX)], _STAMP)
        except ValueError:
            continue
        found.append((moment.replace(tzinfo=UTC), path))
    return sorted(found, reverse=True)


def prune_crash_reports(crash_dir: Path, keep: int = CRASH_REPORTS_KEPT) -> None:
    """Delete all but the newest ``keep`` crash reports: a window that crashes in a loop
    must not fill the disk, and the newest say what is wrong now."""
    for _moment, path in crash_reports(crash_dir)[keep:]:
        path.unlink(missing_ok=True)


def recent_crashes_check(home: Home, say: Say, now: Callable[[], datetime] = utc_now) -> Check:
    """``crashes``: a warning while a crash report is younger than :data:`RECENT_CRASH`,
    naming the newest and how many are that recent; ok otherwise."""
    # Imported here: the doctor imports this module, and the window's start (ui.crash)
    # must not load the doctor.
    from counter_app.services.doctor import Check

    since = now() - RECENT_CRASH
    recent = [path for moment, path in crash_reports(home.crash_dir) if moment >= since]
    if not recent:
        return Check("crashes", "ok", say("最近 7 天没有崩溃记录", "no crash report in 7 days"))
    return Check(
        "crashes",
        "warn",
        say(
            f"最近 7 天程序崩溃 {len(recent)} 次，最新的记录：{recent[0]}。"
            "请用 counter-app support-bundle 打包发给信息技术支持",
            f"{len(recent)} crash report(s) in 7 days, the newest {recent[0]}: send them to IT "
            "support with counter-app support-bundle",
        ),
    )
