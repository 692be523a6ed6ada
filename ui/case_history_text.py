"""A case event's details in plain words for the case history (never raw JSON on screen)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from counter_app.identity.codes import NO_EXPIRY
from ui.correction import field_labels, list_separator
from ui.evaluation import reason_names
from ui.i18n import current_lang, in_language
from ui.labels import document_titles, state_labels
from ui.payment import amount_text, method_names

# Bookkeeping keys a clerk has no use for on screen (they stay in the audit log).
# Material codes too: the same event names the materials (``*_names``).
_HIDDEN = frozenset(
    {"document_id", "sequence", "content_hash", "catalog_version", "materials", "corrected"}
)
# Flags whose off says something too: a platform payment the window recorded from the
# applicant's voucher is not confirmed yet (待平台确认).
_SPOKEN_WHEN_OFF = frozenset({"payment_confirmed"})


def event_detail_values() -> dict[str, dict[str, str]]:
    """The words for the codes an event's (or an audit entry's) detail holds, by its key."""
    return {
        "action": {
            "issued": QCoreApplication.translate("case_history", "出具文书"),
            "printed": QCoreApplication.translate("case_history", "已打印"),
            "failed": QCoreApplication.translate("case_history", "打印失败"),
        },
        "kind": {str(kind): title for kind, title in document_titles().items()},
        "superseded_notice": {str(kind): title for kind, title in document_titles().items()},
        "superseded_printed": {
            "True": QCoreApplication.translate(
                "case_history", "该文书已打印：请告知申请人它不再有效，办件按平台的办理继续"
            )
        },
        "format": {"a4": "A4", "80mm": QCoreApplication.translate("case_history", "80毫米热敏纸")},
        "lang": {
            "zh": QCoreApplication.translate("case_history", "中文"),
            "en": QCoreApplication.translate("case_history", "英文"),
        },
        "outcome": sync_outcomes(),
        "verification": {
            "verified": QCoreApplication.translate("case_history", "已核实，电子证照有效"),
            "failed": QCoreApplication.translate(
                "case_history", "未核实：证照库没有确认该证照，待窗口处理"
            ),
            "paper": QCoreApplication.translate("case_history", "改收纸质材料"),
        },
        "identity_source": _source_kinds(),
        "collector": {
            "applicant": QCoreApplication.translate("case_history", "申请人本人领取"),
            "proxy": QCoreApplication.translate("case_history", "他人代领（凭授权委托书）"),
        },
        "posted": {"True": QCoreApplication.translate("case_history", "结果已邮寄")},
        "declined": {"True": QCoreApplication.translate("case_history", "申请人拒绝评价")},
        "paid": method_names(),
        "payment_confirmed": {
            "True": QCoreApplication.translate("case_history", "平台已确认"),
            "False": QCoreApplication.translate("case_history", "待平台确认"),
        },
        "reason_given": {"True": QCoreApplication.translate("case_history", "已说明撤回理由")},
        "applicant_confirmed": {
            "True": QCoreApplication.translate("case_history", "申请人已确认撤回")
        },
        "confirmation": {
            "in_person": QCoreApplication.translate("case_history", "申请人当面确认"),
            "outside_program": QCoreApplication.translate("case_history", "在本程序以外确认"),
        },
        "reason_code": reason_names(),
        "fields": field_labels(),
        "field": field_labels(),
        "over_limit": {
            "cases": QCoreApplication.translate("case_history", "超出未上传办件上限受理"),
            "days": QCoreApplication.translate("case_history", "超出未同步天数上限受理"),
        },
        "followup_step": _followup_step_names(),
        "appeal_not_applied": _appeal_decisions(),
        "progress_not_applied": _step_names(),
        "progress_recovered": _step_names(),
        "level": {
            "5": QCoreApplication.translate("case_history", "非常满意"),
            "4": QCoreApplication.translate("case_history", "满意"),
            "3": QCoreApplication.translate("case_history", "基本满意"),
            "2": QCoreApplication.translate("case_history", "不满意"),
            "1": QCoreApplication.translate("case_history", "非常不满意"),
        },
    }


def _followup_step_names() -> dict[str, str]:
    """The steps of a bad rating's follow-up (``FollowupStep``): the hall's, and the
    platform reviewer's decision of its appeal."""
    return {
        "contacted": QCoreApplication.translate("case_history", "已联系申请人"),
        "unreachable": QCoreApplication.translate("case_history", "无法联系申请人"),
        "finding": QCoreApplication.translate("case_history", "核实情况"),
        "rectified": QCoreApplication.translate("case_history", "整改完成"),
        "appeal": QCoreApplication.translate("case_history", "申诉（误评或恶意差评，待平台审核）"),
        "appeal_upheld": QCoreApplication.translate(
            "case_history", "平台审核：申诉成立（差评不计入满意度）"
        ),
        "appeal_rejected": QCoreApplication.translate(
            "case_history", "平台审核：申诉驳回（继续回访整改）"
        ),
    }


