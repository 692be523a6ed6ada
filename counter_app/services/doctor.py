"""Health checks for ``counter-app doctor``: database integrity and schema, key file,
audit chain, reference data, disk space, clock, whether hall policy pauses new intake -
plus checks other packages contribute.

A contributed check is an entry point in the group ``counter_app.doctor_checks``: a
callable ``(home, config) -> list[Check]``. One that raises is reported as a failed check
under its entry-point name; it never stops the others.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from importlib.metadata import entry_points
from pathlib import Path
from typing import Literal

from counter_app.config import Config
from counter_app.crash_reports import recent_crashes_check
from counter_app.device_files import KEY_FILE as DEVICE_KEY_FILE
from counter_app.domain.clock_advice import PLATFORM_CLOCK_WRONG
from counter_app.domain.hall_time import hall_minute_text, hall_time_text, hall_today
from counter_app.durable_files import write_private_file
from counter_app.errors import CounterError
from counter_app.home import Home, system_config_path
from counter_app.services import disk_space
from counter_app.services.arrival_list_age import list_age_words, refreshed_today
from counter_app.services.auth import Accounts, add_administrator_step, administration
from counter_app.services.catalog_ahead import ahead_words
from counter_app.services.clock_sanity import (
    BEHIND_TOLERANCE,
    ClockRefusedByPlatform,
    ClockUnconfirmed,
    clock_doubt,
    refuse_unconfirmed_clock,
    skew_words,
    this_boot,
)
from counter_app.services.offline_policy import intake_pause
from counter_app.services.sign_off_reminder import sign_off_words
from counter_app.store.arrivals import arrivals_downloaded_at
from counter_app.store.backup import last_key_backup
from counter_app.store.calendar import ensure_bundled_calendar, working_calendar
from counter_app.store.case_integrity import AlteredCase, damaged_cases
from counter_app.store.case_order import cases_out_of_order
from counter_app.store.catalog import (
    cases_on_sample_catalog,
    current_catalog_version,
    ensure_bundled_catalog,
)
from counter_app.store.database import (
    DatabaseDamaged,
    Store,
    damage_refusal,
    known_migrations,
    open_store,
)
from counter_app.store.pii import KeyFileMissing, check_key_permissions
from counter_app.store.platform_clock import (
    BootReading,
    ClockNow,
    PlatformClockReading,
    newest_written_at,
    platform_clock_reading,
)
from counter_app.store.restore_guards import recorded_enrolment
from counter_app.store.safety_copies import safety_copies_report
from counter_app.store.sqlite_failures import DiskFull
from counter_app.store.timestamps import to_text, utc_now

Status = Literal["ok", "warn", "fail"]
ENTRY_POINT_GROUP = "counter_app.doctor_checks"
# No clock may be earlier than the day this release was cut; bump it with each release.
RELEASE_DATE = date(2026, 11, 1)
_CLOCK_HORIZON = timedelta(days=365 * 30)
_INTEGRITY_MESSAGES_SHOWN = 5

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    detail: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class DoctorRun:
    """The checks of one doctor run and when it ran (UTC timestamp text)."""

    ran_at: str
    checks: tuple[Check, ...]

    @property
    def worst(self) -> Status:
        statuses = {check.status for check in self.checks}
        return "fail" if "fail" in statuses else "warn" if "warn" in statuses else "ok"


def record_doctor_run(
    home: Home, checks: list[Check], now: Callable[[], datetime] = utc_now
) -> None:
    """Keep ``checks`` as the last doctor run: sync reports it to IT with the window's health."""
    run = {"ran_at": to_text(now()), "checks": [check.to_dict() for check in checks]}
    write_private_file(home.last_doctor_path, json.dumps(run, ensure_ascii=False).encode())


def last_doctor_run(home: Home) -> DoctorRun | None:
    """The last doctor run kept by :func:`record_doctor_run`; None before the first (or when
    its file is unreadable, which is logged: the health report then says "never run")."""
    path = home.last_doctor_path
    if not path.exists():
        return None
    try:
        run = json.loads(path.read_text(encoding="utf-8"))
        return DoctorRun(run["ran_at"], tuple(Check(**check) for check in run["checks"]))
    except (OSError, ValueError, KeyError, TypeError):
        log.warning("the last doctor run in %s cannot be read", path, exc_info=True)
        return None


Say = Callable[[str, str], str]  # the Chinese or the English of a detail


