"""From a stored case (``counter_app.store.cases.CaseRecord``) to the facts a document
prints (``DocumentData``), and which document a case's state calls for."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from counter_app.config import Config
from counter_app.domain.agents import AgentAuthorization, agent_role
from counter_app.domain.case_states import STATE_NAMES, TERMINAL_STATES, CaseState
from counter_app.domain.catalog import ServiceItem
from counter_app.domain.documents import DOCUMENT_TITLES, document_for_state
from counter_app.domain.id_types import DocKind, IdType, document_name
from counter_app.domain.idnumber import is_credit_code, mask_id_number, shown_applicant_number
from counter_app.errors import ConfigError, NotFound
from counter_app.store.cases import CaseRecord
from counter_app.store.catalog import get_item
from counter_app.store.database import Store
from counter_app.store.payments import CasePayment
from counter_app.store.timestamps import from_text
from printing.document_data import (
    ACCEPTANCE_DOCUMENTS,
    AgentFacts,
    BundleFacts,
    Collection,
    Correction,
    DocumentData,
    DocumentKind,
    MaterialRow,
    Reprint,
    ResultDelivery,
)
from printing.errors import DocumentNotApplicable

_NOT_ISSUABLE = (CaseState.VOIDED,)
# Materials still owed, printed with the standard they have to meet: the shortfalls a
# one-time notice lists (all of them, with their standard, at once) and the 容缺 ones.
_OWED = ("missing", "nonconforming", "deferred")


def default_kind(record: CaseRecord) -> DocumentKind:
    """The document a stored case's state calls for (``document_for_state``)."""
    return document_for_state(CaseState(record.state))


# A case whose newest version the platform keeps aside or refused: what that version says
# (a withdrawal, say) is not in force until a supervisor resolves it.
_HELD_SYNC_STATES = ("conflict", "rejected")


def _applies(
    record: CaseRecord,
    kind: DocumentKind,
    payment: CasePayment | None,
    *,
    corrected: bool,
    collected: bool,
) -> bool:
    state = CaseState(record.state)
    return state not in _NOT_ISSUABLE and (
        kind is DocumentKind.VOUCHER
        or (kind is DocumentKind.RECEIPT and record.accepted_at is not None)
        or (
            kind is DocumentKind.DEFERRAL
            and any(m.status == "deferred" for m in record.materials)
            and record.accepted_at is not None
        )
        or (kind is DocumentKind.NOTICE and state is CaseState.NOTIFIED)
        or (kind is DocumentKind.REFUSAL and state is CaseState.REFUSED)
        or (
            kind is DocumentKind.WITHDRAWAL
            and state is CaseState.WITHDRAWN
            and record.sync_state not in _HELD_SYNC_STATES
        )
        or (
            kind is DocumentKind.SUPPLY
            and record.accepted_at is not None
            and state is not CaseState.DEFERRED_TERMINATED
            # A supplied 容缺 material keeps its deadline; none may be outstanding.
            and any(m.deadline for m in record.materials)
            and not any(m.status == "deferred" for m in record.materials)
        )
        or (kind is DocumentKind.TERMINATION and state is CaseState.DEFERRED_TERMINATED)
        or (kind is DocumentKind.HANDOVER and state is CaseState.DELIVERED and collected)
        or (
            kind is DocumentKind.CORRECTION
            and state is not CaseState.CORRECTION_REQUESTED
            and corrected
        )
        or (
            kind is DocumentKind.PAYMENT
            and payment is not None
            and not payment.paid
            and state not in TERMINAL_STATES
        )
        or (kind is DocumentKind.BUNDLE_RECEIPT and record.bundle_id is not None)
    )


def check_applicable(
    record: CaseRecord,
    kind: DocumentKind,
    payment: CasePayment | None = None,
    *,
    corrected: bool = True,
    collected: bool = True,
) -> None:
    """Raise ``DocumentNotApplicable`` when ``kind`` would misstate the case's decision (a
    缴费通知书 asks only for a fee still due, ``payment``; a withdrawal receipt only for a
    withdrawal the platform has not kept aside), naming the documents that do apply.
    ``corrected`` (a 补正 was handed in) and ``collected`` (the result was handed over at
    the window, not posted) come from the case document and its delivery; a caller that
    does not know them leaves them True and is refused on the state alone. The 一件事受理回执
    fits a case decided in a bundle (the bundle's first case: ``bundle_facts``)."""
    if _applies(record, kind, payment, corrected=corrected, collected=collected):
        return
    issuable = [
        other
        for other in DocumentKind
        if _applies(record, other, payment, corrected=corrected, collected=collected)
    ]
    raise not_applicable(record, kind, payment, issuable)


