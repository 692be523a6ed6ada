"""Sending a PDF to a printer and waiting until it is on paper (or clearly is not).

Printer specs (config ``printing.a4_printer`` / ``printing.receipt_printer`` or
``--printer``): a CUPS queue name (``Front-Desk-A4``, optionally ``cups:NAME``), or
``dir:/path`` — a simulated printer for training halls and tests that files each job as a
PDF in that directory. Windows workstations print from the GUI through Qt (see
docs/printing.md); this module is the headless Linux route.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from printing.archive import write_pdf
from printing.errors import (
    PrinterNotConfigured,
    PrinterUnavailable,
    PrintInterrupted,
    PrintJobFailed,
    PrintJobTimeout,
)
from printing.texts import sentence

log = logging.getLogger(__name__)

_REQUEST_ID = re.compile(r"request id is (?P<job>\S+-(?P<number>\d+))")
_JOB_STATE = re.compile(r"job-state \(enum\) = (?P<state>[a-z-]+)")
_MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]")
_JOB_MESSAGE = re.compile(r"job-printer-state-message \(textWithoutLanguage\) = (?P<message>.*)")
POLL_SECONDS = 0.2
# Job states in which a job will not print without someone acting (the scheduler could not
# open the device, a filter stopped the job, the job was held or ended without printing).
_STUCK = ("processing-stopped", "pending-held", "aborted", "canceled")
# Job states in which the job may still print: a later print of its document waits for it.
QUEUED = ("pending", "pending-held", "processing", "processing-stopped")
# The clerk reads these in a message: the IPP state word, said in each language.
JOB_STATE_WORDS = {
    "pending": ("等待打印", "waiting to print"),
    "pending-held": ("被挂起", "held"),
    "processing": ("正在打印", "printing"),
    "processing-stopped": ("打印机已停止", "stopped at the printer"),
    "canceled": ("已取消", "cancelled"),
    "aborted": ("被打印服务中止", "aborted by the print service"),
    "completed": ("已打印完成", "completed"),
    "not-found": ("打印服务已无此任务的记录", "no longer known to the print service"),
    "unknown": ("状态不明", "state unknown"),
}
COMMAND_TIMEOUT = 15.0


@dataclass(frozen=True)
class PrintOutcome:
    printer: str
    job_id: str


# Told the print system's job id the moment the job is submitted, before its outcome.
JobSubmitted = Callable[[str], None]


def state_words(state: str, message: str = "") -> tuple[str, str]:
    """A job's IPP state (and the printer's message about it) as a clerk reads it."""
    zh, en = JOB_STATE_WORDS.get(state, (state, state))
    return (
        f"{zh}{('：' + message) if message else ''}",
        f"{en}{(': ' + message) if message else ''}",
    )


class Printer(Protocol):
    @property
    def name(self) -> str: ...

    def check_ready(self) -> None:
        """Raise ``PrinterUnavailable`` when a job could not be printed right now."""
        ...

    def print_pdf(
        self, pdf: Path, title: str, *, submitted: JobSubmitted | None = None
    ) -> PrintOutcome:
        """Print and wait for the outcome; raise a ``PrintFailed`` subclass if not printed.
        ``submitted``: called with the job id once the print system holds the job (not
        for a simulated printer, whose job is done when it returns)."""
        ...


def printer_from_spec(spec: str, *, cups_server: str = "", timeout: float = 60.0) -> Printer:
    spec = spec.strip()
    if not spec:
        raise PrinterNotConfigured(
            "未设置打印机。请在设置中为该类文书指定打印机（printing.a4_printer 或 "
            "printing.receipt_printer），或用 --printer 指定。文书已保存，可稍后打印。",
            "No printer is configured for this document. Set printing.a4_printer or "
            "printing.receipt_printer, or pass --printer. The document is saved and can be "
            "printed later.",
            field="printer",
        )
    if spec.startswith("dir:"):
        return DirectoryPrinter(Path(spec.removeprefix("dir:")))
    return CupsPrinter(spec.removeprefix("cups:"), server=cups_server, timeout=timeout)


@dataclass
class DirectoryPrinter:
    """Simulated printer: files each job in ``directory`` (training halls, tests)."""

    directory: Path

    @property
    def name(self) -> str:
        return f"dir:{self.directory}"

    def check_ready(self) -> None:
        if not self.directory.is_dir():
            raise PrinterUnavailable(
                f"模拟打印机目录 {self.directory} 不存在。",
                f"The simulated printer's directory {self.directory} does not exist.",
                field="printer",
            )

    def print_pdf(
        self, pdf: Path, title: str, *, submitted: JobSubmitted | None = None
    ) -> PrintOutcome:
        self.check_ready()
        number = len(list(self.directory.glob("job-*.pdf"))) + 1
        target = self.directory / f"job-{number:05d}-{pdf.name}"
        # Owner-only, as the archive's copy: a job holds the applicant's name and masked ID.
        write_pdf(target, pdf.read_bytes())
        return PrintOutcome(self.name, target.name)


@dataclass
class CupsPrinter:
    """A CUPS queue, driven with ``lp``/``lpstat`` (and ``ipptool`` for the final job state)."""

    queue: str
    server: str = ""  # host:port or socket path; empty: the workstation's default server
    timeout: float = 60.0

    @property
    def name(self) -> str:
        return self.queue

    @property
    def scheduler(self) -> str:
        """The CUPS server ``lp`` and ``lpstat`` reach: ``server``, else ``CUPS_SERVER``,
        which they fall back on (the window sets it, see ui.qt_printing); empty: this PC's
        own scheduler."""
        return self.server or os.environ.get("CUPS_SERVER", "")

    def print_pdf(
        self, pdf: Path, title: str, *, submitted: JobSubmitted | None = None
    ) -> PrintOutcome:
        """Print and follow the job to its end. Interrupted (Ctrl+C) while waiting, the job
        is cancelled unless it completed meanwhile (then it is printed) and
        ``PrintInterrupted`` says which."""
        self._check_ready(printing=True)
        job = self._submit(pdf, title)
        try:
            # From here on Ctrl+C cancels the job: also while it is being recorded, the
            # moment a job id is kept (SIGINT may come right after it).
            log.info("print job %s submitted to %s", job, self.queue)
            if submitted is not None:
                submitted(job)
            self._wait(job)
        except KeyboardInterrupt:
            state, _message = self.job_state(job)
            if state == "completed":
                return PrintOutcome(self.queue, job)
            self._cancel(job)
            raise PrintInterrupted(job) from None
        return PrintOutcome(self.queue, job)

    # -- queue state ------------------------------------------------------------------

    def check_ready(self) -> None:
        """Raise ``PrinterUnavailable`` if the print service cannot be reached or the queue
        is missing, paused or rejecting jobs. Says nothing of a document: ``doctor`` asks too."""
        self._check_ready(printing=False)

    def _check_ready(self, *, printing: bool) -> None:
        """:meth:`check_ready`; ``printing``: a document is being printed, and a missing
        queue's refusal says what became of it."""
        if "scheduler is running" not in self._run("lpstat", "-r").stdout:
            raise _cups_unreachable(self.scheduler)
        status = self._run("lpstat", "-p", self.queue)
        text = (status.stdout + status.stderr).strip()
        if status.returncode != 0 or not text.startswith(f"printer {self.queue} "):
            raise _queue_missing(self.queue, self.scheduler, printing=printing)
        if " disabled " in text or text.split("\n")[0].endswith(" disabled"):
            detail = _second_line(text)
            raise PrinterUnavailable(
                f"打印机“{self.queue}”已暂停{('（' + detail + '）') if detail else ''}，"
                "请检查纸张和打印机后恢复（cupsenable），再打印。",
                f"Printer '{self.queue}' is paused{(' (' + detail + ')') if detail else ''}; check "
                "paper and printer, resume it (cupsenable), then print again.",
                field="printer",
            )
        accepting = self._run("lpstat", "-a", self.queue)
        if accepting.returncode != 0 or "not accepting" in accepting.stdout:
            raise PrinterUnavailable(
                f"打印机“{self.queue}”拒绝接收任务，请联系信息技术人员（cupsaccept）。",
                f"Printer '{self.queue}' is rejecting jobs; call IT (cupsaccept).",
                field="printer",
            )

    # -- job --------------------------------------------------------------------------

    def _submit(self, pdf: Path, title: str) -> str:
        result = self._run("lp", "-d", self.queue, "-t", title, *_media(pdf), "--", str(pdf))
        match = _REQUEST_ID.search(result.stdout)
        if result.returncode != 0 or match is None:
            message = (result.stderr or result.stdout).strip()
            raise PrintJobFailed(
                f"打印任务提交失败：{sentence(message, '。')}文书已保存，可稍后打印。",
                f"The print job could not be submitted: {sentence(message, '.')} The document "
                "is saved and can be printed later.",
                field="printer",
            )
        return match["job"]

    def _wait(self, job: str) -> None:
        deadline = time.monotonic() + self.timeout
        while True:
            block = _job_block(self._run("lpstat", "-l", "-o", self.queue).stdout, job)
            if block is None:
                break
            status = _field(block, "Status")
            state, message = self.job_state(job)
            if (
                state in _STUCK
                or "job-completed-with-errors" in _field(block, "Alerts")
                or "failed" in status.lower()
            ):
                # CUPS would retry it later: a receipt that pops out minutes after the applicant
                # left is worse than a clear failure now and a reprint.
                self._cancel(job)
                zh, en = (
                    state_words(state, message)
                    if state in _STUCK
                    else (status or "未知错误", status or "unknown error")
                )
                raise PrintJobFailed(
                    f"打印任务 {job} 出错（{zh}），任务已取消。请检查打印机后再打印。",
                    f"Print job {job} failed ({en}) and was cancelled. Check the printer, then "
                    "print again.",
                    field="printer",
                )
            queue = self._run("lpstat", "-p", self.queue).stdout
            if "disabled" in queue.split("\n")[0]:
                self._cancel(job)
                detail = _second_line(queue)
                raise PrintJobFailed(
                    f"打印机“{self.queue}”在打印时停止{('：' + detail) if detail else ''}，任务已取消。"
                    "请检查打印机后再打印。",
                    f"Printer '{self.queue}' stopped while printing{(': ' + detail) if detail else ''};"
                    " the job was cancelled. Check the printer, then print again.",
                    field="printer",
                )
            if time.monotonic() >= deadline:
                self._cancel(job)
                raise PrintJobTimeout(
                    f"打印任务 {job} 在 {self.timeout:.0f} 秒内未完成，已取消。请检查打印机后再打印。",
                    f"Print job {job} did not finish within {self.timeout:.0f} s and was cancelled. "
                    "Check the printer, then print again.",
                    field="printer",
                )
            time.sleep(POLL_SECONDS)
        state, message = self.job_state(job)
        if state != "completed":
            zh, en = state_words(state, message)
            raise PrintJobFailed(
                f"打印任务 {job} 未完成（{zh}）。请检查打印机后再打印。",
                f"Print job {job} did not complete ({en}). Check the printer, then print again.",
                field="printer",
            )

    def job_state(self, job: str) -> tuple[str, str]:
        """The job's IPP state (pending, processing, processing-stopped, completed, aborted,
        canceled; not-found once the scheduler forgot it; unknown) and the printer's message
        about it. Raises ``PrinterUnavailable`` when the print service cannot be asked."""
        number = job.rsplit("-", 1)[1]
        # ipptool is given the address, a local socket being localhost to it.
        server = self.scheduler
        host = server if server and not server.startswith("/") else "localhost"
        if shutil.which("ipptool") is None:
            # Without ipptool, lpstat only says the job left the queue.
            done = self._run("lpstat", "-W", "completed", "-o", self.queue).stdout
            return ("completed" if job in done else "unknown", "")
        result = self._run_plain(
            "ipptool", "-tv", f"ipp://{host}/jobs/{number}", "get-job-attributes.test"
        )
        if "client-error-not-found" in result.stdout:
            return ("not-found", "")
        if "status-code" not in result.stdout:  # no answer at all: not reachable
            raise _cups_unreachable(server)
        state = _JOB_STATE.search(result.stdout)
        message = _JOB_MESSAGE.search(result.stdout)
        return (
            state["state"] if state else "unknown",
            message["message"].strip() if message else "",
        )

    def _cancel(self, job: str) -> None:
        self._run("cancel", job)

    def _run(self, *command: str) -> subprocess.CompletedProcess[str]:
        args = [command[0], *(["-h", self.server] if self.server else []), *command[1:]]
        return self._run_plain(*args)

    def _run_plain(self, *command: str) -> subprocess.CompletedProcess[str]:
        try:
            return subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=COMMAND_TIMEOUT,
                check=False,
                # They answer in the workstation's language; what is read from them is
                # English. Read at each call: the window may set CUPS_SERVER after import.
                env={**os.environ, "LC_ALL": "C", "LANG": "C"},
            )
        except FileNotFoundError:
            raise PrinterUnavailable(
                f"未找到打印命令 {command[0]}：请安装 CUPS 客户端（Debian 软件包 cups-client）。",
                f"The print command {command[0]} is missing: install the CUPS client (Debian "
                "package cups-client).",
                field="printer",
            ) from None
        except subprocess.TimeoutExpired:
            raise PrinterUnavailable(
                "打印服务无响应，请联系信息技术人员。",
                "The print service does not respond; call IT.",
                field="printer",
            ) from None


