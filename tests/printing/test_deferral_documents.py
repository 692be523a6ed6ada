"""The 补齐材料回执 (the deferred materials are in; the case is accepted) and the 终止受理通知书
(the deferral's deadline passed), issued for the cases in those states and only for them."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services import deferrals
from counter_app.services.auth import User
from counter_app.services.deferrals import EXPIRY_ACTOR
from counter_app.store.database import Store
from printing.document_data import DocumentKind
from printing.errors import DocumentNotApplicable
from printing.service import issue_document
from tests.conftest import CliResult
from tests.printing import pdf_tools
from tests.printing.fixtures import CaseFactory

AFTER_THE_DEADLINE = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)  # deadline 2026-12-04


def test_supply_receipt_lists_the_supplied_materials(
    store: Store, config: Config, home: Home, make_case: CaseFactory, clerk: User
) -> None:
    case = make_case("deferral")
    with pytest.raises(DocumentNotApplicable):
        issue_document(store, config, home, case.case_id, kind=DocumentKind.SUPPLY, actor="c")
    deferrals.supply(store, case.case_id, clerk, ["M03"])
    issued = issue_document(store, config, home, case.case_id, kind=DocumentKind.SUPPLY, actor="c")
    text = pdf_tools.text(issued.pdf_path).replace(" ", "")
    assert "补齐材料回执" in text and "已补齐" in text and "本人社会保障卡" in text
    plain = make_case("accept")
    with pytest.raises(DocumentNotApplicable):
        issue_document(store, config, home, plain.case_id, kind=DocumentKind.SUPPLY, actor="c")


def test_termination_notice_is_the_document_of_a_terminated_deferral(
    store: Store, config: Config, home: Home, make_case: CaseFactory
) -> None:
    case, other = make_case("deferral"), make_case("deferral")
    deferrals.expire_overdue(store, actor=EXPIRY_ACTOR, now=AFTER_THE_DEADLINE)
    issued = issue_document(store, config, home, case.case_no, actor="c")
    assert issued.kind is DocumentKind.TERMINATION
    text = pdf_tools.text(issued.pdf_path).replace(" ", "")
    assert "终止受理通知书" in text and "2026年12月4日" in text and "本人社会保障卡" in text
    english = issue_document(store, config, home, other.case_no, actor="c", lang="en")
    assert "Termination" in pdf_tools.text(english.pdf_path)


def test_the_termination_notice_issued_at_expiry_prints_once_as_the_original(
    cli: Callable[..., CliResult], store: Store, make_case: CaseFactory, tmp_path: Path
) -> None:
    """``counter-app print`` renders and prints the notice expiry issued (its serial, not a
    补打); a second copy after that is a supervised 补打 as for any document."""
    case = make_case("deferral")
    deferrals.expire_overdue(store, actor=EXPIRY_ACTOR, now=AFTER_THE_DEADLINE)
    (serial,) = store.db.execute(
        "SELECT serial FROM documents WHERE case_id = ?", (case.case_id,)
    ).fetchone()
    paper = tmp_path / "paper"
    paper.mkdir()
    printed = cli("print", case.case_no, "--printer", f"dir:{paper}", "--json")
    assert printed.returncode == 0, printed.stderr
    report = json.loads(printed.stdout)
    assert (report["serial"], report["document"], report["reprint_no"]) == (
        serial,
        "termination",
        0,
    )
    assert "终止受理通知书" in pdf_tools.text(Path(report["archived"])).replace(" ", "")
    statuses = store.db.execute(
        "SELECT print_status FROM documents WHERE case_id = ?", (case.case_id,)
    ).fetchall()
    assert statuses == [("printed",)]
    again = cli("print", case.case_no, "--printer", f"dir:{paper}")
    assert again.returncode != 0 and "补打" in again.stderr
