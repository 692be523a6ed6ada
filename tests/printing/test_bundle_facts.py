"""A 一件事 member's papers rest on its own case, never on its siblings' personal data or
state: once retention purges one member, the others' receipts, notices and the bundle
receipt still print, the purged one listed from what its case row keeps; the bundle receipt
is asked for through any member, stays registered under the bundle's first case, and prints
while any member may have it, a voided first case listed as 已作废."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services import case_endings
from counter_app.services.auth import User
from counter_app.services.bundle_intake import BundleResult
from counter_app.services.retention import purge_expired
from counter_app.store.database import Store
from counter_app.store.retention import PersonalDataPurged, purge_of
from printing.document_data import DocumentKind, PaperFormat
from printing.errors import DocumentNotApplicable
from printing.fonts import load_fonts
from printing.render import render_pdf
from printing.service import issue_document
from printing.specimen import specimen_document
from tests.printing import pdf_tools
from tests.printing.bundle_cases import (
    APPLICANT,
    BUNDLE,
    DECIDED,
    ELDER_CARD,
    PHOTO,
    elder_bundle,
)
from tests.services.end_of_day_cases import answer

PURGE_AT = datetime(2028, 1, 1, 2, 0, tzinfo=UTC)  # past the year the data is kept


def _flat(text: str) -> str:
    return "".join(text.split())


def _purge(store: Store, case_id: str) -> None:
    """The platform holds ``case_id`` (and only it of the bundle); a year on, retention
    purges it."""
    answer(store, case_id, "stored")
    assert purge_expired(store, actor="cli:it", now=PURGE_AT).cases == 1
    assert purge_of(store, case_id) is not None


def _text(store: Store, config: Config, home: Home, case_id: str, **asked: Any) -> str:
    issued = issue_document(store, config, home, case_id, actor="c", **asked)
    return _flat(pdf_tools.text(issued.pdf_path))


@pytest.fixture
def bundle(store: Store, clerk: User) -> BundleResult:
    return elder_bundle(store, clerk)


def test_a_purged_sibling_leaves_a_live_members_papers_printable(
    store: Store, config: Config, home: Home, bundle: BundleResult
) -> None:
    allowance, card = bundle.cases
    _purge(store, card.case_id)  # the one-time notice never answered: finished

    receipt = _text(store, config, home, allowance.case_id)
    assert f"本件属于“{BUNDLE}”，同批受理：{card.case_no}。" in receipt
    for asked_through in (allowance, card):
        text = _text(store, config, home, asked_through.case_id, kind=DocumentKind.BUNDLE_RECEIPT)
        # The purged member's row, from its case row, materials and catalog entry.
        assert card.case_no in text and ELDER_CARD in text and "一次性告知" in text
        assert f"{ELDER_CARD}：缺{PHOTO}—详见该件的《一次性告知书》" in text
        assert text.count("徐汇区民政局") >= 2
        assert APPLICANT in text
        assert "申请人居民身份证（各事项共用）" in text
    # Its own papers print what only its purged document held: they are gone.
    with pytest.raises(PersonalDataPurged):
        issue_document(store, config, home, card.case_id, actor="c")


def test_a_purged_first_case_leaves_the_bundle_receipt_to_a_kept_member(
    store: Store, config: Config, home: Home, clerk: User, bundle: BundleResult
) -> None:
    allowance, card = bundle.cases
    case_endings.withdraw(
        store, allowance.case_id, clerk, "申请人不再需要办理", applicant_confirmed=True, now=DECIDED
    )
    _purge(store, allowance.case_id)

    notice = _text(store, config, home, card.case_id, lang="zh-en")
    assert f"本件属于“{BUNDLE}”，同批受理：{allowance.case_no}。" in notice
    issued = issue_document(
        store, config, home, card.case_id, kind=DocumentKind.BUNDLE_RECEIPT, actor="c"
    )
    assert (issued.case_id, issued.case_no) == (allowance.case_id, allowance.case_no)
    text = _flat(pdf_tools.text(issued.pdf_path))
    assert APPLICANT in text  # as the kept member has it, not the purged case's 王**
    assert allowance.case_no in text and "已撤回" in text


def test_voiding_the_first_case_leaves_the_bundle_receipt_to_the_others(
    store: Store,
    config: Config,
    home: Home,
    clerk: User,
    supervisor: User,
    bundle: BundleResult,
) -> None:
    allowance, card = bundle.cases
    case_endings.void_case(store, allowance.case_id, clerk, supervisor, "受理事项选择错误")
    for asked_through in (card, allowance):
        issued = issue_document(
            store, config, home, asked_through.case_id, kind=DocumentKind.BUNDLE_RECEIPT, actor="c"
        )
        assert issued.case_id == allowance.case_id  # the register's key stays
        text = _flat(pdf_tools.text(issued.pdf_path))
        assert allowance.case_no in text and "已作废" in text
        assert card.case_no in text and "一次性告知" in text
    case_endings.void_case(store, card.case_id, clerk, supervisor, "受理事项选择错误")
    with pytest.raises(DocumentNotApplicable) as refused:
        issue_document(
            store, config, home, card.case_id, kind=DocumentKind.BUNDLE_RECEIPT, actor="c"
        )
    assert refused.value.zh.startswith(f"办件 {card.case_no} 当前状态（已作废）不能出具")


@pytest.mark.parametrize("lang", ["zh", "zh-en"])
@pytest.mark.parametrize("fmt", list(PaperFormat))
def test_a_member_whose_department_is_no_longer_known_gets_a_note(
    tmp_path: Path, lang: str, fmt: PaperFormat
) -> None:
    """Its catalog entry pruned and its case document purged: the rest of its row stands."""
    data = specimen_document(DocumentKind.BUNDLE_RECEIPT, lang)
    assert data.bundle is not None
    first, *rest = data.bundle.cases
    unknown = replace(first, department="")
    data = replace(data, bundle=replace(data.bundle, cases=(unknown, *rest)))
    pdf = tmp_path / "purged.pdf"
    pdf.write_bytes(render_pdf(data, fmt, load_fonts()))
    text = _flat(pdf_tools.drawn_text(pdf))
    assert "（已按保留期限清除）" in text and first.case_no in text
    if lang == "zh-en":
        assert "(purgedundertheretentionperiod)" in text
