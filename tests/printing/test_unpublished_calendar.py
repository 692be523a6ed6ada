"""A date counted into a year whose holidays are not published yet (承诺办结, a 容缺 deadline)
was counted Monday to Friday only: every document printing it marks it provisional while the
store's calendar does not cover its year, and a copy rendered once that year's calendar has
arrived prints the same date plainly."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services import deferrals
from counter_app.services.auth import User
from counter_app.store.calendar import current_calendar_version, load_calendar_version
from counter_app.store.cases import find_case
from counter_app.store.database import Store
from printing import legal_text
from printing.document_data import DocumentKind, PaperFormat
from printing.fonts import load_fonts
from printing.render import render_pdf
from printing.service import issue_document
from printing.specimen import specimen_document
from tests.printing import pdf_tools
from tests.printing.fixtures import CaseFactory

# The store's calendar is the bundled one (2025 and 2026). The elderly allowance promises 10
# working days: from Monday 21 December 2026 that is 5 January 2027 (1 January, 元旦, is a
# holiday every year whatever the calendar says).
LATE_DECEMBER = datetime(2026, 12, 21, 2, 0, tzinfo=UTC)
# From Monday 28 December: the 容缺 deadline (5 working days) 5 January, promised 12 January.
LAST_WEEK = datetime(2026, 12, 28, 2, 0, tzinfo=UTC)
CAVEAT = "2027年节假日安排尚未公布，按周一至周五计算，已扣除元旦、劳动节、国庆节"
CAVEAT_EN = (
    "counted Monday to Friday less New Year’s Day, Labour Day and National Day: the 2027 "
    "public holidays are not announced yet"
)
CALENDAR_2027 = {
    "published_at": "2026-11-12T00:00:00Z",
    "years": [2027],
    "periods": [{"kind": "holiday", "name": "元旦", "from": "2027-01-01"}],
}


def _flat(text: str) -> str:
    return "".join(text.split())


def _text(pdf: Path) -> str:
    """The document's text as drawn, without spaces and line breaks (English words run
    together)."""
    return _flat(pdf_tools.drawn_text(pdf))


@pytest.mark.parametrize("fmt", list(PaperFormat))
def test_a_receipt_promising_a_date_in_an_unpublished_year_marks_it_provisional(
    store: Store, config: Config, home: Home, make_case: CaseFactory, fmt: PaperFormat
) -> None:
    case = make_case("accept", now=LATE_DECEMBER)
    assert find_case(store, case.case_id).promised_date == "2027-01-05"
    text = _text(issue_document(store, config, home, case.case_id, fmt=fmt, actor="c").pdf_path)
    assert f"承诺办结2027年1月5日（10个工作日；{CAVEAT}）" in text
    assert f"（2027年1月5日前）办结，法定特别程序所需时间不计算在内。{CAVEAT}。" in text


def test_a_receipt_promising_a_date_the_calendar_covers_has_no_caveat(
    store: Store, config: Config, home: Home, make_case: CaseFactory
) -> None:
    case = make_case("accept")  # promised 10 December 2026
    text = _text(issue_document(store, config, home, case.case_id, actor="c").pdf_path)
    assert "承诺办结2026年12月10日（10个工作日）" in text
    assert "尚未公布" not in text


def test_a_reprint_after_the_calendar_arrived_keeps_the_date_without_the_caveat(
    store: Store, config: Config, home: Home, make_case: CaseFactory, supervisor: User
) -> None:
    case = make_case("accept", now=LATE_DECEMBER)
    first = issue_document(store, config, home, case.case_id, actor="c")
    assert CAVEAT in _text(first.pdf_path)
    version = current_calendar_version(store) + 1
    load_calendar_version(store, {"version": version, **CALENDAR_2027})
    reprint = issue_document(
        store,
        config,
        home,
        case.case_id,
        actor="c",
        reprint_reason="申请人遗失回执",
        approved_by=supervisor,
    )
    text = _text(reprint.pdf_path)
    # What was promised stays promised: 1 January is a holiday now, the date does not move.
    assert "承诺办结2027年1月5日（10个工作日）" in text
    assert "尚未公布" not in text


def test_the_deferral_notice_marks_its_deadline_and_the_promised_date_in_both_languages(
    store: Store, config: Config, home: Home, make_case: CaseFactory
) -> None:
    case = make_case("deferral", now=LAST_WEEK, deadline=None)
    record = find_case(store, case.case_id)
    assert (record.promised_date, record.materials[2].deadline) == ("2027-01-12", "2027-01-05")
    notice = issue_document(
        store, config, home, case.case_id, kind=DocumentKind.DEFERRAL, lang="zh-en", actor="c"
    )
    text = _text(notice.pdf_path)
    assert f"2027-01-05（{CAVEAT}）({_flat(CAVEAT_EN)})" in text  # 补齐期限
    assert f"补齐下列容缺材料。{CAVEAT}。逾期未补齐的" in text
    assert _flat("by 2027-01-05 at the window that accepted it (") in text
    assert _flat("window W01). Counted Monday to Friday") in text
    receipt = issue_document(
        store, config, home, case.case_id, kind=DocumentKind.RECEIPT, actor="c"
    )
    text = _text(receipt.pdf_path)
    assert f"补齐期限2027年1月5日（{CAVEAT}）" in text
    assert f"承诺办结2027年1月12日（10个工作日；{CAVEAT}）" in text
    assert f"（详见容缺受理通知书）。{CAVEAT}。逾期未补齐的" in text


def test_the_supply_receipt_marks_the_promised_date(
    store: Store, config: Config, home: Home, make_case: CaseFactory, clerk: User
) -> None:
    case = make_case("deferral", now=LAST_WEEK, deadline=None)
    deferrals.supply(store, case.case_id, clerk, ["M03"], now=LAST_WEEK)
    supply = issue_document(store, config, home, case.case_id, kind=DocumentKind.SUPPLY, actor="c")
    text = _text(supply.pdf_path)
    assert f"承诺办结2027年1月12日（10个工作日；{CAVEAT}）" in text
    assert f"本机关将于2027年1月12日前办结。{CAVEAT}。" in text


def test_the_correction_voucher_marks_the_moved_promised_date_not_the_one_before(
    tmp_path: Path,
) -> None:
    data = replace(
        specimen_document(DocumentKind.CORRECTION),
        promised_date=date(2027, 1, 11),
        calendar_years=frozenset({2025, 2026}),
    )
    assert data.correction is not None and data.correction.promised_before == date(2026, 12, 8)
    pdf = tmp_path / "correction.pdf"
    pdf.write_bytes(render_pdf(data, PaperFormat.A4, load_fonts()))
    text = _text(pdf)
    assert f"原承诺办结日2026年12月8日承诺办结2027年1月11日（{CAVEAT}）" in text
    assert f"本机关将于2027年1月11日前办结。{CAVEAT}。请将本凭证" in text
    english = legal_text.body(replace(data, lang="en"))[1]
    assert "by 2027-01-11. Counted Monday to Friday less New Year’s Day, Labour Day" in english
    assert english.endswith("not announced yet. Keep this voucher with the receipt.")
