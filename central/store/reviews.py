"""Supervisors' reviews of a hall's cases (``POST /v1/hall/reviews``), kept once each and put
in the hall's ``reviews`` feed, so the window that took the case learns the outcome.
"""

from __future__ import annotations

from typing import Any

from central.errors import ReviewIdTaken, UnknownInHall
from central.store.base import CentralStore, Device, iso, utc_now
from sync.wire.reviews import ReviewDraft

# The feed's item keys, in the order its query's columns hold them.
ITEM_KEYS = (
    "sequence",
    "review_id",
    "case_id",
    "case_no",
    "data_version",
    "state",
    "reason",
    "reviewed_by",
    "window_code",
    "reviewed_at",
)
_SELECT = f"SELECT seq, {', '.join(ITEM_KEYS[1:])} FROM case_reviews"  # noqa: S608
FEED_QUERY = _SELECT + " WHERE hall = ? AND seq > ? ORDER BY seq LIMIT ?"
_HELD_QUERY = _SELECT + " WHERE review_id = ?"


def record_review(
    store: CentralStore, device: Device, nonce: str, draft: ReviewDraft
) -> dict[str, Any]:
    """Keep a supervisor's review of a case of ``device``'s hall and put it in the hall's
    ``reviews`` feed; the same draft again answers what is held (another one under a held
    id: ``ReviewIdTaken``). ``unknown_case`` for a case the hall does not hold (yet)."""
    review_id, case_id = str(draft.review_id), str(draft.case_id)
    with store.transaction() as cur:
        store._consume_nonce(cur, device.device_id, nonce)
        store.lock_hall_feed(cur, "case_reviews", device.hall)
        held = store._exec(cur, _HELD_QUERY, (review_id,)).fetchone()
        if held is None:
            case = store._exec(
                cur, "SELECT case_no, hall FROM cases WHERE case_id = ?", (case_id,)
            ).fetchone()
            if case is None or case[1] != device.hall:
                raise UnknownInHall(
                    "unknown_case",
                    "本大厅没有这个办件（尚未同步的办件待同步后再送审核结果）。",
                    "There is no such case in this device's hall (a review of a case not "
                    "synced yet goes once it is).",
                )
            store._exec(
                cur,
                "INSERT INTO case_reviews (review_id, hall, case_id, case_no, data_version,"
                " state, reason, reviewed_by, window_code, device_id, reviewed_at,"
                " received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    review_id,
                    device.hall,
                    case_id,
                    case[0],
                    draft.data_version,
                    draft.state,
                    draft.reason,
                    draft.reviewed_by,
                    device.window,
                    device.device_id,
                    iso(draft.reviewed_at),
                    iso(utc_now()),
                ),
            )
            held = store._exec(cur, _HELD_QUERY, (review_id,)).fetchone()
        item = dict(zip(ITEM_KEYS, held, strict=True))
        if (item["case_id"], item["state"], item["reviewed_by"]) != (
            case_id,
            draft.state,
            draft.reviewed_by,
        ):
            raise ReviewIdTaken(
                "该审核编号已用于另一条审核结果，请重新审核。",
                "This review id already names another review; review the case again.",
                details={"review_id": review_id},
            )
    return item
