"""The audit log's words for the administrator (Settings → 审计日志), through Qt Linguist in
one context: the name of every action an entry records and of every operation a refusal or
an approval names, the families the log is filtered by, and an entry's detail as
``key：value`` text.

The codes stay what the log holds (the command line's ``audit list`` prints them as they
are); tests/ui/test_audit_log_names.py reads every code the client writes from its source
and fails for one without a name here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication

from ui.approvals_inbox import kind_names
from ui.case_history_text import event_detail_labels, event_detail_values
from ui.correction import list_separator
from ui.i18n import current_lang
from ui.labels import document_title, role_label, state_label, state_labels
from ui.payment import amount_text
from ui.reviews import review_label

translate = QCoreApplication.translate


def action_families() -> dict[str, str]:
    """The kinds of action to choose from, by the audit actions' family (their prefix)."""
    return {
        "": translate("audit_labels", "全部"),
        "login": translate("audit_labels", "登录"),
        "user": translate("audit_labels", "账号"),
        "authorisation": translate("audit_labels", "授权与拒绝"),
        "approval": translate("audit_labels", "值班长审批"),
        "case": translate("audit_labels", "办件"),
        "document": translate("audit_labels", "文书与打印"),
        "audit": translate("audit_labels", "查阅审计日志"),
    }


def action_names() -> dict[str, str]:
    """Every action and operation code the client writes to the log, by name."""
    reprint = translate("audit_labels", "补打文书")
    edit_applicant = translate("audit_labels", "更正申请人信息")
    return {
        **_case_actions(),
        **_account_actions(),
        **_hall_actions(),
        "document.issue": translate("audit_labels", "出具文书"),
        "document.reprint": reprint,
        "document.printed": translate("audit_labels", "文书打印完成"),
        "document.print_failed": translate("audit_labels", "文书打印失败"),
        "printer.configured": translate("audit_labels", "保存打印机设置"),
        "printer.test_page": translate("audit_labels", "打印测试页"),
        "approval.granted": translate("audit_labels", "值班长当场审批通过"),
        "approval.refused": translate("audit_labels", "值班长当场审批未通过"),
        "approval_request.sent": translate("audit_labels", "发出审批请求"),
        "approval_request.approved": translate("audit_labels", "审批请求获批准"),
        "approval_request.refused": translate("audit_labels", "审批请求被驳回"),
        "approval_request.cancelled": translate("audit_labels", "审批请求已撤销"),
        "approval_request.expired": translate("audit_labels", "审批请求当日未处理，已过期"),
        "approval_request.list": translate("audit_labels", "查看待审批请求"),
        "authorisation.refused": translate("audit_labels", "无权操作，已拒绝"),
        # Operations a refusal or an approval names (detail ``action``), not entries.
        "reprint": reprint,
        "void_case": translate("audit_labels", "作废办件"),
        "edit_applicant": edit_applicant,
        "case.edit_applicant": edit_applicant,
        "over_limit": translate("audit_labels", "超出离线上限受理"),
    }


