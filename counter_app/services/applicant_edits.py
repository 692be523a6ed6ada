"""Edits of a case's applicant after intake, the state unchanged: contact data and remarks
at the window, a typo in the name, phone or address with a supervisor's approval (and the
word to the clerk when the result is still to be posted to the old address); and the checks
and masks these share with 补正.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from counter_app.domain.case_states import Authority
from counter_app.domain.delivery import ADDRESS_MAX_CHARS, DeliveryMethod
from counter_app.domain.idnumber import mask_address, mask_phone, normalize_phone
from counter_app.domain.names import mask_name, validate_name
from counter_app.errors import ValidationError
from counter_app.services.approval import may_approve, refuse_own_approval
from counter_app.services.auth import User
from counter_app.services.case_changes import checked_reason, record_change
from counter_app.store import case_plaintext
from counter_app.store import cases as case_rows
from counter_app.store.database import Store
from counter_app.store.timestamps import to_text, utc_now


def edit_case(
    store: Store,
    case_id: str,
    clerk: User,
    *,
    phone: str | None = None,
    address: str | None = None,
    remarks: str | None = None,
    now: datetime | None = None,
) -> int:
    """Correct the applicant's contact data or the remarks; a new data version, the state
    unchanged. Only what is passed (not None) changes."""
    if phone:
        phone = normalize_phone(phone)
    if address is not None:
        address = _checked_address(address)
    kept = postal_address_warning(store, case_id, address) if address else None

    def change(document: dict[str, Any]) -> dict[str, Any]:
        applicant = dict(document["applicant"])
        if phone is not None:
            applicant["phone"] = phone or None
        if address is not None:
            applicant["address"] = address or None
        result = {**document, "applicant": applicant}
        if remarks is not None:
            result["remarks"] = remarks
        return result

    return record_change(
        store,
        case_id,
        clerk.username,
        Authority.COUNTER,
        None,
        change=change,
        now=now,
        contact=(phone, address),
        detail={"postal_address_kept": True} if kept else None,
    )


def postal_address_warning(store: Store, case_id: str, address: str) -> tuple[str, str] | None:
    """What to tell the clerk (Chinese, English) when the applicant's address becomes
    ``address`` but the result is still to be posted to another one: the postal address is
    the applicant's choice of where to receive it and does not follow; None when the result
    is not posted, already on its way, or posted there."""
    document = case_plaintext.case_document(store, case_id)
    chosen = document.get("delivery") or {}
    postal = chosen.get("address")
    if chosen.get("method") != DeliveryMethod.POST.value or chosen.get("waybill") or not postal:
        return None
    if postal == address:
        return None
    case_no, shown = document["case_no"], mask_address(postal)
    return (
        f"注意：办件 {case_no} 的结果仍将寄往原邮寄地址（{shown}）。申请人要求寄往新地址的，请登记："
        f"counter-app case delivery {case_no} --post --address 新地址 --reason 原因",
        f"Note: the result of case {case_no} will still be posted to the old postal address "
        f"({shown}). If the applicant wants it sent to the new one, record it: counter-app case "
        f"delivery {case_no} --post --address ADDRESS --reason TEXT",
    )


_MASKS: dict[str, Callable[[str], str]] = {
    "name": mask_name,
    "phone": mask_phone,
    "address": mask_address,
}


def _checked_address(address: str) -> str:
    text = address.strip()
    if len(text) > ADDRESS_MAX_CHARS:
        raise ValidationError("地址过长。", "The address is too long.", field="applicant.address")
    return text


def applicant_value(field: str, value: str) -> str:
    """``value`` for the applicant's ``field`` as stored, checked like at intake."""
    if field == "name":
        return validate_name(value, field="applicant.name")
    if field == "phone":
        return normalize_phone(value)
    if field == "address":
        if not value.strip():
            raise ValidationError("请填写地址。", "Enter the address.", field="applicant.address")
        return _checked_address(value)
    raise ValidationError(
        f"不能修改“{field}”：只能更正姓名（name）、联系电话（phone）或地址（address）；"
        "证件号码有误的须作废后重新受理。",
        f"'{field}' cannot be corrected: only name, phone or address; a wrong ID number "
        "means voiding the case and taking it again.",
        field="field",
    )


def masked(field: str, value: str | None) -> str:
    """How a history shown to anyone gives an applicant value."""
    return _MASKS[field](value) if value else ""


def with_applicant_values(document: dict[str, Any], values: dict[str, str]) -> dict[str, Any]:
    """The case document with the applicant's ``values`` (name, phone, address) replaced."""
    return {**document, "applicant": {**document["applicant"], **values}}


def _applicant_edit(store: Store, case_id: str, field: str, value: str) -> tuple[str, str]:
    """The applicant datum's old value and the checked new one, which must differ."""
    new = applicant_value(field, value)
    old = str(case_plaintext.case_document(store, case_id)["applicant"][field] or "")
    if old == new:
        raise ValidationError(
            "新值与原值相同，无需更正。",
            "The new value is the same as the old one; nothing to correct.",
            field="value",
        )
    return old, new


def masked_applicant_edit(store: Store, case_id: str, field: str, value: str) -> tuple[str, str]:
    """The old and new value of a correction, checked and masked as a history shows them:
    what a supervisor at another window reads before approving it."""
    old, new = _applicant_edit(store, case_id, field, value)
    return masked(field, old), masked(field, new)


def edit_applicant(
    store: Store,
    case_id: str,
    clerk: User,
    supervisor: User,
    *,
    field: str,
    value: str,
    reason: str,
    now: datetime | None = None,
    warn: Callable[[str, str], None] | None = None,
) -> int:
    """Correct a typo in the applicant's name, phone or address after acceptance, approved by
    ``supervisor`` (authenticated by the caller; not the clerk, not the case's own clerk).
    The history keeps the old and new values masked; the versions keep them in clear,
    encrypted. Returns the new data version; once it is recorded, ``warn`` is given what to
    tell the clerk (Chinese, English) when the result is still to be posted to the old
    address (``postal_address_warning``)."""
    if not may_approve(supervisor):
        raise ValidationError(
            "更正申请人信息须经值班长（主管）审批。",
            "Correcting the applicant's data needs a supervisor's approval.",
            field="supervisor",
        )
    refuse_own_approval(supervisor, (clerk.username, case_rows.get_case(store, case_id).clerk))
    old, new = _applicant_edit(store, case_id, field, value)
    text = checked_reason(reason)
    kept = postal_address_warning(store, case_id, new) if field == "address" else None
    moment = to_text(now or utc_now())
    record = {
        "field": field,
        "reason": text,
        "approved_by": supervisor.username,
        "edited_at": moment,
        "edited_by": clerk.username,
    }

    def change(document: dict[str, Any]) -> dict[str, Any]:
        edited = with_applicant_values(document, {field: new})
        edited["applicant_edits"] = [*document.get("applicant_edits", []), record]
        return edited

    version = record_change(
        store,
        case_id,
        clerk.username,
        Authority.COUNTER,
        None,
        change=change,
        now=now,
        detail={
            "field": field,
            "old": masked(field, old),
            "new": masked(field, new),
            "approved_by": supervisor.username,
            **({"postal_address_kept": True} if kept else {}),
        },
        applicant={field: new},
    )
    if kept is not None and warn is not None:
        warn(*kept)
    return version
