"""``counter-app receipt`` and ``counter-app print``: issue a case's document to a file or
a printer (registered through the ``counter_app.commands`` entry point)."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from counter_app.cli.actor import add_approver_options, approver
from counter_app.cli.context import CliContext, cli_context, os_actor
from counter_app.durable_files import check_export_folder, export_file
from printing import eod_commands
from printing.document_data import LANGS, DocumentKind, PaperFormat

INTERRUPTED_STATUS = 128 + signal.SIGINT

log = logging.getLogger(__name__)

if TYPE_CHECKING:  # the service pulls in reportlab: imported only when a command runs
    from printing.dispatch import PrintOutcome
    from printing.service import IssuedDocument


def register(subparsers: argparse._SubParsersAction) -> None:
    receipt = subparsers.add_parser(
        "receipt",
        help="出具文书到PDF文件 / issue a case's document as a PDF file",
        description="出具受理回执等文书并保存为PDF（同时登记并存档）。"
        " Issue a case's receipt or notice as a PDF (registered and archived too).",
    )
    _common(receipt)
    receipt.add_argument("--out", required=True, help="PDF file to write")
    receipt.set_defaults(func=_receipt)

    print_ = subparsers.add_parser(
        "print",
        help="打印文书 / print a case's document",
        description="出具文书并发送到打印机，等待打印结果。"
        " Issue a case's document and print it, waiting for the outcome.",
    )
    _common(print_)
    print_.add_argument(
        "--printer",
        help="CUPS queue or dir:PATH (default: printing.a4_printer / printing.receipt_printer)",
    )
    print_.set_defaults(func=_print)
    eod_commands.register(subparsers)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("case", metavar="CASE", help="case UUID or case number")
    parser.add_argument(
        "--document",
        choices=[k.value for k in DocumentKind],
        help="default: what the case's state calls for (accepted → receipt, notified → notice, …)",
    )
    parser.add_argument("--format", dest="paper", choices=[f.value for f in PaperFormat])
    parser.add_argument(
        "--document-lang",
        dest="doc_lang",
        choices=LANGS,
        help="文书语言（默认：办件所存申请人的选择）/ the document's language (default: the "
        "applicant's choice kept with the case)",
    )
    # Hall scripts written before --document-lang put --lang after the command for the paper's
    # language: kept, but said aloud, as a clerk means the global --lang (messages) by it.
    parser.add_argument(
        "--lang",
        dest="doc_lang",
        choices=LANGS,
        action=_DeprecatedDocumentLang,
        help="已弃用，同 --document-lang；英文提示请把 --lang en 放在命令前 / deprecated, same "
        "as --document-lang; for English messages put --lang en before the command",
    )
    parser.add_argument(
        "--reprint-reason", help="required when the document is on paper already (补打)"
    )
    add_approver_options(parser, "a reprint (补打)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


class _DeprecatedDocumentLang(argparse.Action):
    """The sub-command's ``--lang``: sets the document's language, as ``--document-lang``
    does, and says so on stderr (one line, both languages: the reader may know either)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        _option_string: str | None = None,
    ) -> None:
        setattr(namespace, self.dest, values)
        print(
            f"提示：命令后的 --lang 设置的是文书语言（请改用 --document-lang {values}）；"
            "要英文提示，请把 --lang en 放在命令前。"
            f" / Note: --lang after the command sets the DOCUMENT's language (use "
            f"--document-lang {values}); for English messages put --lang en before the command.",
            file=sys.stderr,
        )


def _issue(args: argparse.Namespace, context: CliContext, fmt: PaperFormat) -> IssuedDocument:
    from counter_app.store.cases import find_case
    from printing.service import issue_document

    with context.open_store() as store:
        record = find_case(store, args.case)
        approved_by = approver(
            args,
            context,
            store,
            action="reprint",
            target=record.case_id,
            requesters=(record.clerk,),
        )
        return issue_document(
            store,
            context.config,
            context.home,
            record.case_id,
            kind=DocumentKind(args.document) if args.document else None,
            fmt=fmt,
            lang=args.doc_lang,
            actor=os_actor(),
            reprint_reason=args.reprint_reason,
            approved_by=approved_by,
        )


def _receipt(args: argparse.Namespace) -> int:
    context = cli_context(args)
    out = Path(args.out)
    check_export_folder(out, field="out")
    issued = _issue(args, context, PaperFormat(args.paper or PaperFormat.A4.value))
    export_file(out, issued.pdf_path.read_bytes(), ("文书", "The document"), field="out")
    _report(context, issued, args.json, out=out)
    return 0


def _print(args: argparse.Namespace) -> int:
    context = cli_context(args)
    if args.paper:
        fmt = PaperFormat(args.paper)
    elif (
        args.printer is None
        and not context.config.printing.a4_printer
        and (context.config.printing.receipt_printer)
    ):
        fmt = PaperFormat.ROLL_80MM  # the workstation has only a receipt printer
    else:
        fmt = PaperFormat.A4
    issued = _issue(args, context, fmt)
    from printing.errors import PrintFailed, PrintInterrupted
    from printing.service import print_document, printer_for

    try:
        with context.open_store() as store:
            outcome = print_document(
                store, context.config, issued, actor=os_actor(), printer=args.printer
            )
    except PrintInterrupted as exc:
        # Ctrl+C while waiting for the printer: the job is cancelled and recorded; one line,
        # and the status of a command the shell saw stopped by SIGINT.
        print(exc.message(context.lang), file=sys.stderr)
        return INTERRUPTED_STATUS
    except PrintFailed as exc:
        # cli.log otherwise holds only the issue: the queue and the print system's words.
        log.warning(
            "printing %s on %r failed (%s): %s",
            issued.serial,
            args.printer if args.printer is not None else printer_for(context.config, fmt),
            exc.code,
            exc.en,
        )
        raise
    _report(context, issued, args.json, outcome=outcome)
    return 0


def _report(
    context: CliContext,
    issued: IssuedDocument,
    as_json: bool,
    *,
    out: Path | None = None,
    outcome: PrintOutcome | None = None,
) -> None:
    if as_json:
        print(
            json.dumps(
                {
                    "serial": issued.serial,
                    "case_id": issued.case_id,
                    "case_no": issued.case_no,
                    "document": issued.kind.value,
                    "format": issued.fmt.value,
                    "lang": issued.lang,
                    "reprint_no": issued.reprint_no,
                    "pdf": str(out or issued.pdf_path),
                    "archived": str(issued.pdf_path),
                    "printer": outcome.printer if outcome else None,
                    "job": outcome.job_id if outcome else None,
                },
                ensure_ascii=False,
            )
        )
        return
    reprint_zh = f"（第{issued.reprint_no}次补打）" if issued.reprint_no else ""
    reprint_en = f" (reprint no. {issued.reprint_no})" if issued.reprint_no else ""
    where_zh = (
        f"已打印（{outcome.printer}，任务 {outcome.job_id}）" if outcome else f"已保存到 {out}"
    )
    where_en = (
        f"printed on {outcome.printer} (job {outcome.job_id})" if outcome else f"saved to {out}"
    )
    print(
        context.text(
            f"文书 {issued.serial}{reprint_zh}：{where_zh}。",
            f"Document {issued.serial}{reprint_en}: {where_en}.",
        )
    )
