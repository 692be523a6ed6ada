"""``counter-app enroll URL CODE``: trade a one-time code for a device identity.

The device makes its own Ed25519 key; only the public half travels. It states the device
parts of the case numbers it writes (its own local device id, and the ids its store's cases
carry from a PC it replaced): the platform binds those number prefixes to it, and refuses
the enrolment while another live device holds one (docs/sync-protocol.md, "Device binding"). On success the
identity is stored owner-only under the home (``sync.credential``) and the hall, window
and platform address are written into the user config file, so every later start uses
the hall the platform enrolled this workstation for (the enrolment is authoritative).
Enrolled into another hall, the workstation forgets where it had read the old hall's feeds.

The store records an enrolment first (:func:`record_enrolment`: the old hall's platform
data goes in the same transaction), then the credential is saved, then the config: cut off
before the record, the old enrolment stands entirely; after it, the store is cleared for the
new hall, and a store whose last enrolment names another hall or window than the config
pauses intake until IT enrols again (``offline_policy.unfinished_enrolment``); that enrolment clears whatever a sync with
the old credential read meanwhile.

An enrolled workstation is enrolled again only with nothing waiting to upload
(:func:`refuse_stranding_backlog`): the platform tells which hall and window a code is for
only when it is used, and cases of the old ones would never upload from the new enrolment.
Nor is it enrolled into another hall while cases of the old one are open on it
(``sync.hall_move``), unless a person says so (``--leave-open-cases``).

A training hall's home is enrolled only by its own window, with the training hall's own
platform: the command line and provisioning refuse it (:func:`refuse_training_home`).
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Sequence
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from counter_app.config import Config, load_config, update_user_config
from counter_app.domain.case_number import check_number_part
from counter_app.home import Home
from counter_app.services import offline_policy
from counter_app.services.auth import Accounts
from counter_app.services.problems import forget_hall_problems
from counter_app.store.arrivals import forget_arrivals
from counter_app.store.database import Store
from counter_app.store.hall_notices import forget_hall_notices
from counter_app.store.hall_queue import forget_hall_queue
from counter_app.store.issued_case_numbers import case_number_devices
from counter_app.store.restore_guards import (
    ENROLMENT_ACTION,
    RecordedEnrolment,
    keep_enrolment,
    recorded_enrolment,
)
from counter_app.store.timestamps import to_text
from sync.ca_file import ca_bundle_below_user_file, user_file_ca_bundle
from sync.clock import Clock, SystemClock
from sync.credential import (
    DeviceIdentity,
    enrolment_key,
    forget_enrolment_key,
    load_identity,
    save_credential,
)
from sync.engine import META_PLATFORM_EPOCH
from sync.enrolment_resend import resend_at_enrolment
from sync.errors import TLS_VERIFY_FAILED, EnrolmentRefused, PlatformRefused, SyncError
from sync.feeds import DEFAULT_FEEDS
from sync.hall_move import (
    OpenCasesLeft,
    halls_left,
    leaving_open_cases_refused,
    open_cases_left,
)
from sync.own_cases import walk_from_the_start
from sync.pull import drop_cursors
from sync.status import is_revoked
from sync.transport import (
    PlatformTransport,
    SecureConnectionFailed,
    Timeouts,
    TransportSettings,
    check_platform_url,
)
from sync.wire.enrolment import EnrollRequest, EnrollResponse
from sync.wire.signing import public_key_b64

log = logging.getLogger(__name__)

ENROLL_PATH = "/v1/enroll"
# The lengths ``EnrollRequest`` allows for a code.
MIN_CODE_LENGTH, MAX_CODE_LENGTH = 4, 64


class EnrolmentFailed(SyncError):
    """No secure (TLS) connection to the platform: nothing changed; the person asks again
    once the address or the CA file is right."""

    code = "enrolment_failed"


def tls_failure(
    url: str, failure: type[SyncError], outcome: tuple[str, str], cause: PlatformRefused
) -> SyncError:
    """The transport's ``tls_verify_failed`` (``cause``) in words a person waiting on ``url``
    can act on, as ``failure``; ``outcome`` (Chinese, English) says what state it leaves.
    The transport's own words call it the platform's refusal, which it is not: the platform
    was never reached (a wrong CA file, or an address that serves no https). What failed,
    and with which CA file, is the transport's (``SecureConnectionFailed.what``)."""
    outcome_zh, outcome_en = outcome
    what_zh, what_en = (
        cause.what
        if isinstance(cause, SecureConnectionFailed)
        else (
            "CA 证书文件不对、平台地址不对，或该地址不提供 https",
            "the CA certificate file or the address is wrong, or the address does not serve https",
        )
    )
    return failure(
        f"无法与平台 {url} 建立安全连接（TLS）：{what_zh}。请核对平台地址和平台管理员提供的 "
        f"CA 证书文件后重试；{outcome_zh}。",
        f"No secure (TLS) connection to the platform at {url}: {what_en}. Check the address "
        f"and the CA certificate file the platform operator gave you, then try again; "
        f"{outcome_en}.",
        field="ca_bundle",
    )


