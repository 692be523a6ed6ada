"""The intake request checked on its own: the service item and situation it names, the
applicant's name, identity document, phone, address and English name, the 代办人 (against the
situation's rule on one), the documents' language, the delivery choice, and the materials
with the exemptions (两个免于提交) applied.
Every problem is collected, each with its field; ``intake_checks`` adds the decision's own."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from counter_app.domain.agents import (
    AGENT_AUTHORIZATION_NAMES,
    MAX_RELATION_LENGTH,
    AgentAuthorization,
    agent_role,
    breaks_agent_rule,
    is_organisation,
)
from counter_app.domain.case_document import CaseAgent
from counter_app.domain.catalog import (
    APPLICANT_TYPE_NAMES,
    AgentRule,
    ServiceItem,
    Situation,
    audience_problems,
)
from counter_app.domain.checklist import Checklist, MaterialStatus, SubmittedMaterial, assess
from counter_app.domain.delivery import ADDRESS_MAX_CHARS, DeliveryChoice
from counter_app.domain.document_language import (
    DocumentLanguage,
    default_document_language,
    parse_document_language,
)
from counter_app.domain.eligibility import ApplicantFacts
from counter_app.domain.exemptions import (
    Exemption,
    exemptions_for,
    unbacked_exemptions,
    with_exemptions,
)
from counter_app.domain.id_types import DocKind, IdentityNumber, document_name, validate_identity
from counter_app.domain.idnumber import is_credit_code, normalize_phone
from counter_app.domain.names import validate_name
from counter_app.domain.text import LINE_BREAKS, first_unprintable, unprintable_error
from counter_app.errors import CatalogChanged, CounterError, NotFound, ValidationError
from counter_app.identity.provenance import IdentitySource, SourceKind
from counter_app.services.intake_records import licence_consent, no_consent_error
from counter_app.services.intake_request import AgentInput, ApplicantInput, IntakeRequest
from counter_app.store.catalog import get_item
from counter_app.store.database import Store


@dataclass
class ValidatedRequest:
    """A request that passed its own checks, as the decision's checks and its write use it."""

    item: ServiceItem
    catalog_version: int
    situation: Situation
    name: str
    identity: IdentityNumber
    phone: str | None
    address: str | None
    checklist: Checklist
    english_name: str | None
    language: DocumentLanguage
    facts: ApplicantFacts
    delivery: DeliveryChoice | None = None
    exemptions: dict[str, Exemption] = field(default_factory=dict)
    agent: CaseAgent | None = None  # 代办人 / 经办人 as the document records them


# The earliest birth date taken: older than anyone alive, later than any typing slip of a year.
FIRST_BIRTH_DAY = date(1890, 1, 1)
# A line break or tab in an address (typed, pasted from a letter, or a file's field) with
# the spaces around it: one space, as the address is printed on one line.
_ADDRESS_BREAK = re.compile(f"\\s*[{re.escape(LINE_BREAKS)}]+\\s*")
# A birth date as clerks write it: 1985-06-26 (ISO, as on passports and permits), 1985/6/26
# or 1985年6月26日; the compact 19850626, which date.fromisoformat takes, is refused.
_TYPED_DAY = re.compile(
    r"^([0-9]{4})"
    r"(?:-([0-9]{2})-([0-9]{2})|/([0-9]{1,2})/([0-9]{1,2})|年([0-9]{1,2})月([0-9]{1,2})日)$"
)


