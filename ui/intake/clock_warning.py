"""The intake screen's clock warning: shown while the platform says this workstation's clock
is off (its last sync run was refused for it). A case takes its time, its case number's day
and its promised date from this clock, and the receipt carries them away on paper, so the
clerk is told before deciding; the decision itself stays possible (intake never waits for
the platform), and the banner goes once a sync run is accepted again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QVBoxLayout

from counter_app.domain.clock_advice import CHECK_AGAINST_A_PHONE, PLATFORM_CLOCK_WRONG
from ui.i18n import current_lang, in_language

if TYPE_CHECKING:
    from ui.intake.screen import IntakeScreen

translate = QCoreApplication.translate

# Up to two hours the offset reads in minutes; beyond, in hours (a wrong time zone, a day).
MINUTES_UP_TO = 120


def add_clock_banner(screen: IntakeScreen, layout: QVBoxLayout) -> None:
    screen.clock_banner = QLabel()
    screen.clock_banner.setObjectName("clockBanner")
    screen.clock_banner.setWordWrap(True)
    screen.clock_banner.hide()
    layout.addWidget(screen.clock_banner)


def show_clock_skew(screen: IntakeScreen, skew_seconds: float | None) -> None:
    """Show how far the clock is off (``skew_seconds``: this clock minus the platform's, as
    the platform measured it), or hide the warning (None: no offset reported)."""
    if skew_seconds is None:
        screen.clock_banner.hide()
        return
    minutes = max(1, round(abs(skew_seconds) / 60))
    offset = (
        translate("IntakeScreen", "约 %n 分钟", "", minutes)
        if minutes <= MINUTES_UP_TO
        else translate("IntakeScreen", "约 %n 小时", "", round(minutes / 60))
    )
    direction = (
        translate("IntakeScreen", "快", "clock ahead")
        if skew_seconds > 0
        else translate("IntakeScreen", "慢", "clock behind")
    )
    text = translate(
        "IntakeScreen",
        "本机时钟比中心平台{direction}{offset}：受理时间、办件编号的日期和承诺日期都取自本机时钟，"
        "回执会按这个时间打印，同步也已暂停。{check}；{platform_wrong}受理可照常进行。",
    )
    lang = current_lang()
    screen.clock_banner.setText(
        text.format(
            direction=direction,
            offset=offset,
            check=in_language(CHECK_AGAINST_A_PHONE, lang),
            platform_wrong=in_language(PLATFORM_CLOCK_WRONG, lang),
        )
    )
    screen.clock_banner.show()
