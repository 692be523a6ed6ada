"""Edits of a case's applicant after intake, the state unchanged: contact data and remarks
at the window, a typo in the applicant's name, phone or address or in the agent's (代办人 /
经办人) name, phone or relation with a supervisor's approval, carried to every open case of
the same 一件事 (and the word to the clerk when the result is still to be posted to the old
address); and the checks and masks these share with 补正.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from counter_app.domain.agents import agent_role
from counter_app.domain.case_document import (
    AGENT_FIELDS,
    CORRECTABLE_FIELDS,
    EDITABLE_FIELDS,
)
from counter_app.domain.case_states import TERMINAL_STATES, Authority, CaseState
from counter_app.domain.delivery import DeliveryMethod
from counter_app.domain.idnumber import mask_address, mask_phone, normalize_phone
from counter_app.domain.names import mask_name, validate_name
from counter_app.domain.text import unprintable_error
from counter_app.errors import ValidationError
from counter_app.services.approval import may_approve, refuse_own_approval
from counter_app.services.auth import User
from counter_app.services.case_changes import checked_reason, record_change
from counter_app.services.intake_validation import kept_address, relation_problems
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
    if remarks is not None:
        problem = unprintable_error(remarks, ("备注", "The remarks"), field="remarks", lines=True)
        if problem is not None:
            raise problem
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
    "agent_name": mask_name,
    "agent_phone": mask_phone,
    "agent_relation": str,  # shown in clear on the case detail and the receipt
}


def _checked_address(address: str) -> str:
    """The corrected address as intake keeps one, or its first problem."""
    text, problems = kept_address(address)
    if problems:
        raise problems[0]
    return text


def checked_value(document: dict[str, Any], field: str, value: str) -> str:
    """``value`` for ``field`` (``EDITABLE_FIELDS``) of the case ``document`` as stored,
    checked like at intake; an agent's field only when the case has an agent."""
    if field not in EDITABLE_FIELDS:
        raise ValidationError(
            f"不能修改“{field}”：只能更正申请人的姓名（name）、联系电话（phone）、地址（address），"
            "或代办人（经办人）的姓名（agent_name）、联系电话（agent_phone）、与申请人关系"
            "（agent_relation）；证件号码有误的须作废后重新受理。",
            f"'{field}' cannot be corrected: only the applicant's name, phone or address, or the "
            "agent's name (agent_name), phone (agent_phone) or relation (agent_relation); a wrong "
            "ID number means voiding the case and taking it again.",
            field="field",
        )
    if field in AGENT_FIELDS:
        return _agent_value(document, field, value)
    if field == "name":
        return validate_name(value, field="applicant.name")
    if field == "phone":
        return normalize_phone(value)
    if not value.strip():
        raise ValidationError("请填写地址。", "Enter the address.", field="applicant.address")
    return _checked_address(value)


def _agent_value(document: dict[str, Any], field: str, value: str) -> str:
    role_zh = agent_role(document["applicant"]["type"])[0]
    if not document.get("agent"):
        raise ValidationError(
            f"办件 {document['case_no']} 没有登记代办人或经办人，不能更正{role_zh}信息。",
            f"Case {document['case_no']} has no agent recorded; there is no agent's data to "
            "correct.",
            field="field",
        )
    if field == "agent_name":
        return validate_name(value, field="agent.name")
    if field == "agent_phone":
        if not value.strip():  # the phone is optional at intake, but a correction gives one
            raise ValidationError(
                f"请填写{role_zh}的联系电话。", "Enter the agent's phone.", field="agent.phone"
            )
        return normalize_phone(value)
    relation = value.strip()
    problems = relation_problems(relation, role_zh)
    if problems:
        raise problems[0]
    return relation


def current_value(document: dict[str, Any], field: str) -> str:
    """What the case ``document`` holds for ``field`` (``EDITABLE_FIELDS``); "" when none."""
    if field in AGENT_FIELDS:
        agent = document.get("agent") or {}
        return str(agent.get(AGENT_FIELDS[field]) or "")
    return str(document["applicant"][field] or "")


def masked(field: str, value: str | None) -> str:
    """How a history shown to anyone gives an applicant's or agent's value."""
    return _MASKS[field](value) if value else ""


def with_edited_values(document: dict[str, Any], values: dict[str, str]) -> dict[str, Any]:
    """The case document with the applicant's ``values`` (name, phone, address) and the
    agent's (``AGENT_FIELDS``) replaced."""
    applicant = {k: v for k, v in values.items() if k not in AGENT_FIELDS}
    agent = {AGENT_FIELDS[k]: v for k, v in values.items() if k in AGENT_FIELDS}
    edited = {**document, "applicant": {**document["applicant"], **applicant}}
    if agent:
        edited["agent"] = {**document["agent"], **agent}
    return edited