def _step_names() -> dict[str, str]:
    """A department's step kept in the history without moving the case here, by the state
    it moved the case to on the platform."""
    return {state.value: label for state, label in state_labels().items()}


def _appeal_decisions() -> dict[str, str]:
    """The platform reviewer's decisions of an appeal (``rating_appeal_decisions``)."""
    return {
        "upheld": QCoreApplication.translate("case_history", "申诉成立"),
        "rejected": QCoreApplication.translate("case_history", "申诉驳回"),
    }


def sync_outcomes() -> dict[str, str]:
    """What came of one push, for the history and the sync attempts."""
    return {
        "stored": QCoreApplication.translate("case_history", "平台已接收"),
        "duplicate": QCoreApplication.translate("case_history", "平台已有（重发，按成功计）"),
        "conflict": QCoreApplication.translate("case_history", "与平台数据冲突，待值班长处理"),
        "rejected": QCoreApplication.translate("case_history", "被平台退回，待值班长处理"),
        "transient": QCoreApplication.translate("case_history", "暂时未送达，将自动重试"),
        "settled": QCoreApplication.translate(
            "case_history", "平台已办理到本机的同一状态，冲突已解决"
        ),
        "recovered_from_platform": QCoreApplication.translate(
            "case_history", "从平台取回（本机从较早的备份恢复）"
        ),
    }


