"""The figures a benchmark reports for a list of timings (ms): the middle, the 95th
percentile (``statistics.quantiles`` with 20 cut points, the inclusive method: between two
timings measured, never beyond the worst, however few the rounds) and the worst."""

from __future__ import annotations

import statistics


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def summary(values: list[float], *, middle: str = "median_ms", digits: int = 2) -> dict[str, float]:
    """``middle`` names the median as each benchmark's committed JSON always has."""
    return {
        middle: round(statistics.median(values), digits),
        "p95_ms": round(p95(values), digits),
        "max_ms": round(max(values), digits),
    }
