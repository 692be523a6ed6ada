"""Batch import of applications from JSON Lines, one case per line, through the intake
service (``counter-app import``). Each line gets its own result; a bad line never stops
the others, and a line's case is committed before its result is returned.

A line may carry ``request_id`` (UUID); otherwise one is derived from the line's exact
bytes, so importing the same file again after a crash (or just its remaining lines) finds
the cases already made instead of duplicating them. Byte-identical lines are therefore one
application: the second reports ``"replayed": true`` with the first one's case.

A line's case comes back with the applicant's earlier cases of the same item and whether
the ID number is on file under another name (``counter_app.store.earlier_cases``): nothing
is refused for them, the script (or the clerk reading its output) decides.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from counter_app.domain.catalog import MaterialForm
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.domain.delivery import DeliveryChoice, DeliveryMethod
from counter_app.domain.hall_time import hall_today
from counter_app.errors import CounterError, ValidationError
from counter_app.identity.provenance import IdentitySource, SourceKind
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.intake_checks import IntakeRejected
from counter_app.services.intake_request import AgentInput, ApplicantInput, IntakeRequest
from counter_app.services.offline_policy import OverLimitApproval
from counter_app.store.database import Store
from counter_app.store.earlier_cases import earlier_cases_of

# The general rule on acceptance decisions, used when a line refuses without its own basis.
DEFAULT_REFUSAL_BASIS = "《中华人民共和国行政许可法》第三十二条"
_IMPORT_NAMESPACE = uuid.UUID("5d0f7c2e-3f55-4b7e-9a8e-6c1f0c6b2a10")
_DECISIONS = ("accept", "notify", "refuse")
_TEXT_LIMIT = 2000
_IMPORT_STATUSES = ("received", "exempt", "deferred", "commitment", "missing", "nonconforming")


@dataclass(frozen=True)
class ImportLine:
    decision: str
    request: IntakeRequest
    reason: str
    legal_basis: str
    redirect_to: str  # a refusal's 建议向何处申请 ("" when the line gives none)


def line_request_id(raw: bytes) -> str:
    digest = hashlib.sha256(raw.strip()).hexdigest()
    return str(uuid.uuid5(_IMPORT_NAMESPACE, digest))


def line_document(raw: bytes) -> dict[str, Any]:
    """One line as its JSON object; ``IntakeRejected`` when it is none."""
    try:
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise IntakeRejected(
            [_bad("line", "该行不是UTF-8文本。", "The line is not UTF-8 text.")]
        ) from None
    except (ValueError, RecursionError) as exc:
        raise IntakeRejected(
            [_bad("line", f"该行不是有效的JSON：{exc}", f"The line is not valid JSON: {exc}")]
        ) from None
    if not isinstance(document, dict):
        raise IntakeRejected(
            [_bad("line", "该行应为一个JSON对象。", "The line must be a JSON object.")]
        )
    return document


def parse_document(raw: bytes, document: dict[str, Any]) -> ImportLine:
    """The request of a line ``raw`` read as ``document`` (its bytes give the request id
    when the line has none); ``IntakeRejected`` listing every shape problem found."""
    problems: list[CounterError] = []
    decision = document.get("decision")
    if decision not in _DECISIONS:
        problems.append(
            _bad(
                "decision",
                "decision 应为 accept、notify 或 refuse。",
                "decision must be accept, notify or refuse.",
            )
        )
    service_item = _string(document, "service_item", problems, required=True)
    situation = _string(document, "situation", problems)
    reason = _string(document, "reason", problems) or ""
    legal_basis = _string(document, "legal_basis", problems) or ""
    redirect_to = _string(document, "redirect_to", problems) or ""
    if redirect_to and decision in _DECISIONS and decision != "refuse":
        problems.append(
            _bad(
                "redirect_to",
                "redirect_to（建议向何处申请）只用于 refuse（不予受理）。",
                "redirect_to (where to apply instead) belongs only to a refuse decision.",
            )
        )
    request_id = _string(document, "request_id", problems)
    # Optional: the applicant's document language ("zh" | "zh-en"; default from the card
    # type) and, with an accept, why it goes ahead although the card contradicts the
    # situation's eligibility rule.
    document_language = _string(document, "document_language", problems)
    eligibility_reason = _string(document, "eligibility_reason", problems) or ""
    if eligibility_reason and decision in _DECISIONS and decision != "accept":
        problems.append(
            _bad(
                "eligibility_reason",
                "eligibility_reason（不符合申请条件仍受理的理由）只用于 accept（受理）。",
                "eligibility_reason (why a case goes ahead against the eligibility rule) "
                "belongs only to an accept decision.",
            )
        )
    applicant_raw = document.get("applicant")
    applicant = None
    if not isinstance(applicant_raw, dict):
        problems.append(
            _bad(
                "applicant", "缺少申请人信息（applicant 对象）。", "'applicant' must be an object."
            )
        )
    else:
        fields = {
            key: _string(
                applicant_raw,
                key,
                problems,
                where=f"applicant.{key}",
                required=key in ("id_number", "name"),
            )
            for key in (
                "type",
                "id_type",
                "id_number",
                "name",
                "phone",
                "address",
                "doc_kind",
                "english_name",
                "birth_date",
                "nationality",
            )
        }
        applicant = ApplicantInput(
            name=fields["name"] or "",
            id_type=fields["id_type"] or "111",
            id_number=fields["id_number"] or "",
            applicant_type=fields["type"] or "person",
            doc_kind=fields["doc_kind"],
            phone=fields["phone"],
            address=fields["address"],
            english_name=fields["english_name"],
            birth_date=fields["birth_date"],
            nationality=fields["nationality"],
        )
    materials = _materials(document.get("materials", []), problems)
    delivery = _delivery(document.get("delivery"), problems)
    agent = _agent(document.get("agent"), problems)
    if problems or applicant is None or service_item is None or decision is None:
        raise IntakeRejected(problems)
    return ImportLine(
        decision=str(decision),
        request=IntakeRequest(
            service_item=service_item,
            applicant=applicant,
            materials=materials,
            situation=situation,
            request_id=request_id or line_request_id(raw),
            identity_source=IdentitySource(SourceKind.IMPORT),
            delivery=delivery,
            document_language=document_language,
            eligibility_reason=eligibility_reason,
            agent=agent,
            agent_identity_source=IdentitySource(SourceKind.IMPORT) if agent else None,
        ),
        reason=reason,
        legal_basis=legal_basis or DEFAULT_REFUSAL_BASIS,
        redirect_to=redirect_to,
    )


def import_line(
    store: Store,
    actor: User,
    line_no: int,
    raw: bytes,
    document: dict[str, Any],
    *,
    over_limit: OverLimitApproval | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Import one line (``raw``, read as ``document``: ``line_document``); the result dict
    is what ``counter-app import`` prints, a case's with its ``earlier_cases`` and ``name_on_file_differs`` (read after the line's commit).
    ``over_limit``: a supervisor's approval of the run past a paused intake, recorded on
    the line's case when intake is paused (``intake.accept``)."""
    try:
        parsed = parse_document(raw, document)
    except IntakeRejected as exc:
        return error_result(line_no, exc.problems)

    def decide() -> intake.IntakeResult:
        if parsed.decision == "accept":
            return intake.accept(store, parsed.request, actor, over_limit=over_limit, now=now)
        if parsed.decision == "notify":
            return intake.notify(store, parsed.request, actor, over_limit=over_limit, now=now)
        return intake.refuse(
            store,
            parsed.request,
            actor,
            reason=parsed.reason,
            legal_basis=parsed.legal_basis,
            redirect_to=parsed.redirect_to,
            over_limit=over_limit,
            now=now,
        )

    result = import_result(line_no, decide)
    if result["case_id"] is not None:
        result.update(earlier_cases_of(store, result["case_id"], today=hall_today(now)).to_json())
    return result


