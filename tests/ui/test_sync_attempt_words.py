"""The case detail's 同步记录 tab: a transient failure says why in the window's language
(Chinese first; the English when only that was kept) and, folded, how many attempts in a
row failed so and when the last one did; an answer row stays as it was."""

from __future__ import annotations

from counter_app.domain.hall_time import hall_time_text
from counter_app.store.case_history import SyncAttempt
from counter_app.store.sync_writes import TransientDetail
from ui.case_detail import sync_attempt_cells
from ui.case_history_text import sync_outcomes
from ui.i18n import install_language

FIRST, LAST = "2026-11-27T02:00:00.000000Z", "2026-11-27T02:32:00.000000Z"
DOWN = TransientDetail(
    "无法连接平台，稍后重试。", "Cannot reach the platform; retrying later.", 22, LAST
)


def _attempt(detail: TransientDetail) -> SyncAttempt:
    return SyncAttempt(FIRST, 1, "transient", detail.to_json())


def test_a_folded_failure_in_chinese(qapp) -> None:
    assert sync_attempt_cells(_attempt(DOWN), sync_outcomes()) == (
        hall_time_text(FIRST),
        1,
        f"暂时未送达，将自动重试（×22，最后 {hall_time_text(LAST)}）",
        "无法连接平台，稍后重试。",
    )
    once = TransientDetail(DOWN.zh, DOWN.en, 1, FIRST)
    assert sync_attempt_cells(_attempt(once), sync_outcomes())[2:] == (
        "暂时未送达，将自动重试",
        "无法连接平台，稍后重试。",
    )
    # Kept before the reason was kept in Chinese too: the English is all there is.
    earlier = TransientDetail("", DOWN.en, 3, LAST)
    assert sync_attempt_cells(_attempt(earlier), sync_outcomes())[3] == DOWN.en


def test_a_folded_failure_in_english(qapp) -> None:
    assert install_language("en"), "run `make translations` first"
    try:
        cells = sync_attempt_cells(_attempt(DOWN), sync_outcomes())
    finally:
        install_language("zh")
    assert cells[2:] == (
        f"Not delivered yet; retried automatically (×22, last at {hall_time_text(LAST)})",
        "Cannot reach the platform; retrying later.",
    )


def test_an_answer_is_shown_as_it_was(qapp) -> None:
    stored = SyncAttempt(FIRST, 2, "stored", "")
    assert sync_attempt_cells(stored, sync_outcomes()) == (
        hall_time_text(FIRST),
        2,
        "平台已接收",
        "",
    )
