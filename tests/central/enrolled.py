"""A hall's window enrolled straight in a platform store, for tests that run commands on a
store no serving platform has: the platform knows a hall only by its enrolled windows."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from central.store import CentralStore, Device
from central.store import devices as device_register
from sync.wire.signing import public_key_b64


def enrol_window(store: CentralStore, hall: str, window: str = "W1") -> Device:
    """A live device of ``hall`` at ``window``, enrolled as a window's own enrolment does."""
    code, _ = device_register.create_enroll_code(store, hall, window, 60)
    return device_register.enroll(
        store, code, public_key_b64(Ed25519PrivateKey.generate()), "test", []
    )