def run_checks(
    home: Home,
    config: Config,
    now: Callable[[], datetime] = utc_now,
    boot: Callable[[], BootReading] = this_boot,
) -> list[Check]:
    """Every check, in a stable order, its details in ``config.ui.lang``; ``now`` and
    ``boot`` read the wall clock and the boot clock. Initialises a fresh home (that is part
    of the check)."""
    lang = config.ui.lang

    def say(zh: str, en: str) -> str:
        return en if lang == "en" else zh

    checks: list[Check] = [
        Check("config", "ok", "; ".join(config.sources) or say("内置默认值", "built-in defaults"))
    ]
    enrolled = True  # unknown while the store cannot be read: the configured code is named
    try:
        store = open_store(home, config)
    except CounterError as exc:
        checks.append(Check("database", "fail", _could_not_check(exc, say)))
        checks.append(_key_file(home, say))
    else:
        try:
            integrity = _integrity(store, say)
            try:
                enrolled = recorded_enrolment(store.db.conn) is not None
                # A fresh home gets the bundled reference data, as on the counter's first
                # start; the sample catalog only in the training hall: a production window's
                # catalog comes from its platform at the first start, whose version 1 the
                # sample's version 1 would otherwise block.
                if config.is_training:
                    ensure_bundled_catalog(store)
                ensure_bundled_calendar(store)
                later = _store_checks(store, home, config, ClockNow(now(), boot()), say)
            except (sqlite3.DatabaseError, DatabaseDamaged) as exc:
                damage = exc if isinstance(exc, DatabaseDamaged) else damage_refusal(exc)
                if damage is None:
                    raise
                # The checks after it read the damaged pages too: what they would say is
                # the damage already reported.
                log.warning("doctor: the store's checks stopped at damage: %s", damage.en)
                if integrity.status == "ok":
                    integrity = Check("database", "fail", _damage_words(str(exc), say))
                later = [_key_file(home, say)]
            checks.extend([integrity, *later])
        finally:
            store.close()
    if not config.is_training and not config.hall.hall_name:
        checks.insert(1, _hall_name(config, say, enrolled=enrolled))
    checks.extend(_device_key(home, say))
    checks.append(_disk_space(home, say))
    checks.append(recent_crashes_check(home, say, now))
    status, zh, en = safety_copies_report(home.backups_dir, config.store)
    checks.append(Check("safety_copies", status, say(zh, en)))
    checks.extend(_contributed(home, config, say))
    return checks


def _hall_name(config: Config, say: Say, *, enrolled: bool) -> Check:
    """A production window whose IT set no hall name: documents and the online progress
    page show the hall code instead; the setting belongs in the system file. Before its
    first enrolment the configured code is the program's default, not this hall's."""
    system = system_config_path(os.environ)
    code_zh, code_en = (
        (f" {config.hall.hall_code} ", f"{config.hall.hall_code} ")
        if enrolled
        else ("（登记后由平台给出）", "(given by the platform at enrolment) ")
    )
    return Check(
        "hall_name",
        "warn",
        say(
            f"未设置大厅名称：文书和网上进度页将以大厅编码{code_zh}代替。请在 {system} 的 [hall] "
            '中加一行 hall_name = "…"（如 "徐汇区行政服务中心"）',
            f"no hall name set: documents and the online progress page show the hall code "
            f'{code_en}instead. Add to {system}, section [hall]: hall_name = "…" (e.g. '
            '"徐汇区行政服务中心")',
        ),
    )


def _store_checks(store: Store, home: Home, config: Config, now: ClockNow, say: Say) -> list[Check]:
    moment = now.wall
    sample_cases = [] if config.is_training else cases_on_sample_catalog(store)
    return [
        _schema(store, say),
        _key_file(home, say),
        *([] if config.is_training else [_key_backup(store, say)]),
        _audit_chain(store, say),
        _case_records(store, moment, say),
        _catalog(store, say),
        *([_sample_cases(sample_cases, say)] if sample_cases else []),
        _calendar(store, hall_today(moment), say),
        _clock(store, now, say),
        *_case_order(store, say),
        _intake(store, config, now, say),
        *_arrival_list(store, moment, say),
        *_day_sign_off(store, moment, say),
        _accounts(store, say),
    ]


