"""Issuing and printing documents — the one API the CLI and the GUI both use.

``issue_document`` records the document (serial, register row, case event, audit entry),
renders it and keeps its PDF copy, all in one transaction (or returns the original issued
and never printed, rendering it if the system entered it unrendered, see
``counter_app.services.document_register``). ``print_document`` sends that
copy to a printer and records the outcome; a failure never touches the case's decision: the
case stays as decided, ``documents.print_status`` becomes ``failed`` and
``cases.receipt_printed`` stays 0, and the document is printed later as the original.
"""

from __future__ import annotations

import logging
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from counter_app.config import Config
from counter_app.domain.delivery import Collector, DeliveryMethod
from counter_app.domain.exemptions import Verification
from counter_app.domain.hall_time import HALL_TIMEZONE
from counter_app.domain.id_types import DocKind
from counter_app.domain.text import unprintable_error
from counter_app.errors import ValidationError
from counter_app.home import Home
from counter_app.services.approval import may_approve, refuse_own_approval
from counter_app.services.auth import User
from counter_app.services.clock_sanity import this_boot
from counter_app.store.audit import AuditLog
from counter_app.store.calendar import working_calendar
from counter_app.store.case_integrity import ensure_case_unaltered
from counter_app.store.case_plaintext import case_document
from counter_app.store.cases import CaseRecord, find_case
from counter_app.store.database import Store
from counter_app.store.deliveries import DeliveryRecord, deliveries_of
from counter_app.store.document_serials import next_document_serial
from counter_app.store.document_writes import (
    DocumentRow,
    mark_document_issued,
    mark_document_printed,
    record_document_copy,
)
from counter_app.store.documents import (
    UnprintedDocument,
    issued_copies,
    serial_registered,
    unprinted_document,
)
from counter_app.store.payments import CasePayment, case_payment
from counter_app.store.platform_clock import ClockNow
from counter_app.store.timestamps import from_text, to_text, utc_now
from printing import archive
from printing.bundle_facts import bundle_facts, receipt_cases
from printing.case_documents import (
    agent_facts,
    catalog_item,
    check_applicable,
    correction_facts,
    default_kind,
    document_data,
)
from printing.dispatch import QUEUED, CupsPrinter, PrintOutcome, printer_from_spec, state_words
from printing.document_data import (
    BUNDLE_MEMBER_DOCUMENTS,
    LANGS,
    Collection,
    DocumentData,
    DocumentKind,
    PaperFormat,
    Reprint,
    ResultDelivery,
)
from printing.errors import (
    PrintedBefore,
    PrintFailed,
    PrintJobStillQueued,
    ReprintApprovalRequired,
    ReprintReasonRequired,
)
from printing.fonts import FontSet, load_fonts
from printing.print_jobs import SubmittedJob, forget_submitted, record_submitted, submitted_job
from printing.render import render_pdf
from printing.specimen import specimen_document

log = logging.getLogger(__name__)

REASON_MAX_CHARS = 200
_DIGIT_RUN = re.compile(r"[0-9]{7,}")


@dataclass(frozen=True)
class IssuedDocument:
    document_id: int
    serial: str
    case_id: str
    case_no: str
    kind: DocumentKind
    fmt: PaperFormat
    lang: str
    issued_at: datetime
    reprint_no: int  # 0: the original; N: the Nth reprint (第N次补打)
    pdf_path: Path


# Renders a document to PDF bytes: in this process by default, or e.g. a DocumentProcess.
Renderer = Callable[[DocumentData, PaperFormat], bytes]


def fonts_for(config: Config) -> FontSet:
    return load_fonts(Path(config.printing.font_dir) if config.printing.font_dir else None)


