"""The words for a case document's fields, Chinese and English: ``materials.2.status`` is
材料3·状态 / Material 3 · status. The window's problem comparison and ``counter-app problems
show`` name the fields with them; the path itself stays what IT looks up."""

from __future__ import annotations

# A rating, given at the window or online: the same fields under either.
_EVALUATION: dict[str, tuple[str, str]] = {
    "channel": ("渠道", "channel"),
    "level": ("等级", "level"),
    "declined": ("拒绝评价", "declined"),
    "reason_code": ("原因类别", "reason category"),
    "reason": ("原因", "reason"),
    "window": ("窗口", "window"),
    "clerk": ("经办人", "clerk"),
    "at": ("评价时间", "given at"),
}


def _under(part: str, labels: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    return {f"{part}.{key}": label for key, label in labels.items()}


# By path with the list indexes left out; a top-level field's English starts a label, so it
# is capitalised, the others follow a " · ".
_LABELS: dict[str, tuple[str, str]] = {
    "case_id": ("办件标识", "Case ID"),
    "case_no": ("办件编号", "Case number"),
    "data_version": ("数据版本", "Data version"),
    "state": ("办件状态", "Case state"),
    "service_item": ("事项", "Service item"),
    "service_item.code": ("编码", "code"),
    "service_item.name": ("名称", "name"),
    "service_item.catalog_version": ("目录版本", "catalogue version"),
    "service_item.case_type": ("办件类型", "case type"),
    "service_item.department": ("实施部门", "department"),
    "service_item.handling_department": ("承办部门", "handling department"),
    "situation": ("情形", "Situation"),
    "situation.code": ("编码", "code"),
    "situation.name": ("名称", "name"),
    "applicant": ("申请人", "Applicant"),
    "applicant.type": ("类型", "type"),
    "applicant.name": ("姓名", "name"),
    "applicant.english_name": ("英文姓名", "English name"),
    "applicant.id_type": ("证件类型", "ID type"),
    "applicant.doc_kind": ("证件种类", "document kind"),
    "applicant.id_number": ("证件号码", "ID number"),
    "applicant.phone": ("联系电话", "phone"),
    "applicant.address": ("地址", "address"),
    "applicant.identity_source": ("身份来源", "identity source"),
    "applicant.identity_source.kind": ("读取方式", "how read"),
    "applicant.identity_source.reader": ("读卡器", "reader"),
    "applicant.identity_source.doc_type": ("证件类别", "document type"),
    "applicant.identity_source.valid_to": ("有效期至", "valid to"),
    "applicant.identity_source.checks": ("核验", "check"),
    "applicant.identity_source.checks.name": ("项目", "name"),
    "applicant.identity_source.checks.ok": ("是否通过", "passed"),
    "applicant.identity_source.checks.detail": ("详情", "detail"),
    "applicant.identity_source.passive_authentication": ("芯片验证", "chip authentication"),
    "applicant.identity_source.passive_authentication.outcome": ("结果", "outcome"),
    "applicant.identity_source.passive_authentication.zh": ("说明（中文）", "words (Chinese)"),
    "applicant.identity_source.passive_authentication.en": ("说明（英文）", "words (English)"),
    "materials": ("材料", "Material"),
    "materials.code": ("编码", "code"),
    "materials.name": ("名称", "name"),
    "materials.required": ("是否必需", "required"),
    "materials.core": ("核心材料", "core"),
    "materials.status": ("状态", "status"),
    "materials.form": ("形式", "form"),
    "materials.count": ("份数", "copies"),
    "materials.exemption": ("免交理由", "exemption"),
    "materials.exemption_kind": ("免交类别", "exemption kind"),
    "materials.deadline": ("补交期限", "deadline"),
    "materials.note": ("备注", "note"),
    "materials.licence": ("电子证照", "e-licence"),
    "materials.licence.licence_type": ("证照类型", "licence type"),
    "materials.licence.number": ("证照编号", "number"),
    "materials.licence.issuer": ("发证部门", "issuer"),
    "materials.licence.valid_to": ("有效期至", "valid to"),
    "materials.licence.file_sha256": ("文件摘要", "file SHA-256"),
    "materials.licence.lookup_id": ("查验记录", "lookup record"),
    "materials.licence.verification": ("核验状态", "verification"),
    "hall": ("大厅", "Hall"),
    "hall_name": ("大厅名称", "Hall name"),
    "window": ("窗口", "Window"),
    "device": ("设备", "Device"),
    "clerk": ("受理人", "Clerk"),
    "approved_by": ("容缺批准人", "Deferral approved by"),
    "received_at": ("收件时间", "Received at"),
    "card_read_at": ("读证时间", "Card read at"),
    "accepted_at": ("受理时间", "Accepted at"),
    "promised_date": ("承诺办结日期", "Promised date"),
    "statutory_date": ("法定办结日期", "Statutory date"),
    "reason": ("告知或不予受理理由", "Reason of notice or refusal"),
    "legal_basis": ("法律依据", "Legal basis"),
    "redirect_to": ("建议申请去向", "Apply instead at"),
    "shortfalls": ("一次性告知", "Shortfall"),
    "shortfalls.code": ("材料编码", "code"),
    "shortfalls.name": ("材料名称", "name"),
    "shortfalls.kind": ("问题类别", "kind"),
    "shortfalls.message": ("告知内容（中文）", "notice (Chinese)"),
    "shortfalls.message_en": ("告知内容（英文）", "notice (English)"),
    "shortfalls.standard": ("材料标准", "standard"),
    "expired_id_reason": ("过期证件受理理由", "Expired ID accepted because"),
    "updated_at": ("本版时间", "Version made at"),
    "updated_by": ("本版经办人", "Version made by"),
    "remarks": ("备注", "Remarks"),
    "withdrawal_reason": ("撤回理由", "Withdrawal reason"),
    "void_reason": ("作废理由", "Void reason"),
    "voided_by": ("作废批准人", "Voided by"),
    "delivery": ("出件方式", "Delivery"),
    "delivery.method": ("方式", "method"),
    "delivery.address": ("邮寄地址", "postal address"),
    "delivery.waybill": ("运单号", "waybill"),
    "delivery.posted_at": ("寄出时间", "posted at"),
    "handover": ("出件", "Handover"),
    "handover.collector": ("领取人", "collector"),
    "handover.proxy_name": ("代领人姓名", "proxy's name"),
    "handover.proxy_id_number": ("代领人证件号码", "proxy's ID number"),
    "handover.power_of_attorney": ("授权委托书已核", "power of attorney checked"),
    "handover.handed_over_at": ("出件时间", "handed over at"),
    "handover.handed_over_by": ("出件人", "handed over by"),
    "corrections": ("补正", "Correction"),
    "corrections.requested_at": ("要求时间", "requested at"),
    "corrections.note": ("补正要求", "what to correct"),
    "corrections.materials": ("补正材料", "material"),
    "corrections.fields": ("更正字段", "field"),
    "corrections.corrected_at": ("补正时间", "corrected at"),
    "corrections.corrected_by": ("经办人", "recorded by"),
    "corrections.waited_working_days": ("等待工作日", "working days waited"),
    "corrections.promised_before": ("原承诺日期", "promised date before"),
    "applicant_edits": ("申请人信息更正", "Applicant edit"),
    "applicant_edits.field": ("更正字段", "field"),
    "applicant_edits.reason": ("更正理由", "reason"),
    "applicant_edits.approved_by": ("批准人", "approved by"),
    "applicant_edits.edited_at": ("更正时间", "edited at"),
    "applicant_edits.edited_by": ("经办人", "edited by"),
    "fee_cents": ("收费金额（分）", "Fee (cents)"),
    "payment_reference": ("缴费识别码", "Payment reference"),
    "paid_at": ("缴费时间", "Paid at"),
    "payment_method": ("缴费方式", "Payment method"),
    "payment_receipt_no": ("缴费凭证号", "Payment receipt number"),
    "document_language": ("文书语言", "Document language"),
    "eligibility_override": ("条件不符仍受理", "Eligibility override"),
    "eligibility_override.reason": ("受理理由", "reason"),
    "eligibility_override.concerns": ("不符之处", "concern"),
    "eligibility_override.concerns.code": ("类别", "kind"),
    "eligibility_override.concerns.zh": ("说明（中文）", "words (Chinese)"),
    "eligibility_override.concerns.en": ("说明（英文）", "words (English)"),
    "over_limit_approval": ("超限受理", "Over-limit approval"),
    "over_limit_approval.approved_by": ("批准人", "approved by"),
    "over_limit_approval.reason": ("理由", "reason"),
    "over_limit_approval.limit": ("超过的限制", "limit passed"),
    "over_limit_approval.allowed": ("限额", "allowed"),
    "over_limit_approval.reached": ("当时达到", "reached"),
    "evaluation": ("好差评", "Rating"),
    **_under("evaluation", _EVALUATION),
    "online_evaluation": ("网上评价", "Online rating"),
    **_under("online_evaluation", _EVALUATION),
    "evaluation_followup": ("差评回访整改", "Rating follow-up"),
    "evaluation_followup.opened_at": ("开始时间", "opened at"),
    "evaluation_followup.due_contact": ("回访期限", "contact by"),
    "evaluation_followup.due_settle": ("办结期限", "settle by"),
    "evaluation_followup.due_rectify": ("整改期限", "rectify by"),
    "evaluation_followup.steps": ("步骤", "step"),
    "evaluation_followup.steps.step": ("类别", "kind"),
    "evaluation_followup.steps.note": ("说明", "note"),
    "evaluation_followup.steps.by": ("记录人", "by"),
    "evaluation_followup.steps.at": ("记录时间", "at"),
    "preapp_id": ("网上申报编号", "Online pre-application"),
    "track_token": ("进度查询令牌", "Tracking token"),
    "ticket_id": ("叫号票", "Queue ticket"),
}


def field_label(path: str) -> tuple[str, str]:
    """``(zh, en)`` words for the field at ``path`` (``materials.2.status``: 材料3·状态,
    Material 3 · status); a path of a field not listed here, both as the path itself."""
    zh: list[str] = []
    en: list[str] = []
    key = ""
    for part in path.split("."):
        if part.isdigit() and zh:  # the n-th item of the list just named, counted from 1
            zh[-1] += str(int(part) + 1)
            en[-1] += f" {int(part) + 1}"
            continue
        key = f"{key}.{part}" if key else part
        label = _LABELS.get(key)
        if label is None:
            return path, path
        zh.append(label[0])
        en.append(label[1])
    return "·".join(zh), " · ".join(en)
