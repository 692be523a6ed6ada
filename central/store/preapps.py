"""A pre-application (网上申报) on the platform after it was submitted: the hall's pre-review
(网上预审) and the applicant's withdrawal, each a new revision of the ``arrivals`` feed the
windows pull; where it stands (open, failed pre-review, expired, closed, consumed); the
hall's listing; and the sweep that closes those whose item left the catalog and purges
the personal data of those over (``PREAPP_KEPT_DAYS``)."""

from __future__ import annotations

import hmac
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import Any

from central.errors import OperatorError, StoreUnavailable, UnknownInHall
from central.store.arrivals import (
    append_revision,
    close_preapp,
    current_arrival,
    feed_context,
)
from central.store.base import CentralStore, DbCursor, iso, utc_now
from central.store.operator_log import operator_action
from central.store.publishing import newest_catalog
from counter_app.domain.hall_queue import PREAPP_USED_TWICE
from counter_app.domain.hall_time import hall_day_span
from counter_app.domain.idnumber import mask_id_number, normalize_id_number
from counter_app.domain.names import mask_name

log = logging.getLogger("central.store")

# How long a pre-application's personal data (name, ID number, the review's and the
# withdrawal's words, the files submitted) stays on the platform after it is over: this many
# hall days after the day it ended (its last valid day, or the day it was closed, withdrawn
# or consumed when earlier), so an applicant whose pre-review failed or whose application
# expired can still read why. Only one closed unused loses its files (``purge_preapp``).
PREAPP_KEPT_DAYS = 30
# Where a pre-application stands (``preapp_status``); ``used_twice`` picks consumed ones a
# second case was also accepted from.
STATUSES = (
    "open",
    "failed_review",
    "expired",
    "withdrawn",
    "superseded",
    "item_withdrawn",
    "consumed",
    "used_twice",
)
# Each status (but ``used_twice``) in people's words, Chinese and English.
STATUS_NAMES = {
    "open": ("待受理", "open"),
    "failed_review": ("预审未通过，待更正", "pre-review failed, to be corrected"),
    "expired": ("已过期", "expired"),
    "withdrawn": ("已撤回", "withdrawn"),
    "superseded": ("已由更正后的申报取代", "superseded by a corrected one"),
    "item_withdrawn": ("事项已停办，已关闭", "closed: item withdrawn"),
    "consumed": ("已受理", "taken"),
}
# The feed states behind each status: what the listing chooses in SQL before opening rows.
_FEED_STATES = {
    "open": "submitted",
    "failed_review": "submitted",
    "expired": "submitted",
    "withdrawn": "cancelled",
    "superseded": "cancelled",
    "item_withdrawn": "cancelled",
    "consumed": "consumed",
    "used_twice": "consumed",
}
_CURRENT = (
    "SELECT a.arrival_id, a.revision, f.payload, a.state, a.consumed_device,"
    " COALESCE(c.case_no, a.consumed_case_id)"
    " FROM arrivals a JOIN arrival_feed f"
    " ON f.arrival_id = a.arrival_id AND f.revision = a.revision"
    " LEFT JOIN cases c ON c.case_id = a.consumed_case_id"
    " WHERE a.hall = ? AND a.kind = 'preapp'"
)


def preapp_status(item: dict[str, Any], today: date) -> str:
    """Where the pre-application ``item`` stands on hall day ``today`` (one of ``STATUSES``
    but ``used_twice``): expired is told from its last day, never stored."""
    if item["state"] == "consumed":
        return "consumed"
    closed = item.get("closed")
    if closed is not None:
        return str(closed["reason"])
    if item["last_day"] < today.isoformat():
        return "expired"
    return "failed_review" if item["review"] == "failed" else "open"


def review_preapp(
    store: CentralStore, preapp_id: str, review: str, note: str, today: date
) -> dict[str, Any]:
    """The hall's pre-review of an open pre-application: ``passed`` or ``failed`` with
    ``note``, the words its applicant reads to correct it (a corrected submission then
    supersedes it). ``replayed``: it stood so already (a retry); nothing is written."""
    if review == "failed" and not note.strip():
        raise OperatorError(
            "预审不通过须写明原因（--note），申请人据此更正后重新申报。",
            "A failed pre-review needs its reason (--note): the applicant corrects the "
            "application by it and submits again.",
            code="note_required",
        )
    with store.transaction() as cur:
        item, revision = _locked_preapp(store, cur, preapp_id)
        _refuse_unless_open(item, today, "预审", "reviewed")
        if (item["review"], item["review_note"]) == (review, note):
            return {**item, "replayed": True}
        changed = {**item, "review": review, "review_note": note, "reviewed_at": _now()}
        return {**append_revision(store, cur, changed, revision + 1), "replayed": False}


