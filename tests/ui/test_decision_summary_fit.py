"""At 1280×720 (1920×1080 at 150 % scaling) the reasons F5 cannot accept yet show whole,
without scrolling, even with a pre-application's banner shown for the card just read."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QScrollArea

from tests.ui.conftest import login
from ui.app import RunningApp
from ui.facade_types import ExpectedArrival
from ui.i18n import current_lang
from ui.intake import decision_panel

REASONS = (
    ("缺少：申请人居民身份证", "Missing: 申请人居民身份证"),
    ("缺少：上海市居住证卡", "Missing: 上海市居住证卡"),
    ("缺少：居住证明（房屋租赁合同或房产证）", "Missing: 居住证明（房屋租赁合同或房产证）"),
)
PREAPP = ExpectedArrival(
    arrival_id="P-1",
    headline_zh="网上预审已通过：上海市居住证办理（首次申领）",
    headline_en="Pre-review passed online: 上海市居住证办理（首次申领）",
    fills_intake=True,
    appointment=False,
)


def test_three_reasons_show_without_scrolling_at_1280_by_720(qtbot, window_in: RunningApp) -> None:
    window_in.window.resize(1280, 720)
    login(qtbot, window_in)
    intake = window_in.window.intake
    english = current_lang() == "en"
    intake._show_arrivals([PREAPP])
    reasons = [en if english else zh for zh, en in REASONS]
    decision_panel.show_summary(intake, reasons, can_accept=False, deferrable=True)
    QApplication.sendPostedEvents()
    area = intake.findChild(QScrollArea, "summaryArea")
    assert intake.arrival_banner.isVisibleTo(intake) and intake.preapp_button.isVisibleTo(intake)
    assert area is not None and area.isVisibleTo(intake)
    # Laid out: the summary's own layout request reaches the panel a posted round later.
    qtbot.waitUntil(lambda: area.widget().height() <= area.viewport().height(), timeout=5_000)
    assert not area.verticalScrollBar().isVisible()
    assert window_in.window.layout().minimumSize().height() <= 720
