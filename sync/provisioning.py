"""The first start of a production window (MOSIP's rule: the first login is online).

A window is provisioned once it is enrolled with the platform and holds a service catalog
the platform published: :func:`provision` enrols it (``sync.enrolment``), then pulls the
catalog, calendar and staff feeds; only then does :func:`is_provisioned` hold and the login show.
Afterwards the window works offline as before. A failure at any step leaves the window
unprovisioned with one clear message; the next attempt starts where it stopped (a window
already enrolled needs no second code).

:func:`is_provisioned` runs before the window's first frame: it imports nothing heavy.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from counter_app.home import Home
from sync.device_files import IDENTITY_FILE
from sync.errors import PlatformRefused, PlatformUnreachable, SyncError

if TYPE_CHECKING:
    from counter_app.config import Config
    from counter_app.store.database import Store
    from sync.credential import DeviceIdentity

# The feeds the first start must have read (the service catalog, the calendar, who may sign
# in); the others follow with the first sync.
FIRST_FEEDS = ("catalog", "calendar", "staff")
_PLATFORM_CATALOG = "SELECT 1 FROM catalog_versions WHERE source LIKE 'platform:%' LIMIT 1"


class ProvisioningFailed(SyncError):
    """The first start did not complete; the window stays unprovisioned, ready to retry."""

    code = "provisioning_failed"


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
    """Enrol this window with the platform at ``url`` using the one-time ``code`` (not needed
    when an earlier attempt enrolled it), then pull the catalog, calendar and staff. The TLS
    policy (``sync.allow_insecure_http``) is the home's config's (``config_file``:
    ``--config``), or ``allow_insecure_http`` (a provisioning file's, for a test platform on
    127.0.0.1).
    Raises :class:`ProvisioningFailed` (or the enrolment's own refusal) naming the field at
    fault: ``url``, ``ca_bundle`` or ``code``."""
    # Imported here: the first-start screen shows before any of it is needed.
    from counter_app.config import load_config
    from counter_app.store.database import open_store
    from sync.credential import load_identity
    from sync.enrolment import enroll, numbering_devices, record_enrolment

    url, code, ca_bundle = url.strip(), code.strip(), ca_bundle.strip()
    if ca_bundle and not Path(ca_bundle).is_file():
        raise ProvisioningFailed(
            f"找不到 CA 证书文件 {ca_bundle}：请选择平台管理员提供的证书文件，或留空使用系统证书。",
            f"The CA certificate file {ca_bundle} does not exist: choose the file the platform "
            "operator gave you, or leave it empty to use the system's certificates.",
            field="ca_bundle",
        )
    home.ensure()
    config = load_config(home, config_file)
    identity = load_identity(home)
    if identity is None or code:
        if not code:
            raise ProvisioningFailed(
                "请输入平台管理员提供的一次性登记码。",
                "Type the one-time enrolment code from the platform operator.",
                field="code",
            )
        with open_store(home, config) as store:
            devices = numbering_devices(config.hall.device_id, store)
        with _in_plain_words(url):
            identity = enroll(
                home,
                url,
                code,
                number_devices=devices,
                ca_bundle=ca_bundle,
                allow_insecure_http=config.sync.allow_insecure_http or allow_insecure_http,
            )
        enrolled = load_config(home, config_file)
        with open_store(home, enrolled) as store:
            record_enrolment(store, actor, identity, previous_hall=config.hall.hall_code)
        config = enrolled
    with open_store(home, config) as store, _in_plain_words(config.sync.url):
        _pull_first_feeds(home, config, store)
    return identity


def _pull_first_feeds(home: Home, config: Config, store: Store) -> None:
    from counter_app.store.catalog import set_aside_sample_catalog
    from sync.device_transport import platform_transport
    from sync.feeds import DEFAULT_FEEDS
    from sync.pull import FeedPull, drop_cursors

    if set_aside_sample_catalog(store):
        # Read from the start: an earlier first start may have read past the platform's
        # version while the sample stood in its way.
        drop_cursors(store, ["catalog"])
    transport = platform_transport(home, config)
    try:
        feeds = {name: DEFAULT_FEEDS[name] for name in FIRST_FEEDS}
        FeedPull(store, transport, feeds, transport.clock).pull_all()
    finally:
        transport.close()
    if store.db.execute(_PLATFORM_CATALOG).fetchone() is None:
        raise ProvisioningFailed(
            "本机已在平台登记，但平台还没有发布事项目录，暂不能受理。请平台管理员发布事项目录"
            "（counter-central catalog publish）后再点“登记并同步”，无需新的登记码。",
            "This window is enrolled, but the platform has published no service catalog yet, "
            "so nothing can be accepted. Ask the platform operator to publish one "
            "(counter-central catalog publish), then press 'Enrol and sync' again; no new "
            "code is needed.",
            field="url",
        )


@contextmanager
def _in_plain_words(url: str) -> Iterator[None]:
    """Turn a transport failure into what the person at the first-start screen can act on
    (the transport's own words promise an automatic retry, which the first start has not)."""
    try:
        yield
    except PlatformUnreachable as error:
        raise ProvisioningFailed(
            f"无法连接平台 {url}：地址不对、网络不通或平台未启动。请核对平台地址和网络后重试；"
            "本机尚未登记完成。",
            f"Cannot reach the platform at {url}: wrong address, no network, or the platform is "
            "not running. Check the address and the network, then try again; this window is not "
            "provisioned yet.",
            field="url",
        ) from error
    except PlatformRefused as error:
        if error.platform_code != "tls_verify_failed":
            raise
        raise ProvisioningFailed(
            f"无法验证平台 {url} 的 TLS 证书：CA 证书文件不对，或平台地址不对。请选择平台管理员"
            "提供的 CA 证书文件后重试；本机尚未登记完成。",
            f"The TLS certificate of the platform at {url} could not be verified: the CA "
            "certificate file or the address is wrong. Choose the CA file the platform operator "
            "gave you and try again; this window is not provisioned yet.",
            field="ca_bundle",
        ) from error