def withdraw_preapp(
    store: CentralStore, preapp_id: str, reason: str, today: date
) -> dict[str, Any]:
    """The applicant withdraws an open pre-application, saying why; the windows stop
    offering it. ``replayed``: it was withdrawn already (a retry); nothing is written."""
    if not reason.strip():
        raise OperatorError(
            "撤回须写明原因（--reason）。",
            "A withdrawal needs its reason (--reason).",
            code="reason_required",
        )
    with store.transaction() as cur:
        item, revision = _locked_preapp(store, cur, preapp_id)
        if preapp_status(item, today) == "withdrawn":
            return {**item, "replayed": True}
        _refuse_unless_open(item, today, "撤回", "withdrawn")
        closed = close_preapp(store, cur, item, revision, "withdrawn", note=reason)
        return {**closed, "replayed": False}


def _locked_preapp(
    store: CentralStore, cur: DbCursor, preapp_id: str
) -> tuple[dict[str, Any], int]:
    """The pre-application as it stands, its hall's arrivals feed locked first, so no
    consumption or other change appends between reading it and writing its next revision."""
    row = store._exec(
        cur, "SELECT hall FROM arrivals WHERE arrival_id = ? AND kind = 'preapp'", (preapp_id,)
    ).fetchone()
    if row is not None:
        store.lock_hall_feed(cur, "arrival_feed", row[0])
    return current_arrival(store, cur, preapp_id, "preapp")


def _refuse_unless_open(item: dict[str, Any], today: date, what_zh: str, what_en: str) -> None:
    status = preapp_status(item, today)
    if status in ("open", "failed_review"):
        return
    preapp_id = item["arrival_id"]
    why_zh, why_en = {
        "consumed": ("已受理为办件", "was accepted as a case"),
        "expired": (f"已于 {item['last_day']} 后过期", f"expired after {item['last_day']}"),
        "withdrawn": ("已由申请人撤回", "was withdrawn by its applicant"),
        "superseded": ("已被更正后的申报取代", "was replaced by a corrected one"),
        "item_withdrawn": ("的事项已停办", "is for an item withdrawn from the catalog"),
    }[status]
    raise OperatorError(
        f"网上申报 {preapp_id} {why_zh}，不能再{what_zh}。",
        f"Pre-application {preapp_id} {why_en}; it cannot be {what_en} now.",
        code=f"preapp_{status}",
    )


def hall_preapps(
    store: CentralStore, hall: str, today: date, *, day: date | None, status: str | None
) -> list[dict[str, Any]]:
    """``hall``'s pre-applications (those submitted on hall day ``day``; all without one)
    in the order submitted, each with its ``status`` on ``today``, only those of ``status``
    when given: the applicant's ID number and name masked (none once purged), a consumed
    one's device and case number (its id while the platform does not hold the case yet), and ``used_twice``: the numbers of the cases a window was
    refused it for after another case had consumed it."""
    where, params = "", [hall]
    if day is not None:
        where += " AND a.first_day = ?"
        params.append(day.isoformat())
    if status is not None:  # a purged row keeps its status in its item only
        where += " AND a.state IN (?, 'purged')"
        params.append(_FEED_STATES[status])
    with store.snapshot() as cur:
        rows = store._exec(
            cur, _CURRENT + where + " ORDER BY a.created_at, a.arrival_id", params
        ).fetchall()
        twice = _used_twice(store, cur, hall)
    listed = []
    for arrival_id, revision, payload, row_state, device, case_no in rows:
        item = json.loads(store.sealer.open(payload, feed_context(arrival_id, revision)))
        now = preapp_status(item, today)
        again = twice.get(case_no, []) if case_no else []
        if status is not None and status != now and not (status == "used_twice" and again):
            continue
        listed.append(
            {
                "preapp_id": arrival_id,
                "status": now,
                "item_code": item["item_code"],
                "item_name": item["item_name"],
                "id_type": item["id_type"],
                "id_number": mask_id_number(item["id_number"]) if item["id_number"] else "",
                "name": mask_name(item["name"]) if item["name"] else "",
                "first_day": item["first_day"],
                "last_day": item["last_day"],
                "review": item["review"],
                "consumed_device": device,
                "case_no": case_no,
                "used_twice": again,
                "purged": row_state == "purged",
            }
        )
    return listed


