"""Typed, bilingual errors of document issuing and printing."""

from __future__ import annotations

from pathlib import Path

from counter_app.errors import AuthError, CounterError, ValidationError


class FontsMissing(CounterError):
    """The app's own fonts are not where it loads them from."""

    code = "fonts_missing"

    def __init__(
        self, directory: Path, filenames: list[str], packages: list[str], *, damaged: bool = False
    ) -> None:
        names = "、".join(filenames)
        debs = " ".join(packages)
        problem_zh = "已损坏" if damaged else "缺失"
        problem_en = "damaged" if damaged else "missing"
        super().__init__(
            f"打印字体{problem_zh}：{directory} 下的 {names}。无法生成回执和通知书。"
            f"请在程序目录运行 make setup（需要 Debian 软件包 {debs}）或重新安装本程序。",
            f"Printing fonts {problem_en} in {directory}: {', '.join(filenames)}. Receipts and "
            f"notices cannot be produced. Run `make setup` in the program directory (needs the "
            f"Debian packages {debs}) or reinstall the program.",
            field="fonts",
        )
        self.directory = directory
        self.filenames = filenames


class DocumentNotApplicable(CounterError):
    """The document kind does not fit the case's state (e.g. a refusal for an accepted case)."""

    code = "document_not_applicable"


class ArchivedDocumentExists(CounterError):
    """The archive already holds a copy under the serial being issued: nothing replaces the
    copy of a document already on paper."""

    code = "archived_document_exists"

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"文书存档 {path} 已存在，不会被覆盖：本次未出具文书，已有存档保持不变。"
            "请联系系统管理员核对文书流水号（例如是否刚恢复过备份）后再出具。",
            f"The archived document {path} already exists and is never overwritten: no document "
            "was issued and the archive is unchanged. Ask the system administrator to check the "
            "document serials (e.g. after a restore) before issuing again.",
        )
        self.path = path


class ArchiveDiskFull(CounterError):
    """The disk holding the document archive is full: the copy cannot be written, so the
    document is not issued (a citizen's document always has its copy)."""

    code = "disk_full"

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"本机磁盘已满，文书存档 {path} 写不进去：本次未出具文书，办件本身已保存。"
            "请联系信息技术人员清理该磁盘（counter-app doctor 显示剩余空间）后重新出具。",
            f"The disk is full and the archived copy {path} cannot be written: no document was "
            "issued; the case itself is saved. Ask IT to free space on that disk (counter-app "
            "doctor shows how much is left), then issue the document again.",
        )
        self.path = path


class ReprintReasonRequired(ValidationError):
    code = "reprint_reason_required"

    def __init__(self, previous: int) -> None:
        super().__init__(
            f"该文书已出具过 {previous} 次，补打须填写补打原因。",
            f"This document was already issued {previous} time(s); a reprint needs a reason.",
            field="reprint_reason",
        )


class ReprintApprovalRequired(AuthError):
    code = "reprint_approval_required"

    def __init__(self) -> None:
        super().__init__(
            "补打须经值班长（主管）审批：请值班长本人输入账号和密码"
            "（命令行：--approved-by 用户名 --password-stdin）。",
            "A reprint needs a supervisor's approval: the supervisor gives their name and "
            "password (command line: --approved-by USER --password-stdin).",
            field="approved_by",
        )


class PrintFailed(CounterError):
    """A print job did not reach paper. The document stays recorded and can be reprinted."""

    code = "print_failed"


class PrinterNotConfigured(PrintFailed):
    code = "printer_not_configured"


class PrinterUnavailable(PrintFailed):
    """The queue does not exist, is paused/disabled, or rejects jobs."""

    code = "printer_unavailable"


class PrintJobFailed(PrintFailed):
    code = "print_job_failed"


class PrintJobTimeout(PrintFailed):
    code = "print_job_timeout"


class PrintInterrupted(PrintFailed):
    """The person stopped the print (Ctrl+C) before the job completed: it was cancelled."""

    code = "print_interrupted"

    def __init__(self, job: str) -> None:
        super().__init__(
            f"打印已中断：打印任务 {job} 已取消，文书未打印，可稍后打印（仍为原件）。",
            f"Printing interrupted: print job {job} was cancelled and the document was not "
            "printed; print it later (still as the original).",
            field="printer",
        )
        self.job = job


class PrintedBefore(CounterError):
    """The job an earlier print of this document submitted did complete (the print that
    submitted it was stopped before it could record so): it is on paper now, recorded."""

    code = "printed_before"

    def __init__(self, serial: str, job: str) -> None:
        super().__init__(
            f"文书 {serial} 上次提交的打印任务 {job} 已打印完成，现已记为已打印，本次未再打印。"
            "该文书已在纸上，如需再打一份，请办理补打。",
            f"Print job {job} that an earlier print of document {serial} submitted did "
            "complete: the document is now recorded as printed and was not printed again. It "
            "is on paper; a further copy is a reprint (补打).",
            field="printer",
        )


class PrintJobStillQueued(CounterError):
    """An earlier print of this document left its job in the print queue: a second job
    would put a second original on paper."""

    code = "print_job_still_queued"

    def __init__(self, serial: str, printer: str, job: str, state: tuple[str, str]) -> None:
        super().__init__(
            f"文书 {serial} 上次提交的打印任务 {job} 仍在打印机“{printer}”的队列中"
            f"（{state[0]}），本次未提交新任务：请等它打印完成后再打印一次以登记，"
            f"或取消它（cancel {job}）后再打印。",
            f"Print job {job} that an earlier print of document {serial} submitted is still "
            f"in printer '{printer}''s queue ({state[1]}); no new job was submitted. Wait for "
            f"it to finish and print again to record it, or cancel it (cancel {job}) and print "
            "again.",
            field="printer",
        )


class UnprintableCharacters(CounterError):
    """A text the document prints has a character none of the printing fonts can draw."""

    code = "unprintable_characters"

    def __init__(self, characters: list[str]) -> None:
        named = "、".join(f"“{c}”（U+{ord(c):04X}）" for c in characters)
        named_en = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in characters)
        super().__init__(
            f"文书中的字 {named} 打印字体里没有，印出来会缺字，本次未出具文书。"
            "请核对办件记录（如姓名、地址）并更正为正确的字；若确是该字，请联系信息技术人员"
            "配置含此字的生僻字字体（见 docs/printing.md “Fonts and licences”）后再出具。",
            f"The document has {named_en}, which the printing fonts cannot draw: it would be "
            "left out on paper, so no document was issued. Check the case's record (name, "
            "address, ...) and correct the character; if it is right, ask IT to set up a font "
            "with it (docs/printing.md, 'Fonts and licences'), then issue again.",
            field="document",
        )
        self.characters = characters
