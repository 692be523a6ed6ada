"""Exponential backoff with full jitter, capped (AWS architecture blog's "full jitter").

Full jitter spreads the retries of many windows that lost the network at the same moment,
so the platform is not hit by all of them at once when it comes back.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Backoff:
    """Delay before retry number ``attempt`` (1 = first retry): uniform in [0, min(cap, base·2^(attempt-1))].

    A platform's ``Retry-After`` is a floor: the client never comes back earlier than asked.
    """

    base_seconds: float = 1.0
    cap_seconds: float = 300.0
    rng: random.Random = field(default_factory=random.Random, compare=False)

    def ceiling(self, attempt: int) -> float:
        exponent = min(max(attempt - 1, 0), 32)
        return min(self.cap_seconds, self.base_seconds * (2**exponent))

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        jittered = self.rng.uniform(0.0, self.ceiling(attempt))
        if retry_after is not None:
            return max(jittered, min(retry_after, self.cap_seconds))
        return jittered