def _used_twice(store: CentralStore, cur: DbCursor, hall: str) -> dict[str, list[str]]:
    """``case number -> [case numbers]``: the hall's cases flagged as taken from a
    pre-application that case had consumed first, by the first case's number (the hall
    queue's flag names it), as their newest summaries stand."""
    newest: dict[str, tuple[str, list[str]]] = {}
    for case_id, case_no, flags in store._exec(
        cur,
        "SELECT case_id, case_no, flags FROM case_summaries WHERE hall = ?"
        " AND flags LIKE ? ORDER BY seq",
        (hall, f"%{PREAPP_USED_TWICE}%"),
    ).fetchall():
        newest[case_id] = (case_no, json.loads(flags))
    again: dict[str, list[str]] = {}
    for case_no, flags in newest.values():
        if PREAPP_USED_TWICE in flags[:-1]:
            first_no = flags[flags.index(PREAPP_USED_TWICE) + 1]
            again.setdefault(first_no, []).append(case_no)
    return again


@dataclass(frozen=True)
class PreappView:
    """A pre-application as its applicant sees it online: nothing that names them."""

    item_name: str
    status: str
    last_day: str
    review: str
    review_note: str
    closed_note: str


def applicants_view(
    store: CentralStore, preapp_id: str, id_number: str, today: date
) -> PreappView | None:
    """The pre-application ``preapp_id`` as its applicant may read it on ``today``, when
    ``id_number`` is their document's number (as a window would type it); None for an id
    that is no pre-application, another person's number, or one whose personal data was
    purged: the three are told apart by nothing, so the page reveals nothing to a guess."""
    try:
        uuid.UUID(preapp_id)
    except ValueError:
        return None
    with store.snapshot() as cur:
        try:
            item, _ = current_arrival(store, cur, preapp_id, "preapp")
        except UnknownInHall:
            return None
    held = str(item["id_number"]).encode()
    if not held or not hmac.compare_digest(held, normalize_id_number(id_number).encode()):
        return None
    closed = item.get("closed") or {}
    return PreappView(
        item_name=item["item_name"],
        status=preapp_status(item, today),
        last_day=item["last_day"],
        review=item["review"],
        review_note=item["review_note"],
        closed_note=closed.get("note", ""),
    )


@dataclass(frozen=True)
class PreappSweep:
    """What one sweep did: the pre-applications it closed as their item left the catalog,
    how many it purged the personal data of, and those it failed on (logged; the next sweep
    tries them again)."""

    closed: list[str]
    purged: int
    failed: list[str]


def sweep_preapps(store: CentralStore, today: date, operator: str) -> PreappSweep:
    """Close every open pre-application whose item the newest published catalog no longer
    holds (``item_withdrawn``: the windows stop offering it, its applicant sees why), then
    purge those over for more than ``PREAPP_KEPT_DAYS`` (``purge_preapp``). Each one in its
    own transaction with its own operator-log entry (``preapp sweep`` of it, by
    ``operator``): one that fails is logged and left for the next sweep, the others done, and
    no writer waits on the whole sweep. Running it again on the same day changes nothing."""
    failed: list[str] = []
    closed = [
        preapp_id
        for preapp_id in _withdrawn_items(store, today)
        if _swept(
            store, preapp_id, _close_withdrawn, step="close", operator=operator, failed=failed
        )
    ]
    cutoff = today - timedelta(days=PREAPP_KEPT_DAYS)
    purge = partial(purge_preapp, cutoff=cutoff)
    purged = sum(
        _swept(store, preapp_id, purge, step="purge", operator=operator, failed=failed)
        for preapp_id in _over(store, cutoff)
    )
    return PreappSweep(closed, purged, failed)


def _swept(
    store: CentralStore,
    preapp_id: str,
    change: Callable[[CentralStore, DbCursor, str], bool],
    *,
    step: str,
    operator: str,
    failed: list[str],
) -> bool:
    """``change`` of one pre-application in its own transaction, logged when it changed it;
    whether it did. A failure is logged with its traceback and noted in ``failed``."""
    try:
        with operator_action(
            store, "preapp sweep", preapp_id, {"step": step}, operator=operator
        ) as entry:
            with store.transaction() as cur:
                changed = change(store, cur, preapp_id)
            if not changed:
                entry.unchanged()
    except StoreUnavailable:
        raise  # the store out of reach: nothing more can be done this sweep
    except Exception:
        log.exception("pre-application %s: sweep step %s failed", preapp_id, step)
        failed.append(preapp_id)
        return False
    return changed


