"""Pruning old catalog versions: every version a window loads has its rows
(``catalog_versions``, ``service_items``, ``service_bundles``); after a year of weekly
releases nearly all of them are read by nobody. An item's definition is stored once for all
the versions holding it (``item_definitions``, m0043) and goes with the last of them.

A version a case was taken under stays for as long as the case does (its checklist, fees
and time limits are what the case means), and so do the newest few, whatever cases they
have: an intake form shown on the previous version still reads its items until the clerk's
decision meets ``CatalogChanged``. So does every version from the one in force up: versions
loaded ahead of their day are the newest, and the one in force may be older than the newest
two (``counter_app.store.catalog.IN_FORCE_VERSION``).

A case comes to name a version in one more way than being taken under the version in force:
this workstation's own cases fetched back from the platform after a restore
(``sync.own_cases``) name the version they were taken under, perhaps long past. So nothing
is pruned while such a recovery is due or under way (``platform_cases.recovery_due``): every
version the restored store holds or the catalog feed brings back stays until the cases that
name it are kept, and then stays with them. A case whose version the store lacks all the
same (pruned before the walk was due) is not kept until the version is loaded again
(``sync.own_cases``)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlite_utils import Database

from counter_app.store.audit import SYSTEM_ACTOR
from counter_app.store.database import Store
from counter_app.store.platform_cases import recovery_due
from counter_app.store.timestamps import now_text

# The current version and the one before it.
KEPT_LATEST = 2


def prune_catalog_versions(store: Store) -> list[int]:
    """Remove the catalog versions no case was taken under older than the one in force,
    other than the ``KEPT_LATEST`` newest; returns the versions removed, oldest first
    (recorded in the audit log when there are any); none while a recovery of this
    workstation's cases from the platform is due.
    The one pass over the cases runs before the write lock is taken: a case is taken at the
    window only under the version in force (another meets ``CatalogChanged``) and recovered
    from the platform only by the sync run, which loads the catalog itself, one step after
    the other, so none can come to name a version already past the newest two while the pass runs, and the
    accept at the window never waits for it."""
    # Imported here: the catalog module prunes with this one as it loads a version.
    from counter_app.store.catalog import IN_FORCE_VERSION

    if recovery_due(store):
        return []
    with store.reading() as db:
        versions = [
            int(row[0])
            for row in db.execute(
                "SELECT version FROM catalog_versions"  # noqa: S608 (the query above)
                " WHERE version NOT IN"
                " (SELECT version FROM catalog_versions ORDER BY version DESC LIMIT ?)"
                " AND version NOT IN (SELECT DISTINCT catalog_version FROM cases)"
                f" AND version < coalesce(({IN_FORCE_VERSION}), 0)"
                " ORDER BY version",
                (KEPT_LATEST, now_text()),
            )
        ]
    if not versions:
        return versions
    with store.transaction() as db:
        remove_catalog_versions(db, versions)
        store.audit.record(SYSTEM_ACTOR, "catalog.pruned", "catalog", {"versions": versions})
    return versions


def remove_catalog_versions(db: Database, versions: Sequence[int]) -> None:
    """Delete ``versions`` with their items and bundles, and the item definitions no
    remaining version holds; inside the caller's write transaction."""
    for table, column in (
        ("service_bundles", "catalog_version"),
        ("service_items", "catalog_version"),
        ("catalog_versions", "version"),
    ):
        db.conn.executemany(
            f"DELETE FROM {table} WHERE {column} = ?",  # noqa: S608 (names above)
            [(version,) for version in versions],
        )
    # One pass over the definitions, each looked up in service_items' index on digest.
    db.execute(
        "DELETE FROM item_definitions WHERE digest NOT IN (SELECT digest FROM service_items)"
    )
