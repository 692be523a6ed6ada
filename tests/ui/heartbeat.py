"""GUI heartbeat: a QTimer on the GUI thread records the longest gap between its ticks.

Two figures per gap: wall-clock (how long the window could not react, whatever the cause,
including other processes on a loaded machine) and the GUI thread's own CPU time in that
gap (how long our code kept it busy). Used by the stall test and benchmarks/bench_ui.py.
"""

from __future__ import annotations

import time

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
        self.last = 0.0
        self.last_cpu = 0.0
        self.gaps: list[float] = []
        self.cpu_gaps: list[float] = []

    def start(self) -> None:
        self.last = time.perf_counter()
        self.last_cpu = time.thread_time()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        self.gaps.append((now - self.last) * 1000)
        self.cpu_gaps.append((cpu - self.last_cpu) * 1000)
        self.last, self.last_cpu = now, cpu

    @property
    def ticks(self) -> int:
        return len(self.gaps)

    @property
    def max_gap_ms(self) -> float:
        return max(self.gaps, default=0.0)

    @property
    def max_cpu_ms(self) -> float:
        return max(self.cpu_gaps, default=0.0)

    def p99_ms(self) -> float:
        ordered = sorted(self.gaps)
        return ordered[int(len(ordered) * 0.99)] if ordered else 0.0

    def figures(self) -> dict[str, float]:
        return {
            "ticks": self.ticks,
            "max_gap_ms": round(self.max_gap_ms, 1),
            "p99_gap_ms": round(self.p99_ms(), 1),
            "stalls_over_50ms": sum(1 for g in self.gaps if g > STALL_MS),
            "max_gui_cpu_ms": round(self.max_cpu_ms, 1),
        }
