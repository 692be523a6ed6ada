"""The PDF copy of every issued document, under ``<home>/documents/<yyyy>/<mm>/``, and the
retention purge that removes copies older than ``printing.retention_days``: those the
register names, and those it does not (a copy an issue cut short by a crash left behind, a
copy issued after the backup a restore went back to). ``purge_daily`` runs it once a hall
day on a clock the platform confirmed, from an issue and from the sync run, so a window that
issues nothing purges too."""

from __future__ import annotations

import errno
import logging
import os
from datetime import date, datetime, timedelta
from pathlib import Path

from counter_app.config import Config
from counter_app.durable_files import make_directory, sync_directory
from counter_app.home import Home
from counter_app.services.clock_sanity import once_a_confirmed_hall_day
from counter_app.store.database import Store
from counter_app.store.document_serials import serial_day_and_seq
from counter_app.store.document_writes import forget_document_copy
from counter_app.store.documents import copy_kept
from counter_app.store.platform_clock import ClockNow
from counter_app.store.timestamps import to_text
from printing.errors import ArchivedDocumentExists, ArchiveDiskFull

log = logging.getLogger(__name__)

# The hall day the purge last finished on (``once_a_hall_day``).
META_PURGED_ON = "printing.purged_on"


def archive_path(home: Home, issued_at: datetime, serial: str) -> Path:
    return home.documents_dir / f"{issued_at:%Y}" / f"{issued_at:%m}" / f"{serial}.pdf"


def write_pdf(path: Path, pdf: bytes, *, replace: bool = False) -> None:
    """Write durably and atomically (temp file, fsync, link into place), owner-only: a
    document a citizen holds must have its copy even after a power cut.

    Raises ``ArchivedDocumentExists`` when ``path`` exists: it is the copy of a document
    already on paper, which nothing may replace (the link fails instead of replacing it);
    ``ArchiveDiskFull`` when the disk has no room for it.
    ``replace``: the copy an issue left that never committed (nobody holds it) takes its
    place (atomically).
    """
    make_directory(path.parent)
    temporary = path.with_suffix(".part")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(pdf)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)
    except FileExistsError:
        raise ArchivedDocumentExists(path) from None
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise ArchiveDiskFull(path) from exc
        raise
    finally:
        temporary.unlink(missing_ok=True)
    sync_directory(path.parent)


def purge_daily(store: Store, config: Config, home: Home, now: ClockNow) -> int:
    """The retention purge, at most once per hall day and store, and only on a clock the
    platform confirmed (``clock_confirmed``: a purge cannot be undone, and a clock set ahead
    would purge on its first call); how many files it removed (0 when it did not run). A
    file it cannot remove is logged and the purge runs again at the next call: nothing that
    calls it (an issue, a sync run) fails for it."""
    try:
        removed = once_a_confirmed_hall_day(
            store,
            META_PURGED_ON,
            now,
            lambda: purge_expired(store, home, config.printing.retention_days, now.wall),
            what="the archive purge",
        )
    except OSError:
        log.warning("retention purge failed; it runs again at the next call", exc_info=True)
        return 0
    return removed or 0


def purge_expired(store: Store, home: Home, retention_days: int, now: datetime) -> int:
    """Delete archived PDFs issued more than ``retention_days`` ago; the documents rows stay
    (with ``pdf_path`` cleared) so the register of what was issued is complete. Then the
    files no row keeps whose serial's day is before that day (in the month folders up to
    it: the cost does not grow with the archive). Returns how many files were removed."""
    cutoff = now - timedelta(days=retention_days)
    rows = store.db.execute(
        "SELECT document_id, pdf_path FROM documents WHERE issued_at < ? AND pdf_path IS NOT NULL",
        (to_text(cutoff),),
    ).fetchall()
    removed = 0
    root = home.documents_dir.resolve()
    for document_id, pdf_path in rows:
        path = Path(pdf_path)
        if path.resolve().is_relative_to(root):
            path.unlink(missing_ok=True)
            removed += 1
            _remove_empty_folders(root, path.parent)
        with store.transaction() as db:
            forget_document_copy(db, document_id)
    unregistered = _purge_unregistered(store, root, cutoff.date())
    if removed or unregistered:
        log.info(
            "retention purge removed %d document copies older than %s and %d no register row kept",
            removed,
            to_text(cutoff),
            unregistered,
        )
    return removed + unregistered


def _purge_unregistered(store: Store, root: Path, before: date) -> int:
    """Remove the files in the month folders up to ``before``'s whose serial's day is before
    it and that no register row keeps: copies (and unfinished ``.part`` files) of issues
    that never committed, and copies of documents issued after the backup that a restore
    went back to. They are past retention like any other; only their rows are missing."""
    removed, first_kept_day = 0, before.isoformat()
    last_month = (before.year, before.month)
    for month in root.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]"):
        if (int(month.parent.name), int(month.name)) > last_month or not month.is_dir():
            continue
        for path in month.iterdir():
            day = serial_day_and_seq(path.stem)
            expired = day is not None and day[0] < first_kept_day and path.is_file()
            if expired and not copy_kept(store.db, path.stem):
                path.unlink(missing_ok=True)
                removed += 1
        _remove_empty_folders(root, month)
    return removed


def _remove_empty_folders(root: Path, month: Path) -> None:
    """Remove a month folder once it is empty, and its year folder once that is."""
    for folder in (month, month.parent):
        if folder != root and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
