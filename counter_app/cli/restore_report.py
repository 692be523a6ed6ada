"""What ``counter-app restore`` tells IT once the database is replaced: where things were
kept, what the restored store holds and waits to upload, the sequences moved, and what to
do next when cases were given up or the backup was numbered by a device this PC's
enrolment did not state (docs/operations.md §5 and §6)."""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.cli.context import CliContext
from counter_app.services.offline_policy import backlog
from counter_app.store.backup import RestoreResult
from counter_app.store.database import Store
from counter_app.store.restore_guards import ForeignNumbering, shown_case_numbers


@dataclass(frozen=True)
class RestoredCounts:
    cases: int
    waiting: int  # cases with a version waiting to upload


def restored_counts(store: Store) -> RestoredCounts:
    """The cases the restored store holds and those waiting to upload, counted as
    ``counter-app sync status`` counts its backlog."""
    return RestoredCounts(store.db["cases"].count, backlog(store))


def restore_document(result: RestoreResult, counts: RestoredCounts) -> dict[str, object]:
    """The ``--json`` report."""
    foreign = result.foreign_numbering
    return {
        "restored_from": str(result.restored_from),
        "safety_copy": str(result.safety_copy) if result.safety_copy else None,
        "replaced_key": str(result.replaced_key) if result.replaced_key else None,
        "schema_versions": result.schema_versions,
        "case_sequences_advanced": result.case_sequences_advanced,
        "document_sequences_advanced": result.document_sequences_advanced,
        "previous_numbers_read": result.previous_numbers_read,
        "cases": counts.cases,
        "waiting_to_upload": counts.waiting,
        "discarded_unsynced": result.discarded_unsynced,
        "foreign_numbering": None
        if foreign is None
        else {
            "devices": foreign.devices,
            "enrolled_as": foreign.enrolled_as,
            "backup_enrolled_as": foreign.backup_enrolled_as,
        },
    }


def restore_lines(context: CliContext, result: RestoreResult, counts: RestoredCounts) -> list[str]:
    """The report in words, a line each."""
    say = context.text
    lines = [
        say(
            f"已从 {result.restored_from} 恢复：恢复后的数据库有 {counts.cases} 件办件，其中 "
            f"{counts.waiting} 件待上传（下次同步时上传）。",
            f"Restored from {result.restored_from}: the restored database holds {counts.cases} "
            f"case(s), {counts.waiting} of them waiting to upload (with the next sync).",
        ),
        say(
            "备份之后已同步到平台的本窗口办件，将在下次同步时从平台取回（counter-app sync "
            "--once）。",
            "This window's cases synced to the platform after the backup are fetched back "
            "from the platform at the next sync (counter-app sync --once).",
        ),
    ]
    if result.safety_copy:
        lines.append(
            say(
                f"原数据库已保存为 {result.safety_copy}。",
                f"The previous database was kept as {result.safety_copy}.",
            )
        )
    if result.replaced_key:
        lines.append(
            say(
                f"原密钥已保存为 {result.replaced_key}。",
                f"The previous key was kept as {result.replaced_key}.",
            )
        )
    for day, last_seq in result.case_sequences_advanced.items():
        lines.append(
            say(
                f"{day} 的办件序号已跳过已发出的号码：下一个为 {last_seq + 1}。",
                f"The case sequence of {day} now skips numbers already issued: the next is "
                f"{last_seq + 1}.",
            )
        )
    for day, last_seq in result.document_sequences_advanced.items():
        lines.append(
            say(
                f"{day} 的文书流水号已跳过已出具的号码：下一个为 {last_seq + 1:04d}。",
                f"The document serials of {day} now skip serials already issued: the next "
                f"ends in {last_seq + 1:04d}.",
            )
        )
    return lines