def validate_request(
    store: Store, request: IntakeRequest, today: date, current_catalog: int | None
) -> tuple[ValidatedRequest | None, list[CounterError]]:
    """The request checked on the hall's ``today`` (``current_catalog``: the catalog
    version now loaded), or everything wrong with it."""
    shown = request.catalog_version
    if shown is not None and shown != current_catalog:
        raise CatalogChanged(
            f"事项目录已更新为第{current_catalog}版，本次未受理：请核对更新后的事项和材料清单，再作决定。",
            f"The service catalog was updated to version {current_catalog}; nothing was "
            "recorded: check the updated item and materials checklist, then decide again.",
            field="service_item",
        )
    problems: list[CounterError] = []
    item: ServiceItem | None = None
    version = current_catalog
    try:
        item = get_item(store, request.service_item, version)
    except NotFound as exc:
        problems.append(exc)
    situation = item.situation(request.situation) if item else None
    if item is not None and situation is None:
        problems.append(
            ValidationError(
                f"事项“{item.name}”没有编码为“{request.situation}”的情形，请重新选择情形。",
                f"The item '{item.name}' has no situation '{request.situation}'.",
                field="situation",
            )
        )
    applicant = request.applicant
    name = identity = phone = None
    problems.extend(_applicant_problems(applicant, item))
    try:
        name = validate_name(applicant.name, field="applicant.name")
    except CounterError as exc:
        problems.append(exc)
    try:
        identity = validate_identity(
            applicant.id_type,
            applicant.id_number,
            applicant.doc_kind,
            today=today,
            organisation=is_organisation(applicant.applicant_type),
        )
    except CounterError as exc:
        exc.field = f"applicant.{exc.field}" if exc.field else "applicant.id_number"
        problems.append(exc)
    if identity is not None:
        problems.extend(_identity_contradictions(applicant, identity))
    if applicant.phone:
        try:
            phone = normalize_phone(applicant.phone)
        except ValidationError as exc:
            problems.append(exc)
    language = DocumentLanguage.CHINESE
    try:
        language = (
            parse_document_language(request.document_language)
            if request.document_language
            else default_document_language(
                identity.doc_kind if identity else "other", applicant.nationality or ""
            )
        )
    except ValidationError as exc:
        problems.append(exc)
    english_name, address = _free_texts(request, today, problems)
    delivery = None
    if request.delivery is not None:
        try:
            delivery = request.delivery.checked()
        except ValidationError as exc:
            problems.append(exc)
    agent = _agent_of(request, identity, today, problems, item=item, situation=situation)
    if item is None or situation is None or name is None or identity is None or version is None:
        return None, problems
    facts = _facts_of(identity, applicant, request.identity_source)
    marks, exemptions = _exempt_marks(situation, request, facts, problems)
    return ValidatedRequest(
        item,
        version,
        situation,
        name,
        identity,
        phone,
        address,
        assess(situation, marks),
        english_name,
        language,
        facts,
        delivery,
        exemptions,
        agent,
    ), problems


def _agent_of(
    request: IntakeRequest,
    applicant_identity: IdentityNumber | None,
    today: date,
    problems: list[CounterError],
    *,
    item: ServiceItem | None,
    situation: Situation | None,
) -> CaseAgent | None:
    """The 代办人 / 经办人 as recorded (None: the applicant came in person), what is wrong
    with them added to ``problems``, and what breaks the ``situation``'s rule on one; an
    organisation's applicant never comes in person."""
    if item is not None and situation is not None:
        problems.extend(_agent_rule_problems(item, situation, request))
    applicant_type = request.applicant.applicant_type
    agent = request.agent
    if agent is None:
        if is_organisation(applicant_type):
            problems.append(
                ValidationError(
                    "申请人为法人或其他组织，须登记到场办理的经办人（读取经办人身份证）。",
                    "The applicant is an enterprise or organisation: register the agent "
                    "present at the window (read the agent's ID card).",
                    field="agent",
                )
            )
        return None
    found: list[CounterError] = []
    name = identity = phone = None
    try:
        name = validate_name(agent.name, field="agent.name")
    except CounterError as exc:
        found.append(exc)
    try:
        identity = validate_identity(agent.id_type, agent.id_number, agent.doc_kind, today=today)
    except CounterError as exc:
        exc.field = f"agent.{exc.field}" if exc.field else "agent.id_number"
        found.append(exc)
    role_zh = agent_role(applicant_type)[0]
    if identity is not None:
        found.extend(_agent_identity_problems(identity, applicant_identity, role_zh))
    if agent.phone:
        try:
            phone = normalize_phone(agent.phone)
        except ValidationError as exc:
            exc.field = "agent.phone"
            found.append(exc)
    relation = agent.relation.strip()
    found.extend(relation_problems(relation, role_zh))
    authorization = _authorization_of(agent, applicant_type, found)
    problems.extend(found)
    if found or name is None or identity is None or authorization is None:
        return None
    source = request.agent_identity_source
    return CaseAgent.model_validate(
        {
            "name": name,
            "id_type": identity.id_type,
            "doc_kind": identity.doc_kind,
            "id_number": identity.number,
            "phone": phone,
            "relation": relation,
            "authorization": authorization,
            "identity_source": source.to_json() if source else None,
        }
    )


# A nationality as a passport's MRZ or a permanent residence card gives it: the ICAO 9303
# three-letter code (ISO 3166 alpha-3, with D for Germany and codes such as XXA, UNO).
_NATIONALITY = re.compile(r"^[A-Z]{1,3}$")


def _nationality_problems(nationality: str | None) -> list[CounterError]:
    if not nationality or _NATIONALITY.match(nationality.strip().upper().rstrip("<")):
        return []
    return [
        ValidationError(
            f"国籍“{nationality}”应为证件机读区上的三字母代码（如 GBR、USA、D），请核对。",
            f"The nationality '{nationality}' must be the three-letter code in the document's "
            "machine-readable zone (e.g. GBR, USA, D).",
            field="applicant.nationality",
        )
    ]