def _cups_unreachable(server: str) -> PrinterUnavailable:
    """The refusal when the print service itself does not answer, ``server`` the one asked
    (:attr:`CupsPrinter.scheduler`): what IT checks, for a clerk to pass on and for IT
    reading ``doctor``."""
    if not server:
        where_zh = (
            "本机的 CUPS：systemctl status cups cups.socket（未运行则 sudo systemctl start "
            "cups），以及套接字 /run/cups/cups.sock 是否存在"
        )
        where_en = (
            "this PC's CUPS: systemctl status cups cups.socket (not running: sudo systemctl "
            "start cups), and that the socket /run/cups/cups.sock exists"
        )
    elif server.startswith("/"):
        where_zh = (
            f"套接字 {server}（printing.cups_server）是否存在，以及提供它的 CUPS"
            "（systemctl status cups）"
        )
        where_en = (
            f"that the socket {server} (printing.cups_server) exists, and the CUPS serving it "
            "(systemctl status cups)"
        )
    else:
        where_zh = (
            f"打印服务器 {server}（printing.cups_server）上的 CUPS（在该服务器上 systemctl "
            "status cups），以及本机能否连到该地址和端口"
        )
        where_en = (
            f"the CUPS of the print server {server} (printing.cups_server; systemctl status "
            "cups on that server), and that this PC reaches that address and port"
        )
    asked = _lpstat(server, "-r")
    return PrinterUnavailable(
        f"打印服务（CUPS）未运行或无法连接。请信息技术人员检查{where_zh}；"
        f"正常时 {asked} 答复 scheduler is running。",
        f"The print service (CUPS) is not running or cannot be reached. IT checks {where_en}; "
        f"when it works, {asked} answers 'scheduler is running'.",
        field="printer",
    )


