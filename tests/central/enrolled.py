"""A hall's window enrolled straight in a platform store, for tests that run commands on a
store no serving platform has: the platform knows a hall only by its enrolled windows."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from central.store import CentralStore, Device
from central.store import devices as device_register
from central.store.staff import change_staff
from sync.wire.signing import public_key_b64


def enrol_window(store: CentralStore, hall: str, window: str = "W1") -> Device:
    """A live device of ``hall`` at ``window``, enrolled as a window's own enrolment does."""
    code, _ = device_register.create_enroll_code(store, hall, window, 60)
    return device_register.enroll(
        store, code, public_key_b64(Ed25519PrivateKey.generate()), "test", []
    )


def register_staff(store: CentralStore, hall: str, *accounts: tuple[str, str]) -> None:
    """Put each ``(username, role)`` in ``hall``'s staff register, as the operator's
    ``counter-central staff add`` does: the platform takes what only its own staff did."""
    for username, role in accounts:
        change_staff(store, hall, username, "add", by="test", role=role, password="Window-2026-ok")
