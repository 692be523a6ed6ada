"""What a test's HTTP proxy on 127.0.0.1 (``tests.sync.newer_platform``,
``tests.sync.older_audit_platform``) passes on to the reference platform behind it, and back."""

from __future__ import annotations

import http.client
from collections.abc import Iterable
from dataclasses import dataclass

# Hop-by-hop headers, the length the proxy sets again for the body it sends, the headers
# its own server line adds (the same clock: one machine), and the client's offer of a
# compressed answer (a proxy reads the answer it changes).
NOT_PASSED = frozenset(
    {
        "connection",
        "keep-alive",
        "transfer-encoding",
        "content-length",
        "date",
        "server",
        "accept-encoding",
    }
)


@dataclass(frozen=True)
class UpstreamAnswer:
    status: int
    headers: list[tuple[str, str]]  # those a proxy passes back (not ``NOT_PASSED``)
    body: bytes


def _passed(headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """``headers`` but those in ``NOT_PASSED``."""
    return [(key, value) for key, value in headers if key.lower() not in NOT_PASSED]


def forward(
    upstream: tuple[str, int],
    command: str,
    path: str,
    body: bytes | None,
    headers: Iterable[tuple[str, str]],
) -> UpstreamAnswer:
    """Send the request to the platform at ``upstream`` (host, port) on a connection of its
    own, with the headers a proxy passes on, and read its whole answer."""
    connection = http.client.HTTPConnection(*upstream)
    try:
        connection.request(command, path, body, dict(_passed(headers)))
        response = connection.getresponse()
        return UpstreamAnswer(response.status, _passed(response.getheaders()), response.read())
    finally:
        connection.close()
