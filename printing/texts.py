"""The words on the paper, Chinese and English: labels and each document's legal text (the
titles are the core's, counter_app.domain.documents.DOCUMENT_TITLES).

Legal references: 《中华人民共和国行政许可法》第三十二条 (acceptance, one-time notice,
refusal, and the 容缺 acceptance, which the hall's 容缺受理 rules allow when the core
materials are in); 《中华人民共和国行政复议法》(2023) 第二十条 (60 days to apply for
reconsideration); 《中华人民共和国行政诉讼法》第四十六条 (6 months to sue).

A clerk's free text (a reason, a legal basis, where to apply) goes into the sentences
through :func:`sentence` and :func:`clause`, so its own punctuation is never doubled.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from counter_app.domain.calendar import unpublished_year_note
from counter_app.domain.delivery import DeliveryMethod
from counter_app.domain.document_language import DocumentLanguage
from counter_app.domain.fees import PAYMENT_STATES, format_yuan
from counter_app.domain.hall_time import HALL_TIMEZONE
from printing.document_data import DocumentData, DocumentKind

LABELS = {
    "case_no": ("办件编号", "Case No."),
    "applicant": ("申请人", "Applicant"),
    "id_number": ("证件号码", "ID No."),
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
    "clerk": ("经办人工号", "Clerk ID"),
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
    "sign_clerk": ("经办人（签字）", "Clerk (signature)"),
    "seal": ("受理单位（盖章）", "Issuing office (seal)"),
    "date": ("日期", "Date"),
    "phone": ("咨询电话", "Enquiries"),
    "none": ("无", "None"),
    "fee": ("收费金额", "Fee"),
    "amount_due": ("缴费金额", "Amount due"),
    "payee": ("收款单位", "Payee"),
    "payment_reference": ("缴费识别码", "Reference"),
    "pay_by_scan": ("扫码缴费", "Scan to pay"),
    "collected_at": ("领取时间", "Collected"),
    "collection": ("领取方式", "Collection"),
    "collector": ("领取人", "Collected by"),
    "collector_id": ("领取人证件", "Collector's ID No."),
    "sign_collector": ("领取人（签字）", "Collector (signature)"),
}

COLLECTIONS = {
    False: ("申请人本人领取", "By the applicant in person"),
    True: ("他人代领（凭授权委托书）", "By a proxy (power of attorney)"),
}

COPIES = (("第一联 申请人联", "Copy 1 · Applicant"), ("第二联 存档联", "Copy 2 · Hall record"))

CASE_TYPES = {"immediate": ("即办件", "Done on the spot"), "promised": ("承诺件", "Promised")}

FORMS = {
    "original": ("原件", "Original"),
    "copy": ("复印件", "Copy"),
    "electronic": ("电子", "Electronic"),
}

# The applicant's fields a correction may concern (counter_app CORRECTABLE_FIELDS).
APPLICANT_FIELDS = {
    "name": ("姓名", "name"),
    "phone": ("联系电话", "phone"),
    "address": ("地址", "address"),
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


def fmt_fee(cents: int, paid: bool | None, lang: str) -> str:
    """``20.00 元`` from integer cents, with 待缴费/已缴费 when ``paid`` is given."""
    amount = f"{format_yuan(cents)} {'yuan' if lang == 'en' else '元'}"
    if paid is None:
        return amount
    state = pick(PAYMENT_STATES[paid], lang)
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


def body(data: DocumentData) -> list[str]:
    """The legal text of the document, as paragraphs of plain text; bilingual: all of it
    in Chinese, then all of it in English."""
    if data.lang == BILINGUAL:
        return body(replace(data, lang="zh")) + body(replace(data, lang="en"))
    en = data.lang == "en"
    item = data.item_name
    if data.kind is DocumentKind.RECEIPT:
        if data.case_type == "immediate":
            limit = "This item is handled on the spot." if en else "本事项为即办件，当场办结。"
        elif en:
            limit = (
                f"We will complete it within {data.promised_days} working days (by "
                f"{fmt_date(data.promised_date, 'en')}); time for statutory special procedures "
                "is not counted."
            ) + unpublished_sentence(data, data.promised_date)
        else:
            limit = (
                f"本机关将在{data.promised_days}个工作日内（{fmt_date(data.promised_date, 'zh')}前）"
                "办结，法定特别程序所需时间不计算在内。"
            ) + unpublished_sentence(data, data.promised_date)
        limit += _licences_pending(data)
        if data.deferral_deadline is not None:
            return [*_deferred_acceptance(data, limit), _keep(data)]
        if en:
            return [
                f"Your application for “{item}” is complete and in the legal form. Under "
                "Article 32(1)(5) of the Administrative Licensing Law it is accepted. " + limit,
                _keep(data),
            ]
        return [
            f"您申请的“{item}”事项，申请材料齐全、符合法定形式，根据《中华人民共和国行政许可法》"
            "第三十二条第一款第（五）项的规定，决定予以受理。" + limit,
            _keep(data),
        ]
    if data.kind is DocumentKind.NOTICE:
        if en:
            return [
                f"Your application for “{item}” is incomplete or not in the legal form. Under "
                "Article 32(1)(4) of the Administrative Licensing Law we tell you, all at once, "
                "everything that must be supplemented or corrected (listed below).",
                "Bring the listed materials to any service hall; once they are complete and "
                "conform, the application will be accepted. This notice lists every missing "
                "item: nothing further will be asked for the same application.",
            ]
        return [
            f"您申请的“{item}”事项，申请材料不齐全或者不符合法定形式。根据《中华人民共和国行政许可法》"
            "第三十二条第一款第（四）项的规定，现一次性告知您需要补正的全部内容（见下表）。",
            "请按要求补正后到任一受理窗口重新提交，材料齐全、符合法定形式的，本机关将依法予以受理。"
            "本告知书已列明全部补正内容，同一申请不再要求补正其他材料。",
        ]
    if data.kind is DocumentKind.DEFERRAL:
        deadline = data.deferral_deadline
        basis = pick(DEFERRAL_BASIS, data.lang)
        if en:
            return [
                f"Your application for “{item}” meets the basic conditions and its core materials "
                "are complete and in the legal form; some non-core materials are missing. Under "
                f"{basis}, with a supervisor's approval, it is accepted with those materials "
                "deferred, on your commitment to supply them in time.",
                f"Supply the deferred materials listed below, each to the standard given, by "
                f"{fmt_date(deadline, 'en')} at any service hall."
                + unpublished_sentence(data, deadline)
                + " If they are not supplied by then, the deferred acceptance ends, the "
                "application is treated as incomplete and will not be processed further, and "
                "the commitment you signed is recorded as not kept.",
            ]
        return [
            f"您申请的“{item}”事项，基本条件具备、主要申请材料齐全且符合法定形式，部分非核心材料暂缺。"
            f"根据{basis}，经审核同意，并经您承诺按期补齐，本机关对您的申请予以容缺受理。",
            f"请于{fmt_date(deadline, 'zh')}前到任一受理窗口按所列标准补齐下列容缺材料。"
            + unpublished_sentence(data, deadline)
            + "逾期未补齐的，容缺受理自动终止，本申请按材料不齐全处理、不再继续办理，"
            "并记录您未履行所作承诺。",
        ]
    if data.kind is DocumentKind.SUPPLY:
        if en:
            return [
                f"The deferred materials of your application for “{item}” (listed below) have "
                "been supplied. The application is now accepted in full and will be completed "
                f"by {fmt_date(data.promised_date, 'en')}."
                + unpublished_sentence(data, data.promised_date),
                "Keep this receipt with the notice of acceptance with deferred materials.",
            ]
        return [
            f"您申请的“{item}”事项，容缺材料（见下表）已补齐，本申请转为正式受理，"
            f"本机关将于{fmt_date(data.promised_date, 'zh')}前办结。"
            + unpublished_sentence(data, data.promised_date),
            "请将本回执与容缺受理通知书一并妥善保管。",
        ]
    if data.kind is DocumentKind.TERMINATION:
        due = fmt_date(data.deferral_deadline, "en" if en else "zh")
        if en:
            return [
                f"Your application for “{item}” was accepted with deferred materials, to be "
                f"supplied by {due}. The materials listed below were not supplied by then.",
                "The deferred acceptance is therefore terminated: the application is treated as "
                "incomplete and will not be processed further, and the commitment you signed is "
                "recorded as not kept. You may apply again with complete materials.",
                pick(RECONSIDERATION, data.lang),
            ]
        return [
            f"您申请的“{item}”事项已于受理时容缺受理，容缺材料应于{due}前补齐。"
            "截至该日，下列材料未补齐。",
            "根据容缺受理的约定，本次容缺受理终止，本申请按材料不齐全处理、不再继续办理，"
            "并记录您未履行所作承诺。材料齐全后，您可重新提出申请。",
            pick(RECONSIDERATION, data.lang),
        ]
    if data.kind is DocumentKind.CORRECTION and data.correction is not None:
        waited = data.correction.waited_working_days
        if en:
            return [
                f"The department handling your application for “{item}” asked for a "
                "correction. We have received the corrected materials listed below; the "
                "application is back in process.",
                f"The {waited} working day(s) spent waiting for the correction do not count "
                "towards the time limit: the application will be completed by "
                f"{fmt_date(data.promised_date, 'en')}."
                + unpublished_sentence(data, data.promised_date)
                + " Keep this voucher with the receipt.",
            ]
        return [
            f"您申请的“{item}”事项，实施部门要求补正。今收到您提交的下列补正材料，特此凭证，"
            "本申请恢复办理。",
            f"等待补正的{waited}个工作日不计入办理时限，本机关将于"
            f"{fmt_date(data.promised_date, 'zh')}前办结。"
            + unpublished_sentence(data, data.promised_date)
            + "请将本凭证与受理通知书一并妥善保管。",
        ]
    if data.kind is DocumentKind.REFUSAL:
        basis = clause(data.legal_basis or pick(DEFAULT_REFUSAL_BASIS, data.lang))
        reason = data.decision_reason or "—"
        paragraphs = (
            [
                f"Your application for “{item}” has been examined. Reason: "
                f"{sentence(reason, '.')} Under {basis}, it is not accepted."
            ]
            if en
            else [
                f"您申请的“{item}”事项，经审查：{sentence(reason, '。')}"
                f"根据{basis}的规定，决定不予受理。"
            ]
        )
        if data.redirect_to:
            paragraphs.append(
                f"Please apply to: {sentence(data.redirect_to, '.')}"
                if en
                else f"请向{clause(data.redirect_to)}提出申请。"
            )
        else:
            paragraphs.append(pick(ASK_WHERE_TO_APPLY, data.lang))
        paragraphs.append(pick(RECONSIDERATION, data.lang))
        return paragraphs
    if data.kind is DocumentKind.PAYMENT:
        amount = fmt_fee(data.fee_cents or 0, None, data.lang)
        if en:
            return [
                f"Your application for “{item}” carries a fee of {amount}, payable to "
                f"{sentence(data.payee or '—', '.')}",
                f"Pay it with the payment reference {data.payment_reference} on the unified "
                "public payment platform (scan the QR code, or at a bank), or by card at this "
                "window. Processing starts once the payment is confirmed; until then the "
                "application waits.",
            ]
        return [
            f"您申请的“{item}”事项应缴纳费用{amount}，收款单位为{sentence(data.payee or '—', '。')}",
            f"请凭缴费识别码 {data.payment_reference} 通过统一公共支付平台缴纳（扫描二维码或到银行柜面），"
            "也可在本窗口刷银行卡缴纳。缴费确认后本机关开始办理，未缴费前本申请暂不办理。",
        ]
    if data.kind is DocumentKind.WITHDRAWAL:
        when = fmt_time(data.withdrawn_at, data.lang)
        if en:
            return [
                f"On {when} the applicant asked to withdraw the application for “{item}”.",
                "The withdrawal was confirmed by the applicant in person; the application will "
                "not be processed further. A new application may be made at any time.",
            ]
        return [
            f"申请人于{when}申请撤回“{item}”事项的申请。",
            "经申请人本人确认，本申请已撤回，本机关不再继续办理；申请人可依法重新提出申请。",
        ]
    if data.kind is DocumentKind.HANDOVER:
        return _handover_body(data, item)
    if en:
        return [
            f"We have received the materials listed below for your application for “{item}”. "
            "This voucher proves only that the materials were handed in; it is not a decision to "
            "accept the application."
        ]
    return [
        f"今收到您为申请“{item}”事项提交的下列材料，特此凭证。本凭证仅证明材料已接收，"
        "不代表申请已被受理。"
    ]


def _licences_pending(data: DocumentData) -> str:
    """The sentence an acceptance adds when a material is exempt by an e-licence the
    register has not confirmed yet: the materials count as complete on that condition."""
    if not data.licences_pending:
        return ""
    if data.lang == "en":
        return (
            " Materials marked as exempt by an e-licence pending verification are still to be "
            "confirmed by the e-licence register; if one is not, you will be asked to bring "
            "the paper material."
        )
    return (
        "标注“电子证照待核验”免交的材料，尚待电子证照库核验；核验未通过的，将通知您补交纸质材料。"
    )


def _deferred_acceptance(data: DocumentData, limit: str) -> list[str]:
    """A 容缺 case's receipt: accepted with materials deferred, by when they are owed, and
    what follows if they are not brought (the 容缺受理通知书 says it at length)."""
    item = data.item_name
    basis = pick(DEFERRAL_BASIS, data.lang)
    if data.lang == "en":
        return [
            f"Your application for “{item}” meets the basic conditions and its core materials "
            "are complete and in the legal form; the materials marked “Deferred” below are "
            f"still missing. Under {basis}, with a supervisor's approval, it is accepted with "
            "those materials deferred. " + limit,
            "Supply the deferred materials by "
            f"{fmt_date(data.deferral_deadline, 'en')} at any service hall (see the notice of "
            "acceptance with deferred materials)."
            + unpublished_sentence(data, data.deferral_deadline)
            + " If they are not supplied by then, the deferred acceptance ends, and the "
            "application is treated as incomplete and not processed further.",
        ]
    return [
        f"您申请的“{item}”事项，基本条件具备、主要申请材料齐全且符合法定形式，下表中标注"
        f"“容缺后补”的材料暂缺。根据{basis}，经审核同意，决定予以容缺受理。" + limit,
        f"请于{fmt_date(data.deferral_deadline, 'zh')}前到任一受理窗口补齐容缺材料"
        "（详见容缺受理通知书）。"
        + unpublished_sentence(data, data.deferral_deadline)
        + "逾期未补齐的，容缺受理终止，本申请按材料不齐全处理、不再继续办理。",
    ]


def _keep(data: DocumentData) -> str:
    """The receipt's last word: keep it, track the case, and how the result comes."""
    posted = data.delivery is not None and data.delivery.method is DeliveryMethod.POST
    if data.lang == "en":
        if posted:
            return (
                "Keep this receipt: it is your proof of acceptance. Use the case number or the "
                "QR code to track progress. " + RESULT_BY_POST[1]
            )
        return (
            "Keep this receipt: it is your proof of acceptance. Use the case number or the QR "
            "code to track progress and to collect the result."
        )
    if posted:
        return "请妥善保管本通知书，凭办件编号或扫描二维码查询办理进度。" + RESULT_BY_POST[0]
    return "请妥善保管本通知书，凭办件编号或扫描二维码查询办理进度、领取办理结果。"


def _handover_body(data: DocumentData, item: str) -> list[str]:
    collection = data.collection
    when = fmt_time(collection.at if collection else None, data.lang)
    by_proxy = collection is not None and collection.by_proxy
    if data.lang == "en":
        return [
            f"The result of your application for “{item}” was handed over at this window on "
            f"{when}, to the person named above, whose identity was checked"
            + (" with the applicant's power of attorney." if by_proxy else "."),
            "The collector checks the result and signs below to confirm receiving it.",
        ]
    return [
        f"您申请的“{item}”事项已办结，办理结果已于{when}在本窗口交付上列领取人。"
        + (
            "领取人身份已核验，并留存申请人签署的授权委托书。" if by_proxy else "领取人身份已核验。"
        ),
        "请领取人当场核对办理结果，并签字确认已领取。",
    ]