def _integrity(store: Store, say: Say) -> Check:
    try:
        rows = [row[0] for row in store.db.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:  # damage the check cannot even walk past
        if damage_refusal(exc) is None:
            raise
        return Check("database", "fail", _damage_words(str(exc), say))
    if rows == ["ok"]:
        return Check(
            "database",
            "ok",
            say("完整性检查通过：", "integrity_check ok: ") + str(store.home.db_path),
        )
    found = "; ".join(rows[:_INTEGRITY_MESSAGES_SHOWN])
    if all(_INDEX_ONLY.match(row) for row in rows):
        return Check("database", "fail", _index_damage_words(found, say))
    return Check("database", "fail", _damage_words(found, say))


# What integrity_check says of an index that no longer matches its table's rows: the rows
# themselves (every case, version, audit entry) were read whole.
_INDEX_ONLY = re.compile(
    r"^(row \d+ missing from index |wrong # of entries in index |"
    r"non-unique entry in UNIQUE index )"
)


def _damage_words(found: str, say: Say) -> str:
    """The way forward from a damaged store. The restore sets the damaged file aside whole
    (``backups/damaged-*.db``) for a specialist; the cases synced since the backup come back
    from the platform at the next sync, so a sync that still runs goes first."""
    return say(
        f"数据库已损坏：{found}。请关闭所有 counter-app 程序；能同步时先运行 counter-app sync "
        "--once 把待上传的办件送到平台，再用 counter-app restore 从最近的备份恢复（原文件整个"
        "保留在 backups/damaged-*.db，备份之后已同步的办件在下次同步时从平台取回）",
        f"the database is damaged: {found}. Close every counter-app program; if a sync still "
        "runs, run counter-app sync --once first to send the waiting cases to the platform, "
        "then restore the newest backup with counter-app restore (the damaged file is kept "
        "whole as backups/damaged-*.db; cases synced since the backup come back from the "
        "platform at the next sync)",
    )


def _index_damage_words(found: str, say: Say) -> str:
    """Index damage only: no row is lost, but lookups through that index (a case by number,
    a person's cases) miss rows. The restore is the way back the program vouches for; a
    REINDEX by hand would rebuild the index from the rows, but it is an edit of the file
    outside the program (doctor never runs it) and fails on a unique index whose rows now
    repeat, so it is named as IT's last resort, not run here."""
    return say(
        f"数据库索引损坏：{found}。办件数据本身完好，但按该索引的查找会漏掉办件。请关闭所有 "
        "counter-app 程序，先运行 counter-app sync --once 把待上传的办件送到平台，再用 "
        "counter-app restore 从最近的备份恢复（备份之后已同步的办件在下次同步时从平台取回）；"
        "没有可用的备份时，请信息技术人员先复制整个数据目录，再在所有程序关闭时对数据库执行 "
        "REINDEX 重建索引（doctor 不会执行 REINDEX）",
        f"the database's indexes are damaged: {found}. The cases themselves are whole, but "
        "lookups through that index miss cases. Close every counter-app program, run "
        "counter-app sync --once to send the waiting cases to the platform, then restore the "
        "newest backup with counter-app restore (cases synced since the backup come back from "
        "the platform at the next sync); with no usable backup, IT copies the whole home first "
        "and then, with every program closed, runs REINDEX on the database to rebuild the "
        "indexes (doctor never runs REINDEX)",
    )


def _schema(store: Store, say: Say) -> Check:
    applied = store.schema_versions()
    known = known_migrations()
    if applied != known:
        return Check(
            "schema",
            "fail",
            say(
                f"已应用 {applied}，本程序的迁移为 {known}",
                f"applied {applied}, this program knows {known}",
            ),
        )
    dropped = _dropped_triggers(store)
    if dropped:
        names = ", ".join(dropped)
        return Check(
            "schema",
            "fail",
            say(
                f"保护性触发器缺失或被改动：{names}。数据库文件被人绕过本程序修改过；"
                "请立即联系信息技术人员，用备份核对并恢复（counter-app restore）",
                f"protective triggers missing or changed: {names}. The database file was "
                "changed outside this program; call IT at once to check it against a backup "
                "and restore (counter-app restore)",
            ),
        )
    return Check(
        "schema",
        "ok",
        say(
            f"已应用 {len(applied)} 个迁移，最新 {applied[-1]}",
            f"{len(applied)} migrations, latest {applied[-1]}",
        ),
    )


# The triggers that keep the program from changing what must never change (m0001), and what
# each must still do: dropped or emptied, the file was edited by something else.
_PROTECTIVE_TRIGGERS = ("audit_log_no_update", "audit_log_no_delete")
_TRIGGER_REFUSES = "RAISE(ABORT"


def _dropped_triggers(store: Store) -> list[str]:
    marks = ",".join("?" * len(_PROTECTIVE_TRIGGERS))
    present = dict(
        store.db.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",  # noqa: S608 - marks only
            _PROTECTIVE_TRIGGERS,
        ).fetchall()
    )
    return [
        name
        for name in _PROTECTIVE_TRIGGERS
        if _TRIGGER_REFUSES not in (present.get(name) or "").upper().replace(" ", "")
    ]


# The cases doctor compares with their sealed versions: those of the last week, at most so
# many (the newest): a check of a window's whole store would take minutes on a large one.
RECENT_CASE_DAYS = 7
RECENT_CASES_CHECKED = 5_000


def _case_records(store: Store, moment: datetime, say: Say) -> Check:
    """The cases of the last ``RECENT_CASE_DAYS`` days whose rows say other than their newest
    sealed version, whose version does not open for them, or that the audit log recorded
    and whose rows or newest version are gone: named by case number only."""
    since = to_text(moment - timedelta(days=RECENT_CASE_DAYS))
    found, taken = damaged_cases(store, since, limit=RECENT_CASES_CHECKED)
    checked = min(taken, RECENT_CASES_CHECKED)
    scope_zh = f"近 {RECENT_CASE_DAYS} 天受理的 {checked} 件办件"
    scope_en = f"{checked} cases of the last {RECENT_CASE_DAYS} days"
    if taken > checked:
        scope_zh += f"（共 {taken} 件，只核对最新的 {checked} 件）"
        scope_en += f" (of {taken}: the newest {checked} checked)"
    if not found:
        return Check(
            "case_records",
            "ok",
            say(f"{scope_zh}与加密封存的版本一致", f"{scope_en} match their sealed versions"),
        )
    return Check("case_records", "fail", say(*_altered_words(found, scope_zh, scope_en)))


