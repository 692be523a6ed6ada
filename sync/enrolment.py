"""``counter-app enroll URL CODE``: trade a one-time code for a device identity.

The device makes its own Ed25519 key; only the public half travels. It states the device
parts of the case numbers it writes (its own local device id, and the ids its store's cases
carry from a PC it replaced): the platform binds those number prefixes to it, and refuses
the enrolment while another live device holds one (docs/sync-protocol.md, "Device binding"). On success the
identity is stored owner-only under the home (``sync.credential``) and the hall, window
and platform address are written into the user config file, so every later start uses
the hall the platform enrolled this workstation for (the enrolment is authoritative).
Enrolled into another hall, the workstation forgets where it had read the old hall's feeds.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Sequence
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from counter_app.config import update_user_config
from counter_app.domain.case_number import check_number_part
from counter_app.home import Home
from counter_app.services.auth import Accounts
from counter_app.services.problems import forget_hall_problems
from counter_app.store.arrivals import forget_arrivals
from counter_app.store.database import Store
from counter_app.store.hall_notices import forget_hall_notices
from counter_app.store.hall_queue import forget_hall_queue
from counter_app.store.issued_case_numbers import case_number_devices
from counter_app.store.timestamps import to_text
from sync.clock import Clock, SystemClock
from sync.credential import (
    DeviceIdentity,
    enrolment_key,
    forget_enrolment_key,
    save_credential,
)
from sync.errors import EnrolmentRefused, PlatformRefused
from sync.feeds import DEFAULT_FEEDS
from sync.pull import drop_cursors
from sync.transport import PlatformTransport, Timeouts, TransportSettings
from sync.wire.enrolment import EnrollRequest, EnrollResponse
from sync.wire.signing import public_key_b64

log = logging.getLogger(__name__)

ENROLL_PATH = "/v1/enroll"
# The lengths ``EnrollRequest`` allows for a code.
MIN_CODE_LENGTH, MAX_CODE_LENGTH = 4, 64


def numbering_devices(own_device: str, store: Store | None = None) -> list[str]:
    """What an enrolment states as ``number_devices``: this workstation's own device id (its
    new case numbers), then those the cases in ``store`` carry (restored from a replaced PC's
    backup). A home without a store yet has only its own."""
    own = check_number_part("device", own_device.upper())
    carried = set() if store is None else case_number_devices(store)
    return [own, *sorted(carried - {own})]


def _ask(
    transport: PlatformTransport,
    code: str,
    private_key: Ed25519PrivateKey,
    number_devices: Sequence[str],
) -> dict[str, Any]:
    request = EnrollRequest(
        code=code,
        public_key=public_key_b64(private_key),
        label=socket.gethostname()[:100],
        number_devices=list(number_devices),
    )
    return transport.request_json(
        "POST", ENROLL_PATH, request.model_dump(mode="json"), signed=False
    )


def enroll(
    home: Home,
    url: str,
    code: str,
    *,
    number_devices: Sequence[str],
    ca_bundle: str = "",
    allow_insecure_http: bool = False,
    clock: Clock | None = None,
    timeouts: Timeouts | None = None,
) -> DeviceIdentity:
    """Enrol this workstation stating ``number_devices`` (:func:`numbering_devices`); raises
    :class:`EnrolmentRefused` for a bad, used or expired code, or for a number prefix another
    live device holds (the code then stays usable). ``timeouts``: an administrator waits at
    the window (the command line waits the sync's)."""
    code = code.strip()
    if not MIN_CODE_LENGTH <= len(code) <= MAX_CODE_LENGTH:
        # The platform never issues such a code: say so here, not as a wire validation error.
        raise EnrolmentRefused(
            f"登记码“{code[:MAX_CODE_LENGTH]}”格式不对（应为 {MIN_CODE_LENGTH}–{MAX_CODE_LENGTH} "
            "个字符）。请核对平台管理员给出的登记码后重新输入。",
            f"The enrolment code '{code[:MAX_CODE_LENGTH]}' has the wrong form (it has "
            f"{MIN_CODE_LENGTH}-{MAX_CODE_LENGTH} characters). Check the code the platform "
            "operator gave you and type it again.",
            field="code",
        )
    clock = clock or SystemClock()
    settings = TransportSettings(
        url, ca_bundle=ca_bundle or None, allow_insecure_http=allow_insecure_http
    )
    transport = PlatformTransport(settings.bounded(timeouts), clock=clock)
    try:
        private_key = enrolment_key(home)
        try:
            answer = _ask(transport, code, private_key, number_devices)
        except PlatformRefused as exc:
            if exc.platform_code != "bad_public_key":
                raise
            # The kept key is a device's the platform made for another code (a new code
            # after a lost answer): this enrolment states a new one.
            forget_enrolment_key(home)
            private_key = enrolment_key(home)
            answer = _ask(transport, code, private_key, number_devices)
    except PlatformRefused as exc:
        if exc.platform_code.startswith("enroll_code") or exc.platform_code == "validation_failed":
            raise EnrolmentRefused(exc.zh, exc.en, field="code") from exc
        if exc.platform_code == "number_prefix_taken":
            raise EnrolmentRefused(exc.zh, exc.en) from exc
        raise
    finally:
        transport.close()
    response = transport.parsed(EnrollResponse, answer)
    identity = DeviceIdentity(
        platform_url=transport.base_url,
        device_id=response.device_id,
        hall=response.hall,
        window=response.window,
        enrolled_at=to_text(response.enrolled_at),
    )
    save_credential(home, identity, private_key)
    record_enrolment_in_user_config(
        home,
        identity,
        ca_bundle=ca_bundle,
        allow_insecure_http=allow_insecure_http,
        addresses=transport.addresses,
    )
    log.info(
        "enrolled as device %s for hall %s window %s",
        identity.device_id,
        identity.hall,
        identity.window,
    )
    return identity


def record_enrolment_in_user_config(
    home: Home,
    identity: DeviceIdentity,
    *,
    ca_bundle: str,
    allow_insecure_http: bool,
    addresses: tuple[str, ...] = (),
) -> None:
    """Set ``[hall] hall_code, window_code`` and ``[sync] url`` (and the TLS settings used) in the
    user config file, keeping its other settings. ``url`` is every address enrolment was
    given when there were several instances (a list), else the one that answered."""
    url: str | list[str] = list(addresses) if len(addresses) > 1 else identity.platform_url
    sync_values: dict[str, Any] = {"url": url}
    if ca_bundle:
        sync_values["ca_bundle"] = ca_bundle
    if allow_insecure_http:
        sync_values["allow_insecure_http"] = True
    update_user_config(
        home,
        {"hall": {"hall_code": identity.hall, "window_code": identity.window}, "sync": sync_values},
    )


def record_enrolment(
    store: Store, actor: str, identity: DeviceIdentity, *, previous_hall: str
) -> None:
    """What every enrolment leaves in the store, from the window or the command line: its
    audit entry and, when the hall changed, no cursor of the old hall's feeds (the platform
    would refuse them; the new hall's feeds are read from the start), nor its queue,
    notices, staff, arrivals, problems and instructions."""
    with store.transaction() as db:
        if identity.hall != previous_hall:
            log.info(
                "hall %s → %s: its progress, notices and queue are read from the start",
                previous_hall,
                identity.hall,
            )
            drop_cursors(store, [name for name, feed in DEFAULT_FEEDS.items() if feed.hall_scoped])
            forget_hall_queue(db.conn)
            forget_hall_notices(store)
            Accounts(store).forget_platform_accounts()
            forget_arrivals(store)
            forget_hall_problems(store)
        store.audit.record(
            actor,
            "device.enrol",
            identity.device_id,
            {"hall": identity.hall, "window": identity.window},
        )
