"""出件 (the logistics pillar): results ready at the hall, handed over at the window to the
applicant or to a proxy with a power of attorney (代领), or posted with a waybill; a parcel
that came back, the applicant's change of method or address; and the carrier's news as the
platform reports it.

Who collects is checked by ID number through the keyed blind index, never by showing the
stored number: a card that is neither the applicant's nor a proxy's with the applicant's
number on the power of attorney is refused, the attempt audited, and the case left as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from counter_app.domain.case_states import CaseState
from counter_app.domain.delivery import (
    Collector,
    DeliveryMethod,
    PostalStatus,
    checked_waybill,
)
from counter_app.domain.hall_time import hall_minute_text, hall_today
from counter_app.domain.id_types import validate_identity
from counter_app.domain.names import validate_name
from counter_app.domain.result_posting import check_posted_delivery
from counter_app.errors import ValidationError
from counter_app.services import case_changes, case_progress
from counter_app.services.auth import User
from counter_app.services.delivery_changes import audited_waybill, record_delivery_part
from counter_app.store import case_plaintext, delivery_writes
from counter_app.store import cases as case_rows
from counter_app.store.cases import CaseRecord
from counter_app.store.database import Store
from counter_app.store.deliveries import (
    DeliveryRecord,
    deliveries_of,
    handover_of,
    version_written_at,
)
from counter_app.store.timestamps import from_text, to_text, utc_now


class HandoverRefused(ValidationError):
    """The card presented is not the applicant's: nothing is handed over."""

    code = "handover_refused"


@dataclass(frozen=True)
class Proxy:
    """Who collects for the applicant (代领): their own card, and the power of attorney the
    clerk has checked."""

    name: str
    id_number: str
    power_of_attorney: bool
    id_type: str = "111"


@dataclass(frozen=True)
class ReadyResult:
    """A result waiting at the hall: to be picked up, or to be posted (or on its way)."""

    case_id: str
    case_no: str
    service_item_name: str
    applicant_name: str
    applicant_masked_id: str
    method: DeliveryMethod
    address_masked: str | None
    waybill: str | None
    postal_status: PostalStatus | None
    ready_since: str | None  # when the platform reported it ready (UTC); None: not known
    days_waiting: int | None  # calendar days since then, in the hall's days


@dataclass(frozen=True)
class HandedOver:
    """``replayed``: the same handover was recorded before (a script's retry); this is its
    answer, and nothing was written again."""

    case_id: str
    case_no: str
    data_version: int
    state: str
    collector: Collector
    replayed: bool = False


@dataclass(frozen=True)
class Posted:
    """``replayed``: this waybill was recorded before (the label scanned again, a script's
    retry); this is that posting's answer, and nothing was written again."""

    case_id: str
    case_no: str
    data_version: int
    state: str
    waybill: str
    replayed: bool = False


def delivery_of(store: Store, case_id: str) -> DeliveryRecord | None:
    """How the case's result goes out; None: nothing chosen, picked up at the hall."""
    return deliveries_of(store, [case_id]).get(case_id)


def ready_results(store: Store, *, now: datetime | None = None) -> list[ReadyResult]:
    """The results the platform reported ready for this workstation's cases, longest
    waiting first: the hall's pick-up list (and the postings still to make or on their
    way), with how many days each has waited."""
    records = case_rows.list_cases(store, state=CaseState.RESULT_READY.value, limit=None)
    ids = [r.case_id for r in records]
    chosen = deliveries_of(store, ids)
    since = _ready_since(store, ids)
    today = hall_today(now)
    found = []
    for record in reversed(records):
        delivery = chosen.get(record.case_id)
        ready_at = since.get(record.case_id)
        found.append(
            ReadyResult(
                case_id=record.case_id,
                case_no=record.case_no,
                service_item_name=record.service_item_name,
                applicant_name=record.applicant_name,
                applicant_masked_id=record.applicant_masked_id,
                method=delivery.method if delivery else DeliveryMethod.PICKUP,
                address_masked=delivery.address_masked if delivery else None,
                waybill=delivery.waybill if delivery else None,
                postal_status=delivery.postal_status if delivery else None,
                ready_since=ready_at,
                days_waiting=(today - hall_today(from_text(ready_at))).days if ready_at else None,
            )
        )
    # Oldest ready first: the result that waited longest is the one to chase. A case
    # whose moment is unknown (none should be) goes last, in the list's own order.
    found.sort(key=lambda r: (r.ready_since is None, r.ready_since or ""))
    return found