def _queue_missing(queue: str, server: str, *, printing: bool) -> PrinterUnavailable:
    """The refusal when the print service ``server`` has no queue ``queue``; ``printing``:
    a document was being printed, which stays archived for another try."""
    kept_zh, kept_en = (
        (
            "文书已存档，改好后可在案件详情中再次打印（Ctrl+P；命令行 counter-app print）。",
            " The document is archived: once that is done, print it again from the case's "
            "detail (Ctrl+P; command line: counter-app print).",
        )
        if printing
        else ("", "")
    )
    listed = _lpstat(server, "-p")
    return PrinterUnavailable(
        f"打印机“{queue}”不存在。请用 {listed} 列出打印服务中的打印机，在本窗口的打印机设置"
        "（设置 → 打印机，或 printing.a4_printer / printing.receipt_printer）中改选其中之一。"
        f"{kept_zh}",
        f"Printer '{queue}' does not exist. List the print service's printers with {listed} "
        "and choose one of them in the window's printer settings (Settings → Printers, or "
        f"printing.a4_printer / printing.receipt_printer).{kept_en}",
        field="printer",
    )


def _lpstat(server: str, option: str) -> str:
    """The ``lpstat`` command line that asks ``server`` (empty: this PC's CUPS)."""
    return f"lpstat -h {server} {option}" if server else f"lpstat {option}"