def restore_warnings(
    context: CliContext, result: RestoreResult, counts: RestoredCounts, issued_given: bool
) -> list[str]:
    """What IT must act on, for stderr."""
    say = context.text
    warnings = []
    if result.discarded_unsynced:
        zh_numbers, en_numbers = shown_case_numbers(result.discarded_unsynced)
        count = len(result.discarded_unsynced)
        warnings.append(
            say(
                f"警告：已按 --discard-unsynced 舍弃 {count} 件尚未上传、备份中又没有的办件："
                f"{zh_numbers}。它们只留在原数据库的安全副本 {result.safety_copy} 中。",
                f"Warning: as --discard-unsynced asked, {count} case(s) not yet uploaded that "
                f"the backup lacked were given up: {en_numbers}. They remain only in the "
                f"previous database's safety copy, {result.safety_copy}.",
            )
        )
    if not result.previous_numbers_read and not issued_given:
        warnings.append(
            say(
                "警告：被替换的数据库无法读取，备份之后发出的办件编号无从得知。恢复当天受理前，"
                "请核对当天最后一张回执上的办件编号，用 --issued 该编号 重新执行本次恢复。",
                "Warning: the replaced database could not be read, so the case numbers issued "
                "after the backup are unknown. Before taking cases today, check the number on "
                "today's last receipt and run this restore again with --issued THAT_NUMBER.",
            )
        )
    if result.foreign_numbering is not None:
        warnings.append(_re_enrol(context, result.foreign_numbering, counts.waiting))
    return warnings


def _re_enrol(context: CliContext, foreign: ForeignNumbering, waiting: int) -> str:
    """docs/operations.md §6's replacement, for a PC that enrolled before the restore: its
    enrolment holds its own case-number prefix, so it is revoked too before the PC enrols
    again, stating the backup's prefixes with its own. The new code is for this PC's hall
    and window, so cases waiting to upload do not stop the enrolment (``--despite-backlog``)."""
    hall, sync = context.config.hall, context.config.sync
    code = f"counter-central enroll-code --hall {hall.hall_code} --window {hall.window_code}"
    if foreign.backup_enrolled_as is None:
        code_zh = f"{code}（旧电脑若仍在平台登记，加 --replaces 它的设备编号，见 counter-central devices）"
        code_en = (
            f"{code} (if the old PC is still enrolled, add --replaces with its device id, "
            "from counter-central devices)"
        )
    else:
        code_zh = code_en = f"{code} --replaces {foreign.backup_enrolled_as}"
    addresses = sync.url.split()
    options = "".join(
        option
        for option, wanted in (
            (f" --ca-bundle {sync.ca_bundle}", bool(sync.ca_bundle)),
            (" --allow-insecure-http", sync.allow_insecure_http),
            (" --despite-backlog", waiting > 0),
        )
        if wanted
    )
    enrol_zh = f"counter-app enroll {addresses[0] if addresses else '平台地址'} 登记码{options}"
    enrol_en = f"counter-app enroll {addresses[0] if addresses else 'URL'} CODE{options}"
    return context.text(
        f"警告：备份中的办件是另一台电脑受理的（编号中的设备号 {'、'.join(foreign.devices)}），而本机"
        f"在恢复之前已在平台登记为设备 {foreign.enrolled_as}，登记时没有声明这些编号：不重新登记，"
        "同步时平台会拒收这些办件（not_case_owner、case_no_foreign）。请按运维手册第 6 节更换"
        "电脑的做法重新登记：\n"
        f"  1. 在平台上吊销本机恢复前的登记：counter-central revoke {foreign.enrolled_as}\n"
        f"  2. 签发替换旧电脑的登记码：{code_zh}\n"
        f"  3. 在本机用新登记码重新登记，登记时一并声明这些编号：{enrol_zh}\n"
        "  4. 若恢复后已经同步、办件已被拒收：值班长执行 counter-app sync requeue --all-rejected "
        "--by 值班长账号 --password-stdin，再执行 counter-app sync --once。",
        "Warning: the backup's cases were accepted by another PC (device part of their "
        f"numbers: {', '.join(foreign.devices)}), and this PC enrolled with the platform before "
        f"the restore, as device {foreign.enrolled_as}, without stating those numbers: until it "
        "enrols again, the platform refuses those cases when they sync (not_case_owner, "
        "case_no_foreign). Enrol again the way docs/operations.md §6 replaces a PC:\n"
        "  1. On the platform, revoke this PC's enrolment from before the restore: "
        f"counter-central revoke {foreign.enrolled_as}\n"
        f"  2. Issue a code that replaces the old PC: {code_en}\n"
        f"  3. Enrol this PC again with the new code, stating those numbers too: {enrol_en}\n"
        "  4. If a sync since the restore had the cases refused: a supervisor runs "
        "counter-app sync requeue --all-rejected --by SUPERVISOR --password-stdin, then "
        "counter-app sync --once.",
    )
