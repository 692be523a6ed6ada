"""GUI heartbeat: a QTimer on the GUI thread records the longest gap between its ticks.

Three figures per gap: wall-clock (how long the window could not react, whatever the cause);
the GUI thread's own CPU time (how long our code kept it busy); and, on Linux, the time the
kernel kept the runnable GUI thread waiting for a CPU (``/proc/.../schedstat``: other
processes on a loaded machine). A gap minus that wait is what the program itself caused:
its own work plus waiting for the GIL or a lock. Used by the stall test and bench_ui.py.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer

STALL_MS = 50.0


class Heartbeat(QObject):
    def __init__(self, interval_ms: int = 10) -> None:
        super().__init__()
        self.interval_ms = interval_ms
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.schedstat = Path(f"/proc/self/task/{threading.get_native_id()}/schedstat")
        self.last = 0.0
        self.last_cpu = 0.0
        self.last_queued = 0.0
        self.gaps: list[float] = []
        self.cpu_gaps: list[float] = []
        self.program_gaps: list[float] = []

    def _queued_ms(self) -> float:
        """Time this thread has spent runnable but waiting for a CPU (0 where unknown)."""
        try:
            return int(self.schedstat.read_text().split()[1]) / 1e6
        except (OSError, IndexError, ValueError):
            return 0.0

    def start(self) -> None:
        self.last = time.perf_counter()
        self.last_cpu = time.thread_time()
        self.last_queued = self._queued_ms()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now, cpu, queued = time.perf_counter(), time.thread_time(), self._queued_ms()
        gap = (now - self.last) * 1000
        self.gaps.append(gap)
        self.cpu_gaps.append((cpu - self.last_cpu) * 1000)
        self.program_gaps.append(max(0.0, gap - (queued - self.last_queued)))
        self.last, self.last_cpu, self.last_queued = now, cpu, queued

    @property
    def ticks(self) -> int:
        return len(self.gaps)

    @property
    def max_gap_ms(self) -> float:
        return max(self.gaps, default=0.0)

    @property
    def max_cpu_ms(self) -> float:
        return max(self.cpu_gaps, default=0.0)

    @property
    def max_program_gap_ms(self) -> float:
        """The longest gap less the time the kernel kept the GUI thread off a CPU."""
        return max(self.program_gaps, default=0.0)

    def p99_ms(self) -> float:
        ordered = sorted(self.gaps)
        return ordered[int(len(ordered) * 0.99)] if ordered else 0.0

    def figures(self) -> dict[str, float]:
        return {
            "ticks": self.ticks,
            "max_gap_ms": round(self.max_gap_ms, 1),
            "p99_gap_ms": round(self.p99_ms(), 1),
            "stalls_over_50ms": sum(1 for g in self.gaps if g > STALL_MS),
            "max_gap_less_cpu_queue_ms": round(self.max_program_gap_ms, 1),
            "max_gui_cpu_ms": round(self.max_cpu_ms, 1),
        }
