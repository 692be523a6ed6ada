"""A case in the exchange fields a handling department or the national platform reads
(GB/T 39046-style, DOMAIN.md §4): the codes the standards want (applicant type 1/2/3,
GA/T 2000.156 identity document types, material forms 0/1/2, the region code) with the words
beside them, from the case's newest version and the back office's steps on it. The record
carries personal data in full: it is written to an owner-only file, never printed."""

from __future__ import annotations

from typing import Any

from central.store.case_summaries import window_decision
from central.store.exports import HeldCase, Step
from counter_app.domain.case_document import ApplicantPart, CaseAgent, MaterialLine
from counter_app.domain.case_states import TERMINAL_STATES, CaseState
from counter_app.domain.catalog import (
    APPLICANT_TYPE_NAMES,
    FORM_NAMES,
    ApplicantType,
    MaterialForm,
)
from counter_app.domain.checklist import MaterialStatus
from counter_app.domain.exemptions import Verification
from counter_app.domain.hall_queue import ELICENCE_UNVERIFIED

# Applicant type (申请人类型) as exchange tables code it.
_APPLICANT_TYPE_CODES = {
    ApplicantType.PERSON: "1",
    ApplicantType.ENTERPRISE: "2",
    ApplicantType.OTHER: "3",
}
# Material form (材料形式): 0 original, 1 copy, 2 electronic.
_FORM_CODES = {
    MaterialForm.ORIGINAL: "0",
    MaterialForm.COPY: "1",
    MaterialForm.ELECTRONIC: "2",
}
# The steps that complete a case (办结): the result the exchange reports.
_COMPLETIONS = frozenset((CaseState.COMPLETED_APPROVED.value, CaseState.COMPLETED_DENIED.value))


def exchange_record(case: HeldCase) -> dict[str, Any]:
    """One case as one exchange record (docs/sync-protocol.md, the export's record)."""
    document = case.document
    applicant_type = ApplicantType(document.applicant.type)
    return {
        "serial_no": document.case_no,
        "case_id": document.case_id,
        "item_code": document.service_item.code,
        "item_name": document.service_item.name,
        "catalog_version": document.service_item.catalog_version,
        "handling_department": document.service_item.handling_department,
        "situation": {"code": document.situation.code, "name": document.situation.name},
        "applicant_type_code": _APPLICANT_TYPE_CODES[applicant_type],
        "applicant_type": APPLICANT_TYPE_NAMES[applicant_type][0],
        "applicant": _applicant(document.applicant),
        "agent": None if document.agent is None else _agent(document.agent),
        "state": case.state.value,
        "received_at": document.received_at,
        "accepted_at": document.accepted_at,
        "promised_date": document.promised_date,
        "statutory_date": document.statutory_date,
        "hall": document.hall,
        "hall_name": document.hall_name,
        "window": document.window,
        "region_code": region_code(document.hall),
        "materials": [_material(line, case.unconfirmed_licences) for line in document.materials],
        "flags": _flags(case),
        "decision": {
            "state": window_decision(document),
            "reason": document.reason,
            "legal_basis": document.legal_basis,
            "redirect_to": document.redirect_to,
        },
        "delivery": None
        if document.delivery is None
        else document.delivery.model_dump(mode="json"),
        "corrections": [c.model_dump(mode="json") for c in document.corrections or ()],
        "progress": [_step(step) for step in case.steps],
        "result": _result(case.steps),
    }


def _flags(case: HeldCase) -> list[str]:
    """``elicence_unverified`` while the case is open and has an e-licence the register did
    not confirm, by its newest version or by the platform's own lookup since
    (``_unconfirmed``); an ended case is flagged no more, as its hall queue summary is not
    (``version_summary``)."""
    open_case = case.state not in TERMINAL_STATES
    unconfirmed = any(
        _unconfirmed(line, case.unconfirmed_licences) for line in case.document.materials
    )
    return [ELICENCE_UNVERIFIED] if open_case and unconfirmed else []


def region_code(hall: str) -> str | None:
    """The administrative division code (行政区划代码) of a hall: the first six characters of
    its code when they are six digits (Shanghai's halls are coded ``310104-001``), else None:
    the platform knows no other source of it."""
    head = hall[:6]
    return head if len(head) == 6 and head.isascii() and head.isdigit() else None


def _person(part: ApplicantPart | CaseAgent) -> dict[str, Any]:
    """What an applicant and an agent share; ``nationality`` and ``birth_date`` read where
    the document has them (newer documents of foreign applicants), None otherwise."""
    held = part.model_dump(mode="json")
    return {
        "name": part.name,
        "english_name": held.get("english_name"),
        "id_type": part.id_type.value,
        "doc_kind": part.doc_kind.value,
        "id_number": part.id_number,
        "phone": part.phone,
        "nationality": held.get("nationality"),
        "birth_date": held.get("birth_date"),
    }


def _applicant(applicant: ApplicantPart) -> dict[str, Any]:
    return {**_person(applicant), "address": applicant.address}


def _agent(agent: CaseAgent) -> dict[str, Any]:
    return {
        **_person(agent),
        "address": None,  # an agent's address is not taken
        "relation": agent.relation,
        "authorization": agent.authorization.value,
    }


def _unconfirmed(line: MaterialLine, unconfirmed_licences: frozenset[str]) -> bool:
    """Whether ``line`` is exempt by an e-licence the register did not confirm: ``failed``
    in the case's newest version, or of a type the platform's own lookup for the case found
    no licence of since that version arrived (``HeldCase.unconfirmed_licences``)."""
    return line.licence is not None and (
        line.licence.verification == Verification.FAILED
        or line.licence.licence_type in unconfirmed_licences
    )


def _material(line: MaterialLine, unconfirmed_licences: frozenset[str]) -> dict[str, Any]:
    """A material as the department takes it. One exempt by an e-licence the register did
    not confirm (``_unconfirmed``) is not exempt: it is missing, its verification
    ``failed``, until the window closes its task with the paper material or a new lookup.
    A failure the platform's own lookup found shows here at once, before the window's
    version saying so arrives."""
    unconfirmed = _unconfirmed(line, unconfirmed_licences)
    verification = None if line.licence is None else line.licence.verification
    return {
        "code": line.code,
        "name": line.name,
        "status": MaterialStatus.MISSING.value if unconfirmed else line.status.value,
        "form_code": None if line.form is None else _FORM_CODES[line.form],
        "form": None if line.form is None else FORM_NAMES[line.form][0],
        "count": line.count,
        "deadline": line.deadline,
        "exemption": None if unconfirmed else line.exemption,
        "licence_verification": Verification.FAILED.value if unconfirmed else verification,
    }


def _step(step: Step) -> dict[str, Any]:
    return {
        "state": step.state,
        "at": step.at,
        "note": step.note,
        "department": step.department,
        "materials": step.materials,
        "fields": step.fields,
        "waybill": step.waybill,
    }


def _result(steps: list[Step]) -> dict[str, Any] | None:
    """The last step that completed the case (办结); None before one."""
    completed = [step for step in steps if step.state in _COMPLETIONS]
    if not completed:
        return None
    last = completed[-1]
    return {"state": last.state, "at": last.at, "note": last.note, "department": last.department}