def event_detail_labels() -> dict[str, str]:
    """The names of an event's (or an audit entry's) detail keys."""
    return {
        "serial": QCoreApplication.translate("case_history", "文书号"),
        "printer": QCoreApplication.translate("case_history", "打印机"),
        "job": QCoreApplication.translate("case_history", "打印任务"),
        "error": QCoreApplication.translate("case_history", "原因"),
        "reason": QCoreApplication.translate("case_history", "原因"),
        "reference": QCoreApplication.translate("case_history", "平台编号"),
        "refund_reference": QCoreApplication.translate("case_history", "退费凭证号"),
        "approved_by": QCoreApplication.translate("case_history", "审批人"),
        "note": QCoreApplication.translate("case_history", "备注"),
        "data_version": QCoreApplication.translate("case_history", "数据版本"),
        "material": QCoreApplication.translate("case_history", "材料"),
        "lookup_id": QCoreApplication.translate("case_history", "查询编号"),
        "verification": QCoreApplication.translate("case_history", "电子证照核验"),
        "level": QCoreApplication.translate("case_history", "评价"),
        "paid": QCoreApplication.translate("case_history", "缴费方式"),
        "fee_cents": QCoreApplication.translate("case_history", "金额"),
        "receipt_no": QCoreApplication.translate("case_history", "POS凭条号"),
        "transaction_no": QCoreApplication.translate("case_history", "缴费流水号"),
        "payment_reference": QCoreApplication.translate("case_history", "缴费识别码"),
        "confirmation": QCoreApplication.translate("case_history", "确认方式"),
        "payment_twice": QCoreApplication.translate(
            "case_history", "重复缴费：缴费平台又确认了已刷卡缴费的费用（缴费识别码）"
        ),
        "progress_not_applied": QCoreApplication.translate(
            "case_history", "平台已办理、本机未采用的进度"
        ),
        "progress_recovered": QCoreApplication.translate(
            "case_history", "平台已办理的进度（随办件从平台取回）"
        ),
        "payment_not_applied": QCoreApplication.translate(
            "case_history", "未采用的缴费平台确认（缴费识别码）"
        ),
        "rating_not_applied": QCoreApplication.translate("case_history", "未采用的网上评价"),
        "appeal_not_applied": QCoreApplication.translate(
            "case_history", "未采用的差评申诉审核结果"
        ),
        "followup_step": QCoreApplication.translate("case_history", "回访步骤"),
        "superseded_notice": QCoreApplication.translate(
            "case_history", "已被采用的平台版本取代、不再有效的文书"
        ),
        "by": QCoreApplication.translate("case_history", "审核人"),
        "identity_source": QCoreApplication.translate("case_history", "证件来源"),
        "expired_id_reason": QCoreApplication.translate("case_history", "过期证件受理理由"),
        "material_names": QCoreApplication.translate("case_history", "要求补正的材料"),
        "corrected_names": QCoreApplication.translate("case_history", "收取的补正材料"),
        "fields": QCoreApplication.translate("case_history", "补正的申请人信息"),
        "waited_working_days": QCoreApplication.translate(
            "case_history", "等待补正（不计时）工作日"
        ),
        "field": QCoreApplication.translate("case_history", "更正项"),
        "old": QCoreApplication.translate("case_history", "原值"),
        "new": QCoreApplication.translate("case_history", "新值"),
        "eligibility_reason": QCoreApplication.translate(
            "case_history", "不符合申请条件仍受理的理由"
        ),
        "over_limit_approved_by": QCoreApplication.translate("case_history", "超限受理审批人"),
        "over_limit_reason": QCoreApplication.translate("case_history", "超限受理理由"),
    }


def _source_kinds() -> dict[str, str]:
    return {
        "card": QCoreApplication.translate("case_history", "读卡器读取"),
        "chip": QCoreApplication.translate("case_history", "护照芯片"),
        "mrz": QCoreApplication.translate("case_history", "护照机读码录入"),
        "manual": QCoreApplication.translate("case_history", "手工录入"),
        "import": QCoreApplication.translate("case_history", "批量导入"),
    }


def validity_text(valid_to: str) -> str:
    """A document's expiry as read (ISO date or the card's "长期") in the clerk's language."""
    if valid_to == NO_EXPIRY:
        return QCoreApplication.translate("case_history", "长期")
    return valid_to


def sentence_case(text: str) -> str:
    """``text`` begun with a capital, as a list's cell begins: its parts are translated as
    the lower-case fragments they are in the middle of a line (Chinese has no case)."""
    return text[:1].upper() + text[1:]


def reader_words(spec: str) -> str:
    """A reader's name or spec (``sim``, ``pcsc:ACS ACR122U``, ``serial:/dev/ttyUSB0@115200``,
    ``sdtapi:…``, ``auto``) in words; one of another kind as it is."""
    kind, _, target = spec.partition(":")
    kinds = {
        "sim": QCoreApplication.translate("case_history", "模拟读卡器"),
        "pcsc": QCoreApplication.translate("case_history", "PC/SC 读卡器"),
        "serial": QCoreApplication.translate("case_history", "串口读卡器"),
        "sdtapi": QCoreApplication.translate("case_history", "身份证阅读器（厂商驱动）"),
        "auto": QCoreApplication.translate("case_history", "自动检测读卡器"),
    }
    if kind not in kinds:
        return spec
    if kind in ("pcsc", "serial") and target:
        device = target.partition("@")[0]  # a serial port's baud rate is no one's concern
        return QCoreApplication.translate("case_history", "{kind}（{device}）").format(
            kind=kinds[kind], device=device
        )
    return kinds[kind]


