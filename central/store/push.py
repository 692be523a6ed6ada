"""A window's push: a batch of case versions applied in ONE transaction (its nonce included),
answered only after it committed, so a crash never leaves half a batch and a resend after a
crash gets the right per-case answers.

``central.store.batch`` decides what each submission is (stored, duplicate, conflict,
rejected); this module reads what it needs to know and writes what it decided.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import cache
from typing import Any

from central import fault_injection
from central.errors import WrongHall
from central.sealing import conflict_context, version_context
from central.store import (
    acting_staff,
    applicants,
    arrivals,
    bundles,
    case_dates,
    case_summaries,
    cloned_devices,
    devices,
    evaluations,
    instructions,
    publishing,
)
from central.store.base import CentralStore, DbCursor, Device, chunks, iso, utc_now
from central.store.batch import (
    BatchPlan,
    StateHistory,
    StoredCase,
    case_content,
    version_maker,
)
from central.store.cases import state_after_version
from counter_app.domain.case_document import CaseDocument
from counter_app.domain.case_states import CaseState
from counter_app.domain.fees import PaymentMethod
from counter_app.domain.idnumber import normalize_id_number
from sync.wire.case_push import CaseResult, CaseSubmission

log = logging.getLogger("central.store")

# A case's fee as its newest version states it, one row per case. A payment once made stays
# as it was made (reference, amount, how and when): a version written offline before the
# counter heard of a payment confirmed here must not mark the fee unpaid again. A reference
# another case holds never gets here (``payment_reference_taken``), but for a batch racing
# this one: its unique-key error re-runs the batch, which then refuses the reference.
UPSERT_PAYMENT = (
    "INSERT INTO payments (reference, case_id, hall, amount_cents, paid_at, method, "
    "receipt_no, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (case_id) DO UPDATE SET "
    "reference = CASE WHEN payments.paid_at IS NULL THEN excluded.reference "
    "ELSE payments.reference END, "
    "amount_cents = CASE WHEN payments.paid_at IS NULL THEN excluded.amount_cents "
    "ELSE payments.amount_cents END, "
    "method = CASE WHEN payments.paid_at IS NULL THEN excluded.method "
    "ELSE payments.method END, "
    "receipt_no = CASE WHEN payments.paid_at IS NULL THEN excluded.receipt_no "
    "ELSE payments.receipt_no END, "
    "paid_at = coalesce(payments.paid_at, excluded.paid_at)"
)
# What a version may state of a payment: the window records the card payments it took; a
# payment on the payment platform is the platform's to confirm (``payments.confirm_payment``),
# whatever the window recorded from the applicant's voucher.
PLATFORM_METHOD = PaymentMethod.PLATFORM.value

# A batch that lost a unique-key race is re-run; racing the same cases more often than
# this means something is wrong, and the request fails (500, retryable).
MAX_BATCH_ATTEMPTS = 3


def push_batch(
    store: CentralStore, device: Device, nonce: str, cases: list[CaseSubmission]
) -> list[CaseResult]:
    """Apply a batch in one transaction; the per-case results, in request order."""
    cloned_devices.refuse_cloned_push(store, device)
    attempts = 0
    while True:
        try:
            with store.transaction() as cur:
                store._consume_nonce(cur, device.device_id, nonce)
                results = _apply_batch(store, cur, device, cases)
                fault_injection.batch_written(len(cases))
            break
        except store.integrity_errors:
            # A concurrent batch stored the same case first; re-read and classify again.
            attempts += 1
            if attempts == MAX_BATCH_ATTEMPTS:
                raise
    _log_results(device, results)
    return results


def _registered_licences(
    store: CentralStore, cur: DbCursor, cases: list[CaseSubmission]
) -> dict[tuple[str, str], tuple[str, str | None]]:
    """``(licence_type, number) -> (holder_index, file_sha256)`` of the register's licences
    the batch's cases reference (``BatchPlan.licences``). A licence revoked since is among
    them: the case's lookup found it valid when the case was accepted (no lookup or
    verification answers with a revoked licence), and a revocation does not undo that."""
    keys = {
        (line.licence.licence_type, line.licence.number)
        for case in cases
        for line in case.payload.materials
        if line.licence is not None and line.licence.number is not None
    }
    found: dict[tuple[str, str], tuple[str, str | None]] = {}
    for licence_type, number in sorted(keys):
        row = store._exec(
            cur,
            "SELECT holder_index, file_sha256 FROM elicences WHERE licence_type = ? AND number = ?",
            (licence_type, number),
        ).fetchone()
        if row is not None:
            found[(licence_type, number)] = (row[0], row[1])
    return found


def _state_histories(
    store: CentralStore, cur: DbCursor, case_ids: list[str]
) -> dict[str, StateHistory]:
    """What the platform holds of the states of each of ``case_ids`` that has a summary
    (``BatchPlan.histories``): every state of its summaries, the newest where it stands,
    standing by a back-office step when that is the state of its newest step."""
    histories: dict[str, StateHistory] = {}
    for chunk in chunks(case_ids):
        marks = ",".join("?" * len(chunk))
        last_step = dict(
            store._exec(
                cur,
                "SELECT case_id, state FROM progress_events"  # noqa: S608 - marks
                f" WHERE case_id IN ({marks}) ORDER BY seq",
                chunk,
            ).fetchall()
        )  # later steps replace earlier ones
        for case_id, state in store._exec(
            cur,
            "SELECT case_id, state FROM case_summaries"  # noqa: S608 - marks
            f" WHERE case_id IN ({marks}) ORDER BY seq",
            chunk,
        ).fetchall():
            standing = CaseState(state)
            history = histories.setdefault(case_id, StateHistory(set(), standing, False))
            history.seen.add(standing)
            history.standing = standing
        for case_id, history in histories.items():
            history.by_step = last_step.get(case_id) == history.standing.value
    return histories


def _postings(
    store: CentralStore, cur: DbCursor, case_ids: list[str]
) -> dict[str, tuple[str, str]]:
    """(waybill, status) of the platform's newest report of each of ``case_ids``'s result
    posted or delivered by the carrier when no version of the case was stored since
    (``BatchPlan.postings``)."""
    postings: dict[str, tuple[str, str]] = {}
    for chunk in chunks(case_ids):
        marks = ",".join("?" * len(chunk))
        for case_id, waybill, status, unanswered in store._exec(
            cur,
            "SELECT p.case_id, d.waybill, d.status, p.at >= c.updated_at"  # noqa: S608 - marks
            " FROM delivery_events d JOIN progress_events p ON p.seq = d.seq"
            f" JOIN cases c ON c.case_id = p.case_id WHERE p.case_id IN ({marks})"
            " ORDER BY d.seq",
            chunk,
        ).fetchall():  # later reports replace earlier ones
            if unanswered:
                postings[case_id] = (waybill, status)
            else:
                postings.pop(case_id, None)
    return postings


def _disabled_makers(
    store: CentralStore, cur: DbCursor, hall: str, cases: list[CaseSubmission]
) -> dict[tuple[str, str], str]:
    """When the hall's staff register had disabled each account a version of ``cases`` was
    made by (``batch.version_maker``) as it stood when the version was made, for those it
    had (``BatchPlan.disabled_makers``)."""
    disabled: dict[tuple[str, str], str] = {}
    makers = {made for case in cases if (made := version_maker(case.payload)) is not None}
    for made in sorted(makers):
        since = acting_staff.disabled_since(store, cur, hall, *made)
        if since is not None:
            disabled[made] = since
    return disabled


def _read_case_standing(
    store: CentralStore, cur: DbCursor, plan: BatchPlan, ids: list[str]
) -> None:
    """Read into ``plan`` where the batch's known cases stand: their states, postings,
    versions in trouble and, for those ended, what the newest version states."""
    plan.histories.update(_state_histories(store, cur, sorted(plan.known)))
    plan.postings.update(_postings(store, cur, sorted(plan.known)))
    plan.problem_versions.update(_problem_versions(store, cur, ids))
    plan.ended_contents.update(_ended_contents(store, cur, plan))


def _ended_contents(store: CentralStore, cur: DbCursor, plan: BatchPlan) -> dict[str, str]:
    """What the newest version of each of the batch's cases that ended where it stands
    states of the case (``BatchPlan.ended_contents``)."""
    contents: dict[str, str] = {}
    for case_id, history in sorted(plan.histories.items()):
        if not history.ended():
            continue
        version = plan.known[case_id].data_version
        row = store._exec(
            cur,
            "SELECT payload_sealed FROM case_versions WHERE case_id = ? AND data_version = ?",
            (case_id, version),
        ).fetchone()
        if row is not None:
            opened = store.sealer.open(row[0], version_context(case_id, version))
            contents[case_id] = case_content(CaseDocument.model_validate_json(opened))
    return contents


def _problem_versions(
    store: CentralStore, cur: DbCursor, case_ids: list[str]
) -> dict[str, set[int]]:
    """The versions of each of ``case_ids`` the platform refused or keeps in conflict
    (``BatchPlan.problem_versions``)."""
    versions: dict[str, set[int]] = {}
    for chunk in chunks(case_ids):
        marks = ",".join("?" * len(chunk))
        for case_id, version in store._exec(
            cur,
            f"SELECT case_id, data_version FROM case_problems WHERE case_id IN ({marks})",  # noqa: S608
            chunk,
        ).fetchall():
            versions.setdefault(case_id, set()).add(version)
    return versions


def _apply_batch(
    store: CentralStore, cur: DbCursor, device: Device, cases: list[CaseSubmission]
) -> list[CaseResult]:
    stated = store._exec(
        cur, "SELECT 1 FROM stated_prefixes WHERE device_id = ? LIMIT 1", (device.device_id,)
    ).fetchone()
    references = [c.payload.payment_reference for c in cases if c.payload.payment_reference]
    plan = BatchPlan(
        device_id=device.device_id,
        hall=device.hall,
        window=device.window,
        binds_on_first_use=stated is None,
        now=iso(utc_now()),
        known={},
        versions={},
        owner_of_no={},
        prefix_owner={},
        licences=_registered_licences(store, cur, cases),
        # Asked twice a case (the applicant's earlier cases, then its own row): keyed once.
        holder_index=cache(lambda number: store.sealer.holder_index(normalize_id_number(number))),
        catalogs=publishing.catalogs_for(store, cur, cases),
        disabled_makers=_disabled_makers(store, cur, device.hall, cases),
        payment_owner=store._lookup(cur, "payments", "reference", "case_id", references),
        # Fees the payment platform confirmed before this batch: a card payment of one is a
        # second payment (read before this batch's versions record theirs).
        paid_on_platform={
            reference
            for reference, method in store._lookup(
                cur, "payments", "reference", "method", references
            ).items()
            if method == PLATFORM_METHOD
        },
    )
    ids = sorted({str(c.case_id) for c in cases})
    for chunk in chunks(ids):
        marks = ",".join("?" * len(chunk))
        store.lock_cases(cur, chunk)
        # One statement for cases and their versions: under PostgreSQL's READ COMMITTED
        # each statement sees its own snapshot, and a concurrent batch committing between
        # two reads showed this one a version without its case.
        for row in store._exec(
            cur,
            "SELECT c.case_id, c.case_no, c.hall, c.data_version, c.reference, "  # noqa: S608
            "v.data_version, v.content_hash "
            "FROM cases c LEFT JOIN case_versions v ON v.case_id = c.case_id "
            f"WHERE c.case_id IN ({marks})",
            chunk,
        ).fetchall():
            plan.known[row[0]] = StoredCase(row[1], row[2], row[3], row[4])
            if row[5] is not None:
                plan.versions[(row[0], row[5])] = row[6]
    _read_case_standing(store, cur, plan, ids)
    plan.owner_of_no.update(
        store._lookup(cur, "cases", "case_no", "case_id", (c.case_no for c in cases))
    )
    numbers = [c.case_no for c in cases] + [k.case_no for k in plan.known.values()]
    prefixes = (p for p in map(plan.number_prefix, numbers) if p is not None)
    plan.prefix_owner.update(store._lookup(cur, "number_prefixes", "prefix", "device_id", prefixes))
    foreign = sorted(cid for cid, case in plan.known.items() if case.hall != device.hall)
    if foreign:
        raise WrongHall(
            "这些办件属于其他大厅，本设备无权写入。",
            "These cases belong to another hall; this device may not write them.",
            details={"case_ids": foreign},
        )
    applicants.prepare(store, cur, plan, cases)
    for case in cases:
        plan.add(case)
    _log_catalog_flags(device.device_id, plan)
    # Two batches binding one prefix at once: the loser's unique-key error re-runs it.
    store._many(
        cur,
        "INSERT INTO number_prefixes (prefix, device_id, bound_at) VALUES (?, ?, ?)",
        [(prefix, device.device_id, plan.now) for prefix in plan.new_bindings],
    )
    store._many(
        cur,
        "INSERT INTO cases (case_id, case_no, hall, window_code, device_id, reference, "
        "data_version, content_hash, received_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        plan.new_cases,
    )
    store._many(
        cur,
        "UPDATE cases SET data_version = ?, content_hash = ?, updated_at = ? WHERE case_id = ?",
        [(v, h, plan.now, cid) for cid, (v, h) in plan.updates.items()],
    )
    seal = store.sealer.seal_bytes
    store._many(
        cur,
        "INSERT INTO case_versions (case_id, data_version, content_hash, payload_sealed, "
        "device_id, received_at) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (cid, version, digest, seal(payload, version_context(cid, version)), *rest)
            for cid, version, digest, payload, *rest in plan.new_versions
        ],
    )
    store._many(
        cur,
        "INSERT INTO conflicts (case_id, data_version, content_hash, case_no, hall, "
        "device_id, reason, payload_sealed, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (case_id, data_version, content_hash) DO NOTHING",
        [
            (
                cid,
                version,
                digest,
                *middle,
                seal(payload, conflict_context(cid, version, digest)),
                received_at,
            )
            for cid, version, digest, *middle, payload, received_at in plan.conflicts
        ],
    )
    applicants.record(store, cur, device.device_id, plan)
    evaluations.keep_ratings(store, cur, plan.ratings)
    if plan.served_tickets:
        arrivals.keep_appointments(store, cur, device, plan.served_tickets)
    payments = _window_payments(device.device_id, plan)
    store._many(cur, UPSERT_PAYMENT, payments)
    # Every version carries the case's token and route; the first one stored stays.
    store._many(
        cur,
        "INSERT INTO track_tokens (token_digest, case_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
        plan.track_tokens,
    )
    store._many(
        cur,
        "INSERT INTO case_routes (case_id, department, hall, routed_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (case_id) DO NOTHING",
        plan.routes,
    )
    bundles.keep_bundles(store, cur, cases, plan.results)
    case_dates.keep_dates(store, cur, cases, plan.results)
    if plan.summaries:
        paid = _paid_cases(store, cur, [p[1] for p in payments if p[4] is None])
        store.lock_hall_feed(cur, "case_summaries", device.hall)
        state_at = case_summaries.COLUMNS.index("state")
        standing = [
            (
                *row[:state_at],
                # A case this batch stored first has had no back-office step (progress
                # events reference cases): its state is its version's, no query needed.
                row[state_at]
                if str(row[0]) in plan.new_case_ids
                else state_after_version(store, cur, row[0], CaseState(row[state_at])).value,
                *row[state_at + 1 :],
            )
            for row in plan.summaries
        ]
        store._many(cur, case_summaries.INSERT, case_summaries.settle_paid(standing, paid))
        store._many(cur, case_summaries.UPSERT_SERVICE_FACTS, plan.facts)
    problems = [
        (
            device.hall,
            device.device_id,
            str(r.case_id),
            number,
            device.window,
            r.data_version,
            r.status,
            r.reason or "",
            r.message_zh or "",
            r.message_en or "",
            plan.now,
        )
        for r, number in zip(plan.results, (c.case_no for c in cases), strict=True)
        if r.status in ("conflict", "rejected")
    ]
    if problems:
        store.lock_hall_feed(cur, "case_problems", device.hall)
        store._many(cur, instructions.INSERT_PROBLEM, problems)
    # Last: the device's row is the batch's last lock (no cycle with the others).
    devices.record_push(store, cur, device.device_id, plan.now)
    return plan.results


def _log_catalog_flags(device_id: str, plan: BatchPlan) -> None:
    """A warning in the platform's log for each stored version the hall queue flags for its
    catalog: its item withdrawn or changed since, a version never published, or its
    situation's rule on a 代办人 broken."""
    for case_id, code, taken_on, in_force in plan.withdrawn_items:
        log.warning(
            "device %s case %s taken on catalog v%d: item %s withdrawn by v%d, in force when "
            "it was received; stored, flagged item_withdrawn",
            device_id,
            case_id,
            taken_on,
            code,
            in_force,
        )
    for case_id, code, taken_on, in_force, changes in plan.changed_items:
        log.warning(
            "device %s case %s taken on catalog v%d: item %s changed by v%d (%s), in force "
            "when it was received; stored, flagged catalog_changed",
            device_id,
            case_id,
            taken_on,
            code,
            in_force,
            ", ".join(changes),
        )
    for case_id, code, version in plan.unknown_catalogs:
        log.warning(
            "device %s case %s names catalog v%d (item %s), which this platform never "
            "published; stored, flagged catalog_unknown",
            device_id,
            case_id,
            version,
            code,
        )
    for case_id, situation, rule in plan.broken_agent_rules:
        log.warning(
            "device %s case %s breaks situation %s's agent rule (%s) of its catalog version; "
            "stored, flagged agent_rule_broken",
            device_id,
            case_id,
            situation,
            rule,
        )