def _withdrawn_items(store: CentralStore, today: date) -> list[str]:
    """The open pre-applications whose item the newest published catalog no longer holds."""
    with store.snapshot() as cur:
        release = newest_catalog(store, cur)
        if release is None:
            return []
        held = {item.code for item in release.items}
        rows = store._exec(
            cur,
            "SELECT a.arrival_id, a.revision, f.payload FROM arrivals a JOIN arrival_feed f"
            " ON f.arrival_id = a.arrival_id AND f.revision = a.revision"
            " WHERE a.kind = 'preapp' AND a.state = 'submitted' AND a.last_day >= ?"
            " ORDER BY a.created_at",
            (today.isoformat(),),
        ).fetchall()
    return [
        arrival_id
        for arrival_id, revision, payload in rows
        if json.loads(store.sealer.open(payload, feed_context(arrival_id, revision)))["item_code"]
        not in held
    ]


def _close_withdrawn(store: CentralStore, cur: DbCursor, preapp_id: str) -> bool:
    item, revision = _locked_preapp(store, cur, preapp_id)
    if item["state"] != "submitted":  # consumed or withdrawn meanwhile
        return False
    close_preapp(store, cur, item, revision, "item_withdrawn")
    return True


# Over before the cutoff day (parameters: that day, and its start as a stored time): past its
# last day, or closed or consumed (its row's last change) before that day.
_OVER = (
    "kind = 'preapp' AND state <> 'purged'"
    " AND (last_day < ? OR (state IN ('cancelled', 'consumed') AND updated_at < ?))"
)


def _over_params(cutoff: date) -> tuple[str, str]:
    return cutoff.isoformat(), iso(hall_day_span(cutoff)[0])


def _over(store: CentralStore, cutoff: date) -> list[str]:
    with store.snapshot() as cur:
        rows = store._exec(
            cur,
            f"SELECT arrival_id FROM arrivals WHERE {_OVER} ORDER BY created_at",  # noqa: S608
            _over_params(cutoff),
        ).fetchall()
    return [arrival_id for (arrival_id,) in rows]


def purge_preapp(store: CentralStore, cur: DbCursor, preapp_id: str, *, cutoff: date) -> bool:
    """Remove a pre-application's personal data once it is over before hall day ``cutoff``
    (checked under its hall's lock: another worker's sweep may have purged it, or a late
    consumption report changed it, since it was listed); whether it did. Removed: its earlier
    revisions, the applicant's name and ID number and the words of its review and closing
    from its newest one (re-sealed under the same revision), the keyed hash that found its
    holder, and the files submitted when it was closed unused (withdrawn, superseded or its
    item withdrawn). The files of one a case consumed are that case's electronic copies, and
    those of one that merely ran out its days stay too: a window offline may have accepted a
    case from it and not reported so yet, and the platform cannot tell that from unused.
    What it was for, when, how it ended and which case took it stay; its row's state becomes
    ``purged``."""
    item, revision = _locked_preapp(store, cur, preapp_id)
    still_over = store._exec(
        cur,
        f"SELECT 1 FROM arrivals WHERE arrival_id = ? AND {_OVER}",  # noqa: S608
        (preapp_id, *_over_params(cutoff)),
    ).fetchone()
    if still_over is None:
        return False
    files_kept = item["state"] != "cancelled"
    kept = {
        **item,
        "id_number": "",
        "name": "",
        "review_note": "",
        "materials": item["materials"] if files_kept else [],
        "purged_at": _now(),
    }
    if kept.get("closed") is not None:
        kept["closed"] = {**kept["closed"], "note": ""}
    store._exec(
        cur,
        "UPDATE arrival_feed SET payload = ? WHERE arrival_id = ? AND revision = ?",
        (
            store.sealer.seal(
                json.dumps(kept, ensure_ascii=False), feed_context(preapp_id, revision)
            ),
            preapp_id,
            revision,
        ),
    )
    store._exec(
        cur, "DELETE FROM arrival_feed WHERE arrival_id = ? AND revision < ?", (preapp_id, revision)
    )
    if not files_kept:
        store._exec(cur, "DELETE FROM preapp_files WHERE preapp_id = ?", (preapp_id,))
    store._exec(
        cur,
        "UPDATE arrivals SET state = 'purged', holder_index = NULL, updated_at = ?"
        " WHERE arrival_id = ?",
        (_now(), preapp_id),
    )
    return True


def _now() -> str:
    return iso(utc_now())
