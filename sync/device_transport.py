"""The transport to the platform this home is enrolled with, signing as its device: what
every call to the platform (sync, window lookups, commands) starts from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.database import Store
from sync.clock import Clock, SystemClock
from sync.credential import load_credential
from sync.transport import Answer, PlatformTransport, Timeouts, TransportSettings

# A command someone typed waits as long as the sync for each answer; when the platform does
# not answer, its words ask them to run it again (nothing retries a command for them).
COMMAND_TIMEOUTS: Timeouts = (TransportSettings.connect_timeout, TransportSettings.read_timeout)


def platform_transport(
    home: Home,
    config: Config,
    clock: Clock | None = None,
    *,
    timeouts: Timeouts | None = None,
    asks_again: bool = False,
) -> PlatformTransport:
    """A transport to the platform this home is enrolled with, signing as its device;
    ``timeouts`` (seconds to connect, to answer) for a caller that cannot wait the sync's,
    whose failures ask the person to try again unless the caller ``asks_again`` on its own
    (see ``TransportSettings.bounded``)."""
    clock = clock or SystemClock()
    credential = load_credential(home, clock)
    sync = config.sync
    settings = TransportSettings(
        sync.url or credential.identity.platform_url,
        ca_bundle=sync.ca_bundle or None,
        allow_insecure_http=sync.allow_insecure_http,
        proxy=sync.proxy,
    )
    return PlatformTransport(settings.bounded(timeouts, asks_again=asks_again), credential, clock)


def call_platform(
    store: Store,
    method: str,
    path: str,
    payload: Mapping[str, Any] | None,
    answer: type[Answer],
    *,
    timeouts: Timeouts | None = None,
    asks_again: bool = False,
) -> Answer:
    """One request of this window to its platform, on a transport of its own that is closed
    after it: the answer as the wire model ``answer``. The transport's typed errors
    (``PlatformUnreachable``, ``PlatformRefused`` …) come as they are, for the caller to put
    in its own words."""
    transport = platform_transport(
        store.home, store.config, timeouts=timeouts, asks_again=asks_again
    )
    try:
        return transport.parsed(answer, transport.request_json(method, path, payload))
    finally:
        transport.close()