def _altered_words(found: list[AlteredCase], scope_zh: str, scope_en: str) -> tuple[str, str]:
    shown = [f.case_no for f in found[:_INTEGRITY_MESSAGES_SHOWN]]
    more_zh, more_en = ("等", " …") if len(found) > len(shown) else ("", "")
    return (
        f"{scope_zh}中，{len(found)} 件的本机记录被改动或删除，与加密封存的版本或审计日志不符："
        f"{'、'.join(shown)}{more_zh}。这些办件不能出具文书；请勿据本机记录办理，立即联系信息技术"
        "人员，从备份或中心平台核对并恢复（counter-app restore），并保留本机数据库以备调查",
        f"in {scope_en}, {len(found)} local records were altered or deleted and no longer "
        f"match their sealed versions or the audit log: {', '.join(shown)}{more_en}. No "
        "document is issued for them; do not act on the local record: call IT to check them "
        "against a backup or the platform and restore (counter-app restore), keeping this "
        "database for the investigation",
    )


def _key_file(home: Home, say: Say) -> Check:
    path = home.key_path
    if not path.exists():
        missing = KeyFileMissing(path)
        return Check("key_file", "fail", say(missing.zh, missing.en))
    return _owner_only("key_file", path, say)


def _device_key(home: Home, say: Say) -> list[Check]:
    """The device's platform signing key, held to the PII key's owner-only rule; none before
    enrolment (whether this PC is enrolled is sync's check)."""
    path = home.device_dir / DEVICE_KEY_FILE
    return [_owner_only("device_key", path, say)] if path.exists() else []


def _owner_only(name: str, path: Path, say: Say) -> Check:
    try:
        check_key_permissions(path)
    except CounterError as exc:
        return Check(name, "fail", say(exc.zh, exc.en))
    return Check(name, "ok", say(f"{path}（仅所有者可读写）", f"{path} owner-only"))


def _key_backup(store: Store, say: Say) -> Check:
    """Whether the key has a copy: backups are written without it, and unreadable once the
    key file is lost."""
    backed_up_at = last_key_backup(store)
    if backed_up_at is None:
        return Check(
            "key_backup",
            "warn",
            say(
                "本机密钥从未备份（或更换后未再备份）：密钥文件一旦丢失，所有备份都无法读取。请由管理员"
                "执行一次 counter-app backup 目标文件 --with-key 密钥文件 --by 管理员账号 "
                "--password-stdin，把密钥写到与备份分开的安全位置",
                "this installation's key was never backed up (or not since it changed): if the "
                "key file is lost, every backup is unreadable. Have an administrator run once: "
                "counter-app backup DEST --with-key KEY_FILE --by ADMIN --password-stdin, "
                "writing the key to a safe place apart from the backups",
            ),
        )
    at = hall_minute_text(backed_up_at)
    return Check(
        "key_backup",
        "ok",
        say(f"密钥已于 {at} 备份（--with-key）", f"key backed up with --with-key on {at}"),
    )


def _audit_chain(store: Store, say: Say) -> Check:
    problems = store.audit.verify()
    if problems:
        shown = problems[:_INTEGRITY_MESSAGES_SHOWN]
        return Check("audit_chain", "fail", "; ".join(say(p.zh, p.en) for p in shown))
    count = store.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    return Check(
        "audit_chain", "ok", say(f"{count} 条记录，哈希链完整", f"{count} entries, chain intact")
    )


def _accounts(store: Store, say: Say) -> Check:
    """Who can sign in here: a warning while nobody can, while some members still use a
    password someone else set or one past ``security.password_max_age_days`` (they change it
    at their next sign-in; until then it approves nothing), or while supervisors or administrators have no one-time codes set up
    (``security.second_factor``: they set them up at their next sign-in; until then they
    approve nothing), or while a production window asks nobody for them at all (等保 level
    3 wants two factors for privileged use), or while the platform's staff register holds no
    administrator (what only one may do, nobody here can). The platform sees it in the
    window's health report."""
    held = Accounts(store).list_users()
    users = [user for user in held if not user.disabled]
    if not users:
        return Check(
            "accounts",
            "warn",
            say(
                "还没有可登录的账号：正式窗口在首次启动时从平台取得本大厅的工作人员，"
                "也可用 counter-app user add 添加",
                "no account can sign in yet: a window takes its hall's staff from the platform "
                "at its first start, or add one with counter-app user add",
            ),
        )
    initial = sorted(u.username for u in users if u.must_change_password)
    no_codes = sorted(u.username for u in users if u.must_enrol_second_factor)
    pending = []
    if administration(held) == "nobody":
        step_zh, step_en = add_administrator_step(store.config.hall.hall_code)
        pending.append(
            say(
                "平台的工作人员名册中没有启用的管理员账号：账号管理、带密钥的备份、恢复和查看"
                f"审计日志在本机无人能做。{step_zh}",
                "the platform's staff register holds no active administrator account: nobody "
                "here can manage accounts, take a backup with its key, restore or read the "
                f"audit log. To change that, {step_en}",
            )
        )
    if initial:
        pending.append(
            say(
                f"其中 {len(initial)} 个仍在使用别人设置的初始密码，本人登录窗口时须修改："
                f"{'、'.join(initial)}",
                f"{len(initial)} still use a password someone else set, to change at their next "
                f"sign-in: {', '.join(initial)}",
            )
        )
    expired = sorted(u.username for u in users if u.password_expired and not u.must_change_password)
    if expired:
        pending.append(
            say(
                f"其中 {len(expired)} 个密码已过期，本人登录窗口时须更换，更换前不能审批或证明"
                f"操作人：{'、'.join(expired)}",
                f"{len(expired)} have expired passwords, to change at their next sign-in, "
                f"approving and proving nothing until then: {', '.join(expired)}",
            )
        )
    if no_codes:
        pending.append(
            say(
                f"{len(no_codes)} 个值班长或管理员尚未设置动态口令，本人登录窗口时须设置，"
                f"设置前不能审批：{'、'.join(no_codes)}",
                f"{len(no_codes)} supervisors or administrators have no one-time codes set up, "
                f"to set up at their next sign-in, approving nothing until then: "
                f"{', '.join(no_codes)}",
            )
        )
    config = store.config
    if config.security.second_factor == "off" and not config.is_training:
        pending.append(
            say(
                '值班长和管理员登录、审批不使用动态口令（security.second_factor = "off"），'
                "不符合等保三级对特权账号双因素认证的要求",
                "supervisors and administrators sign in and approve without one-time codes "
                '(security.second_factor = "off"), short of MLPS level 3\'s two factors for '
                "privileged use",
            )
        )
    counted = say(f"{len(users)} 个可登录的账号", f"{len(users)} accounts can sign in")
    if pending:
        return Check("accounts", "warn", say("；", "; ").join([counted, *pending]))
    return Check("accounts", "ok", counted)