def import_result(line_no: int, decide: Callable[[], intake.IntakeResult]) -> dict[str, Any]:
    """Run one intake decision; its result as ``counter-app import`` prints a line's (also
    ``counter-app case from-preapp``'s): the case, or every problem found."""
    try:
        result = decide()
    except IntakeRejected as exc:
        return error_result(line_no, exc.problems)
    except CounterError as exc:
        return error_result(line_no, [exc])
    return {
        "line": line_no,
        "status": _status(result.state.value),
        "case_id": result.case_id,
        "case_no": result.case_no,
        "errors": [],
        "replayed": not result.created,
    }


def _status(state: str) -> str:
    return {
        "accepted": "accepted",
        "accepted_deferred": "accepted",
        "notified": "notified",
        "refused": "refused",
    }.get(state, state)


def error_result(line_no: int, problems: list[CounterError]) -> dict[str, Any]:
    return {
        "line": line_no,
        "status": "error",
        "case_id": None,
        "case_no": None,
        "errors": [
            {"field": p.field or "line", "message": p.zh, "message_en": p.en} for p in problems
        ],
    }


def _string(
    document: dict[str, Any],
    key: str,
    problems: list[CounterError],
    *,
    where: str | None = None,
    required: bool = False,
) -> str | None:
    value = document.get(key)
    if value is None:
        if required:
            problems.append(
                _bad(where or key, f"缺少 {where or key}。", f"'{where or key}' is required.")
            )
        return None
    if not isinstance(value, str):
        problems.append(
            _bad(
                where or key, f"{where or key} 应为字符串。", f"'{where or key}' must be a string."
            )
        )
        return None
    if len(value) > _TEXT_LIMIT or not _is_clean_text(value):
        problems.append(
            _bad(
                where or key,
                f"{where or key} 过长或含有无法保存的字符（如孤立代理项）。",
                f"'{where or key}' is too long or holds characters that cannot be stored "
                "(such as lone surrogates).",
            )
        )
        return None
    return value


