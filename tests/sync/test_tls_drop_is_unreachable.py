"""A TLS connection cut off by a proxy or a dying platform instance is a lost connection:
retried, and worth the platform's next address. Only a certificate the CA bundle does not
vouch for is a setting a person must fix (``tls_verify_failed``)."""

from __future__ import annotations

import socket
import socketserver
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from sync.errors import PlatformRefused, PlatformUnreachable
from sync.push import PUSH_PATH
from sync.transport import PlatformTransport, TransportSettings
from tests.sync.tls_server import self_signed, served, tls_server

# What one platform instance does with each connection it accepts.
Behaviour = Callable[[socket.socket, ssl.SSLContext], None]
ANSWER = b'{"ok":true}'
# A batch big enough to be still on its way when the instance goes.
BATCH = b"x" * 2_000_000


def hangs_up_in_the_handshake(connection: socket.socket, context: ssl.SSLContext) -> None:
    """Reads the client's hello and closes without a word, as a proxy killed mid-handshake.
    The whole hello is read: closing on unread bytes resets the connection instead, which
    the client sees before TLS does."""
    del context
    header = connection.recv(5, socket.MSG_WAITALL)  # a TLS record header ends in its length
    connection.recv(int.from_bytes(header[3:5], "big"), socket.MSG_WAITALL)


def hangs_up_after_the_handshake(connection: socket.socket, context: ssl.SSLContext) -> None:
    """Completes the handshake, takes the first bytes of the request, and is gone."""
    with context.wrap_socket(connection, server_side=True) as tls:
        tls.recv(100)


def answers(connection: socket.socket, context: ssl.SSLContext) -> None:
    """Reads the whole request and answers it with a small JSON object."""
    with context.wrap_socket(connection, server_side=True) as tls:
        request = tls.makefile("rb")
        length = 0
        while (line := request.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        request.read(length)
        head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(ANSWER)}"
        tls.sendall(head.encode() + b"\r\nConnection: close\r\n\r\n" + ANSWER)


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    """The instances' self-signed certificate and key; the certificate is the window's CA bundle."""
    return self_signed(tmp_path / "tls", "platform")


@contextmanager
def platform_instance(certificate: tuple[Path, Path], behaviour: Behaviour) -> Iterator[str]:
    """https://127.0.0.1:PORT of an instance that treats every connection with ``behaviour``."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)

    class Connection(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            behaviour(self.request, context)

    with served(socketserver.TCPServer(("127.0.0.1", 0), Connection), "tls-instance") as address:
        yield address


@contextmanager
def window_transport(urls: str, ca_bundle: Path) -> Iterator[PlatformTransport]:
    transport = PlatformTransport(TransportSettings(urls, ca_bundle=str(ca_bundle)))
    try:
        yield transport
    finally:
        transport.close()


@pytest.mark.parametrize("behaviour", [hangs_up_in_the_handshake, hangs_up_after_the_handshake])
def test_an_instance_that_hangs_up_mid_push_is_unreachable_and_retried(
    certificate: tuple[Path, Path], behaviour: Behaviour
) -> None:
    with (
        platform_instance(certificate, behaviour) as url,
        window_transport(url, certificate[0]) as transport,
        pytest.raises(PlatformUnreachable) as cut_off,
    ):
        transport.request_body("POST", PUSH_PATH, BATCH, signed=False)
    assert "无法连接平台" in cut_off.value.zh and "稍后自动重试" in cut_off.value.zh
    assert "Cannot reach the platform" in cut_off.value.en
    assert "ca_bundle" not in cut_off.value.zh


def test_an_instance_that_hangs_up_in_the_handshake_gives_way_to_the_next_address(
    certificate: tuple[Path, Path],
) -> None:
    with (
        platform_instance(certificate, hangs_up_in_the_handshake) as dying,
        platform_instance(certificate, answers) as alive,
        window_transport(f"{dying} {alive}", certificate[0]) as transport,
    ):
        assert transport.request_body("POST", PUSH_PATH, BATCH, signed=False) == {"ok": True}
        assert transport.base_url == alive


def test_a_certificate_the_bundle_does_not_vouch_for_is_still_a_certificate_problem(
    certificate: tuple[Path, Path], tmp_path: Path
) -> None:
    with (
        tls_server(tmp_path / "elsewhere") as url,  # its own self-signed certificate
        window_transport(url, certificate[0]) as transport,
        pytest.raises(PlatformRefused) as refused,
    ):
        transport.request_body("POST", PUSH_PATH, BATCH, signed=False)
    assert refused.value.platform_code == "tls_verify_failed"
    assert "sync.ca_bundle" in refused.value.zh and "sync.ca_bundle" in refused.value.en
