"""补正 at the window, and what a supervisor-approved edit of the applicant's data changed.

The department asks for a correction through the platform's progress feed (the case becomes
``correction_requested`` and the request says which materials and fields); the applicant
brings it to any window, the clerk records it (:func:`correct`) and the case goes back into
processing with its promised date moved by the working days it waited.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.errors import CounterError, ValidationError
from counter_app.services import applicant_edits, later_materials
from counter_app.services.approval import may_approve
from counter_app.services.auth import User
from counter_app.services.intake_checks import IntakeRejected
from counter_app.store import case_history as history_rows
from counter_app.store import case_plaintext
from counter_app.store import cases as case_rows
from counter_app.store.catalog import get_item
from counter_app.store.database import Store

FIELD_NAMES: dict[str, tuple[str, str]] = {
    "name": ("姓名", "name"),
    "phone": ("联系电话", "phone"),
    "address": ("地址", "address"),
    "agent_name": ("代办人（经办人）姓名", "agent's name"),
    "agent_phone": ("代办人（经办人）联系电话", "agent's phone"),
    "agent_relation": ("代办人（经办人）与申请人关系", "agent's relation to the applicant"),
}


@dataclass(frozen=True)
class Corrected:
    case_id: str
    case_no: str
    data_version: int
    state: str
    materials: tuple[str, ...]  # codes of the corrected materials
    fields: tuple[str, ...]
    waited_working_days: int
    promised_before: str | None
    promised_date: str | None


def correct(
    store: Store,
    reference: str,
    clerk: User,
    codes: Sequence[str],
    fields: Mapping[str, str] | None = None,
    *,
    now: datetime | None = None,
) -> Corrected:
    """Record the correction of the case ``reference`` (UUID or case number): the materials
    ``codes`` received (in the first form the catalog accepts, in the count it asks for)
    and the applicant ``fields`` given new values. Everything the request asked for must be
    there, and nothing it did not ask for (a deferred material is supplied, any other change of
    the applicant's data is an approved edit); the case must be waiting for a correction."""
    record = case_rows.find_case(store, reference)
    request = history_rows.open_correction_request(store, record.case_id)
    if request is None:
        raise ValidationError(
            f"办件 {record.case_no} 没有待补正的内容（实施部门未要求补正）。",
            f"Case {record.case_no} waits for no correction (the department asked for none).",
            field="case",
        )
    situation = get_item(store, record.service_item_code, record.catalog_version).situation(
        record.situation_code
    )
    requirements = {m.code: m for m in situation.materials} if situation else {}
    names = {m.code: m.name for m in record.materials}
    given = dict(fields or {})
    problems: list[CounterError] = []
    for code in dict.fromkeys(codes):
        if code not in names:
            problems.append(
                ValidationError(
                    f"材料编码“{code}”不属于本办件，请核对。",
                    f"Material code '{code}' is not one of this case's materials.",
                    field="materials",
                )
            )
        elif code not in request.materials:  # a deferred one is supplied, not corrected
            problems.append(
                ValidationError(
                    f"实施部门没有要求补正材料“{names[code]}”，不能在补正中收取。",
                    f"The department did not ask to correct the material '{names[code]}' "
                    f"({code}); it cannot be taken in as a correction.",
                    field=f"materials.{code}",
                )
            )
    for name in given:
        if name not in request.fields:  # a change the department did not ask for: 更正
            zh, en = FIELD_NAMES.get(name, (name, name))
            problems.append(
                ValidationError(
                    f"实施部门没有要求补正{zh}；其他更正须经值班长审批（更正申请人信息）。",
                    f"The department did not ask to correct the {en} ({name}); any other change "
                    "needs a supervisor's approval (correct the applicant's data).",
                    field=f"fields.{name}",
                )
            )
    for code in request.materials:
        if code not in codes:
            problems.append(
                ValidationError(
                    f"尚未收取要求补正的材料“{names.get(code, code)}”。",
                    f"The material '{names.get(code, code)}' ({code}) asked for is not in yet.",
                    field=f"materials.{code}",
                )
            )
    for name in request.fields:
        if not given.get(name, "").strip():
            zh, en = FIELD_NAMES.get(name, (name, name))
            problems.append(
                ValidationError(
                    f"请填写要求补正的{zh}。",
                    f"Enter the corrected {en} ({name}) the department asked for.",
                    field=f"fields.{name}",
                )
            )
    values: dict[str, str] = {}
    current = case_plaintext.case_document(store, record.case_id)
    for name, value in given.items():
        try:
            values[name] = applicant_edits.checked_value(current, name, value)
        except CounterError as exc:
            problems.append(exc)
    if problems:
        raise IntakeRejected(problems)
    marks = [
        SubmittedMaterial(
            code, MaterialStatus.RECEIVED, requirements[code].forms[0], requirements[code].count
        )
        if code in requirements
        else SubmittedMaterial(code, MaterialStatus.RECEIVED)
        for code in dict.fromkeys(codes)
    ]
    version = later_materials.record_correction(
        store, record.case_id, clerk, request, materials=marks, fields=values, now=now
    )
    after = case_rows.get_case(store, record.case_id)
    document = case_plaintext.case_document(store, record.case_id)
    last = document["corrections"][-1]
    return Corrected(
        case_id=record.case_id,
        case_no=record.case_no,
        data_version=version,
        state=after.state,
        materials=tuple(last["materials"]),
        fields=tuple(last["fields"]),
        waited_working_days=last["waited_working_days"],
        promised_before=last["promised_before"],
        promised_date=after.promised_date,
    )


@dataclass(frozen=True)
class ApplicantChange:
    """One approved edit of the applicant's data: the values in clear for whoever may see
    them (a supervisor; the reading is audited), masked for everyone else."""

    data_version: int
    field: str
    old: str
    new: str
    reason: str
    approved_by: str


def applicant_changes(store: Store, case_id: str, viewer: User) -> list[ApplicantChange]:
    """The case's approved applicant edits, oldest first, old and new value from the
    encrypted versions either side of each edit."""
    history = history_rows.case_history(store, case_id)
    versions = [
        e.detail["data_version"]
        for e in history.events
        if e.kind == "edit" and "field" in e.detail and "approved_by" in e.detail
    ]
    clear = may_approve(viewer)
    if clear and versions:
        store.audit.record(
            viewer.username, "applicant.reveal", case_id, {"purpose": "applicant_edit_history"}
        )
    changes = []
    for version in versions:
        after = case_plaintext.case_document(store, case_id, version)
        before = case_plaintext.case_document(store, case_id, version - 1)
        edit = after["applicant_edits"][-1]
        field = edit["field"]
        old = applicant_edits.current_value(before, field)
        new = applicant_edits.current_value(after, field)
        changes.append(
            ApplicantChange(
                data_version=version,
                field=field,
                old=old if clear else applicant_edits.masked(field, old),
                new=new if clear else applicant_edits.masked(field, new),
                reason=edit["reason"],
                approved_by=edit["approved_by"],
            )
        )
    return changes
