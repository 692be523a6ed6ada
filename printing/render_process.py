"""Documents rendered in a child process, for the counter window.

reportlab lays a document out in pure Python; run on a thread of the window's process it
shares the GIL with the GUI thread and, beside a running sync, stalled the window 70-100 ms
per receipt. A long-lived child process (fonts parsed there once) renders instead.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from printing.fonts import load_fonts
from printing.model import DocumentData, PaperFormat
from printing.render import render_pdf


def _prepare(font_dir: Path | None) -> None:
    load_fonts(font_dir)


def _render(data: DocumentData, fmt: PaperFormat, font_dir: Path | None) -> bytes:
    return render_pdf(data, fmt, load_fonts(font_dir))


class RenderProcess:
    """A ``printing.service`` renderer backed by one child process; ``close()`` ends it."""

    def __init__(self, font_dir: Path | None) -> None:
        self._font_dir = font_dir
        # spawn, not fork: forking a process that runs Qt and several threads is unsafe.
        self._pool = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn")
        )
        # Start the child and parse the fonts now, not when the first applicant waits.
        self._pool.submit(_prepare, font_dir)

    def __call__(self, data: DocumentData, fmt: PaperFormat) -> bytes:
        return self._pool.submit(_render, data, fmt, self._font_dir).result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
