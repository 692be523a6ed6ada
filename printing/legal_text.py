"""Each document's legal text, as paragraphs of plain text in Chinese or English.

Legal references: 《中华人民共和国行政许可法》第三十二条 (acceptance, one-time notice,
refusal, and the 容缺 acceptance, which the hall's 容缺受理 rules allow when the core
materials are in); 《中华人民共和国行政复议法》(2023) 第二十条 (60 days to apply for
reconsideration); 《中华人民共和国行政诉讼法》第四十六条 (6 months to sue).
"""

from __future__ import annotations

from dataclasses import replace

from counter_app.domain.case_states import CaseState
from counter_app.domain.delivery import DeliveryMethod
from printing.document_data import DocumentData, DocumentKind
from printing.texts import (
    ASK_WHERE_TO_APPLY,
    BILINGUAL,
    DEFAULT_REFUSAL_BASIS,
    DEFERRAL_BASIS,
    RECONSIDERATION,
    RESULT_BY_POST,
    clause,
    fmt_date,
    fmt_fee,
    fmt_time,
    pick,
    sentence,
    unpublished_sentence,
)


def body(data: DocumentData) -> list[str]:
    """The legal text of the document, as paragraphs of plain text; bilingual: all of it
    in Chinese, then all of it in English."""
    if data.lang == BILINGUAL:
        return body(replace(data, lang="zh")) + body(replace(data, lang="en"))
    en = data.lang == "en"
    item = data.item_name
    if data.kind is DocumentKind.RECEIPT:
        limit = _time_limit(data) + _licences_pending(data)
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
                f"{fmt_date(deadline, 'en')} at {_accepting_window(data)}."
                + unpublished_sentence(data, deadline)
                + " If they are not supplied by then, the deferred acceptance ends, the "
                "application is treated as incomplete and will not be processed further, and "
                "the commitment you signed is recorded as not kept.",
            ]
        return [
            f"您申请的“{item}”事项，基本条件具备、主要申请材料齐全且符合法定形式，部分非核心材料暂缺。"
            f"根据{basis}，经审核同意，并经您承诺按期补齐，本机关对您的申请予以容缺受理。",
            f"请于{fmt_date(deadline, 'zh')}前到{_accepting_window(data)}按所列标准补齐下列容缺材料。"
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
            f"{_decider(data)[0]}于{fmt_date(data.promised_date, 'zh')}前办结。"
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
            f"等待补正的{waited}个工作日不计入办理时限，{_decider(data)[0]}于"
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
        on_the_spot = data.case_type == "immediate"
        if en:
            then = (
                "The item is handled on the spot once the payment is confirmed"
                if on_the_spot
                else "Processing starts once the payment is confirmed"
            )
            return [
                f"Your application for “{item}” carries a fee of {amount}, payable to "
                f"{sentence(data.payee or '—', '.')}",
                f"Pay it with the payment reference {data.payment_reference} on the unified "
                "public payment platform (scan the QR code, or at a bank), or by card at this "
                f"window. {then}; until then the application waits.",
            ]
        then = "缴费确认后当场办结" if on_the_spot else "缴费确认后本机关开始办理"
        return [
            f"您申请的“{item}”事项应缴纳费用{amount}，收款单位为{sentence(data.payee or '—', '。')}",
            f"请凭缴费识别码 {data.payment_reference} 通过统一公共支付平台缴纳（扫描二维码或到银行柜面），"
            f"也可在本窗口刷银行卡缴纳。{then}，未缴费前本申请暂不办理。",
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
    if data.kind is DocumentKind.BUNDLE_RECEIPT:
        return _bundle_body(data)
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


def _time_limit(data: DocumentData) -> str:
    """The receipt's sentence on when the case is done: on the spot (once the fee due is
    paid), or by the promised date, by whoever decides it."""
    en = data.lang == "en"
    if data.done_on_the_spot_once_paid:
        return (
            "This item is handled on the spot once the fee is paid."
            if en
            else "本事项为即办件，缴费确认后当场办结。"
        )
    if data.case_type == "immediate":
        return "This item is handled on the spot." if en else "本事项为即办件，当场办结。"
    if en:
        limit = (
            f"{_decider(data)[1]} will complete it within {data.promised_days} working days "
            f"(by {fmt_date(data.promised_date, 'en')}); time for statutory special "
            "procedures is not counted."
        )
    else:
        limit = (
            f"{_decider(data)[0]}在{data.promised_days}个工作日内"
            f"（{fmt_date(data.promised_date, 'zh')}前）办结，法定特别程序所需时间不计算在内。"
        )
    return limit + unpublished_sentence(data, data.promised_date)


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
            f"{fmt_date(data.deferral_deadline, 'en')} at {_accepting_window(data)} (see the notice of "
            "acceptance with deferred materials)."
            + unpublished_sentence(data, data.deferral_deadline)
            + " If they are not supplied by then, the deferred acceptance ends, and the "
            "application is treated as incomplete and not processed further.",
        ]
    return [
        f"您申请的“{item}”事项，基本条件具备、主要申请材料齐全且符合法定形式，下表中标注"
        f"“容缺后补”的材料暂缺。根据{basis}，经审核同意，决定予以容缺受理。" + limit,
        f"请于{fmt_date(data.deferral_deadline, 'zh')}前到{_accepting_window(data)}补齐容缺材料"
        "（详见容缺受理通知书）。"
        + unpublished_sentence(data, data.deferral_deadline)
        + "逾期未补齐的，容缺受理终止，本申请按材料不齐全处理、不再继续办理。",
    ]


def _decider(data: DocumentData) -> tuple[str, str]:
    """Who completes the case, as its promise names it (Chinese, English): the body that
    issues the paper, or for 全市通办 the handling department the paper names (the
    accepting hall only takes the application: "本机关" would read as the hall)."""
    if data.city_wide and data.department:
        return f"由{data.department}", data.department
    return "本机关将", "We"


def _accepting_window(data: DocumentData) -> str:
    """Where the deferred materials are supplied: only the window that accepted the case
    adds to it (docs/sync-protocol.md, "Device binding"), named as the paper names it."""
    hall = data.hall_name or data.hall_code
    if data.lang == "en":
        return f"the window that accepted it ({hall}, window {data.window_code})"
    return f"原受理窗口（{hall} {data.window_code}窗口）"


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
    paper = "本回执" if data.kind is DocumentKind.BUNDLE_RECEIPT else "本通知书"
    if posted:
        return f"请妥善保管{paper}，凭办件编号或扫描二维码查询办理进度。" + RESULT_BY_POST[0]
    return f"请妥善保管{paper}，凭办件编号或扫描二维码查询办理进度、领取办理结果。"


def _bundle_body(data: DocumentData) -> list[str]:
    """The 一件事受理回执: the materials handed in once for every item, each item decided on
    its own; the accepted ones by their promised dates, the 容缺 ones owing their deferred
    materials, and for the notified ones, all at once, what to bring (in the table of cases)."""
    cases = data.bundle.cases if data.bundle else ()
    name = data.bundle.name if data.bundle else "—"
    states = {case.state for case in cases}
    accepted = any(case.promised_date is not None for case in cases)
    en = data.lang == "en"
    if en:
        opening = (
            f"Your application for the one-thing bundle “{name}” covers {len(cases)} service "
            "items. The materials were handed in once and serve every item that needs them; "
            "each item is decided on its own (see the table below)."
        )
        if accepted:
            opening += (
                " The items accepted will be completed by the departments listed by their "
                "promised dates; time for statutory special procedures is not counted."
            )
    else:
        opening = (
            f"您申请的“{name}”共涉及{len(cases)}个事项，申请材料一次提交、各事项共用，"
            "各事项分别作出决定（见下表）。"
        )
        if accepted:
            opening += (
                "已受理的事项，由表中所列部门在承诺办结日前办结，法定特别程序所需时间不计算在内。"
            )
    paragraphs = [opening]
    if CaseState.ACCEPTED_DEFERRED in states:
        paragraphs.append(
            "An item accepted with deferred materials owes them by the deadline its notice of "
            "acceptance with deferred materials gives."
            if en
            else "容缺受理的事项，请按其《容缺受理通知书》所列期限补齐容缺材料。"
        )
    if CaseState.NOTIFIED in states:
        paragraphs.append(
            "For the items whose materials are incomplete or not in the legal form, under "
            "Article 32(1)(4) of the Administrative Licensing Law we tell you, all at once, "
            "everything to supplement or correct (in the table below; each item's one-time notice "
            "says it too). Bring it to any service hall to apply again."
            if en
            else "申请材料不齐全或者不符合法定形式的事项，根据《中华人民共和国行政许可法》第三十二条"
            "第一款第（四）项的规定，现一次性告知您需要补正的全部内容（见下表及各事项的"
            "《一次性告知书》），补正后可到任一受理窗口重新提交。"
        )
    return [*paragraphs, _keep(data)]


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