def _catalog(store: Store, say: Say) -> Check:
    row = store.db.execute(
        "SELECT catalog_version, count(*) FROM service_items WHERE catalog_version = ?",
        (current_catalog_version(store),),
    ).fetchone()
    version, items = row if row else (None, 0)
    if not items:
        return Check(
            "catalog",
            "fail",
            say(
                "尚未载入事项目录（正式窗口在首次启动时从中心平台取得：未登记的请打开窗口登记本机；"
                "已登记的见 sync_catalog 一项）",
                "no service catalog loaded (a production window gets it from the platform at "
                "its first start: open the window and enrol it; if enrolled, see sync_catalog)",
            ),
        )
    ahead_zh, ahead_en = ahead_words(store)
    return Check(
        "catalog",
        "ok",
        say(
            f"事项目录第 {version} 版：{items} 个事项{ahead_zh}",
            f"catalog version {version}: {items} service items{ahead_en}",
        ),
    )


def _sample_cases(numbers: list[str], say: Say) -> Check:
    """A production window's cases taken under the bundled sample catalog (a command run
    before the enrolment loads it): such a case carries the training hall's number, which
    no platform takes. Voiding one would be refused the same way; the applicant's
    case is taken again, on the platform's catalog."""
    shown = "、".join(numbers[:_INTEGRITY_MESSAGES_SHOWN])
    more_zh, more_en = ("等", " …") if len(numbers) > _INTEGRITY_MESSAGES_SHOWN else ("", "")
    return Check(
        "sample_cases",
        "warn",
        say(
            f"{len(numbers)} 件办件（{shown}{more_zh}）是本机登记前用培训示例事项目录、按培训大厅"
            "编号受理的：平台永远拒收（wrong_hall），重新提交、requeue 或作废都无法上传。请通知"
            "申请人，在本窗口按平台的事项目录重新受理（新的办件编号和回执）",
            f"{len(numbers)} case(s) ({shown.replace('、', ', ')}{more_en}) were taken before "
            "this workstation was enrolled, on the training sample catalog and under the "
            "training hall's number: the platform refuses them for good (wrong_hall), and "
            "neither resending, requeue nor voiding uploads them. Tell the applicants and take "
            "the cases again at this window on the platform's catalog (new case numbers and "
            "receipts)",
        ),
    )


def _calendar(store: Store, today: date, say: Say) -> Check:
    """The calendar must cover today; the year 12 months ahead is published each November,
    so its absence is a warning until the calendar feed brings it."""
    calendar = working_calendar(store)
    years = sorted(calendar.covered_years)
    horizon = today + timedelta(days=365)
    if not calendar.covers(today):
        return Check(
            "calendar",
            "fail",
            say(
                f"没有 {today.year} 年的工作日历（已载入：{years}）",
                f"no working-day calendar for {today.year} (loaded: {years})",
            ),
        )
    if not calendar.covers(horizon):
        return Check(
            "calendar",
            "warn",
            say(
                f"工作日历覆盖 {years}；{horizon.year} 年的尚未发布（将由日历数据同步带来）",
                f"calendar covers {years}; {horizon.year} is not published yet "
                "(it arrives through the calendar feed)",
            ),
        )
    return Check(
        "calendar",
        "ok",
        say(
            f"覆盖 {years}，至 {horizon.isoformat()}",
            f"covers {years}, through {horizon.isoformat()}",
        ),
    )


# A clock this far from the platform's is worth IT's attention (a one-time code lasts 30 s).
CLOCK_WARN_SECONDS = 30
# How long the platform's finding a clock right vouches for it (a clock drifts, or is set).
_PLATFORM_CONFIRMS_FOR = timedelta(days=1)


