"""The window's names of case states, documents and staff roles, through Qt Linguist in one
context.

The Chinese source strings are the core's (``counter_app.domain.case_states.STATE_NAMES``,
``counter_app.domain.documents.DOCUMENT_TITLES``, ``…document_language.LANGUAGE_NAMES``), which printing and the command line use
directly; tests/ui/test_labels.py keeps the two, and the English translations, identical.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from counter_app.domain.case_states import CaseState
from counter_app.domain.document_language import DocumentLanguage
from counter_app.domain.documents import DocumentKind


def state_labels() -> dict[CaseState, str]:
    """Every case state's name in the interface language, in the enum's order."""
    return {
        CaseState.RECEIVED: QCoreApplication.translate("labels", "已接件"),
        CaseState.ACCEPTED: QCoreApplication.translate("labels", "已受理"),
        CaseState.ACCEPTED_DEFERRED: QCoreApplication.translate("labels", "容缺受理"),
        CaseState.NOTIFIED: QCoreApplication.translate("labels", "一次性告知（待补齐补正）"),
        CaseState.REFUSED: QCoreApplication.translate("labels", "不予受理"),
        CaseState.IN_PROCESS: QCoreApplication.translate("labels", "办理中"),
        CaseState.SUSPENDED: QCoreApplication.translate("labels", "特别程序（暂停计时）"),
        CaseState.COMPLETED_APPROVED: QCoreApplication.translate("labels", "办结（准予）"),
        CaseState.COMPLETED_DENIED: QCoreApplication.translate("labels", "办结（不予）"),
        CaseState.RESULT_READY: QCoreApplication.translate("labels", "结果待领取"),
        CaseState.WITHDRAWN: QCoreApplication.translate("labels", "已撤回"),
        CaseState.VOIDED: QCoreApplication.translate("labels", "已作废"),
        CaseState.DEFERRED_TERMINATED: QCoreApplication.translate(
            "labels", "容缺终止（逾期未补齐）"
        ),
        CaseState.DELIVERED: QCoreApplication.translate("labels", "已送达（已领取）"),
        CaseState.CORRECTION_REQUESTED: QCoreApplication.translate("labels", "待补正"),
    }


def document_titles() -> dict[DocumentKind, str]:
    """Every document's title in the interface language."""
    return {
        DocumentKind.RECEIPT: QCoreApplication.translate("labels", "受理通知书（受理回执）"),
        DocumentKind.NOTICE: QCoreApplication.translate("labels", "一次性告知书"),
        DocumentKind.DEFERRAL: QCoreApplication.translate("labels", "容缺受理通知书"),
        DocumentKind.REFUSAL: QCoreApplication.translate("labels", "不予受理通知书"),
        DocumentKind.VOUCHER: QCoreApplication.translate("labels", "材料接收凭证"),
        DocumentKind.WITHDRAWAL: QCoreApplication.translate("labels", "撤回申请回执"),
        DocumentKind.SUPPLY: QCoreApplication.translate("labels", "补齐材料回执"),
        DocumentKind.TERMINATION: QCoreApplication.translate("labels", "终止受理通知书"),
        DocumentKind.HANDOVER: QCoreApplication.translate("labels", "领取回执"),
        DocumentKind.CORRECTION: QCoreApplication.translate("labels", "补正材料收取凭证"),
        DocumentKind.PAYMENT: QCoreApplication.translate("labels", "缴费通知书"),
        DocumentKind.BUNDLE_RECEIPT: QCoreApplication.translate("labels", "一件事受理回执"),
    }


def document_language_labels() -> dict[DocumentLanguage, str]:
    """The applicant's document languages in the interface language, in the enum's order
    (the core's ``LANGUAGE_NAMES``)."""
    return {
        DocumentLanguage.CHINESE: QCoreApplication.translate("labels", "中文"),
        DocumentLanguage.BILINGUAL: QCoreApplication.translate("labels", "中英双语"),
    }


def state_label(state: str) -> str:
    """The name of the state coded ``state``; an unknown code (a newer platform's) as is."""
    labels = state_labels()
    return labels[CaseState(state)] if state in labels else state


def document_title(kind: str) -> str:
    """The title of the document kind coded ``kind``; an unknown code as is."""
    titles = document_titles()
    return titles[DocumentKind(kind)] if kind in titles else kind


def role_label(role: str) -> str:
    """The name of a staff role (the core's ``services.approval.ROLE_NAMES``); an unknown
    one as is."""
    return {
        "clerk": QCoreApplication.translate("labels", "受理员"),
        "supervisor": QCoreApplication.translate("labels", "值班长"),
        "admin": QCoreApplication.translate("labels", "管理员"),
    }.get(role, role)
