"""The in-memory rate limiter keeps a bounded table, whatever the number of clients."""

from __future__ import annotations

from central.ratelimit import RateLimiter


def test_the_bucket_table_stays_at_its_bound() -> None:
    limiter = RateLimiter(rate_per_second=0.001, burst=1, max_keys=100)
    clients = [f"198.51.{n // 256}.{n % 256}" for n in range(10_000)]
    for client in clients:
        assert limiter.take(client) == 0.0
        assert len(limiter) <= 100
    # The recent clients are still limited: the table dropped the oldest, not everyone.
    assert all(limiter.take(client) > 0 for client in clients[-100:])
