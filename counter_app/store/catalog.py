"""The service catalog in the store: loading versions (bundled file or platform feed) and
reading items and bundles (一件事). A loaded version never changes, so items read once are
cached per store. An item's definition is stored once, under its digest, for every version
holding it (``item_definitions``): a new version adds only the items that changed.

A version the platform published ahead of its day is kept with the moment it comes into
force (``effective_from``, a hall day's midnight): the version in force, the one intake
goes by, is the newest whose moment has come at the moment it is asked for, so the window
switches by itself, offline too (:data:`IN_FORCE_VERSION`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from typing import Any
from weakref import WeakKeyDictionary

from counter_app.domain.bundles import ServiceBundle, bundle_to_dict, parse_bundle
from counter_app.domain.catalog import ServiceItem, item_to_dict, parse_catalog_release, parse_item
from counter_app.errors import NotFound, StoreError
from counter_app.store.audit import SYSTEM_ACTOR
from counter_app.store.catalog_pruning import prune_catalog_versions, remove_catalog_versions
from counter_app.store.clerk_items import recent_item_codes
from counter_app.store.database import Store
from counter_app.store.migrations.item_definitions import definition_digest
from counter_app.store.timestamps import now_text

BUNDLED_CATALOG = "catalog/training.json"

# The catalog version in force at a moment (its one parameter: the moment, as stored): the
# newest loaded whose effective date, if any, has come. Stored times sort as text.
IN_FORCE_VERSION = (
    "SELECT max(version) FROM catalog_versions WHERE effective_from IS NULL OR effective_from <= ?"
)

# An item's row with its definition, shared by the versions holding it.
_WITH_DEFINITION = " FROM service_items s JOIN item_definitions d ON d.digest = s.digest"

_cache: WeakKeyDictionary[Store, dict[tuple[int, str], ServiceItem]] = WeakKeyDictionary()


def bundled_catalog() -> dict[str, Any]:
    """The sample catalog shipped with the program (the training hall's services)."""
    text = files("counter_app.data").joinpath(BUNDLED_CATALOG).read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def ensure_bundled_catalog(store: Store) -> int | None:
    """Load the bundled catalog into a store that has none; the version loaded, else None.

    It is the training hall's: a production window's catalog comes from its platform once
    enrolled, and a case taken there under the sample carries the training hall's number,
    which the platform refuses for good (doctor's ``sample_cases``). A store holding only
    versions not yet in force has a catalog: the platform's, coming at its day."""
    if store.db.execute("SELECT 1 FROM catalog_versions LIMIT 1").fetchone() is not None:
        return None
    return load_catalog_version(store, bundled_catalog(), source=f"bundled:{BUNDLED_CATALOG}")


def load_catalog_version(
    store: Store, payload: Mapping[str, Any], source: str, *, effective_from: str | None = None
) -> int:
    """Validate and store one catalog version, in one transaction; return its number.
    ``effective_from``: the moment (stored text) it comes into force; None: at once.

    Loading a version that is already stored with the same content is a no-op (a feed may
    deliver it twice); different content under a stored version number is refused, because
    cases accepted under that version must keep meaning what they meant.
    """
    release = parse_catalog_release(payload)
    definitions = [
        json.dumps(item_to_dict(item), ensure_ascii=False, sort_keys=True) for item in release.items
    ]
    digests = [definition_digest(definition) for definition in definitions]
    item_digests = [
        (item.code, digest) for item, digest in zip(release.items, digests, strict=True)
    ]
    bundles = [
        (bundle.code, json.dumps(bundle_to_dict(bundle), ensure_ascii=False, sort_keys=True))
        for bundle in release.bundles
    ]
    with store.transaction() as db:
        existing = db.execute(
            "SELECT code, digest FROM service_items WHERE catalog_version = ?",
            (release.version,),
        ).fetchall()
        if existing:
            stored_bundles = db.execute(
                "SELECT code, definition FROM service_bundles WHERE catalog_version = ?",
                (release.version,),
            ).fetchall()
            if sorted(existing) == sorted(item_digests) and sorted(stored_bundles) == sorted(
                bundles
            ):
                return release.version
            raise StoreError(
                f"事项目录第{release.version}版已存在且内容不同；已发布的版本不能修改，请发布新版本号。",
                f"Catalog version {release.version} already exists with different content; a "
                "published version never changes, publish a new version number.",
                field="version",
            )
        db.execute(
            "INSERT INTO catalog_versions (version, published_at, source, loaded_at,"
            " effective_from) VALUES (?, ?, ?, ?, ?)",
            (release.version, release.published_at, source, now_text(), effective_from),
        )
        # Most items are those of the version before: their definitions are there already.
        db.conn.executemany(
            "INSERT INTO item_definitions (digest, definition) VALUES (?, ?)"
            " ON CONFLICT (digest) DO NOTHING",
            zip(digests, definitions, strict=True),
        )
        db.conn.executemany(
            "INSERT INTO service_items (catalog_version, code, name, department, case_type,"
            " promised_days, statutory_days, fee_cents, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    release.version,
                    item.code,
                    item.name,
                    item.department,
                    item.case_type.value,
                    item.promised_days,
                    item.statutory_days,
                    item.fee_cents,
                    digest,
                )
                for item, digest in zip(release.items, digests, strict=True)
            ],
        )
        db.conn.executemany(
            "INSERT INTO service_bundles (catalog_version, code, name, definition)"
            " VALUES (?, ?, ?, ?)",
            [
                (release.version, bundle.code, bundle.name, definition)
                for bundle, (_, definition) in zip(release.bundles, bundles, strict=True)
            ],
        )
        store.audit.record(
            SYSTEM_ACTOR,
            "catalog.load",
            f"catalog:{release.version}",
            {
                "source": source,
                "items": len(release.items),
                "bundles": len(release.bundles),
                "effective_from": effective_from,
            },
        )
    if prune_catalog_versions(store):
        _cache.pop(store, None)
    return release.version


