"""The device's platform identity after enrolment: which hall and window it serves, its
platform device id, and the Ed25519 key it signs every request with.

Stored under ``home.device_dir`` owner-only: ``platform.json`` (0600, public facts) and
``platform_key.pem`` (0600, the private key, never sent anywhere); while an enrolment is
under way, ``enrolment_key.pem`` (0600), the key it states. Writes go through a
temporary file and ``os.replace`` so a crash leaves the old identity or the new one.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import asdict, dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from counter_app.device_files import ENROLMENT_KEY_FILE, IDENTITY_FILE, KEY_FILE
from counter_app.durable_files import make_directory, write_private_file
from counter_app.home import Home
from counter_app.store.pii import check_key_permissions
from sync.clock import Clock, SystemClock
from sync.errors import NotEnrolled
from sync.wire.signing import signed_headers


@dataclass(frozen=True)
class DeviceIdentity:
    platform_url: str
    device_id: str
    hall: str
    window: str
    enrolled_at: str


class DeviceCredential:
    """Signs requests as the enrolled device (implements ``sync.transport.RequestSigner``)."""

    def __init__(
        self, identity: DeviceIdentity, private_key: Ed25519PrivateKey, clock: Clock
    ) -> None:
        self.identity = identity
        self._private_key = private_key
        self._clock = clock

    def headers_for(self, method: str, path: str, body: bytes) -> dict[str, str]:
        return signed_headers(
            self._private_key,
            device_id=self.identity.device_id,
            method=method,
            path=path,
            body=body,
            now=self._clock.now().timestamp(),
        )

    def sign(self, message: bytes) -> str:
        """Base64 Ed25519 signature of ``message`` with the device key (an instruction the
        device issues: ``sync.wire.problems.instruction_message``)."""
        return base64.b64encode(self._private_key.sign(message)).decode("ascii")


def new_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def enrolment_key(home: Home) -> Ed25519PrivateKey:
    """The key this workstation enrols with, kept from before the platform is asked until
    the enrolment is saved: a retry after a lost answer (a timeout, a crash, a power cut)
    states the same key, and the platform answers it with the device it already made. A
    kept key that is already the enrolled one (its removal lost to a power cut) is not
    stated again: the platform would refuse it for a new device."""
    kept, enrolled = home.device_dir / ENROLMENT_KEY_FILE, home.device_dir / KEY_FILE
    pem = kept.read_bytes() if kept.is_file() else None
    if pem is not None and not (enrolled.is_file() and enrolled.read_bytes() == pem):
        key = serialization.load_pem_private_key(pem, password=None)
        if isinstance(key, Ed25519PrivateKey):
            return key
    key = new_private_key()
    write_private_file(kept, _pem(key))
    return key


def forget_enrolment_key(home: Home) -> None:
    """Drop the kept enrolment key: the platform holds it for a device no code of this
    enrolment can answer with (a new code after a lost answer), so the next attempt states
    a new one."""
    (home.device_dir / ENROLMENT_KEY_FILE).unlink(missing_ok=True)


def _pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def save_credential(home: Home, identity: DeviceIdentity, private_key: Ed25519PrivateKey) -> None:
    """Persist a new identity: the key first, then the facts that name it."""
    make_directory(home.device_dir)  # durably: the files below rely on their folder
    os.chmod(home.device_dir, 0o700)
    write_private_file(home.device_dir / KEY_FILE, _pem(private_key))
    facts = json.dumps(asdict(identity), ensure_ascii=False, indent=2).encode()
    write_private_file(home.device_dir / IDENTITY_FILE, facts)
    forget_enrolment_key(home)  # the enrolment is done


def load_identity(home: Home) -> DeviceIdentity | None:
    try:
        facts = json.loads((home.device_dir / IDENTITY_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return DeviceIdentity(**facts)


def load_credential(home: Home, clock: Clock | None = None) -> DeviceCredential:
    """The enrolled credential, or :class:`NotEnrolled` saying how to enrol; a key file
    others may read is refused (``KeyFileError``, with the chmod to run) as the PII key is:
    whoever reads it can sign as this window."""
    identity = load_identity(home)
    key_path = home.device_dir / KEY_FILE
    if identity is None or not key_path.is_file():
        raise NotEnrolled(
            "本机尚未在中心平台登记：请向管理员索取一次性登记码，运行 counter-app enroll 平台地址 登记码。",
            "This workstation is not enrolled with the central platform: ask the administrator "
            "for a one-time enrolment code and run: counter-app enroll URL CODE.",
        )
    check_key_permissions(key_path)
    private_key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    if not isinstance(private_key, Ed25519PrivateKey):
        raise NotEnrolled(
            f"设备密钥文件 {key_path} 不是 Ed25519 密钥，请重新登记本机。",
            f"The device key file {key_path} is not an Ed25519 key; enrol this workstation again.",
        )
    return DeviceCredential(identity, private_key, clock or SystemClock())
