"""The change feeds this client applies, and how each item lands in the local store."""

from __future__ import annotations

from sync import wire
from sync.pull import Feed, apply_notice

# Order matters: catalog and calendar first, so progress and notices see current reference data.
DEFAULT_FEEDS: dict[str, Feed] = {
    "notices": Feed("notices", wire.Notice, apply_notice),
}
