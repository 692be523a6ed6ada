"""Python's cyclic garbage is collected on the GUI thread only, while a window runs.

The automatic collector runs in whichever thread allocates when a threshold is crossed:
often a worker (an accept, a sync, a catalog load). The garbage it then frees may hold Qt
objects: a closed dialog, and the lambdas connected to its signals. Destroying those on a
worker takes a Qt object's lock and then asks for the GIL, while the GUI thread, holding
the GIL, deletes the widgets shiboken handed it and waits for that same lock: both wait
for ever and the window freezes (seen in the test suite: the core worker collecting a
closed window's objects while the GUI thread deleted its scroll bars).

So while a window runs the automatic collector is off, and a timer on the GUI thread
collects each generation when the automatic collector would have (the same thresholds).
Reference counting still frees everything that is not in a cycle at once.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    """Started and stopped with a window. Windows may overlap (a test restarts one): the
    automatic collector is back only once the last of them stopped."""

    running = 0  # collectors started and not yet stopped, in this process

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(collect_due)
        self.started = False

    def start(self) -> None:
        if self.started:
            return
        self.started = True
        GuiThreadCollector.running += 1
        gc.disable()
        self.timer.start()

    def stop(self) -> None:
        """On the GUI thread, once the window's workers have stopped: what the window left
        is collected here, then the automatic collector is back (for the last window)."""
        if not self.started:
            return
        self.started = False
        self.timer.stop()
        GuiThreadCollector.running -= 1
        gc.collect()
        if GuiThreadCollector.running == 0:
            gc.enable()


def collect_due() -> int:
    """Collect the oldest generation whose count passed its threshold, as the automatic
    collector does on an allocation; the number of unreachable objects found."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    for generation in (2, 1, 0):
        if counts[generation] > thresholds[generation]:
            return gc.collect(generation)
    return 0
