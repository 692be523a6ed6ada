"""The safety copies the store makes of itself under ``<home>/backups/``: before an upgrade
(``pre-migrate-<UTC second>-<last migration>.db``) and before a restore
(``pre-restore-<UTC second>.db``; ``unsynced-kept-<UTC second>.db`` when the restore discards
cases the platform never received: that copy is their only trace, so it is never pruned).
Each is as large as the store and holds its personal
data, so they are kept few and recent: when one is about to be made, the older ones beyond
``[store] safety_copies_kept`` (the new one counted) and those older than
``safety_copies_max_days`` are removed first, except the newest, whatever its age: should
the new copy then fail (a full disk), one safety copy is still there. The copy an upgrade or
a restore makes is never removed by its own operation: it is made after the pruning, and the
next pruning (a restored older backup's upgrade, at the earliest) keeps at least the newest
copy. ``counter-app doctor`` reports what they take.
"""

from __future__ import annotations

import errno
import logging
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from counter_app.config import StoreConfig
from counter_app.durable_files import sync_directory
from counter_app.errors import StoreError
from counter_app.store.snapshot import CopyNotWritten, copy_database, megabytes_needed
from counter_app.store.sqlite_failures import DiskFull, disk_failure
from counter_app.store.timestamps import file_stamp

UPGRADE_PREFIX = "pre-migrate-"
RESTORE_PREFIX = "pre-restore-"
UNSYNCED_KEPT_PREFIX = "unsynced-kept-"
_STAMP_FORMAT = "%Y%m%dT%H%M%S"  # timestamps.file_stamp, to its second (microseconds follow)
_STAMP_CHARS = len("20261127T015803")
MIB = 1024 * 1024

Purpose = Literal["upgrade", "restore"]
Status = Literal["ok", "warn"]

log = logging.getLogger(__name__)


class SafetyCopyNotWritten(StoreError):
    """The safety copy an upgrade or a restore makes first could not be written: the
    operation did not start, the database is as it was."""

    code = "safety_copy_not_written"


@dataclass(frozen=True)
class SafetyCopy:
    path: Path
    made_at: datetime  # UTC, from the name
    size_bytes: int


def safety_copies(backups_dir: Path) -> list[SafetyCopy]:
    """The upgrade and restore safety copies in ``backups_dir``, newest first. A file whose
    name does not carry the moment it was made is not one of them."""
    found = []
    for prefix in (UPGRADE_PREFIX, RESTORE_PREFIX):
        for path in backups_dir.glob(f"{prefix}*.db"):
            stamp = path.name[len(prefix) : len(prefix) + _STAMP_CHARS]
            try:
                made_at = datetime.strptime(stamp, _STAMP_FORMAT).replace(tzinfo=UTC)
            except ValueError:
                continue
            found.append(SafetyCopy(path, made_at, path.stat().st_size))
    return sorted(found, key=lambda copy: (copy.made_at, copy.path.name), reverse=True)


def safety_copy_path(
    backups_dir: Path, purpose: Purpose, last_migration: str = "", *, holds_unsynced: bool = False
) -> Path:
    """Where the safety copy made now for ``purpose`` goes (``last_migration``: the store's,
    before an upgrade; ``database.refuse_newer_schema`` reads it back from the name).
    ``holds_unsynced``: a restore discards cases the platform never received; their copy is
    named so that no pruning removes it."""
    if purpose == "upgrade":
        return backups_dir / f"{UPGRADE_PREFIX}{file_stamp()}-{last_migration}.db"
    prefix = UNSYNCED_KEPT_PREFIX if holds_unsynced else RESTORE_PREFIX
    return backups_dir / f"{prefix}{file_stamp()}.db"


def prune_for_new_copy(backups_dir: Path, policy: StoreConfig, now: datetime) -> list[Path]:
    """Remove the safety copies a new one would put beyond the policy: all but the newest
    ``safety_copies_kept - 1``, and any but the newest older than ``safety_copies_max_days``
    at ``now`` (the new copy is not written yet). Returns the copies removed."""
    oldest_kept = now - timedelta(days=policy.safety_copies_max_days)
    removed = [
        copy.path
        for rank, copy in enumerate(safety_copies(backups_dir))
        if rank > 0 and (rank >= policy.safety_copies_kept - 1 or copy.made_at < oldest_kept)
    ]
    for path in removed:
        path.unlink(missing_ok=True)
        log.info("safety copy %s removed (keeping %s)", path, _policy_words(policy)[1])
    if removed:
        sync_directory(backups_dir)
    return removed


def make_safety_copy(
    source: sqlite3.Connection,
    destination: Path,
    policy: StoreConfig,
    purpose: Purpose,
    now: datetime,
) -> None:
    """Prune the older copies (:func:`prune_for_new_copy`), then copy ``source`` to
    ``destination``. A disk without room for it raises :class:`SafetyCopyNotWritten`: how
    much to free on the disk holding ``backups/`` and which copies there may go."""
    backups_dir = destination.parent
    prune_for_new_copy(backups_dir, policy, now)
    try:
        copy_database(source, destination)
    except CopyNotWritten as exc:
        if not _disk_was_full(exc.__cause__, backups_dir):
            raise _disk_failed(purpose, backups_dir, exc.__cause__) from exc
        free = shutil.disk_usage(backups_dir).free
        raise _no_room(purpose, backups_dir, exc.needed_bytes, free) from exc