def _is_clean_text(value: str) -> bool:
    """JSON may carry lone surrogates (``"\\ud800"``); they cannot be stored as UTF-8."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _optional_text(entry: dict[str, Any], key: str) -> str | None:
    value = entry.get(key)
    return (
        value
        if isinstance(value, str) and len(value) <= _TEXT_LIMIT and _is_clean_text(value)
        else None
    )


def _materials(raw: Any, problems: list[CounterError]) -> list[SubmittedMaterial]:
    if not isinstance(raw, list):
        problems.append(_bad("materials", "materials 应为数组。", "'materials' must be a list."))
        return []
    marks = []
    for index, entry in enumerate(raw):
        where = f"materials[{index}]"
        if not isinstance(entry, dict):
            problems.append(_bad(where, "材料条目应为对象。", f"{where} must be an object."))
            continue
        code, status, form, count = (
            entry.get("code"),
            entry.get("status"),
            entry.get("form"),
            entry.get("count", 1),
        )
        ok = True
        if not isinstance(code, str) or not code:
            problems.append(
                _bad(f"{where}.code", "缺少材料编码。", "The material code is required.")
            )
            ok = False
        if status not in _IMPORT_STATUSES:
            problems.append(
                _bad(
                    f"{where}.status",
                    f"材料状态应为{'、'.join(_IMPORT_STATUSES)}之一。",
                    f"status must be one of {', '.join(_IMPORT_STATUSES)}.",
                )
            )
            ok = False
        if form is not None and form not in tuple(MaterialForm):
            problems.append(
                _bad(
                    f"{where}.form",
                    "材料形式应为 original、copy 或 electronic。",
                    "form must be original, copy or electronic.",
                )
            )
            ok = False
        if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= 999:
            problems.append(
                _bad(f"{where}.count", "份数应为0到999的整数。", "count must be an integer 0-999.")
            )
            ok = False
        if ok:
            marks.append(
                SubmittedMaterial(
                    code=str(code),
                    status=MaterialStatus(str(status)),
                    form=MaterialForm(form) if form is not None else None,
                    count=int(count),
                    exemption=_optional_text(entry, "exemption"),
                    note=_optional_text(entry, "note"),
                )
            )
    return marks


def _delivery(raw: Any, problems: list[CounterError]) -> DeliveryChoice | None:
    """``"delivery": {"method": "pickup"|"post", "address": "…"}``: how the applicant
    receives the result (absent: pick-up at the hall); intake checks the address."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        problems.append(_bad("delivery", "delivery 应为对象。", "'delivery' must be an object."))
        return None
    method = raw.get("method")
    if method not in tuple(DeliveryMethod):
        problems.append(
            _bad(
                "delivery.method",
                "delivery.method 应为 pickup（窗口领取）或 post（邮寄送达）。",
                "delivery.method must be pickup or post.",
            )
        )
        return None
    address = _string(raw, "address", problems, where="delivery.address")
    return DeliveryChoice(DeliveryMethod(method), address)


def _agent(raw: Any, problems: list[CounterError]) -> AgentInput | None:
    """``"agent": {"name", "id_type", "id_number", "relation", "authorization", "phone"}``:
    the 代办人 / 经办人 present for the applicant (absent: the applicant in person; an
    organisation's applicant needs one); intake checks them as the window does."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        problems.append(_bad("agent", "agent 应为对象。", "'agent' must be an object."))
        return None
    fields = {
        key: _string(
            raw,
            key,
            problems,
            where=f"agent.{key}",
            required=key in ("name", "id_number", "relation"),
        )
        for key in (
            "name",
            "id_type",
            "id_number",
            "doc_kind",
            "phone",
            "relation",
            "authorization",
        )
    }
    return AgentInput(
        name=fields["name"] or "",
        id_type=fields["id_type"] or "111",
        id_number=fields["id_number"] or "",
        doc_kind=fields["doc_kind"],
        phone=fields["phone"],
        relation=fields["relation"] or "",
        authorization=fields["authorization"] or "power_of_attorney",
    )


def _bad(field: str, zh: str, en: str) -> ValidationError:
    return ValidationError(zh, en, field=field)