def set_aside_sample_catalog(store: Store) -> list[int]:
    """Before a production store's first catalog from the platform: remove the versions of
    the bundled sample that no case was taken under; returns the versions removed.

    A command run on a freshly installed window (``counter-app cases``, ``catalog``) loads
    the sample, as it does where no platform is; left there, its version 1 stands in the
    way of the platform's (refused as different content, or kept under the sample's name),
    and the first start could never finish. The versions cases were taken under stay, and
    doctor names those cases (:func:`cases_on_sample_catalog`)."""
    with store.transaction() as db:
        versions = [
            int(row[0])
            for row in db.execute(
                "SELECT version FROM catalog_versions WHERE source LIKE 'bundled:%'"
                " AND version NOT IN (SELECT DISTINCT catalog_version FROM cases)"
            )
        ]
        if versions:
            remove_catalog_versions(db, versions)
            store.audit.record(
                SYSTEM_ACTOR, "catalog.sample_removed", "catalog", {"versions": versions}
            )
    _cache.pop(store, None)
    return versions


def cases_on_sample_catalog(store: Store) -> list[str]:
    """The numbers of the cases taken under a version of the bundled sample catalog, oldest
    first: in a production store, cases taken before its enrolment, under the training
    hall's number."""
    return [
        str(row[0])
        for row in store.db.execute(
            "SELECT case_no FROM cases WHERE catalog_version IN"
            " (SELECT version FROM catalog_versions WHERE source LIKE 'bundled:%')"
            " ORDER BY created_at, case_no"
        )
    ]


def current_catalog_version(store: Store, at: str | None = None) -> int | None:
    """The version in force at ``at`` (stored text; default: now), None before any is."""
    row = store.db.execute(IN_FORCE_VERSION, (at or now_text(),)).fetchone()
    return None if row is None or row[0] is None else int(row[0])


# Versions whose moment is still to come, newer than the one in force (parameters: the
# moment, twice).
_AHEAD = (
    "SELECT version, effective_from FROM catalog_versions WHERE effective_from > ?"  # noqa: S608
    f" AND version > coalesce(({IN_FORCE_VERSION}), 0) ORDER BY version"
)


@dataclass(frozen=True)
class VersionAhead:
    """A catalog version loaded ahead of its day, and the moment (stored text) it comes
    into force."""

    version: int
    effective_from: str


def versions_ahead(store: Store, at: str | None = None) -> list[VersionAhead]:
    """The versions not in force yet at ``at`` (default: now) that will be, oldest first: a
    version ahead but older than one in force never will be."""
    moment = at or now_text()
    rows = store.db.execute(_AHEAD, (moment, moment)).fetchall()
    return [VersionAhead(int(version), str(moment_text)) for version, moment_text in rows]