def not_applicable(
    record: CaseRecord,
    kind: DocumentKind,
    payment: CasePayment | None,
    issuable: list[DocumentKind],
) -> DocumentNotApplicable:
    """Why ``kind`` does not fit the case, and which documents (``issuable``) do."""
    zh_title, en_title = DOCUMENT_TITLES[kind]
    zh_state, en_state = STATE_NAMES[CaseState(record.state)]
    if kind is DocumentKind.PAYMENT and payment is not None and payment.paid:
        zh = f"办件 {record.case_no} 已缴费，不再出具《{zh_title}》（缴费情况印在受理通知书上）。"
        en = (
            f"Case {record.case_no} is paid: no '{en_title}' any more (the receipt shows the "
            "payment)."
        )
    elif kind is DocumentKind.WITHDRAWAL and record.sync_state in _HELD_SYNC_STATES:
        zh = (
            f"办件 {record.case_no} 的撤回未被中心平台接受（同步冲突或被拒，中心平台上仍在办理），"
            f"不能出具《{zh_title}》：请值班长先在问题办件中处理（counter-app queue --problems）。"
        )
        en = (
            f"Case {record.case_no}: the central platform has not accepted its withdrawal (a "
            f"sync conflict or refusal; the platform still has it in process), so no "
            f"'{en_title}' can be issued: a supervisor resolves it first among the problem "
            "cases (counter-app queue --problems)."
        )
    elif kind is DocumentKind.BUNDLE_RECEIPT and record.bundle_id is None:
        zh = f"办件 {record.case_no} 是单独受理的，不属于任何“一件事”，没有《{zh_title}》。"
        en = (
            f"Case {record.case_no} was decided on its own, not in a one-thing bundle: there "
            f"is no '{en_title}'."
        )
    elif kind is DocumentKind.HANDOVER and CaseState(record.state) is CaseState.DELIVERED:
        zh = f"办件 {record.case_no} 的结果不是在窗口领取的（已邮寄送达），没有《{zh_title}》。"
        en = (
            f"The result of case {record.case_no} was not collected at the window (it was "
            f"posted): there is no '{en_title}'."
        )
    else:
        zh = f"办件 {record.case_no} 当前状态（{zh_state}）不能出具《{zh_title}》。"
        en = f"Case {record.case_no} ({en_state}) cannot get a '{en_title}'."
    if issuable:
        zh += (
            "可出具："
            + "、".join(f"《{DOCUMENT_TITLES[k][0]}》（{k.value}）" for k in issuable)
            + "。"
        )
        en += (
            " It can get: "
            + ", ".join(f"'{DOCUMENT_TITLES[k][1]}' ({k.value})" for k in issuable)
            + "."
        )
    return DocumentNotApplicable(zh, en, field="document")


def catalog_item(store: Store, record: CaseRecord) -> ServiceItem | None:
    """The case's item in the catalog version it was taken on; None when that version was
    pruned from this workstation (a case outlives it: its documents print what it stored)."""
    try:
        return get_item(store, record.service_item_code, record.catalog_version)
    except NotFound:
        return None


def correction_facts(record: CaseRecord, document: dict[str, Any]) -> Correction:
    """The newest 补正 of the case document, for the 补正材料收取凭证 (``check_applicable``
    with ``corrected`` has made sure there is one)."""
    last = document["corrections"][-1]
    names = {m.code: m.name for m in record.materials}
    return Correction(
        requested_at=from_text(last["requested_at"]),
        corrected_at=from_text(last["corrected_at"]),
        note=last["note"],
        materials=tuple(names.get(code, code) for code in last["materials"]),
        fields=tuple(last["fields"]),
        waited_working_days=last["waited_working_days"],
        promised_before=date.fromisoformat(last["promised_before"])
        if last["promised_before"]
        else None,
    )


def _is_organisation(record: CaseRecord, number: str | None) -> bool:
    """Whether the applicant is an enterprise or organisation, its number the unified social
    credit code: by its applicant type, or by a credit code (GB 32100, its check character
    right) under 990 其他, whatever type the case was recorded with."""
    return record.applicant_type != "person" or (
        record.applicant_id_type == IdType.OTHER and number is not None and is_credit_code(number)
    )