def _applicant_problems(applicant: ApplicantInput, item: ServiceItem | None) -> list[CounterError]:
    """The applicant's type (one of ours, and one ``item`` serves) and the shape of a
    nationality given."""
    problems: list[CounterError] = list(_nationality_problems(applicant.nationality))
    if applicant.applicant_type not in APPLICANT_TYPE_NAMES:
        zh_types = "、".join(zh for zh, _ in APPLICANT_TYPE_NAMES.values())
        problems.append(
            ValidationError(
                f"申请人类型应为{zh_types}之一。",
                f"The applicant type must be one of {', '.join(map(str, APPLICANT_TYPE_NAMES))}.",
                field="applicant.type",
            )
        )
    return [*problems, *audience_problems(item, applicant.applicant_type)]


def _agent_rule_problems(
    item: ServiceItem, situation: Situation, request: IntakeRequest
) -> list[CounterError]:
    """What the request breaks of the situation's rule on a 代办人: 委托他人代办 without one,
    本人申领 with one (or for an organisation, which never comes in person). An organisation
    without its 经办人 is reported by ``_agent_of`` already."""
    rule = situation.agent
    organisation = is_organisation(request.applicant.applicant_type)
    has_agent = request.agent is not None
    if not breaks_agent_rule(rule, request.applicant.applicant_type, has_agent=has_agent):
        return []
    if rule is AgentRule.REQUIRED:
        zh_else, en_else = _other_situations(item, AgentRule.REQUIRED)
        return [
            ValidationError(
                f"“{situation.name}”须登记代办人：请登记代办人的姓名、证件和与申请人的关系{zh_else}。",
                f"'{situation.name}' needs the agent recorded: record the agent's name, identity "
                f"document and relation to the applicant{en_else}.",
                field="agent",
            )
        ]
    if organisation:
        return [
            ValidationError(
                f"“{situation.name}”须由申请人本人办理，法人或其他组织不适用：请另选情形。",
                f"'{situation.name}' is for the applicant in person, which an enterprise or "
                "organisation never is: choose another situation.",
                field="situation",
            )
        ]
    zh_else, en_else = _other_situations(item, AgentRule.FORBIDDEN)
    return [
        ValidationError(
            f"“{situation.name}”须由申请人本人办理：请取消代办{zh_else}。",
            f"'{situation.name}' is for the applicant in person: remove the agent{en_else}.",
            field="agent",
        )
    ]


def _other_situations(item: ServiceItem, broken: AgentRule) -> tuple[str, str]:
    """The item's situations without the ``broken`` rule (the other rule, or none) as
    "，或改选…" and ", or choose …"; empty when it has none."""
    names = [s.name for s in item.situations if s.agent is not broken]
    if not names:
        return "", ""
    return (
        "，或改选" + "、".join(f"“{name}”" for name in names),
        ", or choose " + " / ".join(f"'{name}'" for name in names),
    )


def _agent_identity_problems(
    identity: IdentityNumber, applicant_identity: IdentityNumber | None, role_zh: str
) -> list[CounterError]:
    """An agent is a person, present with their own document: never an organisation's credit
    code, never the applicant's own number (who then came in person)."""
    if identity.doc_kind is DocKind.OTHER and is_credit_code(identity.number):
        return [
            ValidationError(
                f"{role_zh}须为到场的个人，号码却是单位的统一社会信用代码：请读取{role_zh}本人的身份证。",
                "The agent must be a person present at the window, but the number is an "
                "organisation's unified social credit code: read the agent's own ID card.",
                field="agent.id_number",
            )
        ]
    if applicant_identity is not None and identity.number == applicant_identity.number:
        return [
            ValidationError(
                f"{role_zh}与申请人为同一人，请取消代办。",
                "The agent and the applicant are the same person: remove the agent.",
                field="agent.id_number",
            )
        ]
    return []


def relation_problems(relation: str, role_zh: str) -> list[CounterError]:
    if not relation:
        return [
            ValidationError(
                f"请填写{role_zh}与申请人的关系或职务（如配偶、子女、单位员工）。",
                "Give the agent's relation to the applicant, or position (spouse, child, "
                "employee …).",
                field="agent.relation",
            )
        ]
    if len(relation) > MAX_RELATION_LENGTH:
        return [
            ValidationError(
                f"与申请人关系过长（最多{MAX_RELATION_LENGTH}字）。",
                f"The relation to the applicant is too long (at most {MAX_RELATION_LENGTH} "
                "characters).",
                field="agent.relation",
            )
        ]
    problem = unprintable_error(relation, ("与申请人关系", "The relation"), field="agent.relation")
    return [] if problem is None else [problem]


