"""The real client of a request, for per-client limits (enrolment). Behind a reverse proxy
every request comes from the proxy; only a proxy the operator named (``serve
--trusted-proxy``) is believed about the client, through one header it sets
(``--client-address-header``, ``X-Forwarded-For`` by default)."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass

from starlette.requests import Request

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class ClientAddress:
    trusted_proxies: tuple[Network, ...] = ()
    header: str = "X-Forwarded-For"

    @classmethod
    def parse(cls, proxies: Sequence[str], header: str) -> ClientAddress:
        """``proxies``: addresses or networks (``10.0.0.0/24``); raises ``ValueError``."""
        return cls(tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies), header)

    def of(self, request: Request) -> str:
        """The peer's address, unless the peer is a trusted proxy: then the address the
        header names. A comma-separated list (``X-Forwarded-For``) is read from the right,
        skipping the trusted proxies; entries further left are the client's own words."""
        peer = request.client.host if request.client else "unknown"
        if not self._trusted(peer):
            return peer
        entries = request.headers.get(self.header, "").split(",")
        for entry in reversed(entries):
            address = _address(entry.strip())
            if address is None:
                # A trusted proxy wrote something that is not an address: key on the proxy
                # rather than on text the client may have chosen.
                return peer
            if not any(address in network for network in self.trusted_proxies):
                return str(address)
        return peer

    def _trusted(self, host: str) -> bool:
        address = _address(host)
        return address is not None and any(address in n for n in self.trusted_proxies)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None
