"""The window's runner of the sync process hears every status its child sends (the stall
watch counts each one), but passes on to the window's screens, which reload on each, only a
status with news: a heartbeat alone (a turn of the scheduler, a page of a long run) is not
passed on, unless the screens were shown a stall it ends."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from counter_app.config import Config
from counter_app.home import Home
from sync.background import SyncProcess
from sync.status import SyncStatus


class _Child:
    """The statuses a child sent, then its end (the runner is stopping: no restart)."""

    def __init__(self, statuses: list[SyncStatus]) -> None:
        self.statuses = statuses
        self.exitcode = 0

    def recv(self) -> SyncStatus:
        if not self.statuses:
            raise EOFError
        return self.statuses.pop(0)

    def close(self) -> None:
        pass

    def join(self, _timeout: float) -> None:
        pass


def _read(runner: SyncProcess, statuses: list[SyncStatus]) -> None:
    child: Any = _Child(statuses)
    runner._read(child, child)


def test_a_heartbeat_alone_reaches_the_stall_watch_and_not_the_screens(
    home: Home, enrolled: Config
) -> None:
    shown: list[SyncStatus] = []
    runner = SyncProcess(home, enrolled, shown.append)
    runner._stopping.set()  # nothing to restart when the fake child ends
    online = SyncStatus(connectivity="online", backlog=0, heartbeat_at="2026-12-07T01:00:00Z")
    beat = replace(online, heartbeat_at="2026-12-07T01:00:30Z")
    news = replace(beat, backlog=1, heartbeat_at="2026-12-07T01:01:00Z")
    _read(runner, [online, beat, news])
    assert shown == [online, news]
    assert runner._last_status == news  # every one was heard

    runner._stall_told = True  # the screens show a stall: the next status ends it
    later = replace(news, heartbeat_at="2026-12-07T02:00:00Z")
    _read(runner, [later])
    assert shown[-1] == later and not runner._stall_told