def _clock(store: Store, now: ClockNow, say: Say) -> Check:
    """The PC's clock in the hall's time (Beijing time), as the person running the check
    reads a wall clock; implausible, refused by the platform (as the last sync run measured
    it), moved ahead with no platform to confirm it (``clock_doubt``), or behind the audit
    log or a case, fails; off the platform's by half a minute or more warns: one-time codes are then
    checked against the platform's time, but the PC wants network time (NTP). Entries
    written ahead of a clock the platform has since found right only warn, unless cases
    were taken or ended on those dates (:func:`_decided_ahead`)."""
    moment = now.wall.astimezone(UTC)
    wall_clock = hall_time_text(moment.isoformat())
    shown = say(f"{wall_clock}（北京时间）", f"{wall_clock} (Beijing time)")
    if moment.date() < RELEASE_DATE or moment.date() > RELEASE_DATE + _CLOCK_HORIZON:
        return Check(
            "clock",
            "fail",
            say(
                f"系统时钟 {shown} 不可能正确，请校准日期和时间",
                f"system clock {shown} is implausible; set the date and time",
            ),
        )
    reading = platform_clock_reading(store)
    if reading is not None and reading.refused:
        off_zh, off_en = skew_words(reading, now)
        return Check(
            "clock",
            "fail",
            say(
                f"系统时钟 {shown}：{off_zh}，平台拒收本机的同步，新受理已暂停。请对照手机或另一只"
                "钟核对：本机有误的，请校准系统时间（并启用网络对时 NTP），然后同步一次"
                f"（counter-app sync --once 或窗口的立即同步）；{PLATFORM_CLOCK_WRONG[0]}",
                f"system clock {shown}: {off_en}; the platform refuses this window's syncs and "
                "new intake is paused. Check it against a phone or another clock. Set the "
                "system time if it is wrong (and give this PC network time, NTP), then sync "
                f"once (counter-app sync --once, or Sync now in the window). "
                f"{PLATFORM_CLOCK_WRONG[1]}",
            ),
        )
    doubt = clock_doubt(store, now)
    if doubt is not None:
        return Check(
            "clock",
            "fail",
            say(
                f"{doubt[0]}新受理已暂停，容缺到期终止暂缓执行。请对照手机核对系统日期和时间："
                "有误的请校准（并启用网络对时 NTP）；无误的，联网同步一次（counter-app sync "
                "--once 或窗口的立即同步），中心平台核实后即恢复",
                f"{doubt[1]} New intake is paused and 容缺 deadlines wait. Check the date and "
                "time against a phone: if wrong, set them (and give this PC network time, "
                "NTP); if right, sync once with the network up (counter-app sync --once, or "
                "Sync now in the window): both resume once the platform has checked the time",
            ),
        )
    last = newest_written_at(store)
    if last is not None and last - moment > timedelta(minutes=5):
        latest = hall_time_text(to_text(last))
        if _confirmed_by_platform(reading, moment):
            return _decided_ahead(store, moment, shown, say) or Check(
                "clock",
                "warn",
                say(
                    f"系统时钟 {shown} 准确（已由中心平台核实），但最晚一条记录写于 {latest}："
                    "这些记录是在本机时钟偏快时写下的，其间没有受理或终止办件。"
                    "无需处理，请告知信息技术人员",
                    f"system clock {shown} is right (the platform confirmed it), but the latest "
                    f"entry is dated {latest}: entries were written while this clock ran fast, "
                    "and no case was taken or ended meanwhile. Nothing to do here; tell IT",
                ),
            )
        return Check(
            "clock",
            "fail",
            say(
                f"系统时钟 {shown} 早于本机最晚的一条记录（{latest}）："
                "时钟被往回调了，请校准日期和时间",
                f"system clock {shown} is behind the latest entry on this workstation "
                f"({latest}); the clock went backwards - set the date and time",
            ),
        )
    if reading is not None and abs(reading.offset_seconds) >= CLOCK_WARN_SECONDS:
        offset = reading.offset_seconds
        direction_zh, direction_en = ("快", "ahead") if offset > 0 else ("慢", "behind")
        return Check(
            "clock",
            "warn",
            say(
                f"{shown}；上次同步测得比中心平台{direction_zh}约 {abs(offset):.0f} 秒："
                "动态口令按平台时间核对，但请对照手机核对本机时间，有误的请为本机启用网络对时"
                f"（NTP）；{PLATFORM_CLOCK_WRONG[0]}",
                f"{shown}; the last sync measured it about {abs(offset):.0f} s {direction_en} "
                "of the platform's: one-time codes are checked against the platform's time, "
                "but check this clock against a phone: if wrong, give this PC network time "
                f"(NTP). {PLATFORM_CLOCK_WRONG[1]}",
            ),
        )
    return Check("clock", "ok", shown)


