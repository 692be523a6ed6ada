"""The words the case screens show for a case: its sync state, what it still waits for at
the window, a document's print status, the kinds of its history events (context ``cases``)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from counter_app.domain.calendar import unpublished_year_note
from ui.i18n import current_lang, in_language
from ui.labels import state_label
from ui.payment import unpaid_label

if TYPE_CHECKING:
    from ui.facade_types import CaseRow


def sync_labels() -> dict[str, str]:
    return {
        "pending": QCoreApplication.translate("cases", "待上传"),
        "synced": QCoreApplication.translate("cases", "已上传"),
        "conflict": QCoreApplication.translate("cases", "冲突，待处理"),
        "rejected": QCoreApplication.translate("cases", "被拒，待处理"),
    }


def unprinted_label() -> str:
    return QCoreApplication.translate("cases", "回执未打印")


def state_text(row: CaseRow) -> str:
    """The state with what the case still waits for at the window: 回执未打印, 待缴费."""
    parts = [state_label(row.state)]
    if row.unprinted:
        parts.append(unprinted_label())
    if row.unpaid:
        parts.append(unpaid_label())
    return " · ".join(parts)


def print_status_labels() -> dict[str, str]:
    return {
        "not_printed": QCoreApplication.translate("cases", "未打印"),
        "printed": QCoreApplication.translate("cases", "已打印"),
        "failed": QCoreApplication.translate("cases", "打印失败"),
    }


def event_labels() -> dict[str, str]:
    # A document event is issuing or printing it; its detail says which, so the kind never
    # claims 打印 for a document that was only issued.
    return {
        "transition": QCoreApplication.translate("cases", "状态变更"),
        "edit": QCoreApplication.translate("cases", "修改"),
        "print": QCoreApplication.translate("cases", "文书"),
        "sync": QCoreApplication.translate("cases", "同步"),
        "progress": QCoreApplication.translate("cases", "平台进度"),
        "evaluation": QCoreApplication.translate("cases", "评价"),
        "elicence": QCoreApplication.translate("cases", "电子证照核验"),
        "retention": QCoreApplication.translate("cases", "个人信息按保留期限清除"),
    }


def actor_label(actor: str) -> str:
    """Who did something, in words: a staff account's username as it is (the clerk's own
    name for themselves), the window's own services and the CLI by what they are; the
    code itself belongs in the tooltip."""
    services = {
        "sync": QCoreApplication.translate("cases", "同步服务"),
        "platform": QCoreApplication.translate("cases", "政务平台"),
        "system": QCoreApplication.translate("cases", "系统"),
        "system:elicence-verification": QCoreApplication.translate("cases", "电子证照核验（系统）"),
        "system:deferral-expiry": QCoreApplication.translate("cases", "容缺到期处理（系统）"),
        "system:retention": QCoreApplication.translate("cases", "保留期限清除（系统）"),
        "training-hall": QCoreApplication.translate("cases", "培训大厅（系统）"),
    }
    if actor in services:
        return services[actor]
    # A command's actor is ``<command>:<OS user>`` (``counter_app.cli.context.os_actor``).
    commands = {
        "cli": QCoreApplication.translate("cases", "命令行（{user}）"),
        "import": QCoreApplication.translate("cases", "批量导入（{user}）"),
        "deferrals": QCoreApplication.translate("cases", "容缺到期处理（命令行，{user}）"),
        "first-start": QCoreApplication.translate("cases", "首次启动（{user}）"),
        "retention": QCoreApplication.translate("cases", "保留期限清除（命令行，{user}）"),
        # A step the handling department recorded on the platform (全市通办).
        "department": QCoreApplication.translate("cases", "承办部门（{user}）"),
    }
    command, _, user = actor.partition(":")
    if command in commands and user:
        return commands[command].format(user=user)
    return actor


def counted_date_text(day: date | str | None, calendar_years: frozenset[int]) -> str:
    """A date counted in working days (a promised date, a 容缺 deadline), noted as its paper
    and the progress page note it when its year is not among ``calendar_years``, the years
    the working calendar was published for: only Monday to Friday was known for it."""
    if not day:
        return "—"
    counted = day if isinstance(day, date) else date.fromisoformat(day)
    note = unpublished_year_note(counted, calendar_years)
    if note is None:
        return counted.isoformat()
    return QCoreApplication.translate("cases", "{date}（{note}）").format(
        date=counted.isoformat(), note=in_language(note, current_lang())
    )