# Where a training hall's QR codes point when it has no platform of its own running: this
# PC, so a practice receipt scanned by a real phone never reaches a government site.
TRAINING_TRACK_BASE = "http://127.0.0.1"
_LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def tracking_url(config: Config, token: str | None) -> str | None:
    """The QR code's URL: the progress page of the case's ``track_token`` (random, nothing
    personal); None for a case taken before tokens existed (its documents print no QR).

    A production window fills ``printing.tracking_url_template``; a training hall always
    points at its own training platform (``sync.url`` on this PC), whatever a file says."""
    if token is None:
        return None
    if config.is_training:
        url = urlsplit(config.sync.url)
        base = config.sync.url if url.hostname in _LOOPBACK_HOSTS else TRAINING_TRACK_BASE
        return f"{base.rstrip('/')}/track/{token}"
    template = config.printing.tracking_url_template
    try:
        url_text = template.format(token=token)
    except (KeyError, IndexError, ValueError) as exc:
        raise ConfigError(
            f"配置项 printing.tracking_url_template 无效（{template}）：只能包含占位符 {{token}}"
            "（旧版本的 {case_id} 已停用：二维码不再携带办件编号）。",
            f"printing.tracking_url_template is invalid ({template}): the only placeholder "
            "allowed is {token} (the former {case_id} is gone: the QR code no longer carries "
            "the case id).",
            field="printing.tracking_url_template",
        ) from exc
    if token not in url_text:
        raise ConfigError(
            "配置项 printing.tracking_url_template 必须包含 {token}，否则二维码无法查询办件。",
            "printing.tracking_url_template must contain {token}, or the QR code tracks nothing.",
            field="printing.tracking_url_template",
        )
    return url_text


def payment_url(config: Config, reference: str) -> str:
    """The 缴费通知书's QR code: the configured payment page for ``reference``."""
    template = config.printing.payment_url_template
    try:
        url = template.format(reference=reference)
    except (KeyError, IndexError, ValueError) as exc:
        raise _bad_payment_template(template) from exc
    if reference not in url:
        raise _bad_payment_template(template)
    return url


def _bad_payment_template(template: str) -> ConfigError:
    return ConfigError(
        f"配置项 printing.payment_url_template 无效（{template}）：须包含且只能包含占位符"
        " {reference}，否则二维码无法缴费。",
        f"printing.payment_url_template is invalid ({template}): it must contain "
        "{reference}, and no other placeholder, or the QR code pays nothing.",
        field="printing.payment_url_template",
    )


