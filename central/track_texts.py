"""What the public progress page (``central.track_page``) says, in Chinese and English: its
labels, each state's next step for the applicant, and in which states a result is to be
received."""

from __future__ import annotations

from counter_app.domain.case_states import CaseState
from counter_app.domain.checklist import ShortfallKind

LEVEL_NAMES = {
    5: ("非常满意", "Very satisfied"),
    4: ("满意", "Satisfied"),
    3: ("基本满意", "Fairly satisfied"),
    2: ("不满意", "Dissatisfied"),
    1: ("非常不满意", "Very dissatisfied"),
}

TEXT = {
    "title": ("办理进度", "Case progress"),
    "case_no": ("办件编号", "Case number"),
    "item": ("申请事项", "Service item"),
    "applicant": ("申请人", "Applicant"),
    "state": ("当前状态", "Status"),
    "promised": ("承诺办结日期", "Promised by"),
    "none": ("—", "—"),
    "accepted_at": ("受理单位", "Accepting hall"),
    "handled_by": ("办理部门（全市通办）", "Handled by (city-wide service)"),
    "bring": ("领取时请携带", "To collect the result, bring"),
    "bring_self": (
        "本回执（或出示本页）及申请人本人有效身份证件原件",
        "this receipt (or this page) and the applicant's own valid identity document",
    ),
    "bring_proxy": (
        "他人代领的，另带申请人签署的委托书和代领人本人身份证件原件",
        "someone collecting for the applicant also brings the applicant's signed power of "
        "attorney and their own identity document",
    ),
    "posted": (
        "结果将通过邮政（EMS）寄送，无需到大厅领取",
        "The result is sent by post (EMS); there is no need to come to the hall",
    ),
    "ready": ("结果已可领取", "Your result is ready to collect"),
    "fee": ("费用", "Fee"),
    "fee_due": (
        "待缴费 {amount} 元：请凭缴费识别码 {reference} 通过统一公共支付平台缴纳（扫描缴费通知书上"
        "的二维码或到银行柜面），也可到受理窗口刷银行卡缴纳。缴费确认后开始办理，未缴费前本申请"
        "暂不办理。",
        "Fee due: {amount} yuan. Pay it with the payment reference {reference} on the unified "
        "public payment platform (scan the QR code on the payment notice, or at a bank), or by "
        "card at the accepting window. Processing starts once the payment is confirmed; until "
        "then the application waits.",
    ),
    "waybill": ("邮寄运单号", "Waybill"),
    "ready_posted": ("结果已办好", "Your result is ready"),
    "next": ("下一步", "What happens next"),
    "bundle_others": (
        "同一件事的其他办件（{name}）",
        "Other cases of the same one-thing application ({name})",
    ),
    "correction": ("实施部门要求补正的内容", "What the department asked to correct"),
    "standard": ("标准：", "Standard: "),
    "see_notice": (
        "所缺材料及其标准见窗口出具的一次性告知书。",
        "The materials needed, and their standards, are on the one-time notice the window "
        "gave you.",
    ),
    "deadline": ("补交期限", "supply by"),
    "refusal_reason": ("不予受理理由", "Reason"),
    "legal_basis": ("法律依据", "Legal basis"),
    "apply_to": ("请向{}提出申请。", "Please apply to: {}."),
    "ask_where": (
        "如需了解该事项应向哪一机关申请，可咨询受理大厅窗口或拨打12345市民服务热线。",
        "To find out which authority handles this application, ask at the accepting hall's "
        "windows or call the 12345 citizen service hotline.",
    ),
    "appeal": (
        "如不服本决定，可依法申请行政复议或者提起行政诉讼，期限见不予受理通知书。",
        "If you disagree with this decision you may apply for administrative reconsideration "
        "or bring an administrative lawsuit; the time limits are on the refusal notice.",
    ),
    "rate": ("评价本次服务（一事一评）", "Rate this service"),
    "reason": ("不满意的原因（选“不满意”或“非常不满意”时必选）", "Reason (needed for 1 or 2)"),
    "pick": ("请选择", "Choose"),
    "submit": ("提交评价", "Submit rating"),
    "rated": ("您已评价：", "You rated this service: "),
    "not_ratable": (
        "本办件不在网上评价：尚未受理，或已在窗口撤回、不予受理、一次性告知的办件，"
        "请在大厅窗口的评价器上评价；已作废的办件不作评价。",
        "This case is not rated online: a case not accepted yet, or withdrawn, refused or "
        "notified at the window, is rated on the hall's evaluator; a voided case is not rated.",
    ),
    "thanks": ("感谢您的评价。", "Thank you for your rating."),
    "switch": ("English", "中文"),
    "preapp_title": ("网上申报进度", "Online pre-application"),
    "preapp_ask": (
        "请输入申报时所用证件的号码，查看该网上申报的预审结果。",
        "Enter the number of the document you applied with to see the pre-review of this "
        "application.",
    ),
    "preapp_id_number": ("证件号码", "Document number"),
    "preapp_submit": ("查询", "Show"),
    "preapp_not_found": (
        "没有与该编号和证件号码相符的网上申报（或其保存期限已过）。请核对后重试。",
        "No pre-application matches this link and document number (or it is no longer "
        "kept). Check them and try again.",
    ),
    "preapp_status": ("状态", "Status"),
    "preapp_valid": ("有效至", "Valid until"),
    "preapp_review": ("网上预审", "Pre-review"),
    "preapp_passed": ("通过", "passed"),
    "preapp_failed": (
        "未通过，请按说明更正后重新申报",
        "not passed: correct it as told and apply again",
    ),
    "preapp_note": ("预审意见", "Reviewer's note"),
    "preapp_closed_note": ("撤回原因", "Reason given"),
    "not_found": ("未找到该办件", "No such case"),
    "not_found_body": (
        "二维码或链接无效。请核对回执上的二维码，或致电办件大厅查询。",
        "The QR code or link is not valid. Check the code on your receipt, or call the hall.",
    ),
    "limited": ("请求过于频繁", "Too many requests"),
    "limited_body": ("请稍后再试。", "Please try again in a moment."),
}