def _case_actions() -> dict[str, str]:
    changed = {
        f"case.{state.value}": translate("audit_labels", "办件转为：{state}").format(state=name)
        for state, name in state_labels().items()
    }
    return changed | {
        "case.accept": translate("audit_labels", "受理办件"),
        "case.from_preapp": translate("audit_labels", "受理网上预审的申请"),
        "preapp.accepted_despite_review": translate("audit_labels", "网上预审未通过仍予受理"),
        "case.withdraw": translate("audit_labels", "撤回申请"),
        "case.edit": translate("audit_labels", "修改办件"),
        "case.correct": translate("audit_labels", "收取补正材料"),
        "case.supply": translate("audit_labels", "补齐容缺材料"),
        "case.resumed": translate("audit_labels", "特别程序结束，承诺日期顺延"),
        "case.expired_id_accepted": translate("audit_labels", "以过期证件受理"),
        "case.eligibility_override": translate("audit_labels", "不符合申请条件仍受理"),
        "case.over_limit_approved": translate("audit_labels", "批准超出离线上限受理"),
        "case.pay": translate("audit_labels", "登记缴费"),
        "case.paid": translate("audit_labels", "已缴费"),
        "case.handover": translate("audit_labels", "领取结果"),
        "case.handover_refused": translate("audit_labels", "拒绝代领结果"),
        "case.post": translate("audit_labels", "邮寄结果"),
        "case.posted": translate("audit_labels", "结果已邮寄"),
        "case.post_returned": translate("audit_labels", "邮件退回大厅"),
        "case.delivery_changed": translate("audit_labels", "更改领取方式或邮寄地址"),
        "case.paid_twice": translate("audit_labels", "重复缴费（缴费平台又确认了已刷卡的费用）"),
        "case.payment_replaced": translate("audit_labels", "以刷卡缴费替代未经平台确认的平台缴费"),
        "case.paid_after_end": translate("audit_labels", "办件结束后到账的缴费（应退费）"),
        "case.refunded": translate("audit_labels", "登记退费"),
        "case.recovered_from_platform": translate("audit_labels", "从平台取回办件"),
        "case.evaluation": translate("audit_labels", "记录评价"),
        "case.evaluation_online": translate("audit_labels", "收到网上评价"),
        "case.evaluation_followup": translate("audit_labels", "差评回访"),
        "case.elicence_verified": translate("audit_labels", "电子证照核验：已核实"),
        "case.elicence_pending": translate("audit_labels", "电子证照核验：待核验"),
        "case.elicence_failed": translate("audit_labels", "电子证照核验：未核实"),
        "case.elicence_paper": translate("audit_labels", "电子证照改收纸质材料"),
        "case.elicence_document_viewed": translate("audit_labels", "查看电子证照文件"),
        "case.elicence_document_saved": translate("audit_labels", "另存电子证照文件"),
        "case.resend_corrected": translate("audit_labels", "更正后重新上传"),
        "case.adopt_platform_version": translate("audit_labels", "采用平台的版本"),
        "applicant.reveal": translate("audit_labels", "查看申请人的个人信息"),
        "person.searched": translate("audit_labels", "按个人信息查找办件"),
        "elicence.resolve": translate("audit_labels", "处理电子证照核验任务"),
        "elicence.check": translate("audit_labels", "在命令行查询电子证照"),
        "elicence.looked_up": translate("audit_labels", "查询申请人的电子证照"),
        "deferrals.view": translate("audit_labels", "查看容缺到期办件"),
        "deferrals.contact": translate("audit_labels", "查看容缺申请人联系电话"),
        "review.record": translate("audit_labels", "值班长复核办件"),
        "sync.requeue": translate("audit_labels", "重新上传被退回的版本"),
        "sync.platform_restored": translate("audit_labels", "平台从备份恢复后重新上传已确认的版本"),
        "sync.store_behind_platform": translate(
            "audit_labels", "本机数据落后于平台：重新编号并取回本机办件"
        ),
        "sync.audit_chain_taken": translate("audit_labels", "平台已接受恢复后的审计链"),
        "problem.resend": translate("audit_labels", "问题办件：重新上传本机版本"),
        "problem.adopt": translate("audit_labels", "问题办件：采用平台版本"),
        "problem.void": translate("audit_labels", "问题办件：作废"),
        "problems.read": translate("audit_labels", "查看问题办件"),
        "problems.compare": translate("audit_labels", "比对问题办件的两个版本"),
    }


def _account_actions() -> dict[str, str]:
    return {
        "login.success": translate("audit_labels", "登录成功"),
        "login.failure": translate("audit_labels", "登录失败"),
        "login.refused_locked": translate("audit_labels", "账号锁定中，拒绝登录"),
        "login.refused_disabled": translate("audit_labels", "账号已停用，拒绝登录"),
        "login.sign_out": translate("audit_labels", "退出登录"),
        "login.switch": translate("audit_labels", "退出登录（换人）"),
        "login.locked": translate("audit_labels", "锁屏"),
        "user.add": translate("audit_labels", "新建账号"),
        "user.list": translate("audit_labels", "查看账号列表"),
        "user.enable": translate("audit_labels", "启用账号"),
        "user.disable": translate("audit_labels", "停用账号"),
        "user.lockout": translate("audit_labels", "账号被锁定"),
        "user.unlock": translate("audit_labels", "解除账号锁定"),
        "user.password_change": translate("audit_labels", "修改密码"),
        "user.password_change_refused": translate("audit_labels", "拒绝修改密码"),
        "user.second_factor_enrol": translate("audit_labels", "设置动态口令"),
        "user.second_factor_reset": translate("audit_labels", "重置动态口令"),
        "user.platform_update": translate("audit_labels", "按中心平台更新账号"),
        "user.local_replaced": translate("audit_labels", "本机账号被中心平台的同名账号取代"),
        "audit.view": translate("audit_labels", "查阅审计日志"),
        "audit.chain_keyed": translate("audit_labels", "审计日志开始以本机密钥签名"),
        "backup.create": translate("audit_labels", "备份"),
        "backup.restore": translate("audit_labels", "从备份恢复"),
        "retention.purged": translate("audit_labels", "按保留期限清除个人信息"),
        "device.enrol": translate("audit_labels", "本机登记到中心平台"),
        "catalog.load": translate("audit_labels", "载入事项目录"),
        "catalog.sample_removed": translate("audit_labels", "删除示例事项目录"),
        "catalog.pruned": translate("audit_labels", "清理旧版事项目录"),
        "calendar.load": translate("audit_labels", "载入工作日历"),
    }


