"""A document issued and never printed (the clerk closed the preview with 稍后打印, or its print
failed) stays the original: its first print, at any later time, is that document under its
serial, with no supervisor; only a copy after it is on paper is a supervised 补打. Asked for
in another paper or language, it is issued anew as an original with a serial of its own: a
serial always names the one copy archived under it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services.auth import User
from counter_app.store.cases import find_case
from counter_app.store.database import Store
from counter_app.store.document_writes import forget_document_copy
from counter_app.store.documents import unprinted_cases
from printing.document_data import DocumentKind, PaperFormat
from printing.errors import PrinterNotConfigured, ReprintApprovalRequired, ReprintReasonRequired
from printing.service import issue_document, print_document
from tests.printing import pdf_tools
from tests.printing.fixtures import CaseFactory, print_record, printing_config


def _actions(store: Store, case_id: str) -> list[str]:
    rows = store.db.execute(
        "SELECT action FROM audit_log WHERE target = ? AND action LIKE 'document.%' ORDER BY seq",
        (case_id,),
    ).fetchall()
    return [row[0] for row in rows]


def _print_events(store: Store, case_id: str) -> list[str]:
    rows = store.db.execute(
        "SELECT detail FROM case_events WHERE case_id = ? AND kind = 'print' ORDER BY event_id",
        (case_id,),
    ).fetchall()
    return [json.loads(row[0])["action"] for row in rows]


@pytest.mark.parametrize(
    ("decision", "kind"),
    [
        ("accept", DocumentKind.RECEIPT),
        ("deferral", DocumentKind.DEFERRAL),
        ("notify", DocumentKind.NOTICE),
        ("refuse", DocumentKind.REFUSAL),
    ],
)
def test_a_document_left_for_later_prints_as_the_original_then_only_as_a_reprint(
    store: Store,
    config: Config,
    home: Home,
    make_case: CaseFactory,
    supervisor: User,
    output_dir: Path,
    decision: str,
    kind: DocumentKind,
) -> None:
    case = make_case(decision)
    config = printing_config(config, a4_printer=f"dir:{output_dir}")
    # The preview issued it; the clerk chose 稍后打印: nothing went to the printer.
    previewed = issue_document(store, config, home, case.case_id, actor="clerk07")
    assert previewed.kind is kind
    copy = previewed.pdf_path.read_bytes()
    assert unprinted_cases(store, [case.case_id]) == {case.case_id}
    assert not find_case(store, case.case_id).receipt_printed

    # Later (another session, another clerk): the same original, no reason, no supervisor.
    later = issue_document(store, config, home, case.case_no, actor="clerk08")
    assert (later.document_id, later.serial, later.reprint_no) == (
        previewed.document_id,
        previewed.serial,
        0,
    )
    assert later.issued_at == previewed.issued_at
    assert later.pdf_path == previewed.pdf_path and later.pdf_path.read_bytes() == copy
    assert store.db.execute(
        "SELECT count(*) FROM documents WHERE case_id = ?", (case.case_id,)
    ).fetchone() == (1,)
    outcome = print_document(store, config, later, actor="clerk08")
    assert (output_dir / outcome.job_id).read_bytes() == copy
    assert print_record(store, later) == ("printed", None)
    assert find_case(store, case.case_id).receipt_printed
    assert unprinted_cases(store, [case.case_id]) == set()  # the 回执未打印 mark is gone
    assert _actions(store, case.case_id) == ["document.issue", "document.printed"]
    assert _print_events(store, case.case_id) == ["issued", "printed"]

    # On paper now: a further copy is a 补打, with a reason and a supervisor.
    with pytest.raises(ReprintReasonRequired):
        issue_document(store, config, home, case.case_id, actor="clerk08")
    with pytest.raises(ReprintApprovalRequired):
        issue_document(store, config, home, case.case_id, actor="clerk08", reprint_reason="遗失")
    reprint = issue_document(
        store,
        config,
        home,
        case.case_id,
        actor="clerk08",
        reprint_reason="申请人遗失",
        approved_by=supervisor,
    )
    assert reprint.reprint_no == 1 and reprint.serial != previewed.serial
    assert "第1次补打" in pdf_tools.text(reprint.pdf_path)


def test_after_a_failed_print_the_original_is_still_the_first_print(
    store: Store, config: Config, home: Home, make_case: CaseFactory, output_dir: Path
) -> None:
    case = make_case("accept")
    issued = issue_document(store, config, home, case.case_id, actor="c")
    with pytest.raises(PrinterNotConfigured):
        print_document(store, config, issued, actor="c")
    assert print_record(store, issued)[0] == "failed"
    config = printing_config(config, a4_printer=f"dir:{output_dir}")
    again = issue_document(store, config, home, case.case_id, actor="c")
    assert (again.serial, again.reprint_no) == (issued.serial, 0)
    print_document(store, config, again, actor="c")
    assert find_case(store, case.case_id).receipt_printed
    assert _actions(store, case.case_id) == [
        "document.issue",
        "document.print_failed",
        "document.printed",
    ]


@pytest.mark.parametrize(
    ("fmt", "lang"), [(PaperFormat.ROLL_80MM, None), (PaperFormat.A4, "zh-en")]
)
def test_the_unprinted_original_in_another_paper_or_language_is_an_original_of_its_own(
    store: Store,
    config: Config,
    home: Home,
    make_case: CaseFactory,
    supervisor: User,
    output_dir: Path,
    fmt: PaperFormat,
    lang: str | None,
) -> None:
    """Saved on A4 (the PDF may have left the window), asked for later on the roll (a
    workstation with only a receipt printer) or in both languages: the A4 copy stays what
    its serial names; the new rendering is an original of its own, with its own serial and
    copy, no reason and no supervisor, and the one printed; a copy after it is the first 补打."""
    case = make_case("accept")
    a4 = issue_document(store, config, home, case.case_id, actor="c")
    saved = a4.pdf_path.read_bytes()
    other = issue_document(store, config, home, case.case_id, fmt=fmt, lang=lang, actor="c")
    assert other.serial != a4.serial and other.pdf_path != a4.pdf_path
    assert other.reprint_no == 0 and other.issued_at >= a4.issued_at
    assert a4.pdf_path.read_bytes() == saved
    assert a4.serial in pdf_tools.text(a4.pdf_path)
    assert other.serial in pdf_tools.text(other.pdf_path)
    assert store.db.execute(
        "SELECT serial, format, lang, reprint_no, pdf_path FROM documents WHERE case_id = ?"
        " ORDER BY document_id",
        (case.case_id,),
    ).fetchall() == [
        (a4.serial, "a4", "zh", 0, str(a4.pdf_path)),
        (other.serial, fmt.value, lang or "zh", 0, str(other.pdf_path)),
    ]
    issues = store.db.execute(
        "SELECT detail FROM audit_log WHERE target = ? AND action = 'document.issue' ORDER BY seq",
        (case.case_id,),
    ).fetchall()
    assert [json.loads(row[0]).get("supersedes") for row in issues] == [None, a4.serial]

    # The newest rendering is the original now: asked for again, it comes back as it is.
    again = issue_document(store, config, home, case.case_id, fmt=fmt, lang=lang, actor="c")
    assert (again.document_id, again.serial) == (other.document_id, other.serial)
    config = printing_config(
        config, a4_printer=f"dir:{output_dir}", receipt_printer=f"dir:{output_dir}"
    )
    print_document(store, config, again, actor="c")
    assert unprinted_cases(store, [case.case_id]) == set()
    reprint = issue_document(
        store,
        config,
        home,
        case.case_id,
        actor="c",
        reprint_reason="申请人遗失",
        approved_by=supervisor,
    )
    assert reprint.reprint_no == 1 and "第1次补打" in pdf_tools.text(reprint.pdf_path)


def test_an_original_entered_unrendered_is_rendered_under_its_serial_in_any_paper(
    store: Store, config: Config, home: Home, make_case: CaseFactory
) -> None:
    """Nothing left the window of an original without a copy: its first rendering, in the
    paper asked for, is that original, under its serial and time of issue."""
    case = make_case("accept")
    a4 = issue_document(store, config, home, case.case_id, actor="c")
    a4.pdf_path.unlink()
    with store.transaction() as db:
        forget_document_copy(db, a4.document_id)  # as the retention purge leaves it
    roll = issue_document(store, config, home, case.case_id, fmt=PaperFormat.ROLL_80MM, actor="c")
    assert (roll.document_id, roll.serial, roll.issued_at, roll.reprint_no) == (
        a4.document_id,
        a4.serial,
        a4.issued_at,
        0,
    )
    (width, _height), *_ = pdf_tools.pages(roll.pdf_path)
    assert round(width / 72 * 25.4) == 80
    assert store.db.execute(
        "SELECT format FROM documents WHERE case_id = ?", (case.case_id,)
    ).fetchall() == [("80mm",)]
    assert _actions(store, case.case_id) == ["document.issue"]