def list_items(store: Store, version: int | None = None) -> list[ServiceItem]:
    """The items of ``version`` (default: the current one), ordered by name's pinyin."""
    version = version if version is not None else current_catalog_version(store)
    if version is None:
        return []
    rows = store.db.execute(
        "SELECT s.code, d.definition" + _WITH_DEFINITION + " WHERE s.catalog_version = ?",
        (version,),
    ).fetchall()
    items = [_cached(store, version, code, definition) for code, definition in rows]
    return sorted(items, key=lambda item: (item.pinyin, item.code))


def recent_items(store: Store, clerk: str, limit: int = 8) -> list[ServiceItem]:
    """The items ``clerk`` most recently opened cases for, newest first, as the current catalog
    defines them (items dropped from the catalog since are left out)."""
    codes = recent_item_codes(store.db.conn, clerk, limit)
    current = {item.code: item for item in list_items(store)}
    return [current[code] for code in codes if code in current]


def get_item(store: Store, code: str, version: int | None = None) -> ServiceItem:
    """One item by code in ``version`` (default: current); ``NotFound`` when absent."""
    version = version if version is not None else current_catalog_version(store)
    if version is not None:
        cached = _cache.setdefault(store, {}).get((version, code))
        if cached is not None:
            return cached
        row = store.db.execute(
            "SELECT d.definition"
            + _WITH_DEFINITION
            + " WHERE s.catalog_version = ? AND s.code = ?",
            (version, code),
        ).fetchone()
        if row is not None:
            return _cached(store, version, code, row[0])
    if version is None:
        raise _no_catalog("service_item")
    raise NotFound(
        f"事项目录（第{version}版）中没有编码为“{code}”的事项，请重新选择事项。",
        f"No service item with code '{code}' in catalog version {version}; choose the item again.",
        field="service_item",
    )


def list_bundles(store: Store, version: int | None = None) -> list[ServiceBundle]:
    """The bundles (一件事) of ``version`` (default: the current one), ordered by name's
    pinyin."""
    version = version if version is not None else current_catalog_version(store)
    rows = store.db.execute(
        "SELECT code, definition FROM service_bundles WHERE catalog_version = ?", (version,)
    ).fetchall()
    bundles = [_bundle(version, code, definition) for code, definition in rows]
    return sorted(bundles, key=lambda bundle: (bundle.pinyin, bundle.code))


def get_bundle(store: Store, code: str, version: int | None = None) -> ServiceBundle:
    """One bundle by code in ``version`` (default: current); ``NotFound`` when absent."""
    version = version if version is not None else current_catalog_version(store)
    if version is None:
        raise _no_catalog("bundle")
    row = store.db.execute(
        "SELECT definition FROM service_bundles WHERE catalog_version = ? AND code = ?",
        (version, code),
    ).fetchone()
    if row is not None:
        return _bundle(version, code, row[0])
    raise NotFound(
        f"事项目录（第{version}版）中没有编码为“{code}”的一件事，请重新选择。",
        f"No one-thing bundle with code '{code}' in catalog version {version}; choose again.",
        field="bundle",
    )


def _no_catalog(field: str) -> NotFound:
    """No case is taken without a catalog. A production window gets the platform's at the
    first sync after its enrolment, never the sample (the training hall's, whose cases the
    platform would refuse for good): enrolment comes first."""
    return NotFound(
        "本机还没有事项目录，暂不能受理：尚未登记的，请信息技术人员先登记本机（打开窗口按首次"
        "启动的提示，或运行 counter-app enroll 平台地址 登记码，操作手册第 3 节）；已登记的，"
        "请先与平台同步（counter-app sync --once）后再办理。",
        "This workstation has no service catalog yet, so it cannot take cases: if it is not "
        "enrolled, IT enrols it first (open the window and follow the first-start screen, or "
        "run counter-app enroll URL CODE; operations §3); if it is, sync with the platform "
        "first (counter-app sync --once).",
        field=field,
    )


def _bundle(version: int | None, code: str, definition: str) -> ServiceBundle:
    return parse_bundle(json.loads(definition), f"catalog {version} bundle {code}")


def _cached(store: Store, version: int, code: str, definition: str) -> ServiceItem:
    cache = _cache.setdefault(store, {})
    item = cache.get((version, code))
    if item is None:
        item = parse_item(json.loads(definition), f"catalog {version} item {code}")
        cache[(version, code)] = item
    return item
