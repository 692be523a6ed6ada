"""A real TLS server on 127.0.0.1 with a self-signed certificate, for the client's CA checks.

    with tls_server(tmp_path) as url:   # https://127.0.0.1:PORT, its own self-signed CA
        ...
    other_ca(tmp_path)                  # a PEM of another CA, which does not verify it

It answers every request with 404; tests use it for what happens before any answer.
"""

from __future__ import annotations

import datetime
import http.server
import ipaddress
import socketserver
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def certificate(
    key: ec.EllipticCurvePrivateKey,
    subject: x509.Name,
    *,
    days: int,
    issuer: tuple[x509.Name, ec.EllipticCurvePrivateKey] | None = None,
    ca: bool = True,
    path_length: int | None = None,
    for_localhost: bool = True,
) -> x509.Certificate:
    """A certificate of ``key`` for ``subject``, valid from yesterday for ``days``, signed by
    ``issuer`` (its name and key; None: self-signed); ``for_localhost``: names 127.0.0.1."""
    issuer_name, signer = issuer or (subject, key)
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=days))
    )
    if for_localhost:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
    return builder.add_extension(
        x509.BasicConstraints(ca=ca, path_length=path_length), critical=True
    ).sign(signer, hashes.SHA256())


def pem(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


def written(
    stem: Path, certificate: x509.Certificate, key: ec.EllipticCurvePrivateKey
) -> tuple[Path, Path]:
    """(certificate, key) PEM files ``stem``.pem and ``stem``.key, written."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = stem.with_suffix(".pem"), stem.with_suffix(".key")
    cert_path.write_bytes(pem(certificate))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def self_signed(directory: Path, name: str) -> tuple[Path, Path]:
    """(certificate, key) PEM files of a self-signed certificate for 127.0.0.1."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    return written(directory / name, certificate(key, subject, days=30), key)


def other_ca(directory: Path) -> Path:
    return self_signed(directory, "other-ca")[0]


class _Quiet(http.server.BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        del format, args


@contextmanager
def tls_server(directory: Path) -> Iterator[str]:
    cert, key = self_signed(directory, "platform")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Quiet)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    # A refused handshake is what the tests provoke: not worth a traceback on stderr.
    server.handle_error = lambda _request, _address: None  # type: ignore[method-assign]
    with served(server, "tls-server") as address:
        yield address


@contextmanager
def served(server: socketserver.BaseServer, name: str) -> Iterator[str]:
    """``server`` answering on a thread of its own until the block ends: its https address."""
    thread = threading.Thread(target=server.serve_forever, name=name, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