def _decided_ahead(store: Store, moment: datetime, shown: str, say: Say) -> Check | None:
    """A failure naming the cases taken, and the 容缺 cases ended, on dates still to come
    by a clock the platform found right (they were decided while it ran fast: their
    number, promised date or termination rest on a false date, on the platform too); None
    when there are none."""
    after = to_text(moment + timedelta(minutes=5))
    taken = store.db.execute(
        "SELECT count(*), max(created_at), group_concat(DISTINCT day) FROM cases"
        " WHERE created_at > ?",
        (after,),
    ).fetchone()
    ended = store.db.execute(
        "SELECT count(DISTINCT case_id), max(at) FROM case_events"
        " WHERE to_state = 'deferred_terminated' AND at > ?",
        (after,),
    ).fetchone()
    if not taken[0] and not ended[0]:
        return None
    latest = hall_time_text(max(t for t in (taken[1], ended[1]) if t))
    zh_parts, en_parts = [], []
    if taken[0]:
        days = sorted(taken[2].split(","))
        shown_days = ", ".join(days[:3]) + ("…" if len(days) > 3 else "")
        listing = f"counter-app cases --day {days[0]}"
        zh_parts.append(f"{taken[0]} 件办件的受理日期在未来（{shown_days}；{listing} 可列出）")
        en_parts.append(f"{taken[0]} cases are dated in the future ({shown_days}; {listing})")
    if ended[0]:
        listing = "counter-app cases --state deferred_terminated"
        zh_parts.append(f"{ended[0]} 件容缺办件在未到期时被终止受理（{listing} 可列出）")
        en_parts.append(f"{ended[0]} 容缺 cases were ended before their deadline ({listing})")
    return Check(
        "clock",
        "fail",
        say(
            f"系统时钟 {shown} 准确（已由中心平台核实），但本机时钟偏快时（直到 {latest}）"
            f"作出了决定：{'；'.join(zh_parts)}。这些办件的编号、承诺日期或终止都按错误的日期"
            "作出，平台也按此记录。请值班长逐件核对并联系申请人，并告知信息技术人员",
            f"system clock {shown} is right (the platform confirmed it), but decisions were "
            f"made while it ran fast (until {latest}): {'; '.join(en_parts)}. Their numbers, "
            "promised dates or ends rest on a false date, on the platform too. A supervisor "
            "checks each and calls the applicant; tell IT",
        ),
    )


def _case_order(store: Store, say: Say) -> list[Check]:
    """A failure naming the cases taken while the clock read behind cases the window had
    taken (:func:`cases_out_of_order`): their number and day are earlier than those of cases
    taken before them, perhaps in a day already closed; nothing when there are none. Cases
    the platform sent back (after a restore, a replacement) come in late by nature: left out."""
    found = cases_out_of_order(store, BEHIND_TOLERANCE)
    if not found:
        return []
    numbers = ", ".join(c.case_no for c in found[:3]) + ("…" if len(found) > 3 else "")
    days = sorted({c.day for c in found})
    listing = f"counter-app cases --day {days[0]}"
    first = found[0]
    at, after = hall_time_text(to_text(first.at)), hall_time_text(to_text(first.after))
    return [
        Check(
            "case_order",
            "fail",
            say(
                f"{len(found)} 件办件的受理时间早于在它之前受理的办件（如 {at} 受理的办件排在 "
                f"{after} 受理的办件之后），本机时钟当时被往回调过：{numbers}（{listing} 可列出）。"
                "这些办件的编号和受理日期按错误的时间作出，已日结的日子数字可能已变。请值班长逐件"
                "核对、重新核对这些日子的日结，并告知信息技术人员",
                f"{len(found)} cases are dated before cases taken ahead of them (one "
                f"taken at {at} follows one taken at {after}): the clock was set back then: "
                f"{numbers} ({listing}). Their numbers and days rest on a false time, and a day "
                "already signed off may now count differently. A supervisor checks each and "
                "the end-of-day figures of those days again; tell IT",
            ),
        )
    ]


def _arrival_list(store: Store, moment: datetime, say: Say) -> list[Check]:
    """How old the appointment list is, once the window has downloaded one (a hall that
    never pulled the feed takes no appointments here): a warning when not refreshed today."""
    as_of = arrivals_downloaded_at(store)
    if as_of is None:
        return []
    status: Status = "ok" if refreshed_today(as_of, moment) else "warn"
    return [Check("arrivals", status, say(*list_age_words(as_of, moment)))]


def _day_sign_off(store: Store, moment: datetime, say: Say) -> list[Check]:
    """Whether this window's previous working day was signed off (a warning when not)."""
    found = sign_off_words(store, hall_today(moment))
    if found is None:
        return []
    signed, zh, en = found
    return [Check("day_sign_off", "ok" if signed else "warn", say(zh, en))]


def _confirmed_by_platform(reading: PlatformClockReading | None, moment: datetime) -> bool:
    """Whether the platform found this clock right (within the warning's half a minute) at
    a measurement in the last day, with the clock not set back since."""
    if reading is None or reading.local_time is None:
        return False
    since = moment - reading.local_time
    return (
        abs(reading.offset_seconds) < CLOCK_WARN_SECONDS
        and timedelta(0) <= since <= _PLATFORM_CONFIRMS_FOR
    )


