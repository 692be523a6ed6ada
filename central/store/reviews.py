"""Supervisors' reviews of a hall's cases (``POST /v1/hall/reviews``), kept once each and put
in the hall's ``reviews`` feed, so the window that took the case learns the outcome.
"""

from __future__ import annotations

import logging
from datetime import UTC, timedelta
from typing import Any

from central.errors import OwnCaseReview, ReviewedAtOutOfRange, ReviewIdTaken, UnknownInHall
from central.sealing import version_context
from central.store.acting_staff import check_acting
from central.store.base import CentralStore, DbCursor, Device, iso, utc_now
from central.store.case_summaries import document_moment
from counter_app.domain.case_document import CaseDocument
from sync.wire.reviews import ReviewDraft
from sync.wire.signing import MAX_CLOCK_SKEW_SECONDS

log = logging.getLogger("central.store")

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
# The hall first: a review id is the reviewing device's choice, so one held for another hall
# is compared, never answered.
_HELD_QUERY = (
    f"SELECT hall, seq, {', '.join(ITEM_KEYS[1:])} FROM case_reviews"  # noqa: S608
    " WHERE review_id = ?"
)


def record_review(
    store: CentralStore, device: Device, nonce: str, draft: ReviewDraft
) -> dict[str, Any]:
    """Keep a supervisor's review of a version of a case of ``device``'s hall and put it in
    the hall's ``reviews`` feed; the same draft again answers what is held (another one
    under a held id, another hall's included: ``ReviewIdTaken``). ``unknown_case`` for a
    case the hall does not hold (yet), ``unknown_case_version`` for a version of it the
    platform does not hold (yet): the window sends the review again at its next sync. The
    reviewer must be a supervisor of the hall's staff register, not the clerk who wrote the
    version (four eyes), and the review dated after that version was written and not after
    the platform's clock (each within the clock skew allowed a device)."""
    review_id, case_id = str(draft.review_id), str(draft.case_id)
    with store.transaction() as cur:
        store._consume_nonce(cur, device.device_id, nonce)
        store.lock_hall_feed(cur, "case_reviews", device.hall)
        held = store._exec(cur, _HELD_QUERY, (review_id,)).fetchone()
        if held is None:
            case_no, reviewed = _reviewable_version(store, cur, device, case_id, draft.data_version)
            _check_reviewer(store, cur, device, draft, reviewed)
            # DO NOTHING: another hall's writer (its own hall lock) may store the same id
            # first; it is then held, and compared below like any other.
            store._exec(
                cur,
                "INSERT INTO case_reviews (review_id, hall, case_id, case_no, data_version,"
                " state, reason, reviewed_by, window_code, device_id, reviewed_at,"
                " received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (review_id) DO NOTHING",
                (
                    review_id,
                    device.hall,
                    case_id,
                    case_no,
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
        hall, *columns = held
        item = dict(zip(ITEM_KEYS, columns, strict=True))
        if (hall, item["case_id"], item["state"], item["reviewed_by"]) != (
            device.hall,
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


def _check_reviewer(
    store: CentralStore, cur: DbCursor, device: Device, draft: ReviewDraft, reviewed: CaseDocument
) -> None:
    reviewed_at = draft.reviewed_at
    if reviewed_at.tzinfo is None:  # a time without its zone is UTC, as the document's are
        reviewed_at = reviewed_at.replace(tzinfo=UTC)
    skew = timedelta(seconds=MAX_CLOCK_SKEW_SECONDS)
    written = document_moment(reviewed.updated_at or reviewed.received_at)
    if reviewed_at > utc_now() + skew or (written is not None and reviewed_at < written - skew):
        log.warning(
            "device %s review of case %s v%d dated %s: before the version or after the "
            "platform's clock; refused",
            device.device_id,
            reviewed.case_no,
            draft.data_version,
            iso(reviewed_at),
        )
        raise ReviewedAtOutOfRange(
            f"审核时间 {iso(reviewed_at)} 早于所审核版本的形成时间或晚于中心平台的时间，"
            "请核对本机时钟后重新审核。",
            f"The review time {iso(reviewed_at)} is before the version reviewed was written "
            "or later than the central platform's clock; check this workstation's clock and "
            "review the case again.",
            details={"case_no": reviewed.case_no},
        )
    # Judged once its time is one the platform takes: a review dated in 1999 is out of
    # range, not an account unknown then.
    check_acting(
        store,
        cur,
        device,
        draft.reviewed_by,
        act=f"reviewed case {reviewed.case_no}",
        supervising=True,
        at=reviewed_at,  # the register as it stood then: disabled later, the review stays hers
    )
    if draft.reviewed_by == reviewed.clerk:
        raise OwnCaseReview(
            f"{draft.reviewed_by} 是办件 {reviewed.case_no} 的受理人，不能审核本人受理的办件"
            "（双人复核）：请另一位值班长审核。",
            f"{draft.reviewed_by} took case {reviewed.case_no} and cannot review it (four "
            "eyes): another supervisor must.",
            details={"case_no": reviewed.case_no},
        )


def _reviewable_version(
    store: CentralStore, cur: DbCursor, device: Device, case_id: str, data_version: int
) -> tuple[str, CaseDocument]:
    """The number of a case of ``device``'s hall and its ``data_version``, which the platform
    holds (``case_versions``): a review holds for a version every window of the hall can read.
    A version the owning window has not pushed yet is refused like a case not synced yet."""
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
    version = store._exec(
        cur,
        "SELECT payload_sealed FROM case_versions WHERE case_id = ? AND data_version = ?",
        (case_id, data_version),
    ).fetchone()
    if version is None:
        raise UnknownInHall(
            "unknown_case_version",
            f"平台没有办件 {case[0]} 的第 {data_version} 版（尚未同步的版本待同步后再送审核结果）。",
            f"The platform holds no version {data_version} of case {case[0]} (a review of a "
            "version not synced yet goes once it is).",
        )
    opened = store.sealer.open(version[0], version_context(case_id, data_version))
    return str(case[0]), CaseDocument.model_validate_json(opened)