def _disk_was_full(cause: BaseException | None, backups_dir: Path) -> bool:
    """Whether the copy failed for want of room (``cause``: what stopped it; None when it was
    refused before a byte was written, the disk having less room than the copy takes)."""
    if cause is None:
        return True
    if isinstance(cause, OSError):
        return cause.errno in (errno.ENOSPC, errno.EDQUOT)
    return isinstance(disk_failure(cause, backups_dir), DiskFull)


def _what(purpose: Purpose) -> tuple[str, str]:
    if purpose == "upgrade":
        return "升级前的安全副本", "The safety copy made before an upgrade"
    return "恢复前的安全副本", "The safety copy made before a restore"


def _disk_failed(purpose: Purpose, backups_dir: Path, cause: BaseException | None) -> StoreError:
    what_zh, what_en = _what(purpose)
    return SafetyCopyNotWritten(
        f"{what_zh}没有写成：{backups_dir} 所在磁盘写入出错（{cause}），未完成的文件已删除，"
        "数据库没有受影响。请联系信息技术人员检查该磁盘。",
        f"{what_en} was not written: the disk holding {backups_dir} failed to write ({cause}); "
        "the unfinished file was removed and the database is unaffected. Ask IT to check that "
        "disk.",
    )


def _no_room(purpose: Purpose, backups_dir: Path, needed: int, free: int) -> StoreError:
    what_zh, what_en = _what(purpose)
    needed_mb, free_mb = megabytes_needed(needed), free // MIB
    # Room for the copy that still filled up: its journal took the rest; ask for as much again.
    short_mb = megabytes_needed(needed - free if free < needed else needed)
    copies = safety_copies(backups_dir)  # what pruning kept: the newest few
    listed = "、".join(f"{copy.path.name}（{copy.size_bytes // MIB} MB）" for copy in copies)
    listed_en = ", ".join(f"{copy.path.name} ({copy.size_bytes // MIB} MB)" for copy in copies)
    removable_zh = f"，例如删除 {backups_dir} 中较早的安全副本 {listed}" if copies else ""
    removable_en = (
        f" (the earlier safety copies in {backups_dir} may be deleted: {listed_en})"
        if copies
        else ""
    )
    if purpose == "upgrade":
        state_zh, retry_zh = "数据库没有升级，也没有受影响。", "重新打开程序，升级会再次进行"
        state_en = "The database was not upgraded and is unaffected."
        retry_en = "start the program again: the upgrade runs again"
    else:
        state_zh, retry_zh = "当前数据库没有被替换，也没有受影响。", "重新运行恢复"
        state_en = "The current database was not replaced and is unaffected."
        retry_en = "run the restore again"
    return SafetyCopyNotWritten(
        f"{what_zh}没有写成：副本需要 {needed_mb} MB，{backups_dir} 所在磁盘只有 {free_mb} MB 可用。"
        f"{state_zh}请在该磁盘上至少腾出 {short_mb} MB{removable_zh}，然后{retry_zh}；"
        "如无法腾出，请联系信息技术人员。",
        f"{what_en} was not written: it needs {needed_mb} MB and the disk holding {backups_dir} "
        f"has {free_mb} MB free. {state_en} Free at least {short_mb} MB on that disk"
        f"{removable_en}, then {retry_en}; if you cannot, call IT.",
    )


def safety_copies_report(backups_dir: Path, policy: StoreConfig) -> tuple[Status, str, str]:
    """For ``counter-app doctor``: how many safety copies ``backups_dir`` holds and their size
    (Chinese, English). ``warn`` when there are more than the policy keeps (made before it
    applied), naming the ones beyond it, or when they take more than the disk has left. An
    old copy alone is no warning: it stays the way back until the next one is made."""
    copies = safety_copies(backups_dir)
    total = sum(copy.size_bytes for copy in copies)
    policy_zh, policy_en = _policy_words(policy)
    said_zh = (
        f"{backups_dir} 中有 {len(copies)} 份安全副本，共 {total // MIB} MB（保留{policy_zh}）"
    )
    said_en = (
        f"{len(copies)} safety copies in {backups_dir}, {total // MIB} MB in all (keeping "
        f"{policy_en})"
    )
    beyond = copies[policy.safety_copies_kept :]
    free = shutil.disk_usage(backups_dir).free
    if beyond:
        names = [copy.path.name for copy in beyond]
        freed = sum(copy.size_bytes for copy in beyond) // MIB
        return (
            "warn",
            f"{said_zh}。较早的 {len(beyond)} 份（{'、'.join(names)}，共 {freed} MB）"
            "会在下次升级或恢复时自动删除，也可以现在手动删除。",
            f"{said_en}. The {len(beyond)} earlier ones ({', '.join(names)}, {freed} MB) are "
            "removed at the next upgrade or restore, or may be deleted by hand now.",
        )
    if total > free:
        return (
            "warn",
            f"{said_zh}，多于磁盘剩余的 {free // MIB} MB。需要空间时，可以手动删除其中较早的副本。",
            f"{said_en}: more than the {free // MIB} MB left on the disk. When space is "
            "needed, the earlier copies may be deleted by hand.",
        )
    return "ok", said_zh, said_en


def _policy_words(policy: StoreConfig) -> tuple[str, str]:
    days, kept = policy.safety_copies_max_days, policy.safety_copies_kept
    return (
        f"最新 {kept} 份、不超过 {days} 天",
        f"the newest {kept}, none older than {days} days",
    )