# When each case last moved into result_ready (the platform's step, not an edit in it).
_READY_SINCE = (
    "SELECT case_id, max(at) FROM case_events WHERE to_state = ?"
    " AND from_state IS NOT ? AND case_id IN ({marks}) GROUP BY case_id"
)


def _ready_since(store: Store, case_ids: list[str]) -> dict[str, str]:
    if not case_ids:
        return {}
    ready = CaseState.RESULT_READY.value
    rows = store.db.execute(
        _READY_SINCE.format(marks=",".join("?" * len(case_ids))),
        (ready, ready, *case_ids),
    ).fetchall()
    return {row[0]: row[1] for row in rows}


def hand_over(
    store: Store,
    reference: str,
    clerk: User,
    *,
    id_number: str,
    proxy: Proxy | None = None,
    now: datetime | None = None,
) -> HandedOver:
    """出件 at the window. ``id_number``: read from the applicant's own card, or, with a
    ``proxy``, the applicant's number on the power of attorney; either must be the
    applicant's. The case becomes delivered and the 领取回执 can be printed. The same
    handover again (to the applicant, or to the same proxy) answers as the first time with
    ``replayed`` and writes nothing; one to someone else is refused."""
    record = case_rows.find_case(store, reference)
    delivery = delivery_of(store, record.case_id)
    if delivery is not None and delivery.waybill:
        raise ValidationError(
            f"办件 {record.case_no} 的结果已邮寄（运单号 {delivery.waybill}），不能在窗口领取。"
            f"包裹已退回大厅的，先登记退回：counter-app case post {record.case_no} --returned "
            "--reason 原因",
            f"The result of case {record.case_no} has been posted (waybill {delivery.waybill}); "
            "it cannot be collected at the window. If the parcel came back to the hall, record "
            f"the return first: counter-app case post {record.case_no} --returned --reason TEXT",
            field="case",
        )
    checked_proxy = _checked_proxy(proxy) if proxy is not None else None
    presented = store.pii.blind_index(id_number, "id_number")
    applicant = store.db.execute(
        "SELECT id_number_index FROM cases WHERE case_id = ?",
        (record.case_id,),
    ).fetchone()[0]
    if presented != applicant:
        with store.transaction() as db:
            delivery_writes.record_handover_refused(
                db,
                store.audit,
                case_id=record.case_id,
                actor=clerk.username,
                proxy=checked_proxy is not None,
            )
        raise _mismatch(record.case_no, record.applicant_masked_id, proxy=checked_proxy)
    earlier = _earlier_handover(store, record, checked_proxy)
    if earlier is not None:
        return earlier
    moment = now or utc_now()
    at = to_text(moment)
    collector = Collector.PROXY if checked_proxy else Collector.APPLICANT
    part: dict[str, str | bool | None] = {
        "collector": collector.value,
        "proxy_name": checked_proxy.name if checked_proxy else None,
        "proxy_id_number": checked_proxy.id_number if checked_proxy else None,
        "power_of_attorney": checked_proxy is not None,
        "handed_over_at": at,
        "handed_over_by": clerk.username,
    }
    with store.transaction() as db:
        version = case_progress.hand_over(store, record.case_id, clerk, part, now=moment)
        delivery_writes.record_handover(
            db,
            store.pii,
            delivery_writes.HandoverRow(
                case_id=record.case_id,
                collector=collector.value,
                proxy_name=checked_proxy.name if checked_proxy else None,
                proxy_id_number=checked_proxy.id_number if checked_proxy else None,
                power_of_attorney=checked_proxy is not None,
                at=at,
                by=clerk.username,
            ),
        )
    return HandedOver(record.case_id, record.case_no, version, CaseState.DELIVERED.value, collector)