# What the applicant does next, one line per state; the states whose line depends on the
# delivery method have theirs for a posted result in ``NEXT_POSTED``. Neither says more
# than the page's other rows: no reasons of a withdrawal or a voiding, no clerk's notes.
# ``{window}`` is the accepting hall and window: a deferred material or a correction is
# taken there only (the window that accepted the case).
NEXT: dict[CaseState, tuple[str, str]] = {
    CaseState.RECEIVED: (
        "窗口正在审查您的申请材料，审查后将告知是否受理。",
        "The window is examining your application and will tell you whether it is accepted.",
    ),
    CaseState.ACCEPTED: (
        "您的申请已受理，正在办理。结果办好后，本页会显示。",
        "Your application is accepted and being processed. This page will say when the "
        "result is ready.",
    ),
    CaseState.ACCEPTED_DEFERRED: (
        "您的申请已容缺受理。请在补交期限前，携带下列材料到原受理窗口（{window}）补交；逾期"
        "未补交的，容缺受理终止，本件不再办理。",
        "Your application is accepted with materials to follow. Bring the materials below to "
        "the window that accepted it ({window}) by their deadlines; if they are not supplied "
        "in time, the acceptance ends and the application is not processed further.",
    ),
    CaseState.NOTIFIED: (
        "您的申请尚未受理，现在没有需要领取的结果。请按标准补齐或更正所缺材料（见下），"
        "再携带这些材料和申请人有效身份证件到任一窗口继续办理。",
        "Your application is not accepted yet, and there is nothing to collect now. Supply or "
        "correct what is missing (see below) to its standard, then bring it and the "
        "applicant's identity document to any window to continue.",
    ),
    CaseState.REFUSED: (
        "您的申请不予受理，本件不再办理，没有需要领取的结果。",
        "Your application was not accepted: the case is closed and there is nothing to collect.",
    ),
    CaseState.IN_PROCESS: (
        "您的申请正在由实施部门办理。结果办好后，本页会显示。",
        "The department is processing your application. This page will say when the result "
        "is ready.",
    ),
    CaseState.SUSPENDED: (
        "您的申请进入特别程序（如听证、检验、鉴定、专家评审），期间暂停计时，承诺办结日期"
        "相应顺延。结果办好后，本页会显示。",
        "Your application is in a special procedure (such as a hearing, a test, an appraisal "
        "or an expert review): the time limit is paused meanwhile and the promised date moves "
        "accordingly. This page will say when the result is ready.",
    ),
    CaseState.COMPLETED_APPROVED: (
        "您的申请已办结，准予许可。结果备好后，本页会显示。",
        "Your application is completed and approved. This page will say when the result is ready.",
    ),
    CaseState.COMPLETED_DENIED: (
        "您的申请已办结，决定不予许可。决定书备好后，本页会显示；如不服，可依法申请行政复议"
        "或者提起行政诉讼。",
        "Your application is completed and was denied. This page will say when the decision "
        "is ready; if you disagree you may apply for administrative reconsideration or bring "
        "an administrative lawsuit.",
    ),
    CaseState.RESULT_READY: (
        "请到上表所列受理大厅的窗口领取，须携带的证件见下。",
        "Collect it at a window of the accepting hall shown above; what to bring is below.",
    ),
    CaseState.WITHDRAWN: (
        "申请已撤回，本件不再办理，没有需要领取的结果。如需办理，可随时重新申请。",
        "The application was withdrawn: it is not processed further and there is nothing to "
        "collect. You may apply again at any time.",
    ),
    CaseState.VOIDED: (
        "本办件已作废，不再办理，没有需要领取的结果。如有疑问，请咨询受理大厅。",
        "This case was voided: it is not processed further and there is nothing to collect. "
        "Ask the accepting hall if you have questions.",
    ),
    CaseState.DEFERRED_TERMINATED: (
        "容缺材料未在期限内补齐，容缺受理已终止，本件不再办理，没有需要领取的结果。"
        "材料齐全后，可重新提出申请。",
        "The deferred materials were not supplied in time, so the acceptance ended: the case "
        "is not processed further and there is nothing to collect. You may apply again with "
        "complete materials.",
    ),
    CaseState.DELIVERED: (
        "结果已领取，本件办理完毕。",
        "The result has been collected; the case is complete.",
    ),
    CaseState.CORRECTION_REQUESTED: (
        "实施部门要求补正。请按补正要求（或受理大厅的告知），携带补正材料到原受理窗口"
        "（{window}）提交；等待补正期间暂停计时。",
        "The department asked for a correction. Bring what it asked for (or what the "
        "accepting hall told you) to the window that accepted it ({window}); the time limit "
        "is paused while it waits.",
    ),
}
# What the applicant does next while a fee is due (the platform takes no processing step
# before the payment is confirmed): said instead of ``NEXT``'s "being processed".
NEXT_UNPAID: dict[CaseState, tuple[str, str]] = {
    CaseState.ACCEPTED: (
        "您的申请已受理，待缴费：缴费确认后开始办理。结果办好后，本页会显示。",
        "Your application is accepted and waits for the fee: processing starts once the "
        "payment is confirmed. This page will say when the result is ready.",
    ),
}
NEXT_POSTED: dict[CaseState, tuple[str, str]] = {
    CaseState.RESULT_READY: (
        "结果将寄到您登记的地址，请留意查收。",
        "It will be posted to the address you gave; watch for it.",
    ),
    CaseState.DELIVERED: (
        "结果已寄达，本件办理完毕。",
        "The result has been delivered by post; the case is complete.",
    ),
}