def issue_document(
    store: Store,
    config: Config,
    home: Home,
    case_ref: str,
    *,
    kind: DocumentKind | None = None,
    fmt: PaperFormat = PaperFormat.A4,
    lang: str | None = None,
    actor: str,
    reprint_reason: str | None = None,
    approved_by: User | None = None,
    now: datetime | None = None,
    render: Renderer | None = None,
) -> IssuedDocument:
    """Issue ``kind`` (default: what the case's state calls for) for the case with this
    UUID or case number, in ``lang`` (default: the applicant's choice kept with the case,
    never the clerk's interface language).

    The first document of a kind for a case is the original; every later one is a reprint
    (补打), which needs ``reprint_reason`` and ``approved_by``, a supervisor the caller has
    just authenticated (``counter_app.services.approval.approve``) other than the case's
    clerk and ``actor``; it is marked on the paper with its number and time, and recorded.
    Until the original is printed (the clerk chose 稍后打印, its print failed, or the system
    entered it unrendered, ``counter_app.services.document_register``) asking again without
    a reason returns that original, nothing recorded: its archived copy, or, never rendered,
    rendered now under its serial and time of issue. Asked for in another paper or language
    than its copy, it is issued anew as an original (no reason, no supervisor) with a serial
    and copy of its own that supersede it: a serial names one rendering, the one archived.
    """
    if lang is not None and lang not in LANGS:
        raise ValidationError(
            f"文书语言只能是 {'、'.join(LANGS)}（收到 {lang}）。",
            f"Language must be one of {', '.join(LANGS)} (got {lang}).",
            field="lang",
        )
    reason = _checked_reprint_reason(reprint_reason or "")
    render = render or _in_process(config)
    moment = now or utc_now()
    record = find_case(store, case_ref)
    # A document states what the case row says: never one from a row altered behind the
    # program's back (the sealed version says otherwise).
    ensure_case_unaltered(store, record.case_id)
    kind = kind or default_kind(record)
    record, source = _registered_and_source(store, record, kind)
    payment = case_payment(store, record.case_id)
    stored, chosen, collection = _checked_facts(store, source, kind, payment)
    lang = lang or stored.get("document_language") or "zh"
    correction = correction_facts(record, stored) if kind is DocumentKind.CORRECTION else None
    # Each 补正 round has its voucher: only copies issued since this round's are earlier ones.
    since = to_text(correction.corrected_at) if correction else ""
    item = catalog_item(store, record)
    # Now, not at acceptance: a copy rendered after the calendar arrived drops the caveat.
    calendar_years = working_calendar(store).covered_years
    written: list[Path] = []
    try:
        with store.transaction() as db:
            # Issued and never printed (稍后打印, a failed print, or issued by the system
            # unrendered): its first print is that original, under its serial and time, unless
            # a reason asks for a 补打. A 补打 whose print failed never reached paper: it is
            # retried as it was issued, under its serial, number and approval, not approved
            # and numbered again.
            unprinted = unprinted_document(store, record.case_id, kind.value, since=since)
            as_issued = unprinted if unprinted and (unprinted.reprint_no or not reason) else None
            if as_issued is not None and _copy_fits(as_issued, fmt, lang):
                return _unprinted(as_issued, record, kind, fmt, lang)
            # A 补打 asked for in another paper or language is a 补打 of its own.
            pending = as_issued if as_issued and not as_issued.reprint_no else None
            # Rendered already, in another paper or language: that copy may have left the
            # window (a saved PDF, say), so it stays as it is under its serial, and this
            # rendering is an original of its own that supersedes it. An original without
            # a copy (entered unrendered, or purged), or whose copy went missing, is
            # rendered under its serial.
            superseded = None
            if pending is not None and _rendered_otherwise(pending, fmt, lang):
                superseded, pending = pending, None
            issued_at = from_text(pending.issued_at) if pending else moment
            local = issued_at.astimezone(HALL_TIMEZONE)
            reprint = (
                _reprint(
                    db,
                    record,
                    kind,
                    since=since,
                    reason=reason,
                    moment=moment,
                    actor=actor,
                    approved_by=approved_by,
                )
                if pending is None and superseded is None
                else None
            )
            number = reprint.number if reprint else 0  # 0: the original
            serial = (
                pending.serial if pending else next_document_serial(db, config.hall, local.date())
            )
            data = document_data(
                record,
                item,
                config,
                kind=kind,
                lang=lang,
                serial=serial,
                issued_at=issued_at,
                reprint=reprint,
                withdrawal=_withdrawal(stored) if kind is DocumentKind.WITHDRAWAL else None,
                collection=collection if kind is DocumentKind.HANDOVER else None,
                correction=correction,
                payment=payment,
                delivery=_delivery(chosen),
                english_name=stored["applicant"].get("english_name"),
                identity=(
                    DocKind(stored["applicant"]["doc_kind"]),
                    stored["applicant"]["id_number"],
                ),
                track_token=stored.get("track_token"),
                city_wide=bool(stored["service_item"].get("handling_department")),
                licences_pending=any(
                    (line.get("licence") or {}).get("verification") == Verification.PENDING
                    for line in stored["materials"]
                ),
                calendar_years=calendar_years,
                step_clerk=_step_clerk(kind, stored),
                bundle=bundle_facts(store, source, stored)
                if kind is DocumentKind.BUNDLE_RECEIPT or kind in BUNDLE_MEMBER_DOCUMENTS
                else None,
                agent=agent_facts(stored),
            )
            path = archive.archive_path(home, local, serial)
            # Every copy is new and never replaced, but the one an issue left that never
            # committed (of a new serial, or of an original rendered at its first print).
            replace = path.exists() and (
                pending is not None or _left_by_unfinished_issue(db, path, serial)
            )
            _write_copy(path, render(data, fmt), written, replace=replace)
            if pending is not None:
                document_id = pending.document_id
                record_document_copy(db, document_id, pdf_path=str(path), fmt=fmt.value, lang=lang)
            else:
                document_id = _record(
                    db,
                    store.audit,
                    data,
                    fmt=fmt,
                    actor=actor,
                    path=path,
                    reprint=reprint,
                    approved_by=approved_by,
                    supersedes=superseded.serial if superseded else None,
                )
    except BaseException:
        # No register row, no copy: a rolled-back issue leaves nothing behind.
        for orphan in written:
            orphan.unlink(missing_ok=True)
        raise
    archive.purge_daily(store, config, home, ClockNow(moment, this_boot()))
    log.info("issued %s %s for case %s (reprint %d)", kind.value, serial, record.case_id, number)
    return IssuedDocument(
        document_id,
        serial,
        record.case_id,
        record.case_no,
        kind,
        fmt,
        lang,
        issued_at,
        number,
        path,
    )


