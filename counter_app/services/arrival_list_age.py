"""How old the window's list of appointments is: an offline window's "no appointments" for
today may only mean it has not downloaded today's list (one last synced yesterday evening
knows nothing of bookings made since). ``counter-app arrivals`` says when its list is from;
doctor warns when today's was not refreshed today."""

from __future__ import annotations

from datetime import datetime

from counter_app.domain.hall_time import hall_minute_text, hall_today
from counter_app.store.timestamps import to_text

_SYNC_ONCE = (
    "请同步一次（窗口的立即同步，或 counter-app sync --once）后再看。",
    "Sync once (Sync now in the window, or counter-app sync --once), then look again.",
)


def refreshed_today(as_of: datetime | None, now: datetime) -> bool:
    """Whether the list was downloaded on ``now``'s hall day."""
    return as_of is not None and hall_today(as_of) == hall_today(now)


def list_age_words(as_of: datetime | None, now: datetime) -> tuple[str, str]:
    """When the list is from (Chinese, English), and what to do when it is not today's."""
    if as_of is None:
        return (
            f"本机尚未从中心平台下载过预约清单。{_SYNC_ONCE[0]}",
            f"This window has never downloaded the appointment list. {_SYNC_ONCE[1]}",
        )
    shown = hall_minute_text(to_text(as_of))
    if refreshed_today(as_of, now):
        return f"预约清单截至 {shown}（北京时间）。", f"List as of {shown} (Beijing time)."
    return (
        f"预约清单截至 {shown}（北京时间），今天尚未更新：此后的预约和网上申报不在其中。"
        f"{_SYNC_ONCE[0]}",
        f"List as of {shown} (Beijing time), not refreshed today: appointments and "
        f"pre-applications made since are missing. {_SYNC_ONCE[1]}",
    )