def _checked_edit(document: dict[str, Any], field: str, value: str) -> tuple[str, str]:
    """The datum's old value in the case ``document`` and the checked new one, which must
    differ."""
    new = checked_value(document, field, value)
    old = current_value(document, field)
    if old == new:
        raise ValidationError(
            "新值与原值相同，无需更正。",
            "The new value is the same as the old one; nothing to correct.",
            field="value",
        )
    return old, new


def masked_edit(store: Store, case_id: str, field: str, value: str) -> tuple[str, str]:
    """The old and new value of a correction, checked and masked as a history shows them:
    what a supervisor at another window reads before approving it."""
    document = case_plaintext.case_document(store, case_id)
    old, new = _checked_edit(document, field, value)
    return masked(field, old), masked(field, new)


@dataclass(frozen=True)
class EditedCase:
    case_id: str
    case_no: str
    data_version: int


@dataclass(frozen=True)
class ApplicantEdited:
    """What one approved edit changed: the case asked for first, then the other open cases
    of its 一件事, each a new data version."""

    field: str
    approved_by: str
    cases: tuple[EditedCase, ...]
    # Case numbers of the same 一件事 left as they were: in a final state (their history
    # stays), or already holding the new value.
    closed: tuple[str, ...]
    unchanged: tuple[str, ...]


def record_applicant_edit(
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
) -> ApplicantEdited:
    """Correct a typo in the applicant's name, phone or address, or the agent's name, phone
    or relation, after acceptance, approved by ``supervisor`` (authenticated by the caller;
    not the clerk, not the clerk of any case it changes). Every case of the same 一件事 not
    in a final state is corrected with it, in one transaction: the same person's data cannot
    differ between cases decided together. The history keeps the old and new values masked;
    the versions keep them in clear, encrypted. Once recorded, ``warn`` is given what to tell
    the clerk (Chinese, English) of each case whose result is still to be posted to the old
    address (``postal_address_warning``)."""
    if not may_approve(supervisor):
        raise ValidationError(
            "更正申请人信息须经值班长（主管）审批。",
            "Correcting the applicant's data needs a supervisor's approval.",
            field="supervisor",
        )
    text = checked_reason(reason)
    moment = now or utc_now()
    record = {
        "field": field,
        "reason": text,
        "approved_by": supervisor.username,
        "edited_at": to_text(moment),
        "edited_by": clerk.username,
    }
    edited: list[EditedCase] = []
    closed: list[str] = []
    unchanged: list[str] = []
    warnings: list[tuple[str, str]] = []
    with store.transaction():
        asked = case_rows.get_case(store, case_id)
        _, new = _checked_edit(case_plaintext.case_document(store, case_id), field, value)
        changing: list[
            tuple[case_rows.CaseRecord, str]
        ] = []  # each case to change, with its old value
        for member in [asked, *case_rows.other_bundle_cases(store, asked)]:
            if member is not asked and CaseState(member.state) in TERMINAL_STATES:
                closed.append(member.case_no)
                continue
            document = case_plaintext.case_document(store, member.case_id)
            old = current_value(document, field)
            if member is not asked and (old == new or not _holds(document, field)):
                unchanged.append(member.case_no)
                continue
            changing.append((member, old))
        # Four eyes over what the edit changes: a case left as it was is not the approver's.
        refuse_own_approval(supervisor, (clerk.username, *(m.clerk for m, _ in changing)))
        for member, old in changing:
            kept = (
                postal_address_warning(store, member.case_id, new) if field == "address" else None
            )
            if kept is not None:
                warnings.append(kept)
            detail = {
                "field": field,
                "old": masked(field, old),
                "new": masked(field, new),
                "approved_by": supervisor.username,
                **({"postal_address_kept": True} if kept else {}),
            }
            version = _record_edit(
                store,
                member.case_id,
                clerk,
                values={field: new},
                record=record,
                detail=detail,
                moment=moment,
            )
            edited.append(EditedCase(member.case_id, member.case_no, version))
    if warn is not None:
        for kept in warnings:
            warn(*kept)
    return ApplicantEdited(
        field, supervisor.username, tuple(edited), tuple(closed), tuple(unchanged)
    )


def _holds(document: dict[str, Any], field: str) -> bool:
    """Whether the case ``document`` has the datum ``field`` at all (an agent's only with an
    agent)."""
    return field not in AGENT_FIELDS or bool(document.get("agent"))


def _record_edit(
    store: Store,
    case_id: str,
    clerk: User,
    *,
    values: dict[str, str],
    record: dict[str, str],
    detail: dict[str, Any],
    moment: datetime,
) -> int:
    """One case's approved edit of ``values``: its new data version, event and audit entry."""

    def change(document: dict[str, Any]) -> dict[str, Any]:
        edited = with_edited_values(document, values)
        edited["applicant_edits"] = [*document.get("applicant_edits", []), record]
        return edited

    applicant = {k: v for k, v in values.items() if k in CORRECTABLE_FIELDS}
    return record_change(
        store,
        case_id,
        clerk.username,
        Authority.COUNTER,
        None,
        change=change,
        now=moment,
        detail=detail,
        applicant=applicant or None,
    )
