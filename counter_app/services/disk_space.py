"""Free space where the counter keeps its data (the home: the database, archived documents,
logs), and when it is too little: one judgement for ``counter-app doctor``, the window's sync
status and the health report IT reads from the platform. A disk that fills up loses nothing
(the decision being made is not saved, and says so), but no new case can be saved until IT
frees space: the warning comes while there is still room."""

from __future__ import annotations

import shutil

from counter_app.home import Home

MIB = 1024 * 1024
WARN_BYTES = 1024 * MIB  # doctor warns, and the window says 磁盘将满
FAIL_BYTES = 200 * MIB  # doctor fails


def free_bytes(home: Home) -> int:
    return shutil.disk_usage(home.root).free


def low_disk_warning(home: Home, free: int) -> tuple[str, str] | None:
    """The warning (zh, en) for ``free`` bytes left where ``home`` is; None while plenty."""
    if free >= WARN_BYTES:
        return None
    return (
        f"本机磁盘剩余空间不足：{home.root} 所在磁盘只剩 {free // MIB} MB，写满后将无法保存新的"
        "办件。请尽快联系信息技术人员清理磁盘。",
        f"The disk is running out of space: {free // MIB} MB left on the disk holding "
        f"{home.root}; once it is full no new case can be saved. Ask IT to free space soon.",
    )