def _earlier_handover(store: Store, record: CaseRecord, proxy: Proxy | None) -> HandedOver | None:
    """The handover already recorded to this same collector (the applicant; or this proxy,
    by name and the blind index of their number), as it was answered then. None: not
    handed over yet, or to someone else (which the state machine refuses)."""
    handover = handover_of(store, record.case_id)
    if handover is None:
        return None
    asked = (
        (Collector.PROXY, proxy.name, store.pii.blind_index(proxy.id_number, "id_number"))
        if proxy is not None
        else (Collector.APPLICANT, None, None)
    )
    if (handover.collector, handover.proxy_name, handover.proxy_id_index) != asked:
        return None
    version = _version_of_step(store, record, handover.at)
    state = CaseState.DELIVERED.value
    return HandedOver(
        record.case_id, record.case_no, version, state, handover.collector, replayed=True
    )


def _version_of_step(store: Store, record: CaseRecord, at: str) -> int:
    """The data version the window's step at ``at`` wrote, as a retried step answers; the
    case's version now when the store no longer holds that one (a case fetched back from the
    platform after a restore keeps only its newest version, which holds the step too)."""
    written = version_written_at(store, record.case_id, at)
    return record.data_version if written is None else written


def _checked_proxy(proxy: Proxy) -> Proxy:
    if not proxy.power_of_attorney:
        raise ValidationError(
            "他人代领须核验并登记申请人签署的授权委托书。",
            "A proxy collecting for the applicant needs the applicant's power of attorney, "
            "checked by the clerk.",
            field="proxy.power_of_attorney",
        )
    name = validate_name(proxy.name, field="proxy.name")
    identity = validate_identity(proxy.id_type, proxy.id_number)
    return Proxy(name, identity.number, True, identity.id_type.value)


def _mismatch(case_no: str, masked: str, *, proxy: Proxy | None) -> HandoverRefused:
    if proxy is not None:
        return HandoverRefused(
            f"授权委托书上的证件号码不是申请人（{masked}）的，不能代领办件 {case_no} 的结果。"
            "请核对授权委托书。",
            f"The ID number on the power of attorney is not the applicant's ({masked}); the "
            f"proxy cannot collect the result of case {case_no}. Check the power of attorney.",
            field="id_number",
        )
    return HandoverRefused(
        f"所持证件不是申请人（{masked}）的，不能领取办件 {case_no} 的结果。"
        "申请人本人领取请读取其本人证件；他人代领请读取代领人证件并登记授权委托书。",
        f"The card presented is not the applicant's ({masked}); the result of case {case_no} "
        "cannot be handed over. Read the applicant's own card, or for a proxy read the proxy's "
        "card and record the power of attorney.",
        field="id_number",
    )