def _authorization_of(
    agent: AgentInput, applicant_type: str, problems: list[CounterError]
) -> AgentAuthorization | None:
    """What authorises the agent; a legal representative in person only for an organisation."""
    try:
        authorization = AgentAuthorization(agent.authorization)
    except ValueError:
        names = "、".join(zh for zh, _ in AGENT_AUTHORIZATION_NAMES.values())
        problems.append(
            ValidationError(
                f"授权方式应为{names}之一。",
                "The authorisation must be one of "
                f"{', '.join(a.value for a in AgentAuthorization)}.",
                field="agent.authorization",
            )
        )
        return None
    if authorization is AgentAuthorization.LEGAL_REPRESENTATIVE and applicant_type == "person":
        problems.append(
            ValidationError(
                "申请人为个人，不适用“法定代表人本人”：代办人须持申请人的授权委托书。",
                "The applicant is a person: 'legal representative in person' does not apply; "
                "the agent needs the applicant's power of attorney.",
                field="agent.authorization",
            )
        )
        return None
    return authorization


def _identity_contradictions(
    applicant: ApplicantInput, identity: IdentityNumber
) -> list[CounterError]:
    """What the rest of the applicant says against a valid number: a birth date other than
    the one the number carries (the window refuses the same), a person's document for an
    enterprise or organisation, an organisation's credit code for a person."""
    found: list[CounterError] = []
    born = (applicant.birth_date or "").strip()
    carried = identity.birth_date
    if carried is not None and born and _typed_day(born) not in (None, carried):
        found.append(
            ValidationError(
                f"出生日期与证件号码不一致：填写为{born}，号码中为{carried.isoformat()}，请核对。",
                f"The birth date {born} contradicts the one in the ID number "
                f"({carried.isoformat()}).",
                field="applicant.birth_date",
            )
        )
    if is_organisation(applicant.applicant_type) and identity.doc_kind is not DocKind.OTHER:
        zh_doc, en_doc = document_name(identity.doc_kind)
        found.append(
            ValidationError(
                f"申请人为法人或其他组织，证件却是个人的{zh_doc}：请填写单位的统一社会信用代码"
                "（证件类型990），或将申请人类型改为个人。",
                f"The applicant is an enterprise or organisation but the document is a "
                f"person's {en_doc}: give its unified social credit code (type 990), or make "
                "the applicant a person.",
                field="applicant.id_number",
            )
        )
    # Only under 990 其他: an 18-digit citizen number passes the GB 32100 check by chance.
    if (
        applicant.applicant_type == "person"
        and identity.doc_kind is DocKind.OTHER
        and is_credit_code(identity.number)
    ):
        found.append(
            ValidationError(
                "申请人为个人，号码却是单位的统一社会信用代码：请填写申请人本人的证件号码，"
                "或将申请人类型改为法人或其他组织。",
                "The applicant is a person but the number is an organisation's unified social "
                "credit code: give the person's own document number, or make the applicant an "
                "enterprise or organisation.",
                field="applicant.id_number",
            )
        )
    return found


def _exempt_marks(
    situation: Situation,
    request: IntakeRequest,
    facts: ApplicantFacts,
    problems: list[CounterError],
) -> tuple[list[SubmittedMaterial], dict[str, Exemption]]:
    """两个免于提交: the clerk's marks with what a city department issued, or an e-licence
    covers, marked exempt with its basis; and the exemptions so applied. A material marked
    exempt without one, or an e-licence the applicant did not authorise looking up, is
    added to ``problems``."""
    exemptions = exemptions_for(situation, facts, request.licences)
    problems.extend(unbacked_exemptions(situation, request.materials, exemptions))
    if not exemptions:  # most applications: the clerk's marks stand as they are
        return list(request.materials), {}
    marks = with_exemptions(request.materials, exemptions)
    exempt = {m.code for m in marks if m.status is MaterialStatus.EXEMPT}
    applied = {code: e for code, e in exemptions.items() if code in exempt}
    if licence_consent(request) is None and any(e.licence for e in applied.values()):
        problems.append(no_consent_error())
    return marks, applied


