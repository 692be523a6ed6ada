"""爽约 recorded by the serving platform itself: a thread marks, at start and every
:data:`SWEEP_SECONDS` after, the appointments of past hall days whose holders never came:
no ticket, or a ticket a window marked a no-show and nobody served after
(``central.store.arrivals.record_no_shows``). Every ``--workers`` process runs one; the
store serialises them per hall, and each appointment is marked once."""

from __future__ import annotations

import logging
import threading

from central.errors import StoreUnavailable
from central.store import CentralStore
from central.store.arrivals import record_no_shows
from counter_app.domain.hall_time import hall_today

log = logging.getLogger("central.no_shows")

SWEEP_SECONDS = 600.0
MARKED = "爽约：%d 个预约在其日期过后未到，已记为 no_show / %d appointment(s) marked no_show"


class NoShowSweeper:
    def __init__(self, store: CentralStore, every_seconds: float = SWEEP_SECONDS) -> None:
        self._store = store
        self._every = every_seconds
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="no-show-sweeper", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop, after the sweep running now (if any) is done with the store."""
        self._stopping.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                marked = record_no_shows(self._store, hall_today())
            except StoreUnavailable as exc:  # the next sweep tries again
                log.warning("爽约记录暂不可用 / no-shows not recorded now: %s", exc)
            except Exception:  # a defect: logged, and the next sweep runs all the same
                log.exception("爽约记录失败 / recording no-shows failed")
            else:
                if marked:
                    log.info(MARKED, len(marked), len(marked))
            self._stopping.wait(self._every)
