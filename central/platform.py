"""What every route of the platform's HTTP API shares: its settings, one store, the rate
limiters, the client's address, and the signature check of a signed request."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from central.auth import Authenticated, FailedAttempts, Throttles, authenticate
from central.client_address import ClientAddress
from central.ratelimit import RateLimiter
from central.store import CentralStore


@dataclass(frozen=True)
class CentralSettings:
    """Limits and rates; every one is a ``counter-central serve`` option too."""

    max_batch_cases: int = 500
    max_body_bytes: int = 8 * 1024 * 1024
    body_idle_timeout_seconds: float = 20.0
    """A body that stops arriving for this long is answered 408 and its connection closed."""
    max_large_uploads: int = 8
    """Bodies over 1 MiB read at the same time; more are answered 503 (retried)."""
    feed_page_default: int = 100
    feed_page_max: int = 500
    rate_per_second: float = 50.0
    rate_burst: int = 100
    enroll_rate_per_minute: float = 30.0
    track_rate_per_minute: float = 60.0
    """The public progress page, per client address: a person reads a page a minute or so,
    a token guesser needs more than this allows by 10^50."""
    auth_failures_per_minute: float = 12.0
    """Failed authentications a claimed device id may make a minute (after a burst of 30)
    before its requests are refused unread; a window that signs correctly never fails."""
    address_auth_failures_per_minute: float = 120.0
    """The same per client address (after a burst of 300): the windows of a hall behind one
    NAT address share it."""
    elicence_holders_per_hour: int = 60
    """Distinct holders one device's e-licence lookups may answer about in an hour ..."""
    elicence_holders_per_day: int = 300
    """... and in a day (``central.store.elicences.HolderLimits``); past them, 429."""
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
        self.throttles = Throttles(
            FailedAttempts(RateLimiter(settings.auth_failures_per_minute / 60.0, 30)),
            FailedAttempts(RateLimiter(settings.address_auth_failures_per_minute / 60.0, 300)),
        )

    async def signed(self, request: Request) -> tuple[Authenticated, bytes]:
        # Bounded already (``BodyLimit``), before anything else looked at the request.
        body = await request.body()
        auth = await run_in_threadpool(
            authenticate,
            request,
            body,
            self.store,
            self.limiter,
            throttles=self.throttles,
            client=self.client_address.of(request),
        )
        return auth, body
