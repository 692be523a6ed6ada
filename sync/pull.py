"""Platform → counter: the change feeds (catalog, calendar, progress, notices).

Each page is applied in ONE local transaction together with its cursor (``feed_cursors``),
so a crash between fetching a page and committing it re-fetches the same page, and a crash
after the commit never re-applies it: exactly once, without the appliers having to be
idempotent. The cursor is opaque: stored and sent back, never built or edited.

A cursor the platform refuses (``bad_cursor``: its store was rebuilt; ``wrong_hall``: this
workstation now belongs to another hall) would fail every run forever: it is dropped and
that feed is read again from the start, once per run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from counter_app.store.database import Store
from counter_app.store.hall_notices import store_notice
from counter_app.store.timestamps import to_text
from sync.clock import Clock
from sync.errors import PlatformRefused
from sync.transport import PlatformTransport
from sync.wire.feeds import FeedPage
from sync.wire.notices import Notice

log = logging.getLogger(__name__)

FEED_PATH = "/v1/feeds/{feed}"
PAGE_SIZE = 200
# The platform's refusal of a cursor past the feed's end: its store was put back to a backup
# without ``counter-central restored`` (the store epoch unchanged), a restore all the same.
CURSOR_AHEAD = "cursor_ahead"
# The platform's refusals of a cursor it did not issue for this feed and hall, or that runs
# past what its store holds.
CURSOR_REFUSALS = frozenset({"bad_cursor", "wrong_hall", CURSOR_AHEAD})


@dataclass(frozen=True)
class Feed:
    name: str
    item_model: type[BaseModel]
    apply: Callable[[Store, Any], bool]
    """Apply one item inside the caller's transaction; ``False`` when it changed nothing
    locally (e.g. progress for a case of another window)."""
    hall_scoped: bool = False
    """The platform serves this feed per hall: its cursor means nothing in another hall."""
    params: Callable[[Store, datetime], dict[str, str]] | None = None
    """More query parameters for every page (e.g. the arrivals feed's window of days)."""


def drop_cursors(store: Store, feeds: Iterable[str]) -> None:
    """Forget where these feeds were read up to: the next pull starts them from the beginning."""
    with store.transaction() as db:
        db.conn.executemany("DELETE FROM feed_cursors WHERE feed = ?", [(f,) for f in feeds])


class FeedPull:
    """Reads every feed page by page and applies each page with its cursor atomically."""

    def __init__(
        self,
        store: Store,
        transport: PlatformTransport,
        feeds: Mapping[str, Feed],
        clock: Clock,
        *,
        before_commit: Callable[[str, int], None] | None = None,
        beat: Callable[[], None] | None = None,
        page_size: int = PAGE_SIZE,
    ) -> None:
        self.store = store
        self.transport = transport
        self.feeds = feeds
        self.clock = clock
        self.page_size = page_size
        # Test hook: called inside the page transaction, after the items, before the cursor
        # commits - where a crash must lose nothing and apply nothing twice.
        self._before_commit = before_commit
        # Called after each page committed: the sync goes on (``SyncEngine.beat``).
        self._beat = beat
        # A feed refused a cursor as past its end (:data:`CURSOR_AHEAD`): the platform's
        # store was put back, and what it acknowledged since may be gone.
        self.cursor_ahead = False

    def cursor(self, feed: str) -> str | None:
        row = self.store.db.execute(
            "SELECT cursor FROM feed_cursors WHERE feed = ?", (feed,)
        ).fetchone()
        return None if row is None else str(row[0])

    def pull_all(self) -> dict[str, int]:
        """Pull every feed to its end; items applied per feed."""
        return {name: self.pull(feed) for name, feed in self.feeds.items()}

    def pull(self, feed: Feed) -> int:
        applied = 0
        restarted = False
        while True:
            params = {"limit": str(self.page_size)}
            if feed.params is not None:
                params.update(feed.params(self.store, self.clock.now()))
            cursor = self.cursor(feed.name)
            if cursor:
                params["cursor"] = cursor
            try:
                answer = self.transport.request_json(
                    "GET", FEED_PATH.format(feed=feed.name), params=params
                )
            except PlatformRefused as exc:
                if not cursor or restarted or exc.platform_code not in CURSOR_REFUSALS:
                    raise
                log.warning(
                    "feed %s: the platform refused its cursor (%s); reading it from the start",
                    feed.name,
                    exc.platform_code,
                )
                drop_cursors(self.store, [feed.name])
                restarted = True
                self.cursor_ahead = self.cursor_ahead or exc.platform_code == CURSOR_AHEAD
                continue
            page = self.transport.parsed(FeedPage[feed.item_model], answer)  # type: ignore[name-defined]
            applied += self._apply_page(feed, page)
            if self._beat is not None:
                self._beat()
            if not page.more or page.cursor == cursor:
                return applied

    def _apply_page(self, feed: Feed, page: Any) -> int:
        changed = 0
        with self.store.transaction() as db:
            for item in page.items:
                changed += bool(feed.apply(self.store, item))
            if self._before_commit is not None:
                self._before_commit(feed.name, len(page.items))
            db.execute(
                "INSERT INTO feed_cursors (feed, cursor, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (feed) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at",
                (feed.name, page.cursor, to_text(self.clock.now())),
            )
        if page.items:
            log.info("feed %s: %d items, %d applied", feed.name, len(page.items), changed)
        return changed


def apply_notice(store: Store, notice: Notice) -> bool:
    store_notice(
        store,
        str(notice.notice_id),
        to_text(notice.published_at),
        notice.title,
        notice.body,
        published_by=notice.published_by,
    )
    return True