def document_data(
    record: CaseRecord,
    item: ServiceItem | None,
    config: Config,
    *,
    kind: DocumentKind,
    lang: str,
    serial: str,
    issued_at: datetime,
    reprint: Reprint | None,
    withdrawal: tuple[str, datetime] | None = None,
    collection: Collection | None = None,
    correction: Correction | None = None,
    payment: CasePayment | None = None,
    delivery: ResultDelivery | None = None,
    english_name: str | None = None,
    identity: tuple[DocKind, str] | None = None,
    track_token: str | None = None,
    city_wide: bool = False,
    licences_pending: bool = False,
    calendar_years: frozenset[int],
    step_clerk: str | None = None,
    bundle: BundleFacts | None = None,
    agent: AgentFacts | None = None,
) -> DocumentData:
    """The facts ``kind`` prints for ``record``; ``withdrawal`` (the applicant's reason and
    when), ``correction`` and ``english_name`` (as on a foreigner's card) from the case
    document, for the withdrawal receipt and the 补正材料收取凭证; ``payment``, the fee the case
    owes, for the 缴费通知书 and the receipts; ``collection`` (who collected the result) for
    the 领取回执; ``delivery`` (pick-up or post, the address masked) for the documents of an
    accepted case; ``licences_pending``, whether a material is exempt by an e-licence still
    to be verified; ``calendar_years``, the years the store's calendar covers now, for the
    dates counted past them (printed as provisional); ``step_clerk``, who made the step a
    later document is about (took in the 补正, handed the result over), printed as its
    clerk instead of the case's; ``identity``, the applicant's document kind and number
    from the case document, for the document named beside the masked number; ``bundle``,
    the 一件事 the case was decided in, for the bundle receipt (its cases and merged
    checklist) and the line a member's own documents print; ``agent``, the 代办人 / 经办人
    who came for the applicant (``agent_facts``)."""
    own = material_rows(record, item)
    number = identity[1] if identity else None
    organisation = _is_organisation(record, number)
    if kind is DocumentKind.BUNDLE_RECEIPT and bundle is not None:
        own = bundle.materials  # the bundle's merged checklist, each material once
    hall = config.hall
    return DocumentData(
        kind=kind,
        lang=lang,
        serial=serial,
        issued_at=issued_at,
        hall_code=record.hall_code,
        # A hall whose IT set no name prints its code: never an empty heading.
        hall_name=hall.display_name if record.hall_code == hall.hall_code else record.hall_code,
        window_code=record.window_code,
        clerk=step_clerk or record.clerk,
        case_no=record.case_no,
        case_id=record.case_id,
        tracking_url=tracking_url(config, track_token),
        applicant_name=record.applicant_name,
        # A case purged of its document (none to read the number from) keeps the masked one.
        applicant_id_shown=shown_applicant_number(
            number, organisation=organisation, id_type=record.applicant_id_type
        )
        if number is not None
        else record.applicant_masked_id,
        item_code=record.service_item_code,
        item_name=record.service_item_name,
        case_type=item.case_type.value if item is not None else "promised",
        received_at=from_text(record.created_at),
        accepted_at=from_text(record.accepted_at) if record.accepted_at else None,
        promised_days=item.promised_days if item is not None else None,
        promised_date=date.fromisoformat(record.promised_date) if record.promised_date else None,
        materials=own,
        decision_reason=record.decision_reason,
        legal_basis=record.legal_basis,
        redirect_to=record.redirect_to,
        department=item.department if item is not None else None,
        hall_phone=config.printing.hall_phone.strip() or None,
        # A bundle's members share the applicant's choice: its receipt says how results come.
        delivery=delivery
        if kind in ACCEPTANCE_DOCUMENTS or kind is DocumentKind.BUNDLE_RECEIPT
        else None,
        reprint=reprint,
        withdrawal_reason=withdrawal[0] if withdrawal else None,
        withdrawn_at=withdrawal[1] if withdrawal else None,
        collection=collection,
        correction=correction,
        fee_cents=payment.fee_cents if payment else None,
        payment_reference=payment.reference if payment else None,
        payee=item.department if item is not None and payment else None,
        payment_url=payment_url(config, payment.reference)
        if kind is DocumentKind.PAYMENT and payment
        else None,
        paid=payment.paid if payment else False,
        payment_confirmed=payment.confirmed if payment else None,
        payment_transaction_no=payment.receipt_no
        if payment and payment.confirmed is not None
        else None,
        applicant_english_name=english_name,
        applicant_document=document_name(identity[0]) if identity else None,
        applicant_organisation=organisation,
        city_wide=city_wide,
        licences_pending=licences_pending,
        calendar_years=calendar_years,
        bundle=bundle.bundle if bundle is not None else None,
        agent=agent,
    )


def agent_facts(document: dict[str, Any]) -> AgentFacts | None:
    """The 代办人 / 经办人 (or the 法定代表人 in person) of a case document as its papers print
    them (the number masked); None when the applicant came in person."""
    agent = document.get("agent")
    if agent is None:
        return None
    role = agent_role(document["applicant"]["type"], agent["authorization"])
    # An organisation's legal representative in person is printed as what they are, without
    # the relation typed beside them (经营者, 法定代表人 …): they sign as the organisation.
    legal = agent["authorization"] == AgentAuthorization.LEGAL_REPRESENTATIVE
    relation = None if legal else agent["relation"]
    return AgentFacts(
        role=role,
        name=agent["name"],
        id_masked=mask_id_number(agent["id_number"]),
        relation=relation,
    )


def material_rows(record: CaseRecord, item: ServiceItem | None) -> tuple[MaterialRow, ...]:
    """The case's materials as a document lists them, a material still owed with the
    standard of ``item`` (its catalog entry; None: pruned from this workstation)."""
    standards = {}
    if item is not None:
        situation = item.situation(record.situation_code)
        if situation is not None:
            standards = {m.code: m.standard for m in situation.materials}
    return tuple(
        MaterialRow(
            name=m.name,
            status=m.status,
            form=m.form,
            count=m.count,
            deadline=date.fromisoformat(m.deadline) if m.deadline else None,
            # An exempt material carries its basis (本市部门核发, or the e-licence) in print.
            note=m.note or (m.exemption if m.status == "exempt" else None),
            # The standard stays beside the clerk's note: the note says what is wrong, the
            # standard what will do (行政许可法 art. 32: everything, in one go).
            standard=(standards.get(m.code) or None) if m.status in _OWED else None,
            required=m.required,
        )
        for m in record.materials
    )
