"""Per-key request rate limit (token bucket, in memory): over the rate → 429 with
``Retry-After``. One platform process holds the buckets; a restart refills them.

The table is bounded: keys come from the network (client addresses), so an unbounded
table would let anyone grow the platform's memory by asking from many addresses. When it is
full the least recently used bucket goes; it is the one most likely refilled anyway."""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict

DEFAULT_MAX_KEYS = 10_000


class RateLimiter:
    def __init__(
        self, rate_per_second: float, burst: int, max_keys: int = DEFAULT_MAX_KEYS
    ) -> None:
        self.rate = rate_per_second
        self.burst = burst
        self.max_keys = max_keys
        # key -> (tokens, at), least recently used first
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """Spend one token; 0 when allowed, else the seconds until one is available."""
        now = time.monotonic()
        with self._lock:
            tokens, at = self._buckets.pop(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - at) * self.rate)
            allowed = tokens >= 1.0
            self._buckets[key] = (tokens - 1.0 if allowed else tokens, now)
            while len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
            return 0.0 if allowed else (1.0 - tokens) / self.rate

    def __len__(self) -> int:
        """How many keys the table holds now."""
        return len(self._buckets)

    @staticmethod
    def retry_after_header(wait_seconds: float) -> str:
        return str(max(1, math.ceil(wait_seconds)))