# The state a posted result's page shows where the domain's name speaks of collecting it.
STATE_NAMES_POSTED: dict[CaseState, tuple[str, str]] = {
    CaseState.DELIVERED: ("已寄达", "Delivered by post"),
}

# The states in which a result is ready, or on its way, for the applicant to receive: only
# these pages say how to collect it (or that it is posted).
RESULT_TO_RECEIVE = frozenset(
    {
        CaseState.ACCEPTED,
        CaseState.ACCEPTED_DEFERRED,
        CaseState.IN_PROCESS,
        CaseState.SUSPENDED,
        CaseState.CORRECTION_REQUESTED,
        CaseState.COMPLETED_APPROVED,
        CaseState.COMPLETED_DENIED,
        CaseState.RESULT_READY,
    }
)

# What is wrong with a material on the one-time notice (a deferral mark is, there, missing).
SHORTFALL_KINDS = {
    ShortfallKind.MISSING: ("缺少", "missing"),
    ShortfallKind.DEFERRED: ("缺少", "missing"),
    ShortfallKind.NONCONFORMING: ("不符合要求", "does not meet the requirements"),
    ShortfallKind.WRONG_FORM: ("形式不符", "not in the required form"),
    ShortfallKind.TOO_FEW: ("份数不足", "too few copies"),
}