def _media(pdf: Path) -> list[str]:
    """``lp``'s paper option for the PDF's page size (its first page, as the renderer writes
    it): a roll's page is as long as its content, which a queue's default paper is not, and
    without it the job is fitted onto that paper (an 80 mm receipt shrunk onto A4)."""
    found = _MEDIA_BOX.search(pdf.read_bytes())
    if found is None:
        return []
    width, height = float(found[1]), float(found[2])
    if abs(width - 595.28) < 1 and abs(height - 841.89) < 1:
        return ["-o", "media=A4"]
    return ["-o", f"media=Custom.{width:.2f}x{height:.2f}"]


def _job_block(lpstat_long: str, job: str) -> list[str] | None:
    """The lines ``lpstat -l -o`` prints for ``job`` (its line and the indented details)."""
    block: list[str] | None = None
    for line in lpstat_long.splitlines():
        if line and not line[0].isspace():
            if block is not None:
                break
            if line.split()[:1] == [job]:
                block = [line]
        elif block is not None:
            block.append(line.strip())
    return block


def _field(block: list[str], name: str) -> str:
    prefix = f"{name}:"
    return next((line[len(prefix) :].strip() for line in block if line.startswith(prefix)), "")


def _second_line(lpstat_output: str) -> str:
    lines = [line.strip() for line in lpstat_output.splitlines()]
    return lines[1] if len(lines) > 1 else ""