def _checked_reprint_reason(raw: str) -> str:
    """A reprint's reason as kept (stripped; empty for an original): short, printable, and
    with no ID number or phone in it."""
    reason = raw.strip()
    if len(reason) > REASON_MAX_CHARS:
        raise ValidationError(
            f"补打原因最多{REASON_MAX_CHARS}字。",
            f"The reprint reason is limited to {REASON_MAX_CHARS} characters.",
            field="reprint_reason",
        )
    problem = unprintable_error(reason, ("补打原因", "The reprint reason"), field="reprint_reason")
    if problem is not None:
        raise problem
    if _DIGIT_RUN.search(reason):
        # The reason is stored and audited in clear: it must not carry an ID number or phone.
        raise ValidationError(
            "补打原因中不能填写证件号码或电话号码，请只写原因（如“申请人遗失回执”）。",
            "The reprint reason must not contain an ID or phone number; state the reason only.",
            field="reprint_reason",
        )
    return reason


def _registered_and_source(
    store: Store, record: CaseRecord, kind: DocumentKind
) -> tuple[CaseRecord, CaseRecord]:
    """The case ``kind`` is registered under, and the one whose state is checked and whose
    case document is printed: ``record`` both times, but for the one receipt of a bundle,
    under its first case and printable while any member is (``receipt_cases``)."""
    if kind is not DocumentKind.BUNDLE_RECEIPT:
        return record, record
    receipt = receipt_cases(store, record)
    return receipt.registered, receipt.source


def _reprint(
    db: Database,
    record: CaseRecord,
    kind: DocumentKind,
    *,
    since: str,
    reason: str,
    moment: datetime,
    actor: str,
    approved_by: User | None,
) -> Reprint | None:
    """The 补打 this copy is, numbered after the reprints before it; None when no document
    of the kind was issued yet (the original). A reprint needs ``reason`` and a supervisor's
    approval, never the case's clerk's nor ``actor``'s own."""
    copies, last_reprint = issued_copies(db, record.case_id, kind.value, since=since)
    if not copies:
        return None
    if not reason:
        raise ReprintReasonRequired(copies)
    if approved_by is None or not may_approve(approved_by):
        raise ReprintApprovalRequired()
    refuse_own_approval(approved_by, (record.clerk, actor))
    return Reprint(last_reprint + 1, moment, reason)


def _left_by_unfinished_issue(db: Database, path: Path, serial: str) -> bool:
    """A copy under a serial the register does not hold was written by an issue that never
    committed (a crash or a power cut between the copy and its register row): it was never
    printed (printing follows the commit), and its serial was never taken. Restore moves the
    serials past every archived copy, so this is the only way to meet one."""
    if serial_registered(db, serial):
        return False
    log.warning("replacing %s: the copy of an issue that never completed", path)
    return True


def _write_copy(path: Path, pdf: bytes, written: list[Path], *, replace: bool) -> None:
    """Archive a document's copy; a new file goes into ``written``, removed again if the
    issue rolls back."""
    archive.write_pdf(path, pdf, replace=replace)
    if not replace:
        written.append(path)


def _unprinted(
    pending: UnprintedDocument,
    record: CaseRecord,
    kind: DocumentKind,
    fmt: PaperFormat,
    lang: str,
) -> IssuedDocument:
    """The unprinted original or 补打 as it was issued, its archived copy unchanged."""
    log.info("unprinted document %s for case %s", pending.serial, record.case_id)
    return IssuedDocument(
        pending.document_id,
        pending.serial,
        record.case_id,
        record.case_no,
        kind,
        fmt,
        lang,
        from_text(pending.issued_at),
        pending.reprint_no,
        Path(pending.pdf_path or ""),
    )