def post_result(
    store: Store,
    reference: str,
    clerk: User,
    waybill: str,
    *,
    reason: str | None = None,
    now: datetime | None = None,
) -> Posted:
    """The result chosen for postal delivery goes out with ``waybill`` (EMS or another
    courier): a new data version, audited with the waybill; the carrier's delivery comes
    back through the platform's progress feed. Another waybill than the one on record (a
    mistyped or relabelled parcel) replaces it only with a ``reason``, audited with both.
    The waybill this window recorded already (the label scanned again, a script's retry)
    answers as that posting did, with ``replayed``, and writes nothing."""
    record = case_rows.find_case(store, reference)
    delivery = delivery_of(store, record.case_id)
    check_posted_delivery(record.case_no, delivery.method if delivery else None)
    assert delivery is not None  # postal delivery is recorded: the rule just said so
    number = checked_waybill(waybill)
    if delivery.waybill == number:  # the same label scanned again, or a script's retry
        earlier = _earlier_posting(store, record, number)
        if earlier is not None:
            return earlier
    if record.state != CaseState.RESULT_READY.value:
        raise ValidationError(
            f"办件 {record.case_no} 的结果尚未待领取（或已送达），不能登记邮寄。",
            f"The result of case {record.case_no} is not ready (or already delivered); the "
            "posting cannot be recorded.",
            field="case",
        )
    detail: dict[str, Any] = {"posted": True, "waybill": audited_waybill(number)}
    if delivery.waybill == number:  # posted as the platform reported: no posting of ours
        when = _posted_when(store, record.case_id)
        raise ValidationError(
            f"该结果已按运单号 {number} 登记邮寄（{when}），无需重复登记。",
            f"The result was already recorded as posted with waybill {number} ({when}); there "
            "is nothing to record again.",
            field="waybill",
        )
    if delivery.waybill:
        if not (reason or "").strip():
            raise ValidationError(
                f"办件 {record.case_no} 已按运单号 {delivery.waybill} 登记邮寄。更换运单号须说明"
                "原因（--reason，如“面单打错，重新打印”）；包裹被退回的，先登记退回：--returned "
                "--reason 原因。",
                f"Case {record.case_no} is already recorded as posted with waybill "
                f"{delivery.waybill}. Replacing the waybill needs a reason (--reason, e.g. "
                "'label misprinted, printed again'); a parcel that came back is recorded with "
                "--returned --reason TEXT first.",
                field="reason",
            )
        detail |= {
            "replaced_waybill": audited_waybill(delivery.waybill),
            "reason": case_changes.checked_reason(reason or ""),
        }
    moment = now or utc_now()
    with store.transaction() as db:
        version = record_delivery_part(
            store,
            record.case_id,
            clerk,
            {"waybill": number, "posted_at": to_text(moment)},
            detail=detail,
            action="case.posted",
            now=moment,
        )
        delivery_writes.record_postal_status(
            db,
            case_id=record.case_id,
            waybill=number,
            status=PostalStatus.POSTED.value,
            at=to_text(moment),
        )
    return Posted(record.case_id, record.case_no, version, record.state, number)


def _earlier_posting(store: Store, record: CaseRecord, number: str) -> Posted | None:
    """This window's posting with waybill ``number``, as it was answered then (the result
    was ready: a posting is recorded only then). None when the waybill came only with the
    platform's news of its own posting: the window has no answer of its own to repeat."""
    part = case_plaintext.case_document(store, record.case_id).get("delivery") or {}
    if part.get("waybill") != number or not part.get("posted_at"):
        return None
    version = _version_of_step(store, record, part["posted_at"])
    state = CaseState.RESULT_READY.value
    return Posted(record.case_id, record.case_no, version, state, number, replayed=True)


def _posted_when(store: Store, case_id: str) -> str:
    delivery = case_plaintext.case_document(store, case_id).get("delivery") or {}
    return hall_minute_text(delivery.get("posted_at"))


def apply_delivery_report(
    store: Store,
    case_id: str,
    *,
    waybill: str,
    status: PostalStatus,
    note: str = "",
    at: datetime | None = None,
) -> bool:
    """The platform's news of a posted result (its own posting, or the carrier's delivery,
    which moves the case to delivered). No data version: the news came from the platform.
    Returns False when it changed nothing (a feed may repeat itself)."""
    moment = at or utc_now()
    with store.transaction() as db:
        changed = delivery_writes.record_postal_status(
            db, case_id=case_id, waybill=waybill, status=status.value, at=to_text(moment)
        )
        if status is PostalStatus.DELIVERED:
            changed |= case_progress.apply_progress(
                store, case_id, CaseState.DELIVERED.value, note=note or waybill, at=moment
            )
        elif changed:  # posted by the platform: the state stays, the history says so
            delivery_writes.record_platform_posting(
                db,
                store.audit,
                case_id=case_id,
                actor=case_changes.PLATFORM_ACTOR,
                note=note or f"EMS {waybill}",
                at=to_text(moment),
            )
    return changed
