"""Batch import of applications from JSON Lines, one case per line, through the intake
service (``counter-app import``). Each line gets its own result; a bad line never stops
the others, and a line's case is committed before its result is returned.

A line may carry ``request_id`` (UUID); otherwise one is derived from the line's JSON in
canonical form (keys sorted, no whitespace, UTF-8), so importing the same file again after
a crash (or just its remaining lines, or the file reformatted: ``jq -c .``, ``jq -S``,
another line ending) finds the cases already made instead of duplicating them. Lines with
the same JSON are therefore one application: the second reports ``"replayed": true`` with
the first one's case. A line whose ``request_id`` names a case of other content (item,
situation, decision, applicant) is refused, never replayed; one naming a case whose
personal data was purged is replayed, saying that its content could not be compared.
Unknown keys are refused: the import decides cases now and carries no other system's
numbers, dates or states.

A line's case comes back with the applicant's earlier cases of the same item and whether
the ID number is on file under another name (``counter_app.store.earlier_cases``): nothing
is refused for them, the script (or the clerk reading its output) decides.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import uuid
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from counter_app.domain.catalog import MaterialForm
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.domain.delivery import DeliveryChoice, DeliveryMethod
from counter_app.domain.hall_time import hall_today
from counter_app.domain.names import validate_name
from counter_app.errors import CounterError, InvalidName, ValidationError
from counter_app.identity.provenance import IdentitySource, SourceKind
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.intake_checks import IntakeRejected
from counter_app.services.intake_request import AgentInput, ApplicantInput, IntakeRequest
from counter_app.services.offline_policy import OverLimitApproval
from counter_app.store.case_history import case_history
from counter_app.store.case_plaintext import case_document
from counter_app.store.cases import CaseRecord, case_by_request
from counter_app.store.database import Store
from counter_app.store.earlier_cases import earlier_cases_of
from counter_app.store.pii import DecryptionError
from counter_app.store.request_applicants import id_number_index_of
from counter_app.store.retention import PersonalDataPurged

# The general rule on acceptance decisions, used when a line refuses without its own basis.
DEFAULT_REFUSAL_BASIS = "《中华人民共和国行政许可法》第三十二条"
_IMPORT_NAMESPACE = uuid.UUID("5d0f7c2e-3f55-4b7e-9a8e-6c1f0c6b2a10")
_DECISIONS = ("accept", "notify", "refuse")
_TEXT_LIMIT = 2000
_IMPORT_STATUSES = ("received", "exempt", "deferred", "commitment", "missing", "nonconforming")
LINE_KEYS = (
    "decision",
    "service_item",
    "situation",
    "applicant",
    "agent",
    "materials",
    "delivery",
    "reason",
    "legal_basis",
    "redirect_to",
    "eligibility_reason",
    "document_language",
    "request_id",
)
_APPLICANT_KEYS = (
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
_AGENT_KEYS = ("name", "id_type", "id_number", "doc_kind", "phone", "relation", "authorization")
MATERIAL_KEYS = ("code", "status", "form", "count", "exemption", "note")
_DELIVERY_KEYS = ("method", "address")
# Keys that look like another system's history (its case numbers, dates, states).
_HISTORY_KEY = re.compile(
    r"(?:^|_)(?:no|num|number|seq|date|time|at|on|day|state|status)$|date|time|case_?no",
    re.IGNORECASE,
)
# What each decision records as the case's first state.
_DECIDED_STATES = {
    "accept": ("accepted", "accepted_deferred"),
    "notify": ("notified",),
    "refuse": ("refused",),
}
_CHECK_STATUSES = {
    "accepted": "would_accept",
    "notified": "would_notify",
    "refused": "would_refuse",
}


@dataclass(frozen=True)
class ImportLine:
    decision: str
    request: IntakeRequest
    reason: str
    legal_basis: str
    redirect_to: str  # a refusal's 建议向何处申请 ("" when the line gives none)


def line_request_id(raw: bytes) -> str:
    """The request id of a line without its own: from its JSON in canonical form (keys
    sorted, no whitespace, UTF-8), so that reformatting a file (``jq -c .``, ``jq -S``, other
    line endings) names its lines as before. ``raw`` is a line ``line_document`` reads."""
    canonical = json.dumps(
        json.loads(raw.decode("utf-8")),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return _named(canonical.encode("utf-8", "surrogatepass"))


def bytes_request_id(raw: bytes) -> str:
    """The request id lines without their own were given before they were named by their
    canonical JSON (``line_request_id``): from their exact bytes. Kept only to recognise the
    cases a store already holds under it."""
    return _named(raw.strip())


def _named(content: bytes) -> str:
    return str(uuid.uuid5(_IMPORT_NAMESPACE, hashlib.sha256(content).hexdigest()))


def line_document(raw: bytes) -> dict[str, Any]:
    """One line as its JSON object; ``IntakeRejected`` when it is none."""
    try:
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise IntakeRejected([_not_utf8(raw, exc)]) from None
    except (ValueError, RecursionError) as exc:
        raise IntakeRejected(
            [_bad("line", f"该行不是有效的JSON：{exc}", f"The line is not valid JSON: {exc}")]
        ) from None
    if not isinstance(document, dict):
        raise IntakeRejected(
            [_bad("line", "该行应为一个JSON对象。", "The line must be a JSON object.")]
        )
    return document


def _not_utf8(raw: bytes, exc: UnicodeDecodeError) -> ValidationError:
    """Why a line is not UTF-8, in words that name the fix: cut off in a character (a file
    copied or downloaded only in part), saved as GB18030 (GBK), or neither."""
    if exc.reason == "unexpected end of data" and exc.end == len(raw):
        return _bad(
            "line",
            "末行不完整：该行断在一个字符中间，文件可能没有复制或下载完。请取得完整的文件后再导入"
            "（已导入的行再导入时不会重复）。",
            "The last line is incomplete: it ends in the middle of a character, so the file "
            "was probably copied or downloaded only in part. Import the whole file again "
            "(lines already imported are not imported twice).",
        )
    try:
        json.loads(raw.decode("gb18030"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return _bad("line", "该行不是UTF-8文本。", "The line is not UTF-8 text.")
    return _bad(
        "line",
        "该行是GB18030（GBK）编码，不是UTF-8：请先转换整个文件，如 "
        "iconv -f GB18030 -t UTF-8 原文件 > 新文件，再导入新文件。",
        "The line is GB18030 (GBK) text, not UTF-8: convert the whole file first, e.g. "
        "iconv -f GB18030 -t UTF-8 OLD > NEW, and import NEW.",
    )


def parse_document(raw: bytes, document: dict[str, Any]) -> ImportLine:
    """The request of a line ``raw`` read as ``document`` (its canonical JSON gives the
    request id when the line has none: ``line_request_id``); ``IntakeRejected`` listing
    every shape problem found, unknown keys among them."""
    problems: list[CounterError] = []
    unknown_keys(document, LINE_KEYS, "", problems)
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
        unknown_keys(applicant_raw, _APPLICANT_KEYS, "applicant", problems)
        fields = {
            key: _string(
                applicant_raw,
                key,
                problems,
                where=f"applicant.{key}",
                required=key in ("id_number", "name"),
            )
            for key in _APPLICANT_KEYS
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
    is what ``counter-app import`` prints, a case's with its ``earlier_cases`` and
    ``name_on_file_differs`` (read after the line's commit) and the line's ``request_id``.
    ``over_limit``: a supervisor's approval of the run past a paused intake, recorded on
    the line's case when intake is paused (``intake.accept``)."""
    try:
        parsed = parse_document(raw, document)
        if "request_id" not in document:
            parsed = _named_as_before(store, parsed, raw)
        request_id = intake.request_uuid(parsed.request.request_id or "")
    except IntakeRejected as exc:
        return error_result(line_no, exc.problems)
    problems = _deferred_marks(parsed)
    earlier = case_by_request(store, request_id)
    if earlier is not None:
        try:
            problems += _other_content(store, earlier, parsed)
        except PersonalDataPurged:
            return _purged_replay(store, line_no, request_id, earlier)
    if problems:
        return {**error_result(line_no, problems), "request_id": request_id}

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
    result["request_id"] = request_id
    return result