def _hall_actions() -> dict[str, str]:
    return {
        "ticket.issue": translate("audit_labels", "取优先号"),
        "ticket.call": translate("audit_labels", "叫号"),
        "ticket.recall": translate("audit_labels", "重呼"),
        "ticket.noshow": translate("audit_labels", "标记未到"),
        "ticket.start": translate("audit_labels", "开始办理"),
        "ticket.close": translate("audit_labels", "结束叫号办理"),
        "ticket.redirect": translate("audit_labels", "转窗口"),
        "ticket.requeue": translate("audit_labels", "过号重新排队"),
        "hall_queue.read": translate("audit_labels", "查看大厅队列"),
        "hall_queue.history": translate("audit_labels", "查看其他窗口办件的历史"),
        "notice.publish": translate("audit_labels", "发布大厅通知"),
        "statistics.read": translate("audit_labels", "查看统计"),
        "statistics.export": translate("audit_labels", "导出统计"),
        "evaluations.followups": translate("audit_labels", "查看差评回访"),
        "day.report": translate("audit_labels", "查看日结报表"),
        "day.report_export": translate("audit_labels", "导出日结报表"),
        "day.sign_off": translate("audit_labels", "日结签字"),
    }


class AuditWording:
    """The names entries are shown with, made once for a page of them (hundreds) in the
    window's language at the time."""

    def __init__(self) -> None:
        families = {code: name for code, name in action_families().items() if code}
        self._actions = families | action_names()
        self.separator = translate("audit_labels", "；")
        self._pair = translate("audit_labels", "{key}：{value}")
        # By family: the detail keys' names, and how their values are named.
        self._details: dict[str, tuple[dict[str, str], dict[str, Callable[[str], str]]]] = {}

    def action(self, code: str) -> str:
        """The name of the action (or the family) coded ``code``; an unknown code as is."""
        return self._actions.get(code, code)

    def detail_lines(self, action: str, detail: str | None) -> list[str]:
        """An entry's detail (the log's JSON object) as ``办件编号：…`` lines for ``action``:
        the keys known here by name, first, then the others as the log spells them; a value
        by name where its code is known. What is not a JSON object is one line as it is.
        Nothing is added to what the entry holds. ``separator`` puts them in one row."""
        try:
            fields = json.loads(detail) if detail else {}
        except ValueError:
            return [str(detail)]
        if not isinstance(fields, dict):
            return [str(detail)]
        family = action.partition(".")[0]
        if family not in self._details:
            self._details[family] = (_key_labels(family), _value_names(family, self.action))
        labels, named = self._details[family]
        order = {key: place for place, key in enumerate(labels)}
        return [
            self._pair.format(
                key=labels.get(key, key), value=_value_text(fields[key], named.get(key))
            )
            for key in sorted(fields, key=lambda key: order.get(key, len(order)))
        ]


