"""A window that crashes over and over keeps its newest 50 crash reports, not one file per
crash for ever."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from counter_app.crash_reports import CRASH_REPORTS_KEPT, crash_report_path
from ui.crash import write_crash_log


def test_a_new_crash_report_drops_the_oldest_beyond_the_kept_number(tmp_path: Path) -> None:
    crash_dir = tmp_path / "crash"
    crash_dir.mkdir()
    earlier = datetime.now(UTC) - timedelta(days=1)
    older = [crash_report_path(crash_dir, earlier - timedelta(minutes=m)) for m in range(50)]
    for path in older:
        path.write_text("Traceback …\n", encoding="utf-8")

    try:
        raise RuntimeError("the window failed")
    except RuntimeError as exc:
        newest = write_crash_log(crash_dir, type(exc), exc, exc.__traceback__)

    kept = set(crash_dir.iterdir())
    assert len(kept) == CRASH_REPORTS_KEPT
    assert newest in kept and older[-1] not in kept
    assert "RuntimeError: the window failed" in newest.read_text(encoding="utf-8")