def _copy_fits(pending: UnprintedDocument, fmt: PaperFormat, lang: str) -> bool:
    """Whether the unprinted document's archived copy is the one asked for: the same paper
    and language, still on disk (not purged, not left unrendered by the system)."""
    return (
        pending.pdf_path is not None
        and Path(pending.pdf_path).is_file()
        and pending.format == fmt.value
        and pending.lang == lang
    )


def _rendered_otherwise(pending: UnprintedDocument, fmt: PaperFormat, lang: str) -> bool:
    """Whether the unprinted original was rendered in another paper or language than asked."""
    return pending.pdf_path is not None and (pending.format, pending.lang) != (fmt.value, lang)


def _in_process(config: Config) -> Renderer:
    fonts = fonts_for(config)  # raises FontsMissing before anything is recorded
    return lambda data, fmt: render_pdf(data, fmt, fonts)


def printer_for(config: Config, fmt: PaperFormat) -> str:
    """The configured printer for a paper format: the receipt printer takes 80 mm rolls."""
    return (
        config.printing.receipt_printer
        if fmt is PaperFormat.ROLL_80MM
        else config.printing.a4_printer
    )


def print_document(
    store: Store,
    config: Config,
    issued: IssuedDocument,
    *,
    actor: str,
    printer: str | None = None,
) -> PrintOutcome:
    """Print an issued document on ``printer`` (default: the configured one for its format)
    and wait for the outcome. Raises a ``PrintFailed`` subclass after recording the
    failure; the case's decision is never affected.

    The print system's job id is kept (``printing.print_jobs``) as soon as the job is
    submitted. A job an earlier print left unrecorded (it was killed) is asked about first:
    completed, it is recorded printed and ``PrintedBefore`` raised; still queued,
    ``PrintJobStillQueued``; gone without printing, the document is printed again under
    its serial."""
    spec = printer if printer is not None else printer_for(config, issued.fmt)
    home = store.home
    try:
        device = printer_from_spec(
            spec,
            cups_server=config.printing.cups_server,
            timeout=float(config.printing.print_timeout_seconds),
        )
        _settle_earlier_job(store, issued, actor)

        def submitted(job: str) -> None:
            out_on = SubmittedJob(device.name, config.printing.cups_server, job)
            record_submitted(home, issued.serial, out_on)

        outcome = device.print_pdf(issued.pdf_path, title=issued.serial, submitted=submitted)
    except PrintFailed as exc:
        record_print_outcome(store, issued, actor, spec, status="failed", error=exc)
        raise
    record_print_outcome(
        store, issued, actor, outcome.printer, status="printed", job=outcome.job_id
    )
    forget_submitted(home, issued.serial)
    return outcome


def _settle_earlier_job(store: Store, issued: IssuedDocument, actor: str) -> None:
    """Ask the print system about the job an earlier print of ``issued`` submitted and
    never recorded the end of (see ``print_document``)."""
    earlier = submitted_job(store.home, issued.serial)
    if earlier is None:
        return
    queue = CupsPrinter(earlier.printer, server=earlier.server)
    state, message = queue.job_state(earlier.job)
    if state == "completed":
        record_print_outcome(
            store, issued, actor, earlier.printer, status="printed", job=earlier.job
        )
        forget_submitted(store.home, issued.serial)
        raise PrintedBefore(issued.serial, earlier.job)
    if state in QUEUED:
        raise PrintJobStillQueued(
            issued.serial, earlier.printer, earlier.job, state_words(state, message)
        )
    log.info("earlier job %s of %s ended %s: printing again", earlier.job, issued.serial, state)
    forget_submitted(store.home, issued.serial)


TEST_PAGE_TITLE = "counter-app test page"  # the print job's title


@contextmanager
def specimen_pdf_file(
    config: Config, fmt: PaperFormat, *, lang: str = "zh", render: Renderer | None = None
) -> Iterator[Path]:
    """The specimen receipt (sample data, nothing recorded) as a temporary PDF file, for
    any print route to print; removed afterwards."""
    pdf = (render or _in_process(config))(specimen_document(lang=lang), fmt)
    with tempfile.TemporaryDirectory(prefix="counter-test-page-") as directory:
        path = Path(directory) / "test-page.pdf"
        path.write_bytes(pdf)
        yield path


