"""The retention purge runs once a hall day wherever ``archive.purge_daily`` is called (an
issue, the sync run), so a window that issues nothing still loses its copies past
``printing.retention_days``; a second call that day, in this process or another, does
nothing, and a purge that fails is logged, not raised, and runs again at the next call. On a
clock the platform has not confirmed (set a year ahead, say) nothing is purged, not even by
an issue."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.database import Store, open_store
from counter_app.store.platform_clock import BootReading, ClockNow, record_platform_offset
from printing import archive
from printing.service import IssuedDocument, issue_document
from tests.printing.fixtures import CaseFactory

ISSUED = datetime(2027, 12, 6, 2, 0, tzinfo=UTC)
PROBE = datetime(2037, 6, 1, 2, 0, tzinfo=UTC)  # past the default 1825 days
BOOT = BootReading("boot-1", 1000.0)


def _at(moment: datetime) -> ClockNow:
    """The clocks at ``moment``: the boot clock counted every second since ``ISSUED``."""
    return ClockNow(moment, BootReading(BOOT.boot_id, (moment - ISSUED).total_seconds()))


def _issue(store: Store, config: Config, home: Home, make_case: CaseFactory) -> IssuedDocument:
    return issue_document(store, config, home, make_case().case_id, actor="c", now=ISSUED)


def test_a_window_that_issues_nothing_loses_its_expired_copies(
    store: Store, config: Config, home: Home, make_case: CaseFactory
) -> None:
    old = _issue(store, config, home, make_case)
    assert old.pdf_path.parent == home.documents_dir / "2027" / "12"
    assert archive.purge_daily(store, config, home, _at(PROBE)) == 1
    assert not old.pdf_path.exists() and not (home.documents_dir / "2027").exists()
    row = store.db.execute("SELECT pdf_path FROM documents WHERE serial = ?", (old.serial,))
    assert row.fetchone() == (None,)  # the register keeps the document


def test_the_purge_runs_once_a_hall_day_in_every_process(
    store: Store,
    config: Config,
    home: Home,
    make_case: CaseFactory,
) -> None:
    old = _issue(store, config, home, make_case)
    assert archive.purge_daily(store, config, home, _at(PROBE)) == 1
    # A copy no register row keeps (an issue cut short by a crash) turns up the same day.
    stray = old.pdf_path.with_name(f"{old.serial.rsplit('-', 1)[0]}-0099.pdf")
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"%PDF-1.4 unfinished")
    later = PROBE + timedelta(hours=8)  # 18:00 in the hall
    assert archive.purge_daily(store, config, home, _at(later)) == 0
    elsewhere = open_store(home, config)  # another process (``sync --once``)
    try:
        assert archive.purge_daily(elsewhere, config, home, _at(later)) == 0
    finally:
        elsewhere.close()
    assert stray.exists()
    assert archive.purge_daily(store, config, home, _at(PROBE + timedelta(days=1))) == 1
    assert not stray.exists()


def test_a_failed_purge_is_logged_and_runs_again(
    store: Store,
    config: Config,
    home: Home,
    make_case: CaseFactory,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    old = _issue(store, config, home, make_case)

    def refused(*_args: object) -> int:
        raise PermissionError(13, "Permission denied", str(old.pdf_path))

    with monkeypatch.context() as patched:
        patched.setattr(archive, "purge_expired", refused)
        assert archive.purge_daily(store, config, home, _at(PROBE)) == 0
    assert "retention purge failed" in caplog.text and old.pdf_path.exists()
    assert archive.purge_daily(store, config, home, _at(PROBE)) == 1  # the next call, same day
    assert not old.pdf_path.exists()


def test_a_clock_the_platform_has_not_confirmed_purges_nothing_even_at_an_issue(
    home: Home, config: Config, make_case: CaseFactory
) -> None:
    production = replace(config, sync=replace(config.sync, url="https://127.0.0.1:9"))
    store = open_store(home, production)
    try:
        old = issue_document(store, production, home, make_case().case_id, actor="c", now=ISSUED)
        # The clock set a year and more ahead: the next issue would purge on it.
        issue_document(store, production, home, make_case().case_id, actor="c", now=PROBE)
        assert old.pdf_path.exists()
        assert archive.purge_daily(store, production, home, _at(PROBE)) == 0
        assert old.pdf_path.exists()

        record_platform_offset(store, 0.2, ISSUED, boot=_at(ISSUED).boot)  # confirmed
        assert archive.purge_daily(store, production, home, _at(PROBE)) == 1
        assert not old.pdf_path.exists()
    finally:
        store.close()
