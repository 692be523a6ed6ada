"""The end-of-day report's fees: the payments split by how they were made (the POS
terminal's settlement beside the payment platform's), a double payment counted twice, the
refunds owed on their own line, each in yuan; a day still to come says so instead of
claiming it reconciled."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from counter_app.domain.hall_time import hall_today
from counter_app.services.end_of_day import FEE_FIGURES, WindowDay, day_report
from counter_app.store.database import Store
from printing.day_labels import NOT_KNOWN, fee_text
from printing.day_report import render_day_report
from printing.fonts import load_fonts
from tests.printing import pdf_tools


def _window() -> WindowDay:
    return WindowDay(
        "W01",
        "local",
        fees_recorded=3,
        fees_recorded_cents=6000,
        fees_paid=3,
        fees_paid_cents=6000,
        fees_unpaid=1,
        fees_unpaid_cents=2000,
        fees_pos=1,
        fees_pos_cents=2000,
        fees_platform=2,
        fees_platform_cents=4000,
        fees_twice=1,
        fees_twice_cents=2000,
        fees_refund=1,
        fees_refund_cents=2000,
    )


def test_each_fee_figure_reads_in_yuan() -> None:
    texts = [fee_text(_window(), name, "zh") for name in FEE_FIGURES]
    assert texts == [
        "3 件 60.00 元",
        "3 件 60.00 元",
        "1 件 20.00 元",
        "1 件 20.00 元",
        "2 件 40.00 元",
        "1 件 20.00 元",
        "1 件 20.00 元",
    ]
    other = replace(_window(), window_code="W02", source="platform")
    assert fee_text(other, "fees_pos", "zh") == NOT_KNOWN
    assert fee_text(other, "fees_twice", "en") == "1 · 20.00 yuan"


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "eod.pdf"
    path.write_bytes(pdf)
    return pdf_tools.text(path).replace(" ", "")


def test_the_report_prints_the_payments_by_method(store: Store, tmp_path: Path) -> None:
    report = replace(day_report(store, hall_today()), windows=[_window()])
    text = _pdf_text(render_day_report(report, load_fonts(), "zh"), tmp_path)
    for heading in ("其中POS刷卡", "其中缴费平台", "重复缴费", "应退费"):
        assert heading in text
    assert "1件20.00元" in text and "2件40.00元" in text


def test_a_day_to_come_is_not_reported_reconciled(store: Store, tmp_path: Path) -> None:
    report = day_report(store, hall_today() + timedelta(days=3))
    text = _pdf_text(render_day_report(report, load_fonts(), "zh"), tmp_path)
    assert "该日尚未到来" in text and "均已被平台确认" not in text
