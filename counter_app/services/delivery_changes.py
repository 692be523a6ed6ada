"""出件 changed after intake: a posted parcel that came back to the hall (its waybill cleared,
to hand over or post again) and the applicant's change between pick-up and post or of the
postal address; and the data version every delivery change is written as.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from counter_app.domain.case_states import Authority, CaseState
from counter_app.domain.delivery import DeliveryChoice, DeliveryMethod
from counter_app.domain.idnumber import mask_address
from counter_app.errors import ValidationError
from counter_app.services import case_changes
from counter_app.services.auth import User
from counter_app.store import case_plaintext, delivery_changes, delivery_writes
from counter_app.store import cases as case_rows
from counter_app.store.audit import looks_personal
from counter_app.store.database import Store
from counter_app.store.deliveries import deliveries_of


@dataclass(frozen=True)
class Returned:
    case_id: str
    case_no: str
    data_version: int
    returned_waybill: str


def return_posting(
    store: Store, reference: str, clerk: User, reason: str, *, now: datetime | None = None
) -> Returned:
    """A posted result came back to the hall (wrong address, not collected from the post
    office, refused): its waybill is cleared, so the result can be handed over at the window
    or posted again with a new waybill. A new data version; the returned waybill and the
    ``reason`` are audited and kept in the case's history."""
    record = case_rows.find_case(store, reference)
    delivery = deliveries_of(store, [record.case_id]).get(record.case_id)
    if delivery is None or not delivery.waybill or record.state != CaseState.RESULT_READY.value:
        raise ValidationError(
            f"办件 {record.case_no} 的结果没有寄出待送达的邮件，不能登记退回。",
            f"The result of case {record.case_no} is not on its way by post; no return can be "
            "recorded.",
            field="case",
        )
    detail = {
        "returned_waybill": audited_waybill(delivery.waybill),
        "reason": case_changes.checked_reason(reason),
    }
    with store.transaction() as db:
        version = record_delivery_part(
            store,
            record.case_id,
            clerk,
            {"waybill": None, "posted_at": None},
            detail=detail,
            action="case.post_returned",
            now=now,
        )
        delivery_changes.record_posting_returned(db, case_id=record.case_id)
    return Returned(record.case_id, record.case_no, version, delivery.waybill)


@dataclass(frozen=True)
class DeliveryChanged:
    case_id: str
    case_no: str
    data_version: int
    method: DeliveryMethod
    address_masked: str | None


def change_delivery(
    store: Store,
    reference: str,
    clerk: User,
    choice: DeliveryChoice,
    reason: str,
    *,
    now: datetime | None = None,
) -> DeliveryChanged:
    """The applicant changes how the result goes out: pick-up ↔ post, or another postal
    address. Only before the result is handed over or posted (a returned parcel may be
    redirected). A new data version; the ``reason`` and the masked old and new addresses
    are audited."""
    checked = choice.checked()
    text = case_changes.checked_reason(reason)
    record = case_rows.find_case(store, reference)
    delivery = deliveries_of(store, [record.case_id]).get(record.case_id)
    if delivery is not None and delivery.waybill:
        raise ValidationError(
            f"办件 {record.case_no} 的结果已寄出（运单号 {delivery.waybill}），不能再改领取方式"
            "或地址；包裹退回后先登记退回：counter-app case post "
            f"{record.case_no} --returned --reason 原因",
            f"The result of case {record.case_no} is already posted (waybill "
            f"{delivery.waybill}); how it goes out can no longer change. Once the parcel comes "
            f"back, record the return: counter-app case post {record.case_no} --returned "
            "--reason TEXT",
            field="case",
        )
    before = case_plaintext.case_document(store, record.case_id).get("delivery") or {}
    old_method = before.get("method") or DeliveryMethod.PICKUP.value
    old_address = before.get("address")
    if (old_method, old_address) == (checked.method.value, checked.address):
        raise ValidationError(
            "领取方式和邮寄地址与原来相同，无需更改。",
            "The delivery method and address are the same as before; nothing to change.",
            field="delivery",
        )
    masked_new = mask_address(checked.address) if checked.address else None
    detail = {
        "method": checked.method.value,
        "old_method": old_method,
        "address": masked_new,
        "old_address": mask_address(old_address) if old_address else None,
        "reason": text,
    }
    with store.transaction() as db:
        version = record_delivery_part(
            store,
            record.case_id,
            clerk,
            {"method": checked.method.value, "address": checked.address},
            detail=detail,
            action="case.delivery_changed",
            now=now,
        )
        delivery_writes.record_delivery_choice(
            db,
            store.pii,
            case_id=record.case_id,
            method=checked.method.value,
            address=checked.address,
        )
    return DeliveryChanged(record.case_id, record.case_no, version, checked.method, masked_new)


def record_delivery_part(
    store: Store,
    case_id: str,
    clerk: User,
    part: dict[str, Any],
    *,
    detail: dict[str, Any],
    action: str,
    now: datetime | None,
) -> int:
    """A new data version whose delivery part has ``part`` changed, audited as ``action``."""

    def change(document: dict[str, Any]) -> dict[str, Any]:
        chosen = document.get("delivery") or {
            "method": DeliveryMethod.PICKUP.value,
            "address": None,
            "waybill": None,
            "posted_at": None,
        }
        return {**document, "delivery": {**chosen, **part}}

    return case_changes.record_change(
        store,
        case_id,
        clerk.username,
        Authority.COUNTER,
        None,
        change=change,
        now=now,
        detail=detail,
        action=action,
    )


def audited_waybill(number: str) -> str:
    """The waybill as the audit log keeps it. The log refuses what reads as an ID or a
    phone number; an all-digit waybill can look like one (15 digits, 1 and 10 more), and
    then only its first and last four digits are kept."""
    return f"{number[:4]}…{number[-4:]}" if looks_personal(number) else number
