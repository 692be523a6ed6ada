"""The GUI's print route where the print system is not CUPS (Windows): an issued
document's PDF printed through Qt's print system (``QPrinter``, the Windows spooler).

Where CUPS is the print system (Linux), the window prints through printing's dispatcher
as the command line does: Qt's CUPS plugin neither says that a queue is paused or rejecting
jobs (it spooled into both and "printed" was recorded) nor gives the job's id, so it could
not follow the job to paper nor keep its id for a print stopped midway.

Qt cannot draw a PDF without QtPdf (PySide6-Addons, not shipped), so the pages are rendered
to images at the printer's resolution by the preview's renderer (poppler's ``pdftoppm``)
and painted full page, one image per sheet, at the PDF's own page size. Qt holds the GIL
while it converts and spools those images (about 450 ms for an A4 page at 300 dpi), so the
window runs :func:`print_pdf` in its document process (``DocumentProcess.call``), which makes a
windowless Qt application of its own; the bookkeeping (printing's ``record_print_outcome``,
as for ``lp``) stays on the worker thread that owns the store.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from counter_app.config import Config
from counter_app.store.database import Store
from printing.dispatch import PrintOutcome
from printing.document_data import PaperFormat
from printing.errors import PrinterUnavailable, PrintFailed, PrintJobFailed
from printing.service import IssuedDocument, print_document, printer_for, record_print_outcome
from ui.pdf_pages import rasterize
from ui.preview import page_image

# Raster resolution per paper: a laser printer's 300 dpi, a thermal head's 8 dots per mm.
PRINT_DPI = {PaperFormat.A4: 300, PaperFormat.ROLL_80MM: 203}
# Where CUPS is the print system, the dispatcher prints (see the module docstring).
CUPS_PRINTS = sys.platform != "win32"
_PAGE_SIZE = re.compile(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts")


def print_issued(
    store: Store,
    config: Config,
    issued: IssuedDocument,
    *,
    actor: str,
    printer: str | None = None,
    run: Callable[..., Any] | None = None,
) -> PrintOutcome:
    """Print ``issued`` on ``printer`` (default: the configured one for its format) and
    record the outcome; raises a ``PrintFailed`` subclass after recording a failure.

    A CUPS queue, ``dir:PATH`` (the training hall's simulated printer) and an unset printer
    go through printing's dispatcher (:func:`qt_queue`), so they behave exactly as on the
    command line. Through Qt (Windows), Qt hands the job to the spooler and does not report
    when it is on paper: "printed" there means the spooler accepted every page.

    ``run(print_pdf, ...)`` is where the pages are rasterised and spooled: the window passes
    its document process's ``call``; by default, this process.
    """
    spec = (printer if printer is not None else printer_for(config, issued.fmt)).strip()
    name = qt_queue(spec)
    if name is None:
        return print_document(store, config, issued, actor=actor, printer=spec)
    try:
        (run or _call_here)(
            print_pdf, config, name, issued.pdf_path, issued.fmt, title=issued.serial
        )
    except PrintFailed as exc:
        record_print_outcome(store, issued, actor, name, status="failed", error=exc)
        raise
    record_print_outcome(store, issued, actor, name, status="printed")
    return PrintOutcome(name, "")


def qt_queue(spec: str) -> str | None:
    """The print-system queue Qt prints a printer setting on, or None where printing's
    dispatcher prints instead: ``dir:PATH`` (the training hall's folder), no printer set,
    or any queue where the print system is CUPS (everywhere but Windows)."""
    spec = spec.strip()
    if CUPS_PRINTS or not spec or spec.startswith("dir:"):
        return None
    return spec.removeprefix("cups:")


def use_cups_server(config: Config) -> None:
    """Point libcups (Qt's CUPS plugin) at ``printing.cups_server``: it reads the server from
    the environment, where an explicit ``CUPS_SERVER`` wins."""
    if config.printing.cups_server and "CUPS_SERVER" not in os.environ:
        os.environ["CUPS_SERVER"] = config.printing.cups_server


def print_queues(config: Config) -> tuple[list[str], str]:
    """The print system's queue names (sorted) and its default queue ("" if none), as Qt
    lists them."""
    use_cups_server(config)
    names = sorted(QPrinterInfo.availablePrinterNames(), key=str.casefold)
    return names, QPrinterInfo.defaultPrinterName()


def _call_here(job: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    return job(*args, **kwargs)


@functools.cache
def _windowless_application() -> QGuiApplication:
    """The document process's own Qt application, kept (cached) for its lifetime."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # this process shows nothing
    return QGuiApplication(["counter-app-print"])


def _ensure_application() -> None:
    if QGuiApplication.instance() is None:
        _windowless_application()


def print_pdf(config: Config, name: str, pdf: Path, fmt: PaperFormat, *, title: str) -> None:
    """Rasterise ``pdf`` and spool it to the print system's queue ``name``; raises a
    ``PrintFailed`` subclass. Runs in any process (see the module docstring)."""
    _ensure_application()
    use_cups_server(config)
    info = QPrinterInfo.printerInfo(name)
    if info.isNull() and not QPrinterInfo.availablePrinterNames():
        raise PrinterUnavailable(
            "找不到任何打印机：打印服务未运行或无法连接，请联系信息技术人员。文书已保存，可稍后打印。",
            "No printer is available: the print service is not running or cannot be reached; "
            "call IT. The document is saved and can be printed later.",
            field="printer",
        )
    if info.isNull():
        raise PrinterUnavailable(
            f"打印机“{name}”不存在，请检查打印机设置。文书已保存，可稍后打印。",
            f"Printer '{name}' does not exist; check the printer settings. The document is "
            "saved and can be printed later.",
            field="printer",
        )
    try:
        sizes = _page_sizes(pdf)
        images = [page_image(page) for page in rasterize(pdf, dpi=PRINT_DPI[fmt])]
    except (OSError, subprocess.SubprocessError):
        raise PrinterUnavailable(
            "无法把文书转换为打印页面：缺少 poppler 工具（pdftoppm、pdfinfo；Debian 软件包 "
            "poppler-utils，Windows 上随程序安装）。文书已保存，可稍后打印。",
            "The document could not be turned into pages to print: poppler's pdftoppm and "
            "pdfinfo are missing (Debian poppler-utils; on Windows installed with the program). "
            "The document is saved and can be printed later.",
            field="printer",
        ) from None
    if not sizes or len(images) != len(sizes) or any(image.isNull() for image in images):
        raise PrintJobFailed(
            f"无法读取文书 {pdf.name} 的页面，请重新出具后补打。",
            f"The pages of {pdf.name} could not be read; issue the document again and reprint.",
            field="printer",
        )
    device = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    device.setDocName(title)
    device.setFullPage(True)  # the PDF already carries its margins
    if not device.isValid():
        raise PrinterUnavailable(
            f"打印机“{name}”当前无法使用（驱动或打印服务异常），请联系信息技术人员。"
            "文书已保存，可稍后打印。",
            f"Printer '{name}' cannot be used right now (driver or print service problem); call "
            "IT. The document is saved and can be printed later.",
            field="printer",
        )
    _set_page(device, fmt, sizes[0], name)
    painter = QPainter()
    if not painter.begin(device):
        raise PrintJobFailed(
            f"无法向打印机“{name}”发送任务，请检查打印机后再打印。",
            f"Could not start a job on printer '{name}'; check the printer, then print again.",
            field="printer",
        )
    try:
        for number, (image, size) in enumerate(zip(images, sizes, strict=True)):
            if number:
                _set_page(device, fmt, size, name)
                device.newPage()
            painter.drawImage(QRectF(device.paperRect(QPrinter.Unit.DevicePixel)), image)
    finally:
        finished = painter.end()
    if not finished:
        raise PrintJobFailed(
            f"打印机“{name}”未接收任务，请检查打印机后再打印。",
            f"Printer '{name}' did not accept the job; check the printer, then print again.",
            field="printer",
        )


def _set_page(device: QPrinter, fmt: PaperFormat, size_pt: tuple[float, float], name: str) -> None:
    """The sheet the PDF page was laid out on: A4, or a roll cut to the page's length."""
    if fmt is PaperFormat.A4:
        page = QPageSize(QPageSize.PageSizeId.A4)
    else:
        page = QPageSize(
            QSizeF(*size_pt),
            QPageSize.Unit.Point,
            "80mm roll",
            QPageSize.SizeMatchPolicy.ExactMatch,
        )
    layout = QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
    layout.setMode(QPageLayout.Mode.FullPageMode)
    if not device.setPageLayout(layout):
        raise PrinterUnavailable(
            f"打印机“{name}”不支持该纸张（{page.name()}），请检查打印机设置。文书已保存，可稍后打印。",
            f"Printer '{name}' does not take this paper ({page.name()}); check the printer "
            "settings. The document is saved and can be printed later.",
            field="printer",
        )


def _page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """Each page's (width, height) in points, from poppler's ``pdfinfo``."""
    result = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "9999", str(pdf)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return [(float(m[1]), float(m[2])) for m in _PAGE_SIZE.finditer(result.stdout)]
