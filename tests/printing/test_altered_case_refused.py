"""No document is issued from a case row altered behind the program's back: the receipt
would hand the applicant a forged name or item as an official record."""

from __future__ import annotations

import sqlite3

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.case_integrity import CaseRecordAltered
from counter_app.store.database import Store
from printing.service import issue_document
from tests.printing.fixtures import CaseFactory


def test_a_receipt_for_a_forged_case_is_refused_and_nothing_issued(
    store: Store, config: Config, home: Home, make_case: CaseFactory
) -> None:
    case = make_case("accept")
    with sqlite3.connect(home.db_path) as raw:
        raw.execute("UPDATE cases SET name = '张三丰' WHERE case_id = ?", (case.case_id,))
    with pytest.raises(CaseRecordAltered) as refused:
        issue_document(store, config, home, case.case_no, actor="clerk07")
    assert case.case_no in refused.value.zh and "信息技术人员" in refused.value.zh
    assert "counter-app doctor" in refused.value.en
    assert store.db.execute("SELECT count(*) FROM documents").fetchone() == (0,)


def test_an_untouched_case_still_gets_its_receipt(
    store: Store, config: Config, home: Home, make_case: CaseFactory
) -> None:
    case = make_case("accept")
    assert issue_document(store, config, home, case.case_no, actor="clerk07").pdf_path.is_file()