def _window_payments(device_id: str, plan: BatchPlan) -> list[tuple[Any, ...]]:
    """The batch's payment rows as the platform keeps them: a version's claim of a payment
    on the payment platform that the platform never confirmed is not taken (the fee stays
    unpaid, logged; its summary says so, ``case_summaries.version_summary``), so only the
    platform's confirmation pays a fee there and a window cannot declare one paid. A
    payment the window recorded from the applicant's voucher, marked as awaiting the
    platform's confirmation, is the expected case (logged as information); one without
    the mark is a window claiming what only the platform may (a warning)."""
    kept: list[tuple[Any, ...]] = []
    for row in plan.payments:
        reference, case_id, hall, amount, paid_at, method, _receipt_no, recorded_at = row
        claimed = paid_at is not None and method == PLATFORM_METHOD
        if not claimed or reference in plan.paid_on_platform:
            kept.append(row)
            continue
        if reference in plan.recorded_from_voucher:
            log.info(
                "device %s case %s recorded fee %s paid on the payment platform from the "
                "applicant's voucher: the fee stays unpaid until the platform confirms it",
                device_id,
                case_id,
                reference,
            )
        else:
            log.warning(
                "device %s case %s states fee %s paid on the payment platform, which never "
                "confirmed it: not taken, the fee stays unpaid",
                device_id,
                case_id,
                reference,
            )
        kept.append((reference, case_id, hall, amount, None, None, None, recorded_at))
    return kept


def _paid_cases(store: CentralStore, cur: DbCursor, case_ids: Sequence[str]) -> set[str]:
    """Of ``case_ids``, those whose fee the platform holds as paid."""
    paid: set[str] = set()
    for chunk in chunks(case_ids):
        marks = ",".join("?" * len(chunk))
        rows = store._exec(
            cur,
            f"SELECT case_id FROM payments WHERE case_id IN ({marks})"  # noqa: S608 - marks
            " AND paid_at IS NOT NULL",
            tuple(chunk),
        ).fetchall()
        paid.update(row[0] for row in rows)
    return paid


def _log_results(device: Device, results: list[CaseResult]) -> None:
    for result in results:
        if result.status != "stored":
            log.info(
                "device %s case %s v%d %s %s",
                device.device_id,
                result.case_id,
                result.data_version,
                result.status,
                result.reason or "",
            )
    log.info("device %s batch of %d applied", device.device_id, len(results))