def check_names() -> dict[str, str]:
    """The checks a reader runs on a document (``counter_app.identity``'s ``Check`` names)."""
    return {
        "gb11643": QCoreApplication.translate("case_history", "国标校验 GB 11643"),
        "number_shape": QCoreApplication.translate("case_history", "号码格式校验"),
        "mrz_check_digits": QCoreApplication.translate("case_history", "机读码校验位"),
        "mrz_matches_access_key": QCoreApplication.translate("case_history", "芯片与机读码一致"),
    }


def _shown_checks(source: dict[str, Any]) -> list[dict[str, Any]]:
    # Passive authentication has its own sentence (``passive_authentication``).
    return [c for c in source.get("checks") or () if c.get("name") != "passive_authentication"]


def describe_identity_source(source: dict[str, Any] | None) -> str:
    """``护照芯片 · PC/SC 读卡器（…） · 机读码校验位 ✓ · 被动认证：…`` for the case detail;
    cases taken before the source was kept say so (the codes: ``identity_source_codes``)."""
    if not source:
        return QCoreApplication.translate("case_history", "未记录（本版本之前受理）")
    parts = [_source_kinds().get(source.get("kind", ""), str(source.get("kind")))]
    if source.get("reader"):
        parts.append(reader_words(str(source["reader"])))
    checks = _shown_checks(source)
    if checks:
        names = check_names()
        parts.append(
            list_separator().join(
                f"{names.get(c['name'], c['name'])} {'✓' if c.get('ok') else '✗'}" for c in checks
            )
        )
    auth = source.get("passive_authentication")
    if auth:
        parts.append(auth.get("en") if current_lang() == "en" else auth.get("zh", ""))
    if source.get("valid_to") == NO_EXPIRY:
        parts.append(QCoreApplication.translate("case_history", "长期有效"))
    elif source.get("valid_to"):
        parts.append(
            QCoreApplication.translate("case_history", "有效期至 {date}").format(
                date=source["valid_to"]
            )
        )
    return sentence_case(" · ".join(parts))


def identity_source_codes(source: dict[str, Any] | None) -> str:
    """The reader and the checks as the case records them (``sim · gb11643``), for support
    staff: the tooltip of ``describe_identity_source``'s words."""
    if not source:
        return ""
    codes = [str(source["reader"])] if source.get("reader") else []
    codes += [str(c["name"]) for c in _shown_checks(source)]
    return " · ".join(codes)


def describe_event_detail(
    detail: dict[str, Any], material_names: dict[str, str] | None = None
) -> str:
    """``打印 · 受理回执 · A4 · 文书号 WS-… · 第1次补打``-style text for one event's detail; a
    material by its name in ``material_names`` (code → name, the case's), else its code."""
    values, labels = event_detail_values(), event_detail_labels()
    values["material"] = material_names or {}
    parts: list[str] = []
    for key, value in detail.items():
        if key in _HIDDEN or value in (None, "", []):
            continue
        if value is False and key not in _SPOKEN_WHEN_OFF:
            continue  # a flag that is off says nothing
        if key == "reprint_no":
            if value:
                parts.append(
                    QCoreApplication.translate("case_history", "第%n次补打").replace(
                        "%n", str(value)
                    )
                )
            continue
        names = values.get(key, {})
        if key == "fee_cents" and isinstance(value, int):
            shown = amount_text(value)
        elif isinstance(value, dict):  # words kept in both languages: the clerk's
            shown = in_language((str(value.get("zh")), str(value.get("en"))), current_lang())
        elif isinstance(value, list):
            shown = list_separator().join(names.get(str(v), str(v)) for v in value)
        else:
            shown = names.get(str(value), str(value))
        parts.append(f"{labels[key]} {shown}" if key in labels else shown)
    return sentence_case(" · ".join(parts))