def _free_texts(
    request: IntakeRequest, today: date, problems: list[CounterError]
) -> tuple[str | None, str | None]:
    """The applicant's English name and address as kept (None: not given), a birth date
    typed from a passport or permit and the materials' notes checked; what is wrong with
    them added to ``problems``."""
    applicant = request.applicant
    problems.extend(_mark_text_problems(request.materials))
    english_name = (applicant.english_name or "").strip() or None
    if english_name is not None and (
        len(english_name) > 100 or first_unprintable(english_name) is not None
    ):
        problems.append(
            ValidationError(
                "英文姓名过长或含有控制字符。",
                "The English name is too long or has control characters.",
                field="applicant.english_name",
            )
        )
    address = None
    if applicant.birth_date and not _plausible_birth(applicant.birth_date, today):
        problems.append(
            ValidationError(
                f"出生日期“{applicant.birth_date}”不对：应为 YYYY-MM-DD（如 1985-06-26，也可写作"
                "1985/6/26 或 1985年6月26日），且不晚于今天。",
                f"The birth date '{applicant.birth_date}' is not valid: YYYY-MM-DD (1985-06-26; "
                "1985/6/26 and 1985年6月26日 are taken too), not after today.",
                field="applicant.birth_date",
            )
        )
    address = None
    if applicant.address:
        address, address_problems = kept_address(applicant.address)
        problems.extend(address_problems)
    return english_name, address


def kept_address(raw: str) -> tuple[str, list[CounterError]]:
    """An applicant's address as kept, its line breaks and tabs one space (it is printed on
    one line), with what is wrong with it, each on its own: at intake and when corrected."""
    address = _ADDRESS_BREAK.sub(" ", raw).strip()
    found: list[CounterError] = []
    if len(address) > ADDRESS_MAX_CHARS:
        found.append(
            ValidationError(
                f"地址过长（{len(address)} > {ADDRESS_MAX_CHARS} 个字符），请删减后再提交。",
                f"The address is too long ({len(address)} > {ADDRESS_MAX_CHARS} characters); "
                "shorten it.",
                field="applicant.address",
            )
        )
    problem = unprintable_error(address, ("地址中", "The address"), field="applicant.address")
    if problem is not None:
        found.append(problem)
    return address, found


def _mark_text_problems(marks: Sequence[SubmittedMaterial]) -> list[CounterError]:
    """The clerk's (or an import line's) note and exemption on each material holding a
    control character other than a line break: the notice prints the note, the case's
    screens and ``case show`` show both."""
    found: list[CounterError] = []
    for index, mark in enumerate(marks):
        for text, key, what in (
            (mark.note, "note", ("材料备注", "The material's note")),
            (mark.exemption, "exemption", ("免于提交的依据", "The material's exemption")),
        ):
            problem = unprintable_error(
                text or "", what, field=f"materials[{index}].{key}", lines=True
            )
            if problem is not None:
                found.append(problem)
    return found


def _plausible_birth(text: str, today: date) -> bool:
    """A birth date as typed from a passport or permit: a real day, not in the future; the
    eligibility rules (an age) rest on it."""
    born = _typed_day(text)
    return born is not None and FIRST_BIRTH_DAY <= born <= today


def _typed_day(text: str) -> date | None:
    """The day typed as ``_TYPED_DAY`` takes it (full-width digits too), or None when it is
    no day (reported by ``_free_texts``)."""
    typed = _TYPED_DAY.match(unicodedata.normalize("NFKC", text).strip())
    if typed is None:
        return None
    year, *month_day = (int(part) for part in typed.groups() if part is not None)
    try:
        return date(year, *month_day)
    except ValueError:
        return None


def applicant_facts(
    applicant: ApplicantInput, source: IdentitySource | None, today: date
) -> ApplicantFacts | None:
    """What the identity document tells about the applicant; None for an invalid number."""
    try:
        identity = validate_identity(
            applicant.id_type,
            applicant.id_number,
            applicant.doc_kind,
            today=today,
            organisation=is_organisation(applicant.applicant_type),
        )
    except CounterError:
        return None
    return _facts_of(identity, applicant, source)


def _facts_of(
    identity: IdentityNumber, applicant: ApplicantInput, source: IdentitySource | None
) -> ApplicantFacts:
    birth = identity.birth_date
    if birth is None and applicant.birth_date:
        birth = _typed_day(applicant.birth_date)
    # Only a resident ID card's address is the household registration address, and only
    # as the reader read it: a typed address may be where the applicant lives now.
    from_card = (
        source is not None and source.kind is SourceKind.CARD and source.doc_type == "resident_id"
    )
    return ApplicantFacts(
        doc_kind=identity.doc_kind,
        id_number=identity.number,
        birth_date=birth,
        address=(applicant.address or "").strip(),
        address_from_card=from_card,
        nationality=(applicant.nationality or "").strip(),
        applicant_type=applicant.applicant_type,
    )