def print_test_page(
    config: Config, fmt: PaperFormat, *, printer: str | None = None, lang: str = "zh"
) -> PrintOutcome:
    """Print the specimen receipt on ``printer`` (default: the configured one for ``fmt``)
    through printing's dispatcher: the settings screen's printer test."""
    spec = printer if printer is not None else printer_for(config, fmt)
    device = printer_from_spec(
        spec,
        cups_server=config.printing.cups_server,
        timeout=float(config.printing.print_timeout_seconds),
    )
    with specimen_pdf_file(config, fmt, lang=lang) as path:
        return device.print_pdf(path, title=TEST_PAGE_TITLE)


def record_print_outcome(
    store: Store,
    issued: IssuedDocument,
    actor: str,
    printer: str,
    *,
    status: str,
    job: str | None = None,
    error: PrintFailed | None = None,
) -> None:
    """Record how printing ``issued`` ended (``status`` "printed" or "failed") - the
    register row, ``cases.receipt_printed``, a case event and an audit entry - whichever
    route printed it (``print_document`` here, the GUI's Qt route in ``ui``)."""
    with store.transaction() as db:
        mark_document_printed(
            db,
            store.audit,
            document_id=issued.document_id,
            case_id=issued.case_id,
            status=status,
            error=error.message("zh") if error else None,
            is_receipt=issued.kind is not DocumentKind.VOUCHER,
            actor=actor,
            at=to_text(utc_now()),
            detail={
                "serial": issued.serial,
                "printer": printer,
                "job": job or "",
                "error": error.en if error else "",
            },
        )


# ---------------------------------------------------------------------------- internals


def _withdrawal(document: dict[str, Any]) -> tuple[str, datetime]:
    """The applicant's reason and the time of the withdrawal, from the case document."""
    return document["withdrawal_reason"], from_text(document["updated_at"])


def _checked_facts(
    store: Store, record: CaseRecord, kind: DocumentKind, payment: CasePayment | None
) -> tuple[dict[str, Any], DeliveryRecord | None, Collection | None]:
    """The case document, the delivery record and who collected the result, once
    ``check_applicable`` found ``kind`` fits the case they describe."""
    stored = case_document(store, record.case_id)
    chosen = deliveries_of(store, [record.case_id]).get(record.case_id)
    collection = _collection(record, chosen)
    check_applicable(
        record,
        kind,
        payment,
        corrected=bool(stored.get("corrections")),
        collected=collection is not None,
    )
    return stored, chosen, collection


def _step_clerk(kind: DocumentKind, document: dict[str, Any]) -> str | None:
    """Who made the step a later document is about, from the case document: the clerk who
    took in the newest 补正, or who handed the result over; None for the others, which are
    about the case's decision and name its clerk."""
    if kind is DocumentKind.CORRECTION:
        return str(document["corrections"][-1]["corrected_by"])
    if kind is DocumentKind.HANDOVER:
        return str(document["handover"]["handed_over_by"])
    return None


def _collection(record: CaseRecord, handed: DeliveryRecord | None) -> Collection | None:
    """Who collected the result at the window, from the delivery record (masked only); None
    when it was not collected there (not yet, or posted)."""
    if handed is None or handed.collector is None or handed.handed_over_at is None:
        return None
    by_proxy = handed.collector is Collector.PROXY
    return Collection(
        at=from_text(handed.handed_over_at),
        by_proxy=by_proxy,
        collector_name=(handed.proxy_name or "") if by_proxy else record.applicant_name,
        collector_id_masked=(handed.proxy_id_masked or "")
        if by_proxy
        else record.applicant_masked_id,
    )


def _delivery(chosen: DeliveryRecord | None) -> ResultDelivery:
    """How the result goes out, as chosen at acceptance: a case without a delivery record is
    picked up at the hall."""
    if chosen is None:
        return ResultDelivery(DeliveryMethod.PICKUP)
    return ResultDelivery(chosen.method, chosen.address_masked)


def _record(
    db: Database,
    audit: AuditLog,
    data: DocumentData,
    *,
    fmt: PaperFormat,
    actor: str,
    path: Path,
    reprint: Reprint | None,
    approved_by: User | None,
    supersedes: str | None,
) -> int:
    return mark_document_issued(
        db,
        audit,
        DocumentRow(
            serial=data.serial,
            case_id=data.case_id,
            kind=data.kind.value,
            format=fmt.value,
            lang=data.lang,
            issued_at=to_text(data.issued_at),
            issued_by=actor,
            reprint_no=reprint.number if reprint else 0,
            reprint_reason=reprint.reason if reprint else None,
            pdf_path=str(path),
        ),
        approved_by=approved_by.username if approved_by else None,
        supersedes=supersedes,
    )
