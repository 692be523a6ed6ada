"""Document work in a child process, for the counter window.

reportlab lays a document out in pure Python; run on a thread of the window's process it
shares the GIL with the GUI thread and, beside a running sync, stalled the window 70-100 ms
per receipt. Rasterising and spooling a page for Qt's print route is worse (Qt's image
code holds the GIL: about 450 ms per A4 page at 300 dpi). A long-lived child process (fonts
parsed there once) does both instead. If the child dies, the next job starts a new one;
if the window's process dies, however it dies, the child ends too.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, TypeVar

from printing.document_data import DocumentData, PaperFormat
from printing.errors import PrintJobFailed
from printing.fonts import load_fonts
from printing.render import render_pdf

log = logging.getLogger(__name__)
T = TypeVar("T")
PARENT_CHECK_SECONDS = 1.0


def _end_with_parent(parent: int) -> None:
    """In the child: exit once the process that started it is gone. On POSIX an orphan is
    re-parented, so its parent id changes. (Windows keeps reporting the dead parent's id:
    there a Job Object would be needed; it is not built.)"""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _prepare(font_dir: Path | None) -> None:
    load_fonts(font_dir)


def _render(data: DocumentData, fmt: PaperFormat, font_dir: Path | None) -> bytes:
    return render_pdf(data, fmt, load_fonts(font_dir))


class DocumentProcess:
    """One child process for the window's document work: called, it is a ``printing.service``
    renderer; :meth:`call` runs other jobs there (the Qt print route). ``close()`` ends it."""

    def __init__(self, font_dir: Path | None) -> None:
        self._font_dir = font_dir
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        # spawn, not fork: forking a process that runs Qt and several threads is unsafe.
        pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_end_with_parent,
            initargs=(os.getpid(),),
        )
        # Start the child and parse the fonts now, not when the first applicant waits.
        pool.submit(_prepare, self._font_dir)
        return pool

    def __call__(self, data: DocumentData, fmt: PaperFormat) -> bytes:
        try:
            return self._pool.submit(_render, data, fmt, self._font_dir).result()
        except BrokenProcessPool:
            self._restart()
            # Rendering has no effect outside the child: a second try is safe.
            return self._pool.submit(_render, data, fmt, self._font_dir).result()

    def call(self, job: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run another document job in the child (``job`` must be importable there). A child
        that dies during a job is not asked again: the job may have had an effect (a page
        sent to a printer), so :class:`PrintJobFailed` says to check before reprinting."""
        try:
            return self._pool.submit(job, *args, **kwargs).result()
        except BrokenProcessPool:
            self._restart()
            raise PrintJobFailed(
                "打印程序意外退出，请查看打印机是否已出纸；如未出纸，请重试打印。",
                "The printing program stopped unexpectedly. Check whether the printer produced "
                "the page; if not, print again.",
                field="printer",
            ) from None

    def _restart(self) -> None:
        log.error("document process ended unexpectedly; starting a new one")
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._start()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