def _value_text(value: Any, name: Callable[[str], str] | None) -> str:
    if isinstance(value, bool):
        return translate("audit_labels", "是") if value else translate("audit_labels", "否")
    if value is None:
        return translate("audit_labels", "无")
    if isinstance(value, list):
        return list_separator().join(_value_text(item, name) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return name(str(value)) if name is not None else str(value)


def _named_by(names: dict[str, str]) -> Callable[[str], str]:
    return lambda code: names.get(code, code)


def _value_names(family: str, action_name: Callable[[str], str]) -> dict[str, Callable[[str], str]]:
    """How the values of a detail's keys are named in an entry of ``family`` (which decides
    for the keys that mean different things in different entries)."""
    event = event_detail_values()
    named = {key: _named_by(names) for key, names in event.items()}
    return named | {
        "action": named["action"] if family == "document" else action_name,
        "kind": _named_by(kind_names()) if family == "approval_request" else document_title,
        "state": (lambda code: review_label(code, current_lang()))
        if family == "review"
        else state_label,
        "from": state_label,
        "role": role_label,
        "paper": named["format"],
        "reason": _named_by(_reason_codes()),
        "resolution": lambda code: action_name(f"problem.{code}"),
        "limit": _named_by(
            {
                "cases": translate("audit_labels", "未上传的办件数"),
                "days": translate("audit_labels", "未同步的天数"),
            }
        ),
        "channel": _named_by(
            {
                "hall_evaluator": translate("audit_labels", "窗口评价器"),
                "online": translate("audit_labels", "网上（办件进度页）"),
            }
        ),
        "fee_cents": lambda cents: amount_text(int(cents)),  # as the case history says it
        "purpose": _named_by(
            {
                "applicant_edit_history": translate("audit_labels", "查看申请人信息的更正记录"),
                "deferral_due_contact": translate("audit_labels", "联系容缺到期的申请人"),
            }
        ),
        "searched_by": _named_by(
            {
                "id_number": translate("audit_labels", "证件号码"),
                "phone": translate("audit_labels", "电话号码"),
                "name": translate("audit_labels", "姓名"),
            }
        ),
        "where": _named_by(
            {
                "case_list": translate("audit_labels", "办件列表"),
                "lookup": translate("audit_labels", "命令行查询（lookup）"),
            }
        ),
        "status": _named_by(
            {
                "done": translate("audit_labels", "已完成"),
                "repeated": translate("audit_labels", "重复的请求，此前已完成"),
                "none_waiting": translate("audit_labels", "没有等候的号"),
            }
        ),
    }


def _reason_codes() -> dict[str, str]:
    """The reasons the code gives itself (a person's reason is their own words)."""
    return {
        "unknown_user": translate("audit_labels", "没有这个账号"),
        "wrong_code": translate("audit_labels", "动态口令不对"),
        "four_eyes": translate("audit_labels", "不能审批自己经办的事"),
        "no_second_factor": translate("audit_labels", "尚未设置动态口令"),
        "initial": translate("audit_labels", "仍是别人设置的初始密码"),
    }


def _key_labels(family: str) -> dict[str, str]:
    """The detail keys of an entry of ``family`` by name, in the order shown: what the entry
    is about first, the case events' own words (``ui.case_history_text``) next, bookkeeping
    numbers last."""
    paper = translate("audit_labels", "纸张")
    leading = {
        "case_no": translate("audit_labels", "办件编号"),
        "action": translate("audit_labels", "操作"),
        "state": translate("audit_labels", "状态"),
        "from": translate("audit_labels", "原状态"),
        "role": translate("audit_labels", "角色"),
        "kind": translate("audit_labels", "类别"),
        "actor": translate("audit_labels", "操作人"),
        "target": translate("audit_labels", "对象"),
        "since": translate("audit_labels", "起始"),
        "until": translate("audit_labels", "截至"),
        "clerk": translate("audit_labels", "受理员"),
        "requested_by": translate("audit_labels", "发起人"),
        "hall": translate("audit_labels", "大厅"),
        "window": translate("audit_labels", "窗口"),
        "to_window": translate("audit_labels", "转至窗口"),
        "item": translate("audit_labels", "事项"),
        "ticket": translate("audit_labels", "号票"),
        "status": translate("audit_labels", "结果"),
        "resolution": translate("audit_labels", "处理方式"),
        "purpose": translate("audit_labels", "用途"),
        "searched_by": translate("audit_labels", "查找依据"),
        "where": translate("audit_labels", "查找位置"),
        "failures": translate("audit_labels", "连续失败次数"),
        "second_factor": translate("audit_labels", "动态口令"),
        "disabled": translate("audit_labels", "已停用"),
        "password_changed": translate("audit_labels", "密码已更改"),
        "limit": translate("audit_labels", "上限"),
        "allowed": translate("audit_labels", "允许"),
        "reached": translate("audit_labels", "已达"),
        "valid_to": translate("audit_labels", "证件有效期至"),
        "concerns": translate("audit_labels", "不符合的条件"),
        "supplied": translate("audit_labels", "补齐的材料"),
        "format": paper,
        "lang": translate("audit_labels", "文书语言"),
        "reprint_no": translate("audit_labels", "补打次数"),
        "reprint_reason": translate("audit_labels", "补打原因"),
        "collector": translate("audit_labels", "领取人"),
        "proxy": translate("audit_labels", "他人代领"),
        "posted": translate("audit_labels", "已邮寄"),
        "waybill": translate("audit_labels", "运单号"),
        "replaced_waybill": translate("audit_labels", "原运单号"),
        "returned_waybill": translate("audit_labels", "退回的运单号"),
        "method": translate("audit_labels", "领取方式"),
        "old_method": translate("audit_labels", "原领取方式"),
        "address": translate("audit_labels", "邮寄地址"),
        "old_address": translate("audit_labels", "原邮寄地址"),
        "channel": translate("audit_labels", "评价渠道"),
        "declined": translate("audit_labels", "拒绝评价"),
        "reason_code": translate("audit_labels", "原因类别"),
        "followup_step": translate("audit_labels", "回访步骤"),
        "reason_given": translate("audit_labels", "已说明理由"),
        "applicant_confirmed": translate("audit_labels", "申请人已确认"),
        "paper": paper,
        "a4_printer": translate("audit_labels", "A4 打印机"),
        "receipt_printer": translate("audit_labels", "80mm 小票打印机"),
        "was_a4_printer": translate("audit_labels", "原 A4 打印机"),
        "was_receipt_printer": translate("audit_labels", "原 80mm 小票打印机"),
        "with_key": translate("audit_labels", "含密钥文件"),
        "safety_copy": translate("audit_labels", "恢复前的安全副本"),
        "key_replaced": translate("audit_labels", "更换了密钥"),
        "previous_numbers_read": translate("audit_labels", "已读取原有编号"),
        "case_sequences_advanced": translate("audit_labels", "顺延的办件编号序列"),
        "document_sequences_advanced": translate("audit_labels", "顺延的文书编号序列"),
        "reconciled": translate("audit_labels", "对账无误"),
        "unacknowledged": translate("audit_labels", "未确认的问题"),
        "flagged_windows": translate("audit_labels", "有问题的窗口"),
        "pdf": translate("audit_labels", "报表文件"),
        "file": translate("audit_labels", "导出文件"),
        "cases": translate("audit_labels", "办件数"),
        "case_nos": translate("audit_labels", "找到的办件"),
        "due_within": translate("audit_labels", "到期范围（天内）"),
        "left_halls": translate("audit_labels", "离开的大厅"),
        "left_open_cases": translate("audit_labels", "留在原大厅的未办结办件"),
        "source": translate("audit_labels", "来源"),
        "items": translate("audit_labels", "事项数"),
        "days": translate("audit_labels", "天数"),
        "cutoff": translate("audit_labels", "最后变更早于"),
        "years": translate("audit_labels", "年份"),
        "versions": translate("audit_labels", "版本"),
        "requeued_versions": translate("audit_labels", "重新上传的版本数"),
        "keyed_from": translate("audit_labels", "起始条目"),
    }
    trailing = {
        "document_id": translate("audit_labels", "文书序号"),
        "request_id": translate("audit_labels", "请求编号"),
        "instruction_id": translate("audit_labels", "指令编号"),
        "review_id": translate("audit_labels", "复核编号"),
        "sign_off_id": translate("audit_labels", "日结编号"),
        "appointment_id": translate("audit_labels", "预约编号"),
        "ticket_id": translate("audit_labels", "号票编号"),
        "catalog_version": translate("audit_labels", "目录版本"),
        "content_hash": translate("audit_labels", "内容哈希"),
        "username_hash": translate("audit_labels", "所输账号名的哈希"),
        "subject": translate("audit_labels", "查找对象（化名）"),
    }
    labels = leading | event_detail_labels() | trailing
    if family == "user":
        labels["new"] = translate("audit_labels", "新账号")  # elsewhere a corrected value
    return labels
