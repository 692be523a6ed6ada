"""What every route of the platform's HTTP API shares: its settings, one store, the rate
limiters, the client's address, and the signature check of a signed request."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from central.auth import Authenticated, authenticate
from central.client_address import ClientAddress
from central.ratelimit import RateLimiter
from central.store import CentralStore


@dataclass(frozen=True)
class CentralSettings:
    """Limits and rates; every one is a ``counter-central serve`` option too."""

    max_batch_cases: int = 500
    max_body_bytes: int = 8 * 1024 * 1024
    feed_page_default: int = 100
    feed_page_max: int = 500
    rate_per_second: float = 50.0
    rate_burst: int = 100
    enroll_rate_per_minute: float = 30.0
    track_rate_per_minute: float = 60.0
    """The public progress page, per client address: a person reads a page a minute or so,
    a token guesser needs more than this allows by 10^50."""
    trusted_proxies: tuple[str, ...] = ()
    """Addresses or networks of reverse proxies believed about the client's address."""
    client_address_header: str = "X-Forwarded-For"


def platform_version() -> str:
    try:
        return version("counter-app")
    except PackageNotFoundError:
        return "0"


class Platform:
    """What every route works with: one store, its limits and rate limiters."""

    def __init__(self, store: CentralStore, settings: CentralSettings) -> None:
        self.store = store
        self.cfg = settings
        self.secret = store.cursor_secret()
        # Both change only with ``counter-central restored``, which a restart follows.
        self.epoch = store.store_epoch()
        self.limiter = RateLimiter(settings.rate_per_second, settings.rate_burst)
        self.enroll_limiter = RateLimiter(settings.enroll_rate_per_minute / 60.0, 10)
        self.track_limiter = RateLimiter(settings.track_rate_per_minute / 60.0, 30)
        self.client_address = ClientAddress.parse(
            settings.trusted_proxies, settings.client_address_header
        )

    async def signed(self, request: Request) -> tuple[Authenticated, bytes]:
        # Bounded already (``BodyLimit``), before anything else looked at the request.
        body = await request.body()
        auth = await run_in_threadpool(authenticate, request, body, self.store, self.limiter)
        return auth, body
