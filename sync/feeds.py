"""The change feeds this client applies, and how each item lands in the local store.

Every applier runs inside the page transaction of ``sync.pull`` and uses the core's own
loaders and rules (catalog and calendar loaders, case state transitions), never its own.
An item the core refuses (a catalog version re-published with other content, a calendar
that fails validation) is logged and skipped: the cursor moves on so one bad document
cannot stop every later update; the operator publishes a corrected version.
"""

from __future__ import annotations

import logging

from counter_app.errors import CounterError
from counter_app.store.calendar import load_calendar_version
from counter_app.store.catalog import load_catalog_version
from counter_app.store.database import Store
from sync import wire
from sync.pull import Feed, apply_notice

log = logging.getLogger(__name__)


def apply_catalog(store: Store, item: wire.PublishedDocument) -> bool:
    try:
        load_catalog_version(store, item.document, source=f"platform:catalog:{item.version}")
    except CounterError as exc:
        log.warning("catalog version %d from the platform not loaded: %s", item.version, exc.en)
        return False
    return True


def apply_calendar(store: Store, item: wire.PublishedDocument) -> bool:
    try:
        return (
            load_calendar_version(store, item.document, source=f"platform:calendar:{item.version}")
            is not None
        )
    except CounterError as exc:
        log.warning("calendar version %d from the platform not loaded: %s", item.version, exc.en)
        return False


# Order matters: catalog and calendar first, so progress and notices see current reference data.
DEFAULT_FEEDS: dict[str, Feed] = {
    "catalog": Feed("catalog", wire.PublishedDocument, apply_catalog),
    "calendar": Feed("calendar", wire.PublishedDocument, apply_calendar),
    "notices": Feed("notices", wire.Notice, apply_notice),
}
