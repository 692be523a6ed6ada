"""The serving platform's own periodic work: a thread that, at start and every
:data:`SWEEP_SECONDS` after, records 爽约 — the appointments of past hall days whose holders
never came: no ticket, or a ticket a window marked a no-show and nobody served after
(``central.store.arrivals.record_no_shows``) — and sweeps the pre-applications (网上申报):
closes those whose item left the catalog and purges the personal data of those over
(``central.store.preapps.sweep_preapps``), each pre-application operator-logged as
``counter-central preapp sweep`` logs it. Every ``--workers`` process runs one; the store
serialises them per hall, and each appointment is marked once."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date

from central.errors import StoreUnavailable
from central.store import CentralStore
from central.store.arrivals import record_no_shows
from central.store.preapps import sweep_preapps
from counter_app.domain.hall_time import hall_today

log = logging.getLogger("central.sweeper")

SWEEP_SECONDS = 600.0
# Who the operator log names for what the platform did of itself.
PLATFORM_OPERATOR = "platform"
MARKED = "爽约：%d 个预约在其日期过后未到，已记为 no_show / %d appointment(s) marked no_show"
SWEPT = (
    "网上申报：事项已停办而关闭 %d 个，清除个人数据 %d 个，%d 个失败（下轮重试） / "
    "pre-applications: %d closed (item withdrawn), %d purged, %d failed (tried again next round)"
)


class PlatformSweeper:
    def __init__(self, store: CentralStore, every_seconds: float = SWEEP_SECONDS) -> None:
        self._store = store
        self._every = every_seconds
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="platform-sweeper", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop, after the sweep running now (if any) is done with the store."""
        self._stopping.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stopping.is_set():
            today = hall_today()
            for job, unavailable, failed in _JOBS:
                try:
                    job(self._store, today)
                except StoreUnavailable as exc:  # the next round tries again
                    log.warning("%s: %s", unavailable, exc)
                except Exception:  # a defect: logged, and the next round runs all the same
                    log.exception(failed)
            self._stopping.wait(self._every)


def _record_no_shows(store: CentralStore, today: date) -> None:
    marked = record_no_shows(store, today)
    if marked:
        log.info(MARKED, len(marked), len(marked))


def _sweep_preapps(store: CentralStore, today: date) -> None:
    swept = sweep_preapps(store, today, PLATFORM_OPERATOR)
    if swept.closed or swept.purged or swept.failed:
        counts = (len(swept.closed), swept.purged, len(swept.failed))
        log.log(logging.WARNING if swept.failed else logging.INFO, SWEPT, *counts, *counts)


# Each round's jobs, each tried whatever became of the one before, with what the log says
# when the store is out of reach and when the job failed.
_JOBS: tuple[tuple[Callable[[CentralStore, date], None], str, str], ...] = (
    (
        _record_no_shows,
        "爽约记录暂不可用 / no-shows not recorded now",
        "爽约记录失败 / recording no-shows failed",
    ),
    (
        _sweep_preapps,
        "网上申报清理暂不可用 / pre-applications not swept now",
        "网上申报清理失败 / sweeping pre-applications failed",
    ),
)
