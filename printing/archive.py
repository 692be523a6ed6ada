"""The PDF copy of every issued document, under ``<home>/documents/<yyyy>/<mm>/``, and the
retention purge that removes copies older than ``printing.retention_days``."""

from __future__ import annotations

import errno
import logging
import os
from datetime import datetime, timedelta
from pathlib import Path

from counter_app.durable_files import make_directory, sync_directory
from counter_app.home import Home
from counter_app.store.database import Store
from counter_app.store.document_writes import forget_document_copy
from counter_app.store.timestamps import to_text
from printing.errors import ArchivedDocumentExists, ArchiveDiskFull

log = logging.getLogger(__name__)


def archive_path(home: Home, issued_at: datetime, serial: str) -> Path:
    return home.documents_dir / f"{issued_at:%Y}" / f"{issued_at:%m}" / f"{serial}.pdf"


def write_pdf(path: Path, pdf: bytes, *, replace: bool = False) -> None:
    """Write durably and atomically (temp file, fsync, link into place), owner-only: a
    document a citizen holds must have its copy even after a power cut.

    Raises ``ArchivedDocumentExists`` when ``path`` exists: it is the copy of a document
    already on paper, which nothing may replace (the link fails instead of replacing it);
    ``ArchiveDiskFull`` when the disk has no room for it.
    ``replace``: the copy of an original nobody printed yet, rendered again in another paper
    or language, takes its place (atomically).
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


def purge_expired(store: Store, home: Home, retention_days: int, now: datetime) -> int:
    """Delete archived PDFs issued more than ``retention_days`` ago; the documents rows stay
    (with ``pdf_path`` cleared) so the register of what was issued is complete. Returns how
    many files were removed."""
    cutoff = to_text(now - timedelta(days=retention_days))
    rows = store.db.execute(
        "SELECT document_id, pdf_path FROM documents WHERE issued_at < ? AND pdf_path IS NOT NULL",
        (cutoff,),
    ).fetchall()
    removed = 0
    root = home.documents_dir.resolve()
    for document_id, pdf_path in rows:
        path = Path(pdf_path)
        if path.resolve().is_relative_to(root):
            path.unlink(missing_ok=True)
            removed += 1
            for parent in (path.parent, path.parent.parent):
                if parent != root and parent.is_dir() and not any(parent.iterdir()):
                    parent.rmdir()
        with store.transaction() as db:
            forget_document_copy(db, document_id)
    if removed:
        log.info("retention purge removed %d document copies older than %s", removed, cutoff)
    return removed