class _Undone(Exception):
    """Carries a checked line's result out of the transaction it rolls back."""

    def __init__(self, result: dict[str, Any]) -> None:
        super().__init__("checked")
        self.result = result


def check_line(store: Store, run: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """What ``run`` (one line's import) would give, everything it wrote rolled back: no
    case, number, audit entry or outbox entry is left. ``status`` says what the line would
    be (``would_accept``, ``would_notify``, ``would_refuse``; ``error`` with the errors), a
    case it would make has no ``case_id``/``case_no``; a line decided before (``replayed``)
    keeps its case."""
    try:
        with store.transaction():
            raise _Undone(run())
    except _Undone as undone:
        result = undone.result
    result["status"] = _CHECK_STATUSES.get(result["status"], result["status"])
    made = [result, *result.get("cases", ())] if not result.get("replayed") else []
    for case in made:
        case["case_id"] = case["case_no"] = None
    return result


def unknown_keys(
    entry: dict[str, Any], accepted: Collection[str], where: str, problems: list[CounterError]
) -> None:
    """A problem for each key of ``entry`` (the line itself when ``where`` is "", else its
    ``where``) that the import does not know, naming the keys it accepts."""
    for key in entry:
        if key in accepted:
            continue
        name = key or '""'  # JSON allows an empty key
        field = f"{where}.{name}" if where else name
        zh = (
            f"不认识的键 {field}：该行未导入。{f'{where} ' if where else '该行'}可用的键为 "
            f"{'、'.join(accepted)}。"
        )
        en = (
            f"Unknown key '{field}': the line is not imported. {where or 'A line'} takes "
            f"{', '.join(accepted)}."
        )
        if _HISTORY_KEY.search(key):
            zh += "导入按现在受理办件，不沿用原系统的编号、日期和状态。"
            en += " Import decides cases now; it does not carry another system's numbers, dates or states."
        elif meant := difflib.get_close_matches(key, list(accepted), n=1):
            zh += f"是否想写 {meant[0]}？"
            en += f" Did you mean '{meant[0]}'?"
        problems.append(_bad(field, zh, en))


def _named_as_before(store: Store, parsed: ImportLine, raw: bytes) -> ImportLine:
    """``parsed`` (a line without its own request id) under the id its exact bytes gave it
    before lines were named by their canonical JSON, when the store holds a case under that
    id: so that such a line answers with the case it made then."""
    before = bytes_request_id(raw)
    if case_by_request(store, before) is None:
        return parsed
    return replace(parsed, request=replace(parsed.request, request_id=before))


def _deferred_marks(parsed: ImportLine) -> list[CounterError]:
    """A 容缺 (``deferred``) material on an accept line: 容缺 needs a supervisor's approval
    at the window, which an import cannot give."""
    if parsed.decision != "accept":
        return []
    return [
        _bad(
            f"materials[{index}].status",
            f"材料 {mark.code} 标为 deferred（容缺），导入不能容缺受理（须值班长在窗口审批）："
            "请在窗口与值班长一起办理此件；或该材料可以告知承诺代替时标为 commitment 后受理，"
            "否则标为 missing 并以 decision notify（一次性告知）导入。",
            f"Material {mark.code} is marked deferred (容缺), which import cannot accept: 容缺 "
            "needs a supervisor's approval at the window. Decide this case at the window with "
            "the supervisor; or mark the material commitment (where a commitment may replace "
            "it) and accept, or mark it missing and import the line with decision notify.",
        )
        for index, mark in enumerate(parsed.request.materials)
        if mark.status == MaterialStatus.DEFERRED
    ]


def _other_content(store: Store, record: CaseRecord, parsed: ImportLine) -> list[CounterError]:
    """A problem when ``record`` (the case under the line's request id) records other than
    ``parsed`` (its item, situation, decision, applicant's ID number or name): a corrected
    line sent under the id of the first is not that case again. One too when the case's
    data cannot be decrypted; ``PersonalDataPurged`` when it was purged."""
    try:
        if _same_content(store, record, parsed):
            return []
    except DecryptionError:
        return [_unreadable(record.case_no)]
    return [
        _bad(
            "request_id",
            f"同一请求编号已用于内容不同的办件 {record.case_no}（事项、情形、决定或申请人不同）："
            "该行未导入。更正已导入的办件请用 counter-app case correct；"
            "确是另一件申请请换用新的 request_id（或去掉 request_id）。",
            f"The same request_id was already used for a case of other content, "
            f"{record.case_no} (item, situation, decision or applicant differ): the line is "
            "not imported. Correct an imported case with counter-app case correct; for "
            "another application use a new request_id (or leave it out).",
        )
    ]


def _same_content(store: Store, record: CaseRecord, parsed: ImportLine) -> bool:
    """Whether the case ``record`` was decided (data version 1) as ``parsed`` asks: the same
    item, situation (when the line gives one), decision, applicant's name and ID number
    (compared by blind index, as the window finds an applicant)."""
    request = parsed.request
    first = case_document(store, record.case_id, 1)
    situation = (request.situation or "").strip().upper()
    name = first["applicant"].get("name")
    return (
        str(first["service_item"]["code"]).upper() == request.service_item.strip().upper()
        and situation in ("", str((first.get("situation") or {}).get("code")).upper())
        and first["state"] in _DECIDED_STATES[parsed.decision]
        and (name is None or name == _stored_name(request.applicant.name))
        and id_number_index_of(store, record.case_id)
        == store.pii.blind_index(request.applicant.id_number, "id_number")
    )


def _stored_name(name: str) -> str | None:
    """``name`` as intake stores it (full-width spaces and letters, dots and quotes made
    one form), so that the same file's line compares equal; None when intake refuses it."""
    try:
        return validate_name(name)
    except InvalidName:
        return None


def _unreadable(case_no: str) -> ValidationError:
    return _bad(
        "request_id",
        f"同一请求编号已用于办件 {case_no}，但该办件的数据无法解密（已损坏或属于另一把密钥），"
        "无法核对是否为同一申请：该行未导入。请运行 counter-app check 检查数据库，"
        "或换用新的 request_id（或去掉 request_id）。",
        f"The same request_id was already used for case {case_no}, but that case's data "
        "cannot be decrypted (damaged, or under another key), so whether this line is the "
        "same application cannot be checked: the line is not imported. Run counter-app "
        "check on the database, or use a new request_id (or leave it out).",
    )


def _purged_replay(
    store: Store, line_no: int, request_id: str, record: CaseRecord
) -> dict[str, Any]:
    """The result of a line whose ``request_id`` names ``record``, a case whose personal
    data was purged: answered as that case (a replay), since what it recorded can no longer
    be compared with the line; ``content_compared`` and the notice say so. No earlier cases:
    the purged case's applicant is no longer known."""
    decided = next(
        (
            event.to_state
            for event in case_history(store, record.case_id).events
            if event.kind == "transition" and event.to_state is not None
        ),
        record.state,
    )
    return {
        "line": line_no,
        "status": _status(decided),
        "case_id": record.case_id,
        "case_no": record.case_no,
        "errors": [],
        "replayed": True,
        "content_compared": False,
        "notice": f"同一请求编号已用于办件 {record.case_no}，其个人信息已按保留期限清除，"
        "无法核对该行内容是否与之相同：按已导入处理，未新建办件。",
        "notice_en": f"The same request_id was already used for case {record.case_no}, "
        "whose personal data was purged under the retention period, so the line's content "
        "cannot be compared with it: taken as imported before, no case made.",
        "request_id": request_id,
    }


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
        unknown_keys(entry, MATERIAL_KEYS, where, problems)
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
    unknown_keys(raw, _DELIVERY_KEYS, "delivery", problems)
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
    unknown_keys(raw, _AGENT_KEYS, "agent", problems)
    fields = {
        key: _string(
            raw,
            key,
            problems,
            where=f"agent.{key}",
            required=key in ("name", "id_number", "relation"),
        )
        for key in _AGENT_KEYS
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