def numbering_devices(own_device: str, store: Store | None = None) -> list[str]:
    """What an enrolment states as ``number_devices``: this workstation's own device id (its
    new case numbers), then those the cases in ``store`` carry (restored from a replaced PC's
    backup). A home without a store yet has only its own."""
    own = check_number_part("device", own_device.upper())
    carried = frozenset() if store is None else case_number_devices(store.db.conn)
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
    store: Store | None = None,
    actor: str = "",
    clock: Clock | None = None,
    timeouts: Timeouts | None = None,
    leave_open_cases: bool = False,
    proxy: str = "",
) -> DeviceIdentity:
    """Enrol this workstation stating ``number_devices`` (:func:`numbering_devices`), the
    enrolment recorded in ``store`` by ``actor`` before anything else is written (every
    enrolment but the training hall's sample one, whose store has no platform data); raises
    :class:`EnrolmentRefused` for a bad, used or expired code, or for a number prefix another
    live device holds (the code then stays usable); :class:`EnrolmentFailed` when no TLS
    connection to the platform is made; ``PlatformUnreachable`` when it cannot be reached,
    in words that ask the person to try again; ``EnrolmentRefused`` too when the code is for
    another hall and cases of the old one are open in ``store``, unless ``leave_open_cases``
    (a person's explicit word, recorded with the enrolment). ``timeouts``: an administrator
    waits at the window (the command line waits the sync's). ``proxy``: the HTTP proxy the
    requests go through (``sync.proxy``; empty: none), as the sync's do."""
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
    # A person waits on an enrolment, and nothing asks again for them.
    settings = TransportSettings(
        url,
        ca_bundle=ca_bundle or None,
        allow_insecure_http=allow_insecure_http,
        asks_again=False,
        proxy=proxy,
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
        if exc.platform_code == TLS_VERIFY_FAILED:
            raise tls_failure(url, EnrolmentFailed, _unchanged(load_identity(home)), exc) from exc
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
    if store is not None:
        current = load_identity(home)
        previous_hall = current.hall if current else ""
        left = open_cases_left(store, identity.hall, previous_hall)
        if left is not None and not leave_open_cases:
            raise leaving_open_cases_refused(left, identity)
        record_enrolment(
            store,
            actor,
            identity,
            previous_hall=previous_hall,
            left=left,
            replaced_device=response.replaced_device,
        )
    save_credential(home, identity, private_key)
    record_enrolment_in_user_config(
        home,
        identity,
        # The configuration read with --config: a CA file IT set only there is IT's too.
        config=store.config if store is not None else None,
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


def _unchanged(current: DeviceIdentity | None) -> tuple[str, str]:
    """What a failed enrolment leaves, in Chinese and English."""
    if current is None:
        return "本机尚未登记", "this workstation is not enrolled yet"
    return (
        f"本机仍按原来的登记工作（大厅 {current.hall} 窗口 {current.window}）",
        f"this workstation keeps its enrolment (hall {current.hall} window {current.window})",
    )


def refuse_training_home(home: Home) -> None:
    """Refuse the command line's and provisioning's enrolment of a training hall's home
    (:class:`EnrolmentRefused`): its window enrols it with the training hall's own platform
    (``ui.training_hall``, which calls :func:`enroll` itself), and nothing else ever does. A
    training hall asks no one-time codes, never pauses intake and reads simulated cards, so
    enrolled with a production platform it would take the hall's real staff register in and
    send made-up cases out."""
    if not home.is_training:
        return
    raise EnrolmentRefused(
        f"{home.root} 是培训大厅（培训模式）的数据目录：培训大厅有它自带的培训平台，由培训窗口自行"
        "登记，从不登记到正式平台（培训大厅不要求一次性验证码、不暂停受理、使用模拟读卡器）。"
        "本机的登记没有改变。要为申请人办理业务，请另行安装并登记一个正式窗口"
        "（docs/operations.md §3，培训大厅见 §2.4）。",
        f"{home.root} is the training hall's home: the training hall has its own training "
        "platform, with which its window enrols itself, and is never enrolled with a production "
        "platform (it asks no one-time codes, never pauses intake and reads simulated cards). "
        "The enrolment has not changed. To serve applicants, install and enrol a production "
        "window (docs/operations.md §3; the training hall: §2.4).",
        field="home",
    )


def refuse_stranding_backlog(home: Home, store: Store) -> None:
    """Refuse to enrol an enrolled workstation again while cases wait to upload under its
    enrolment (:class:`EnrolmentRefused` saying how many, and what to do). The platform
    tells a code's hall and window only when it is used; cases of the old ones would then
    never upload (``wrong_hall``). The caller skips this check only on a person's explicit
    word (``counter-app enroll --despite-backlog``)."""
    current = load_identity(home)
    waiting = offline_policy.backlog(store)
    if current is None or not waiting:
        return
    hall, window = current.hall, current.window
    zh = (
        f"本机登记为大厅 {hall} 窗口 {window}（设备 {current.device_id}），还有 {waiting} 件办件"
        "待上传，暂不重新登记：登记码属于哪个大厅和窗口，平台要到使用时才告知；若属于别的大厅"
        "或窗口，这些办件将再也无法上传。"
    )
    en = (
        f"This workstation is enrolled for hall {hall} window {window} (device "
        f"{current.device_id}) and {waiting} case(s) still wait to upload, so it is not "
        "enrolled again: the platform tells which hall and window a code is for only when it "
        "is used, and if it is another hall or window these cases could never upload. "
    )
    if is_revoked(current, store):
        zh += (
            "本机的登记已被平台吊销，无法先同步：请确认新登记码是为大厅 "
            f"{hall} 窗口 {window} 签发的，再加 --despite-backlog 重新运行 counter-app enroll，"
            "这些办件随后上传。"
        )
        en += (
            "This workstation's enrolment was revoked, so it cannot sync first: make sure the "
            f"new code was issued for hall {hall} window {window}, then run counter-app enroll "
            "again with --despite-backlog; the cases upload after it. "
        )
    else:
        zh += (
            "请先同步（counter-app sync --once），待上传为 0 后再登记；确需现在登记时（例如新登记"
            f"码仍属于大厅 {hall} 窗口 {window}），运行 counter-app enroll 平台地址 登记码 "
            "--despite-backlog。"
        )
        en += (
            "Sync first (counter-app sync --once) and enrol once nothing waits; to enrol now "
            f"regardless (say the new code is for hall {hall} window {window} too), run "
            "counter-app enroll URL CODE --despite-backlog. "
        )
    raise EnrolmentRefused(zh + "本机的登记没有改变。", en + "The enrolment has not changed.")


def replaced_device_note(
    previous: DeviceIdentity | None, identity: DeviceIdentity
) -> tuple[str, str] | None:
    """What IT must do on the platform after ``identity`` replaced the ``previous``
    enrolment (Chinese, English): revoke the old device, whose key could still speak for
    this workstation. None for a first enrolment."""
    if previous is None or previous.device_id == identity.device_id:
        return None
    old = previous.device_id
    return (
        f"本机原来的设备 {old}（大厅 {previous.hall} 窗口 {previous.window}）已不再使用：请平台"
        f"管理员吊销它（counter-central revoke {old}），已吊销的无需再做。",
        f"This workstation's former device {old} (hall {previous.hall} window "
        f"{previous.window}) is no longer used: ask the platform operator to revoke it "
        f"(counter-central revoke {old}), unless it is revoked already.",
    )


def record_enrolment_in_user_config(
    home: Home,
    identity: DeviceIdentity,
    *,
    config: Config | None = None,
    ca_bundle: str,
    allow_insecure_http: bool,
    addresses: tuple[str, ...] = (),
) -> None:
    """Set ``[hall] hall_code, window_code`` and ``[sync] url`` (and the TLS settings used) in the
    user config file, keeping its other settings. ``url`` is every address enrolment was
    given when there were several instances (a list), else the one that answered; the CA
    file as :func:`platform_settings` says of ``config`` (the window's, read with its
    ``--config`` file; None: the home's layers, ``load_config(home)``)."""
    url: str | list[str] = list(addresses) if len(addresses) > 1 else identity.platform_url
    update_user_config(
        home,
        {
            "hall": {"hall_code": identity.hall, "window_code": identity.window},
            "sync": platform_settings(
                home,
                config if config is not None else load_config(home),
                url,
                ca_bundle=ca_bundle,
                allow_insecure_http=allow_insecure_http,
            ),
        },
    )


def platform_settings(
    home: Home, config: Config, url: str | list[str], *, ca_bundle: str, allow_insecure_http: bool
) -> dict[str, Any]:
    """The ``[sync]`` values the user config file gets for the platform at ``url``. The CA
    file ``ca_bundle`` only where the window would not read it otherwise: a CA file IT set
    in the system file (or ``--config``, the environment: the layers ``config`` was read
    from) stays IT's to change there (docs/operations.md, "The platform's certificate");
    one the user file names already is replaced, since it would stand over IT's."""
    values: dict[str, Any] = {"url": url}
    if ca_bundle and (
        ca_bundle != ca_bundle_below_user_file(config, home)
        or user_file_ca_bundle(home) is not None
    ):
        values["ca_bundle"] = ca_bundle
    if allow_insecure_http:
        values["allow_insecure_http"] = True
    return values


def apply_platform_settings(
    home: Home, config: Config, url: str, *, ca_bundle: str, allow_insecure_http: bool
) -> bool:
    """Record the platform addresses ``url`` (separated by spaces) and the CA file
    ``ca_bundle`` (empty: unchanged) for an enrolled window whose ``config`` reads others
    (a provisioning file given again after the platform's certificate or address changed);
    whether anything changed."""
    addresses = [check_platform_url(address, allow_insecure_http) for address in url.split()]
    values: dict[str, Any] = {}
    if addresses and " ".join(addresses) != config.sync.url:
        values["url"] = addresses if len(addresses) > 1 else addresses[0]
    # Not the CA file the window reads: the user file's, or none over one IT set elsewhere.
    if ca_bundle and ca_bundle != config.sync.ca_bundle:
        values["ca_bundle"] = ca_bundle
    if not values:
        return False
    if "url" in values and allow_insecure_http and not config.sync.allow_insecure_http:
        values["allow_insecure_http"] = True
    update_user_config(home, {"sync": values})
    log.info("platform settings changed: %s", ", ".join(sorted(values)))
    return True


def record_enrolment(
    store: Store,
    actor: str,
    identity: DeviceIdentity,
    *,
    previous_hall: str,
    left: OpenCasesLeft | None = None,
    replaced_device: str | None = None,
) -> None:
    """What every enrolment leaves in the store, in one transaction: its audit entry (the
    store's record of the hall its platform data belongs to: ``recorded_enrolment``) and,
    when the hall changed, no cursor of the old hall's feeds (the platform would refuse
    them; the new hall's feeds are read from the start), nor its queue, notices, staff,
    arrivals, problems and instructions. The hall changed when ``previous_hall`` (the
    credential's before, empty for none) or the store's last enrolment names another: an
    earlier enrolment cut off after its record may have left a sync reading the old hall.
    ``left``: the old hall's open cases a person chose to leave, named in the audit entry.
    The platform store's epoch last seen is forgotten: the platform enrolled with may be
    another, whose first epoch is only recorded, not taken for a restore.
    ``replaced_device``: the device the platform says this enrolment replaced (a code made
    with ``counter-central enroll-code --replaces``): its cases are this window's now, and
    the next sync fetches back those the store lacks (``sync.own_cases``), as after a
    restore (a new PC with a fresh home gets the old one's cases).
    Enrolled again for the same hall, every version the platform had acknowledged goes
    back to the outbox (``requeue_acknowledged``, audited as a restore seen): a window is
    enrolled again mostly because the platform no longer knows it (restored from a backup
    older than its enrolment), so the epoch that would have told of the restore is not
    there to compare, and its cases would stay 已上传 while the platform has none. What the
    platform still holds answers ``duplicate``. Another hall's cases are not sent again:
    the new hall's platform would refuse them."""
    with store.transaction() as db:
        db.execute("DELETE FROM meta WHERE key = ?", (META_PLATFORM_EPOCH,))
        recorded = recorded_enrolment(db.conn)
        left_halls = halls_left(identity.hall, {previous_hall, recorded.hall if recorded else ""})
        if left_halls:
            log.info(
                "hall %s → %s: its progress, notices and queue are read from the start",
                ", ".join(sorted(left_halls)),
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
            ENROLMENT_ACTION,
            identity.device_id,
            {
                "hall": identity.hall,
                "window": identity.window,
                **(left.audit_detail() if left is not None else {}),
                **({"replaced_device": replaced_device} if replaced_device else {}),
            },
        )
        if replaced_device:
            log.info("device %s replaced: its cases are fetched back", replaced_device)
            walk_from_the_start(store)
        keep_enrolment(
            db.conn, RecordedEnrolment(identity.device_id, identity.hall, identity.window)
        )
        requeued = 0 if left_halls else resend_at_enrolment(db, store, identity)
    if requeued:
        log.warning(
            "enrolled again as %s: sending %d acknowledged case versions again (the platform "
            "answers duplicate for those it holds)",
            identity.device_id,
            requeued,
        )
