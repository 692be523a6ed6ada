"""The first start of a production window (MOSIP's rule: the first login is online).

A window is provisioned once it is enrolled with the platform and holds a service catalog
the platform published: :func:`provision` enrols it (:func:`enrol_unless_enrolled`), then
pulls the catalog, calendar and staff feeds (:func:`pull_first_feeds`, the window's first
successful sync); only then does :func:`is_provisioned` hold and the login show.
Afterwards the window works offline as before. A failure at any step leaves the window
unprovisioned with one clear message; the next attempt starts where it stopped: a window
already enrolled is not enrolled again (a code given anyway is not used), unless what the
caller states it is meant for (a provisioning file's hall and window) differs.

:func:`is_provisioned` runs before the window's first frame: it imports nothing heavy.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from counter_app.device_files import IDENTITY_FILE
from counter_app.home import Home
from sync.errors import TLS_VERIFY_FAILED, PlatformRefused, PlatformUnreachable, SyncError

if TYPE_CHECKING:
    from counter_app.store.database import Store
    from sync.credential import DeviceIdentity

# The feeds the first start must have read (the service catalog, the calendar, who may sign
# in); the others follow with the first sync.
FIRST_FEEDS = ("catalog", "calendar", "staff")
_PLATFORM_CATALOG = "SELECT 1 FROM catalog_versions WHERE source LIKE 'platform:%' LIMIT 1"


# What a first start that failed before the window was enrolled leaves (Chinese, English).
NOT_PROVISIONED = ("本机尚未登记完成", "this window is not provisioned yet")


class ProvisioningFailed(SyncError):
    """The first start did not complete; the window stays unprovisioned, ready to retry."""

    code = "provisioning_failed"


@dataclass(frozen=True)
class Enrolment:
    """What the enrolment step of a first start found or did."""

    identity: DeviceIdentity
    previous: DeviceIdentity | None  # the enrolment a new one replaced
    code_used: bool  # False: enrolled already, the code given was not needed


def is_provisioned(home: Home) -> bool:
    """Enrolled, and a catalog from the platform is in the store."""
    if not (home.device_dir / IDENTITY_FILE).is_file() or not home.db_path.is_file():
        return False
    # Read-only and without the store's imports: the login is waiting.
    uri = f"{home.db_path.as_uri()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as db:
        try:
            return db.execute(_PLATFORM_CATALOG).fetchone() is not None
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return False  # a store created before its first migration finished
            raise


def enrol_unless_enrolled(
    home: Home,
    url: str,
    code: str,
    *,
    ca_bundle: str = "",
    allow_insecure_http: bool = False,
    config_file: str | None = None,
    actor: str,
    meant_for: tuple[str, str] = ("", ""),
) -> Enrolment:
    """Enrol this window with the platform at ``url`` using the one-time ``code``, unless it
    is enrolled already: then the code is not used, unless ``meant_for`` (the hall and
    window a provisioning file names; empty: whatever the code says) differs from the
    enrolment, which a code then replaces, and only with nothing waiting to upload
    (``sync.enrolment.refuse_stranding_backlog``). The TLS policy
    (``sync.allow_insecure_http``) is the home's config's (``config_file``: ``--config``),
    or ``allow_insecure_http`` (a provisioning file's, for a test platform on 127.0.0.1).
    Raises :class:`ProvisioningFailed` or the enrolment's own refusal or failure, naming
    the field at fault: ``url``, ``ca_bundle`` or ``code``; ``home`` for a training hall's
    home, which is never provisioned (``sync.enrolment.refuse_training_home``)."""
    # Imported here: the first-start screen shows before any of it is needed.
    from counter_app.config import load_config
    from counter_app.store.database import open_store
    from sync.credential import load_identity
    from sync.enrolment import (
        apply_platform_settings,
        enroll,
        numbering_devices,
        refuse_stranding_backlog,
        refuse_training_home,
    )
    from sync.transport import ca_file_problem

    refuse_training_home(home)
    url, code, ca_bundle = url.strip(), code.strip(), ca_bundle.strip()
    ca_problem = ca_file_problem(ca_bundle)
    if ca_problem is not None:
        raise ProvisioningFailed(
            f"{ca_problem[0]}：请选择平台管理员提供的证书文件，或留空使用系统证书。",
            f"{ca_problem[1]}: choose the file the platform operator gave you, or leave it "
            "empty to use the system's certificates.",
            field="ca_bundle",
        )
    home.ensure()
    config = load_config(home, config_file)
    current = load_identity(home)
    stated = (current.hall, current.window) if current else ("", "")
    elsewhere = any(meant and meant != now for meant, now in zip(meant_for, stated, strict=True))
    if current is not None and not (code and elsewhere):
        # Given again after the platform's certificate or address changed: what the window
        # reads from now on (the first feeds are pulled with it next).
        apply_platform_settings(
            home,
            config,
            url,
            ca_bundle=ca_bundle,
            allow_insecure_http=config.sync.allow_insecure_http or allow_insecure_http,
        )
        return Enrolment(current, None, code_used=False)
    if not code:
        raise ProvisioningFailed(
            "请输入平台管理员提供的一次性登记码。",
            "Type the one-time enrolment code from the platform operator.",
            field="code",
        )
    with open_store(home, config) as store, _in_plain_words(url, NOT_PROVISIONED):
        refuse_stranding_backlog(home, store)
        identity = enroll(
            home,
            url,
            code,
            number_devices=numbering_devices(config.hall.device_id, store),
            ca_bundle=ca_bundle,
            allow_insecure_http=config.sync.allow_insecure_http or allow_insecure_http,
            store=store,
            actor=actor,
            proxy=config.sync.proxy,
        )
    return Enrolment(identity, current, code_used=True)


def pull_first_feeds(home: Home, config_file: str | None = None) -> None:
    """Pull the catalog, calendar and staff of the enrolled window: its first successful
    sync, recorded as one. :class:`ProvisioningFailed` when the platform cannot be reached,
    or has published no catalog yet."""
    from counter_app.config import load_config
    from counter_app.services import offline_policy
    from counter_app.store.database import open_store
    from sync.device_transport import platform_transport
    from sync.feeds import DEFAULT_FEEDS
    from sync.pull import FeedPull

    config = load_config(home, config_file)
    with open_store(home, config) as store, _in_plain_words(config.sync.url, _left(home, store)):
        make_way_for_the_platform_catalog(store)
        transport = platform_transport(home, config)
        try:
            feeds = {name: DEFAULT_FEEDS[name] for name in FIRST_FEEDS}
            FeedPull(store, transport, feeds, transport.clock).pull_all()
        finally:
            transport.close()
        offline_policy.record_success(store, transport.clock.now())
        if not platform_catalog_loaded(store):
            zh, en = no_catalog_words(
                (
                    "在窗口上再点“登记并同步”，或再次运行 counter-app provision",
                    "press 'Enrol and sync' at the window again, or run counter-app provision "
                    "again",
                )
            )
            raise ProvisioningFailed(
                f"本机已在平台登记。{zh}", f"This window is enrolled. {en}", field="url"
            )


def provision(
    home: Home,
    url: str,
    code: str,
    *,
    ca_bundle: str = "",
    allow_insecure_http: bool = False,
    config_file: str | None = None,
    actor: str,
) -> DeviceIdentity:
    """Enrol this window (:func:`enrol_unless_enrolled`: not again when it is enrolled),
    then pull the catalog, calendar and staff (:func:`pull_first_feeds`)."""
    enrolment = enrol_unless_enrolled(
        home,
        url,
        code,
        ca_bundle=ca_bundle,
        allow_insecure_http=allow_insecure_http,
        config_file=config_file,
        actor=actor,
    )
    pull_first_feeds(home, config_file)
    return enrolment.identity


def _left(home: Home, store: Store) -> tuple[str, str]:
    """What a failed pull of the first feeds leaves (Chinese, English)."""
    from sync.credential import load_identity

    identity = load_identity(home)
    if identity is None:
        return NOT_PROVISIONED
    enrolled = (
        f"大厅 {identity.hall} 窗口 {identity.window}",
        f"hall {identity.hall} window {identity.window}",
    )
    if platform_catalog_loaded(store):
        return (
            f"本机的登记（{enrolled[0]}）不变，照常受理，办件待连接恢复后上传",
            f"this window stays enrolled ({enrolled[1]}) and accepts cases as before; they "
            "upload once the connection works",
        )
    return (
        f"本机已登记（{enrolled[0]}），但还没有从平台取得事项目录，暂不能受理",
        f"this window is enrolled ({enrolled[1]}) but has no service catalog from the "
        "platform yet, so it cannot accept cases",
    )


@contextmanager
def _in_plain_words(url: str, outcome: tuple[str, str]) -> Iterator[None]:
    """Turn a transport failure into what the person at the first-start screen can act on
    (the transport's own words promise an automatic retry, which the first start has not),
    ending with ``outcome`` (Chinese, English): the state it leaves. No TLS connection is
    said as such: the address answered, its certificate or the CA file is at fault."""
    from sync.enrolment import EnrolmentFailed, tls_failure

    try:
        yield
    except EnrolmentFailed as error:  # the enrolment's own words, as the first start's failure
        raise ProvisioningFailed(error.zh, error.en, field=error.field) from error
    except PlatformRefused as error:  # before PlatformUnreachable: a TLS failure is both
        if error.platform_code != TLS_VERIFY_FAILED:
            raise
        raise tls_failure(url, ProvisioningFailed, outcome, error) from error
    except PlatformUnreachable as error:
        raise ProvisioningFailed(
            f"无法连接平台 {url}：地址不对、网络不通或平台未启动。请核对平台地址和网络后重试；"
            f"{outcome[0]}。",
            f"Cannot reach the platform at {url}: wrong address, no network, or the platform is "
            f"not running. Check the address and the network, then try again; {outcome[1]}.",
            field="url",
        ) from error


def platform_catalog_loaded(store: Store) -> bool:
    """A catalog the platform published is in ``store``."""
    return store.db.execute(_PLATFORM_CATALOG).fetchone() is not None


def make_way_for_the_platform_catalog(store: Store) -> None:
    """Before a production window reads the platform's catalog feed (its first start, and
    every sync): take the bundled sample out of the way, which a command loads on a fresh
    window as where no platform is (``counter-app catalog``); left there, its version 1
    keeps the platform's out (refused as different content). The feed is then read from
    the start: an earlier read may have passed the platform's version while the sample
    stood in its way."""
    from counter_app.store.catalog import set_aside_sample_catalog
    from sync.pull import drop_cursors

    if not platform_catalog_loaded(store) and set_aside_sample_catalog(store):
        drop_cursors(store, ["catalog"])


def no_catalog_words(then: tuple[str, str]) -> tuple[str, str]:
    """That the platform has published no catalog yet, who to ask, and ``then`` what to do
    (Chinese, English)."""
    then_zh, then_en = then
    return (
        "平台还没有发布事项目录，本机暂不能受理。请平台管理员发布事项目录（counter-central "
        f"catalog publish）后{then_zh}；无需新的登记码。",
        "The platform has published no service catalog yet, so this window cannot accept "
        "cases. Ask the platform operator to publish one (counter-central catalog publish), "
        f"then {then_en}; no new enrolment code is needed.",
    )


# What a sync that found no catalog from the platform says (``sync --once`` and doctor).
NO_CATALOG_AFTER_SYNC = no_catalog_words(
    (
        "再同步（counter-app sync --once；窗口的后台同步也会自动取得）",
        "sync again (counter-app sync --once; the window's background sync fetches it too)",
    )
)
