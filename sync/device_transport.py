"""The transport to the platform this home is enrolled with, signing as its device: what
every call to the platform (sync, window lookups, commands) starts from."""

from __future__ import annotations

from counter_app.config import Config
from counter_app.home import Home
from sync.clock import Clock, SystemClock
from sync.credential import load_credential
from sync.transport import PlatformTransport, Timeouts, TransportSettings

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
    )
    return PlatformTransport(settings.bounded(timeouts, asks_again=asks_again), credential, clock)
