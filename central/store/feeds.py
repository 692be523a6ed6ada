"""The feeds a window pulls (``GET /v1/feeds/{feed}``): each one's query and item keys, and
the reading of one page of items after a sequence. The ``arrivals`` feed, filtered by day as
well, is read by ``central.store.arrivals``. Catalog and calendar versions are whole
documents (a catalog of 3,000 service items is 26 MB a version): their pages are bounded by
size as well as by count (:func:`read_documents`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from central.store import case_summaries, instructions, progress, reviews, staff_feed
from central.store.base import CentralStore, Device, iso, utc_now
from central.store.own_cases import DEVICE_CASES
from central.store.publishing import IN_FORCE


@dataclass(frozen=True)
class FeedRow:
    sequence: int
    item: dict[str, Any]


DOCUMENT_FEEDS = ("catalog", "calendar")

# A page of catalog or calendar versions stops before the version that would take its
# documents past this many characters (a CJK character is three bytes of UTF-8), and holds
# one version whatever its size. Both sides hold a page whole (the platform serialises it,
# the window parses it), so this bounds their memory, where the ``limit`` a window asks for
# (200) counts versions and bounds nothing. Characters, not bytes: ``length`` counts them
# on both engines.
PAGE_BUDGET_CHARS = 2_000_000

_DOCUMENT_KEYS = ("sequence", "version", "published_at", "effective_from", "document")

# Each feed's query (first parameter: the hall) and the item keys of its columns; the first
# column is always the sequence.
_FEED_QUERIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "progress": (
        "SELECT p.seq, p.case_id, c.case_no, p.state, p.at, p.note, "  # noqa: S608 - constants
        "coalesce(r.materials, '[]'), coalesce(r.fields, '[]'), "
        "pay.reference, pay.amount_cents, pay.paid_at, d.waybill, d.status, "
        "oe.channel, oe.level, oe.reason_code, ad.decision, ad.reason, ad.decided_by, "
        f"{progress.STEP_DEPARTMENT} "
        "FROM progress_events p JOIN cases c ON c.case_id = p.case_id "
        "LEFT JOIN correction_requests r ON r.seq = p.seq "
        "LEFT JOIN payments pay ON pay.progress_seq = p.seq "
        "LEFT JOIN delivery_events d ON d.seq = p.seq "
        "LEFT JOIN online_evaluations oe ON oe.progress_seq = p.seq "
        "LEFT JOIN rating_appeal_decisions ad ON ad.progress_seq = p.seq "
        "WHERE p.hall = ? AND p.seq > ? ORDER BY p.seq LIMIT ?",
        (
            "sequence",
            "case_id",
            "case_no",
            "state",
            "at",
            "note",
            "correction_materials",
            "correction_fields",
            "payment_reference",
            "amount_cents",
            "paid_at",
            "waybill",
            "delivery_status",
            "evaluation_channel",
            "evaluation_level",
            "evaluation_reason_code",
            "appeal_decision",
            "appeal_reason",
            "appeal_by",
            "department",
        ),
    ),
    # With who published it from a window (null: the platform's own notice).
    "notices": (
        "SELECT n.seq, n.notice_id, n.hall, n.title, n.body, n.published_at, a.published_by"
        " FROM notices n LEFT JOIN notice_authors a ON a.notice_id = n.notice_id"
        " WHERE n.hall IN (?, '*') AND n.seq > ? ORDER BY n.seq LIMIT ?",
        ("sequence", "notice_id", "hall", "title", "body", "published_at", "published_by"),
    ),
    # The fee from the payments the versions recorded (one per case): the end of day adds
    # up every window's fees.
    "hall_queue": (
        # With the case's first acknowledgement, its statistics facts (as they are now), its
        # fee and the 一件事 it was decided in.
        f"SELECT s.seq, {', '.join(f's.{key}' for key in case_summaries.HISTORY_KEYS[1:])},"  # noqa: S608
        " c.received_at, f.card_read_at, f.rating_level, f.rating_declined, pay.amount_cents,"
        " b.bundle_id, b.name"
        " FROM case_summaries s JOIN cases c ON c.case_id = s.case_id"
        " LEFT JOIN case_service_facts f ON f.case_id = s.case_id"
        " LEFT JOIN payments pay ON pay.case_id = s.case_id"
        " LEFT JOIN case_bundles b ON b.case_id = s.case_id"
        " WHERE s.hall = ? AND s.seq > ? ORDER BY s.seq LIMIT ?",
        (
            *case_summaries.HISTORY_KEYS,
            "acknowledged_at",
            "card_read_at",
            "rating_level",
            "rating_declined",
            "fee_cents",
            "bundle_id",
            "bundle_name",
        ),
    ),
    # With the account's one-time code secret, opened on reading (staff_feed.account_item).
    "staff": (staff_feed.FEED_QUERY, staff_feed.ITEM_KEYS),
    "instructions": (instructions.FEED_QUERY, instructions.ITEM_KEYS),
    "problems": (instructions.PROBLEMS_QUERY, instructions.PROBLEM_KEYS),
    "reviews": (reviews.FEED_QUERY, reviews.ITEM_KEYS),
}


def read_feed(
    store: CentralStore, feed: str, hall: str, after: int, limit: int
) -> tuple[list[FeedRow], bool]:
    """Items of a feed of ``hall`` with sequence > ``after`` in order, at most ``limit``; and
    whether more wait. Catalog and calendar versions: :func:`read_documents`."""
    sql, columns = _FEED_QUERIES[feed]
    with store.snapshot() as cur:
        rows = store._exec(cur, sql, (hall, after, limit + 1)).fetchall()
    if feed == "hall_queue":
        items = [FeedRow(row[0], case_summaries.summary_item(columns, row)) for row in rows]
    elif feed == "staff":
        items = [FeedRow(row[0], staff_feed.account_item(store.sealer, row)) for row in rows]
    else:
        items = [FeedRow(row[0], dict(zip(columns, row, strict=True))) for row in rows]
    for item in items:
        for key in ("correction_materials", "correction_fields"):
            if key in item.item:
                item.item[key] = json.loads(item.item[key])
    return items[:limit], len(items) > limit


# Only versions in force by now (``publishing.IN_FORCE``): a catalog version published ahead
# of its effective date is served from that date. Skipping it moves no cursor past it for
# good: a version published after it is newer, and the windows go by the newest.
_VERSIONS_AFTER = (
    "SELECT seq FROM feed_documents WHERE feed = ? AND seq > ?"  # noqa: S608 - constants
    f" AND {IN_FORCE} ORDER BY seq LIMIT ?"
)
# The newest in force alone, if after the cursor: its parameters are those of
# ``_VERSIONS_AFTER`` with the feed again before now.
_NEWEST_AFTER = (
    "SELECT seq FROM feed_documents WHERE feed = ? AND seq > ?"  # noqa: S608 - constants
    f" AND seq = (SELECT MAX(seq) FROM feed_documents WHERE feed = ? AND {IN_FORCE}) LIMIT ?"
)
# For a window that keeps versions ahead of their day (``ahead``): those not in force yet
# as well, with their date, after the cursor; now once more as the last parameter before
# the limit.
_VERSIONS_AHEAD = (
    "SELECT seq FROM feed_documents WHERE feed = ? AND seq > ? AND"  # noqa: S608 - constants
    f" ({IN_FORCE} OR effective_from > ?) ORDER BY seq LIMIT ?"
)
_NEWEST_AHEAD = (
    "SELECT seq FROM feed_documents WHERE feed = ? AND seq > ? AND"  # noqa: S608 - constants
    f" (seq = (SELECT MAX(seq) FROM feed_documents WHERE feed = ? AND {IN_FORCE})"
    " OR effective_from > ?) ORDER BY seq LIMIT ?"
)


def read_documents(
    store: CentralStore,
    feed: str,
    after: int,
    limit: int,
    *,
    newest_only: bool,
    ahead: bool = False,
) -> tuple[list[FeedRow], bool]:
    """Catalog or calendar versions in force with sequence > ``after``, oldest first, at
    most ``limit`` and within ``PAGE_BUDGET_CHARS``; and whether more wait. ``newest_only``:
    the newest version in force alone, if it is after ``after`` (those between are
    skipped). ``ahead``: the versions published to come into force later too, each with
    its ``effective_from`` (a window that keeps them switches at that moment by itself; one
    of an older release, which would use one at once, does not ask)."""
    now = iso(utc_now())
    params: tuple[str | int, ...]
    if ahead:
        sql, params = (
            (_NEWEST_AHEAD, (feed, after, feed, now, now, limit + 1))
            if newest_only
            else (_VERSIONS_AHEAD, (feed, after, now, now, limit + 1))
        )
    else:
        sql, params = (
            (_NEWEST_AFTER, (feed, after, feed, now, limit + 1))
            if newest_only
            else (_VERSIONS_AFTER, (feed, after, now, limit + 1))
        )
    items: list[FeedRow] = []
    total = 0
    with store.snapshot() as cur:
        sequences = [int(row[0]) for row in store._exec(cur, sql, params).fetchall()]
        # One by one, each read once: sizing every version after the cursor first would
        # read the feed's whole history for each page.
        for seq in sequences[:limit]:
            row = store._exec(
                cur,
                "SELECT seq, version, published_at, effective_from, document"
                " FROM feed_documents WHERE seq = ?",
                (seq,),
            ).fetchone()
            item = dict(zip(_DOCUMENT_KEYS, row, strict=True))
            size = len(item["document"])
            if items and total + size > PAGE_BUDGET_CHARS:
                break
            total += size
            item["document"] = json.loads(item["document"])
            items.append(FeedRow(seq, item))
    return items, len(items) < len(sequences)


def holds_own_cases(store: CentralStore, device: Device) -> bool:
    """Whether the platform holds a case bound to ``device`` (a number carrying a prefix it
    holds, as ``central.store.own_cases`` lists them): a window that may walk them back
    after a restore, and so need the catalog versions they were taken under."""
    with store.snapshot() as cur:
        row = store._exec(
            cur,
            f"SELECT 1 FROM {DEVICE_CASES} LIMIT 1",  # noqa: S608 - constants
            (device.device_id, device.hall),
        ).fetchone()
    return row is not None
