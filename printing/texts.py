"""The words on the paper, Chinese and English: labels, the legal phrases the documents
cite, and how dates, times, fees and names are written (the titles are the core's,
counter_app.domain.documents.DOCUMENT_TITLES; each document's legal text is
:mod:`printing.legal_text`'s).

A clerk's free text (a reason, a legal basis, where to apply) goes into the sentences
through :func:`sentence` and :func:`clause`, so its own punctuation is never doubled.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from counter_app.domain.calendar import unpublished_year_note
from counter_app.domain.document_language import DocumentLanguage
from counter_app.domain.fees import (
    PAYMENT_STATES,
    WINDOW_RECORDED_PAYMENT_STATES,
    format_yuan,
)
from counter_app.domain.hall_time import HALL_TIMEZONE
from printing.document_data import DocumentData

LABELS = {
    "case_no": ("办件编号", "Case No."),
    "applicant": ("申请人", "Applicant"),
    "id_number": ("证件号码", "ID No."),
    "credit_code": ("统一社会信用代码", "Unified social credit code"),
    "item": ("申请事项", "Service item"),
    "item_code": ("事项编码", "Item code"),
    "department": ("实施部门", "Department"),
    "accepted_by": ("受理单位", "Accepted at"),
    "handled_by": ("办理部门", "Handled by"),
    "case_type": ("办件类型", "Case type"),
    "received_at": ("收件时间", "Received"),
    "accepted_at": ("受理时间", "Accepted"),
    "withdrawn_at": ("撤回时间", "Withdrawn"),
    "promised": ("承诺办结", "Promised by"),
    "deferral_deadline": ("补齐期限", "Supply by"),
    "delivery": ("领取方式", "Result delivery"),
    "window": ("受理窗口", "Hall / window"),
    "clerk": ("受理人工号", "Clerk ID"),
    "serial": ("文书编号", "Document No."),
    "issued_at": ("出具时间", "Issued"),
    "materials": ("申请材料清单", "Materials"),
    "materials_missing": ("需补正的材料", "Materials to supplement"),
    "materials_deferred": ("容缺材料", "Deferred materials"),
    "materials_received": ("已接收的材料", "Materials received"),
    "materials_supplied": ("补齐的容缺材料", "Deferred materials supplied"),
    "no": ("序号", "No."),
    "material": ("材料名称", "Material"),
    "form": ("形式", "Form"),
    "count": ("份数", "Qty"),
    "status": ("状态", "Status"),
    "reason": ("不予受理理由", "Reason"),
    "legal_basis": ("法律依据", "Legal basis"),
    "standard": ("材料标准", "Standard"),
    "redirect": ("建议申请机关", "Apply instead to"),
    "withdrawal_reason": ("撤回原因", "Reason for withdrawal"),
    "correction_note": ("补正要求", "Correction asked for"),
    "correction_requested_at": ("补正通知时间", "Correction asked"),
    "corrected_at": ("补正收取时间", "Correction received"),
    "promised_before": ("原承诺办结日", "Promised before"),
    "materials_corrected": ("补正的材料", "Corrected materials"),
    "fields_corrected": ("更正的申请人信息", "Applicant data corrected"),
    "track": ("扫码查询办理进度", "Scan to track your case"),
    "sign_applicant": ("申请人（签字）", "Applicant (signature)"),
    "sign_clerk": ("受理人（签字）", "Clerk (signature)"),
    "seal": ("受理单位（盖章）", "Issuing office (seal)"),
    "date": ("日期", "Date"),
    "phone": ("咨询电话", "Enquiries"),
    "none": ("无", "None"),
    "fee": ("收费金额", "Fee"),
    "amount_due": ("缴费金额", "Amount due"),
    "amount_in_capitals": ("大写金额", "Amount in Chinese capitals"),
    "payee": ("收款单位", "Payee"),
    "payment_reference": ("缴费识别码", "Reference"),
    "pay_by_scan": ("扫码缴费", "Scan to pay"),
    "collected_at": ("领取时间", "Collected"),
    "collection": ("领取方式", "Collection"),
    "collector": ("领取人", "Collected by"),
    "collector_id": ("领取人证件", "Collector's ID No."),
    "bundle": ("一件事", "One-thing bundle"),
    "bundle_cases": ("同批办件", "Cases of the bundle"),
    "outcome": ("受理结果", "Decision"),
    "materials_once": (
        "已接收的材料（一次提交，各事项共用）",
        "Materials received (handed in once for all items)",
    ),
    "sign_collector": ("领取人（签字）", "Collector (signature)"),
}

COLLECTIONS = {
    False: ("申请人本人领取", "By the applicant in person"),
    True: ("他人代领（凭授权委托书）", "By a proxy (power of attorney)"),
}

COPIES = (("第一联 申请人联", "Copy 1 · Applicant"), ("第二联 存档联", "Copy 2 · Hall record"))

CASE_TYPES = {"immediate": ("即办件", "Done on the spot"), "promised": ("承诺件", "Promised")}
# An on-the-spot item whose fee is still due is done once it is paid, not at acceptance: the
# receipt and the payment notice say so alike (the platform takes no step before payment).
IMMEDIATE_ONCE_PAID = ("即办件（缴费确认后当场办结）", "Done on the spot once the fee is paid")

FORMS = {
    "original": ("原件", "Original"),
    "copy": ("复印件", "Copy"),
    "electronic": ("电子", "Electronic"),
}

# The applicant's and the agent's fields a correction may concern (counter_app
# EDITABLE_FIELDS); ``{role}``: 代办人, or 经办人 for an organisation (domain.agents).
APPLICANT_FIELDS = {
    "name": ("姓名", "name"),
    "phone": ("联系电话", "phone"),
    "address": ("地址", "address"),
    "agent_name": ("{role}姓名", "agent's name"),
    "agent_phone": ("{role}电话", "agent's phone"),
    "agent_relation": ("{role}关系", "agent's relation to the applicant"),
}

STATUSES = {
    "received": ("已收取", "Received"),
    "exempt": ("免提交", "Exempt"),
    "deferred": ("容缺后补", "Deferred"),
    "commitment": ("告知承诺", "Commitment"),
    "missing": ("缺少", "Missing"),
    "nonconforming": ("不符合要求", "Not conforming"),
}

RECONSIDERATION = (
    "申请人如不服本决定，可以自收到本通知书之日起六十日内依法申请行政复议，"
    "或者自收到本通知书之日起六个月内依法向人民法院提起行政诉讼。",
    "If you disagree with this decision you may apply for administrative reconsideration "
    "within 60 days of receiving this notice, or bring an administrative lawsuit before a "
    "people's court within 6 months of receiving it.",
)

ASK_WHERE_TO_APPLY = (
    "如需了解该事项应向哪一机关申请，可咨询本中心窗口或拨打12345市民服务热线。",
    "To find out which authority handles this application, ask at this centre's windows or "
    "call the 12345 citizen service hotline.",
)

DEFAULT_REFUSAL_BASIS = (
    "《中华人民共和国行政许可法》第三十二条第一款",
    "Article 32(1) of the Administrative Licensing Law of the People's Republic of China",
)

# 容缺受理: an acceptance under art. 32 of the licensing law, with non-core materials owed
# by a deadline under the hall's 容缺受理 rules (the applicant's signed commitment, a
# supervisor's approval).
DEFERRAL_BASIS = (
    "《中华人民共和国行政许可法》第三十二条及容缺受理有关规定",
    "Article 32 of the Administrative Licensing Law of the People's Republic of China and "
    "the rules on acceptance with deferred materials (容缺受理)",
)

# Where the applicant gets the result, at the end of an acceptance's documents (worded as
# the public progress page words it).
RESULT_BY_POST = (
    "办理结果将通过邮政（EMS）寄送至您登记的地址，无需到大厅领取。",
    "The result is sent by post (EMS) to the address you gave; there is no need to come to "
    "the hall.",
)

# Marks that end a sentence, and those a clause may trail that a full stop replaces.
_SENTENCE_ENDS = ("。", "！", "？", ".", "!", "?", "…")
_CLOSING_MARKS = "”’」』）)》"
_TRAILING_MARKS = "。！？.!?…，,；;：:、 "


BILINGUAL = DocumentLanguage.BILINGUAL.value


def pick(pair: tuple[str, str], lang: str) -> str:
    """The text in ``lang``; bilingual: the Chinese, then the English."""
    if lang == BILINGUAL:
        return f"{pair[0]} {pair[1]}"
    return pair[1] if lang == "en" else pair[0]


def sentence(text: str, stop: str) -> str:
    """``text`` as a sentence ending in ``stop`` (``。`` or ``.``); a text that ends one
    already (a reason the clerk typed with its full stop, before a closing quote or not)
    keeps its own mark, a trailing comma or semicolon gives way to ``stop``."""
    text = text.strip()
    if text.rstrip(_CLOSING_MARKS).endswith(_SENTENCE_ENDS):
        return text
    return clause(text) + stop


def clause(text: str) -> str:
    """``text`` inside a sentence (根据{basis}的规定): without the punctuation it may end with."""
    return text.strip().rstrip(_TRAILING_MARKS)


def listing(names: Sequence[str], lang: str) -> str:
    """Names one after the other: 甲、乙 (a bilingual paper too), or "A, B" in English."""
    return (", " if lang == "en" else "、").join(names)


def colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "  # a bilingual label ends in English


def label(key: str, lang: str) -> str:
    return pick(LABELS[key], lang)


def fmt_date(value: date | None, lang: str) -> str:
    if value is None:
        return "—"
    if lang != "zh":  # ISO dates read the same in both languages
        return value.isoformat()
    return f"{value.year}年{value.month}月{value.day}日"


def counted_date(data: DocumentData, day: date | None, lang: str, working_days: int = 0) -> str:
    """A date counted in working days as a facts row prints it: with the ``working_days``
    counted, and marked provisional when the calendar did not cover its year when ``data``
    was made, e.g. 2027年1月4日（20个工作日；2027年节假日安排尚未公布，按周一至周五计算）."""
    notes = [(f"{working_days}个工作日", f"{working_days} working days")] if working_days else []
    note = None if day is None else unpublished_year_note(day, data.calendar_years)
    if note is not None:
        notes.append(note)
    if not notes:
        return fmt_date(day, lang)
    zh = "；".join(zh for zh, _ in notes)
    en = "; ".join(en for _, en in notes)
    if lang == BILINGUAL and note is not None:
        # Long with the caveat: the English on a line of its own, as a bilingual label's.
        return f"{fmt_date(day, lang)}（{zh}）\n({en})"
    return fmt_date(day, lang) + pick((f"（{zh}）", f" ({en})"), lang)


def unpublished_sentence(data: DocumentData, day: date | None) -> str:
    """The sentence a legal text in ``data.lang`` (zh or en) adds after naming ``day`` when
    ``counted_date`` marks it provisional; "" when it does not."""
    note = None if day is None else unpublished_year_note(day, data.calendar_years)
    if note is None:
        return ""
    if data.lang == "en":
        return f" {note[1][0].upper()}{note[1][1:]}."
    return f"{note[0]}。"


def fmt_time(value: datetime | None, lang: str) -> str:
    if value is None:
        return "—"
    local = value.astimezone(HALL_TIMEZONE)  # the hall's clock, whatever the workstation's zone
    if lang != "zh":
        return local.strftime("%Y-%m-%d %H:%M")
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def fmt_fee(
    cents: int,
    paid: bool | None,
    lang: str,
    *,
    confirmed: bool | None = None,
    transaction_no: str | None = None,
) -> str:
    """``20.00 元`` from integer cents, with 待缴费/已缴费 when ``paid`` is given. A payment on
    the payment platform the window recorded from the applicant's voucher (``confirmed`` not
    None, as ``CasePayment.confirmed``) says whether the platform confirmed it, with its
    transaction number: ``已缴费（统一支付平台，待平台确认，流水号 …）``."""
    amount = f"{format_yuan(cents)} {'yuan' if lang == 'en' else '元'}"
    if paid is None:
        return amount
    state = pick(PAYMENT_STATES[paid], lang)
    if paid and confirmed is not None:
        state = pick(WINDOW_RECORDED_PAYMENT_STATES[confirmed], lang).format(
            number=transaction_no or ""
        )
    return f"{amount} ({state})" if lang == "en" else f"{amount}（{state}）"


def reprint_mark(number: int, at: datetime, lang: str) -> str:
    if lang == BILINGUAL:
        return f"{reprint_mark(number, at, 'zh')} / REPRINT No. {number}"
    if lang == "en":
        return f"REPRINT · No. {number} · {fmt_time(at, lang)}"
    return f"补打 · 第{number}次补打 · {fmt_time(at, lang)}"


def page_of(page: int, total: int, lang: str) -> str:
    if lang == BILINGUAL:
        return f"第 {page} 页 / 共 {total} 页 · Page {page} of {total}"
    return f"Page {page} of {total}" if lang == "en" else f"第 {page} 页 / 共 {total} 页"


def applicant_name(data: DocumentData) -> str:
    """The applicant as on the card: the name, and the English name when it differs."""
    english = data.applicant_english_name
    if not english or english == data.applicant_name:
        return data.applicant_name
    return f"{data.applicant_name}（{english}）"
