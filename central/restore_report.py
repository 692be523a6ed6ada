"""What ``counter-central restored`` tells the operator: a restore takes the store back to
its backup, so every operator step after the newest one the restored store's operator log
holds is lost and must be done again. Some steps undone are dangerous, not only missing: a
device revoked after the backup (a stolen PC) is let in again, a member of staff disabled
after it may sign in again. Each kind comes with the newest step of it this store holds, so
the operator looks for later ones in their own records (``counter-central operator-log`` on
the store as it was, a ticket system, the hall's log book).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, get_args

from central.store import CentralStore
from central.store.staff import StaffChange
from counter_app.domain.hall_time import hall_time_text


@dataclass(frozen=True)
class LostKind:
    """A kind of operator step a restore undoes: its name, the operator-log actions that
    record it, and what to do again (Chinese, English)."""

    kind: str
    actions: tuple[str, ...]
    redo_zh: str
    redo_en: str


LOST_KINDS = (
    LostKind(
        "enrolments",
        ("enroll-code",),
        "登记码与登记：备份之后登记的窗口平台已不认识，需签发新登记码并重新登记",
        "enrolment codes and enrolments: windows enrolled after the backup are unknown "
        "again; issue new codes and enrol them again",
    ),
    LostKind(
        "device_revocations",
        ("revoke",),
        "设备吊销：备份之后吊销的设备（如被盗电脑）又能登录平台，请立即重新吊销",
        "device revocations: a device revoked after the backup (a stolen PC?) is let in "
        "again; revoke it again at once",
    ),
    LostKind(
        "staff_changes",
        tuple(f"staff {change}" for change in get_args(StaffChange)),
        "人员账号：备份之后的停用、角色变更、密码重置等已撤销（被停用的人员可再次登录），请重新办理",
        "staff accounts: disables, role changes and password resets after the backup are "
        "undone (a disabled member may sign in again); do them again",
    ),
    LostKind(
        "publications",
        ("catalog publish", "calendar publish", "catalog revert", "notice publish"),
        "事项目录、工作日历和通知的发布：请重新发布",
        "catalog, calendar and notice publications: publish them again",
    ),
    LostKind(
        "appointments",
        (
            "appointment create",
            "appointment cancel",
            "appointment no-show",
            "appointment no-shows",
            "preapp create",
            "preapp review",
            "preapp withdraw",
        ),
        "预约与预申请：请重新登记、取消或改期",
        "appointments and pre-applications: create, cancel or move them again",
    ),
)


@dataclass(frozen=True)
class LostSince:
    """One kind, and the newest step of it the restored store holds (None: none)."""

    kind: str
    last_at: str | None
    last_action: str | None
    last_target: str | None
    redo_zh: str
    redo_en: str


def _newest(store: CentralStore, actions: tuple[str, ...]) -> tuple[str, str, str] | None:
    marks = ", ".join("?" for _ in actions)
    sql = (
        "SELECT at, action, target FROM operator_log"  # noqa: S608 - placeholders only
        f" WHERE action IN ({marks}) ORDER BY seq DESC LIMIT 1"
    )
    with store.snapshot() as cur:
        row = store._exec(cur, sql, actions).fetchone()
    return None if row is None else (str(row[0]), str(row[1]), str(row[2]))


def _newest_entry(store: CentralStore) -> str | None:
    with store.snapshot() as cur:
        row = store._exec(cur, "SELECT MAX(at) FROM operator_log").fetchone()
    return None if row is None or row[0] is None else str(row[0])


def restore_report(store: CentralStore) -> dict[str, Any]:
    """What a restore of ``store`` undid, read before the restore is recorded in its log:
    ``store_ends_at`` (the newest operator-log entry), each kind's newest step, and the
    words (``message``, ``message_en``)."""
    ends_at = _newest_entry(store)
    kinds = []
    for lost in LOST_KINDS:
        newest = _newest(store, lost.actions)
        at, action, target = newest or (None, None, None)
        kinds.append(LostSince(lost.kind, at, action, target, lost.redo_zh, lost.redo_en))
    when = hall_time_text(ends_at) if ends_at else None
    since = f" --since {when[:10]}" if when else ""
    zh = [
        f"恢复后的平台数据止于 {when}（操作日志最新一条）：此后的所有变更都已丢失，须重新办理。"
        if when
        else "恢复后的平台数据中没有操作日志记录：备份之后的所有变更都已丢失，须重新办理。"
    ]
    en = [
        f"The restored store ends at {when} (its newest operator-log entry): every change "
        "after it is lost and must be done again."
        if when
        else "The restored store holds no operator-log entry: every change after the backup "
        "is lost and must be done again."
    ]
    for kind in kinds:
        held_zh = held_en = ""
        if kind.last_at:
            held_zh = f"（本库最新一条：{hall_time_text(kind.last_at)} {kind.last_action} {kind.last_target}）"
            held_en = (
                f" (newest in this store: {hall_time_text(kind.last_at)} {kind.last_action} "
                f"{kind.last_target})"
            )
        zh.append(f"- {kind.redo_zh}{held_zh}")
        en.append(f"- {kind.redo_en}{held_en}")
    zh.append(
        "窗口的办件会自动重新上传；后台办理进度等须按 docs/operations.md §13.4 重新录入。"
        f"对照恢复前的记录（counter-central operator-log{since}、工单、大厅日志）逐条重做。"
    )
    en.append(
        "The windows send their cases again by themselves; back-office progress is recorded "
        "again as docs/operations.md §13.4 says. Redo each step from the records of before the "
        f"restore (counter-central operator-log{since}, tickets, the hall's log book)."
    )
    return {
        "store_ends_at": ends_at,
        "lost": [asdict(kind) for kind in kinds],
        "message": "\n".join(zh),
        "message_en": "\n".join(en),
    }
