"""An upgrade never changes the store's schema under a running counter window: the window's
code knows only the schema it opened, and would go on writing into one it does not know
(a newer ``counter-app doctor`` run right after installing, with the old window still open).
The window holds the home's window lock for as long as it runs (``ui.app.hold_home``)."""

from __future__ import annotations

import logging
import os

from counter_app.file_lock import FileLock, HomeBusy, written_holder
from counter_app.home import Home

log = logging.getLogger(__name__)


def refuse_upgrade_under_open_window(home: Home) -> None:
    """Raise :class:`HomeBusy` when another process holds ``home``'s window lock.

    The window itself, and a restore (which holds that lock too), migrate the store they
    opened under it: a lock held by this very process is no refusal. ``FileLock`` writes
    its holder's pid into the file; where that cannot be read (Windows locks the byte it
    holds against reading, or the write failed on a full disk), the holder is unknown and
    the upgrade goes on, logged: refusing it would keep the window itself from ever
    migrating its own store.
    """
    probe = FileLock(home.window_lock_path)
    if probe.acquire():
        probe.release()
        return
    holder = written_holder(home.window_lock_path)
    if holder == os.getpid():
        return
    if holder is None:
        log.warning("%s is held by a program this one cannot name; migrating", probe.path)
        return
    raise HomeBusy(
        f"本机的柜台窗口仍开着（数据目录 {home.root}，进程 {holder}），数据库没有升级，也没有"
        "做任何更改。请先关闭柜台窗口（及后台同步 counter-app sync），再运行此命令。",
        f"The counter window on this PC is still open (home {home.root}, process {holder}); the "
        "database was not upgraded and nothing was changed. Close the counter window (and the "
        "background sync, counter-app sync), then run the command again.",
    )
