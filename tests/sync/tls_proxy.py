"""The platform behind https, as a hall runs it: a TLS proxy on 127.0.0.1 in front of the
reference platform, whose server certificate a CA of the test's issued, and which IT can
renew with another CA's (:meth:`TlsProxy.serve_certificate_of`).

    ca1, ca2 = TestCa(tmp_path, "ca1"), TestCa(tmp_path, "ca2")
    with TlsProxy(central.url, ca1) as proxy:    # https://127.0.0.1:PORT, CA1's certificate
        ...
        proxy.serve_certificate_of(ca2)          # renewed: new connections get CA2's
"""

from __future__ import annotations

import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.sync.tls_server import certificate, pem, written
from tests.sync.upstream_forward import forward


class TestCa:
    """A CA of the test's, in ``directory``: its certificate in ``path`` (``<name>.pem``),
    valid for ``days``; it issues the platform's server certificate for 127.0.0.1."""

    __test__ = False  # not a test class, for pytest

    def __init__(self, directory: Path, name: str, *, days: int = 365) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        self.certificate = certificate(
            self.key, self.name, days=days, path_length=0, for_localhost=False
        )
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / f"{name}.pem"
        self.path.write_bytes(pem(self.certificate))
        self._directory = directory

    def server_certificate(self) -> tuple[Path, Path]:
        """(certificate, key) PEM files of a server certificate for 127.0.0.1 it issued."""
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
        issued = certificate(key, name, days=90, issuer=(self.name, self.key), ca=False)
        return written(self._directory / f"{self.path.stem}-server", issued, key)


def both(directory: Path, *cas: TestCa) -> Path:
    """One CA file holding every CA of ``cas``: what IT installs while a certificate is
    renewed (the old CA and the new)."""
    path = directory / "both-cas.pem"
    path.write_bytes(b"".join(ca.path.read_bytes() for ca in cas))
    return path


class _TlsServer(ThreadingHTTPServer):
    """Accepts each connection with TLS of its ``context`` at the time (renewable)."""

    context: ssl.SSLContext

    def get_request(self) -> tuple[ssl.SSLSocket, object]:  # type: ignore[override]
        connection, address = self.socket.accept()
        return self.context.wrap_socket(connection, server_side=True), address

    def handle_error(self, request: object, client_address: object) -> None:
        """A refused handshake is what the tests provoke: not worth a traceback."""


class TlsProxy:
    """https on 127.0.0.1 in front of the platform at ``upstream`` (its http address)."""

    def __init__(self, upstream: str, ca: TestCa) -> None:
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self._server = _TlsServer(("127.0.0.1", 0), _handler(self))
        self.serve_certificate_of(ca)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self._server.server_address[1]}"

    def serve_certificate_of(self, ca: TestCa) -> None:
        """From the next connection on, a server certificate ``ca`` issued (a renewal)."""
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*ca.server_certificate())
        self._server.context = context

    def __enter__(self) -> TlsProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._thread.join()
        self._server.server_close()


def _handler(proxy: TlsProxy) -> type[BaseHTTPRequestHandler]:
    class Forward(BaseHTTPRequestHandler):
        def _forward(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            response = forward(proxy.upstream, self.command, self.path, body, self.headers.items())
            self.send_response(response.status)
            for key, value in response.headers:
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            self.wfile.write(response.body)

        do_GET = do_POST = do_PUT = do_DELETE = _forward

        def log_message(self, format: str, *args: object) -> None:
            """The platform behind logs the requests."""

    return Forward
