"""The platform process's garbage collector, set for batches of case versions.

CPython collects its youngest generation whenever 700 more container objects are alive
than at the last collection. A 500-case push holds some 23,000 (the parsed documents, the
rows to write, the results) until its answer is sent, and a second batch is parsed
meanwhile: at 700 the collector walked each batch's objects dozens of times, promoted them
and so ran full collections over the whole heap, about a quarter of the platform's CPU time
per case. Nearly all of those objects are freed by reference counting the moment the answer
is sent; the collector is only needed for cycles, which a larger youngest generation still
collects, later.
"""

from __future__ import annotations

import gc

# Room for a few batches of the largest default size in flight at once.
YOUNGEST_GENERATION_THRESHOLD = 100_000


def tune_for_batches() -> None:
    """Call once the app is built: what exists then (modules, the app, its store) lives as
    long as the process, so it is frozen out of every later collection; the youngest
    generation is then collected only after :data:`YOUNGEST_GENERATION_THRESHOLD` more
    objects, the older generations' thresholds kept."""
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNGEST_GENERATION_THRESHOLD, older, oldest)