def _intake(store: Store, config: Config, now: ClockNow, say: Say) -> Check:
    try:
        refuse_unconfirmed_clock(store, now.wall, now.boot)
    except (ClockRefusedByPlatform, ClockUnconfirmed) as exc:
        return Check("intake", "fail", exc.message(config.ui.lang))
    paused = intake_pause(store, config, now.wall)
    if paused is not None:
        return Check("intake", "fail", paused.message(config.ui.lang))
    if config.is_training:
        return Check(
            "intake", "ok", say("开放（培训大厅：从不暂停）", "open (training hall: never paused)")
        )
    stops = [
        say(f"{limit} {zh}", f"{limit} {en}")
        for limit, zh, en in (
            (config.sync.hard_stop_days, "天未成功同步", "days without a successful sync"),
            (config.sync.hard_stop_cases, "件未上传", "unsynced cases"),
        )
        if limit > 0
    ]
    if not stops:
        return Check("intake", "ok", say("开放", "open"))
    return Check(
        "intake",
        "ok",
        say("开放；" + "或".join(stops) + "时暂停", "open; pauses at " + " or ".join(stops)),
    )


def _disk_space(home: Home, say: Say) -> Check:
    """Free space where the home is; short of it, what that stops, what under the home uses
    the space (so IT knows what to move) and what IT does about it (said here once: a check
    that could not run on a full disk points here). Full: less than a MiB left, which no
    case's save fits in."""
    free = disk_space.free_bytes(home)
    low = disk_space.low_disk_warning(home, free)
    if low is None:
        mib = free // disk_space.MIB
        return Check(
            "disk_space", "ok", say(f"{home.root} 可用 {mib} MiB", f"{mib} MiB free at {home.root}")
        )

    def mib_used(*roots: os.PathLike[str]) -> int:
        total = 0
        for root in roots:
            walked = os.walk(root) if os.path.isdir(root) else [("", [], [os.fspath(root)])]
            for folder, _folders, files in walked:
                for name in files:
                    try:
                        total += os.lstat(os.path.join(folder, name)).st_size
                    except OSError:  # gone meanwhile, or never there (no -wal file)
                        continue
        return total // disk_space.MIB

    db = home.db_path
    database = mib_used(db, db.with_name(f"{db.name}-wal"), db.with_name(f"{db.name}-shm"))
    documents, backups = mib_used(home.documents_dir), mib_used(home.backups_dir)
    logs = mib_used(home.logs_dir, home.crash_dir)
    uses_zh = (
        f"本机数据占用：数据库 {database} MB，文书 {documents} MB（{home.documents_dir}），"
        f"备份 {backups} MB（{home.backups_dir}），日志 {logs} MB（{home.logs_dir}）。"
    )
    uses_en = (
        f"Under the home: database {database} MB, documents {documents} MB "
        f"({home.documents_dir}), backups {backups} MB ({home.backups_dir}), logs {logs} MB "
        f"({home.logs_dir})."
    )
    if free < disk_space.MIB:
        return Check(
            "disk_space",
            "fail",
            say(
                f"磁盘已满：{home.root} 所在磁盘已没有剩余空间，现在不能保存任何办件（正在受理的"
                f"办件保存时会失败，已保存的办件不受影响）。{uses_zh}请信息技术人员立即清理磁盘，"
                "例如把旧备份移到别的磁盘。",
                f"The disk is full: no space is left on the disk holding {home.root}, and no "
                "case can be saved now (a case being accepted fails to save; those saved are "
                f"safe). {uses_en} Ask IT to free space now, e.g. by moving old backups to "
                "another disk.",
            ),
        )
    zh, en = low
    return Check(
        "disk_space",
        "fail" if free < disk_space.FAIL_BYTES else "warn",
        say(f"{zh}{uses_zh}", f"{en} {uses_en}"),
    )


def _could_not_check(exc: CounterError, say: Say) -> str:
    """Why a check could not run, in the chosen language; a full disk only pointed at, as the
    disk_space check says what to do about it."""
    if isinstance(exc, DiskFull):
        return say(
            "磁盘已满，无法打开数据库进行检查（数据库未作改动）：见 disk_space 一项",
            "the disk is full, so the database could not be opened to check it (nothing in it "
            "was changed): see disk_space",
        )
    if isinstance(exc, KeyFileMissing):
        return say(
            "密钥文件不存在，无法打开数据库进行检查（数据库未作改动）：见 key_file 一项",
            "the key file is missing, so the database could not be opened to check it (nothing "
            "in it was changed): see key_file",
        )
    return say(exc.zh, exc.en)


def _contributed(home: Home, config: Config, say: Say) -> list[Check]:
    checks: list[Check] = []
    for entry in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        try:
            checks.extend(entry.load()(home, config))
        except CounterError as exc:  # one that cannot run (a full disk) says why, in words
            log.warning("doctor check %s could not run: %s", entry.name, exc.en)
            checks.append(Check(entry.name, "fail", _could_not_check(exc, say)))
        except Exception as exc:  # a broken plug-in must not hide the other checks
            log.exception("doctor check %s failed", entry.name)
            crashed = say("检查本身出错（详情已记入日志）", "check crashed (details in the log)")
            checks.append(Check(entry.name, "fail", f"{crashed}: {exc}"))
    return checks
