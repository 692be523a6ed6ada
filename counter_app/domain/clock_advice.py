"""What every place that finds this PC's clock off from the platform's tells the hall to do:
check the clock against a phone first, set it only when it is the one that is wrong, and
otherwise leave it alone and tell the platform (setting a right clock to match a wrong
platform would date every case wrong). The window's warnings, doctor, the sync's errors and
the platform's own refusal say it in these words."""

from __future__ import annotations

# Followed by what to do once the clock is set (sync again …).
CHECK_AGAINST_A_PHONE = (
    "请先对照手机或另一只钟核对本机日期和时间：有误的，请联系信息技术人员校准本机日期和时间",
    "First check this PC's date and time against a phone or another clock: if they are wrong, "
    "ask IT to set them",
)
PLATFORM_CLOCK_WRONG = (
    "本机无误的，是中心平台的时钟有误：请勿改动本机时钟，请告知中心平台的运维人员。",
    "If this PC's are right, the platform's clock is wrong: leave this clock alone and tell "
    "the platform's operator.",
)
