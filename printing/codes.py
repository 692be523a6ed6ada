"""The codes on a document: the tracking QR code and the case number's Code128 barcode."""

from __future__ import annotations

import functools

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib import colors
from reportlab.platypus import Flowable

from printing.geometry import Geometry


def qr_matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    """The modules of ``text``'s QR code, quiet zone included, row by row (True: dark)."""
    # A fixed mask skips qrcode's eight trial encodings (~40 ms); any mask is valid and
    # scanners read them all, the choice only tunes the module balance.
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4, mask_pattern=2)
    code.add_data(text)
    code.make(fit=True)
    return tuple(tuple(row) for row in code.get_matrix())


# A document's codes (its tracking address) repeat across its pages and reprints.
_cached_qr_matrix = functools.lru_cache(maxsize=64)(qr_matrix)


class QrCode(Flowable):
    """A QR code drawn as filled modules (no strokes), quiet zone included."""

    def __init__(self, text: str, size: float) -> None:
        super().__init__()
        self.matrix = _cached_qr_matrix(text)
        self.size = size
        self.width = self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        count = len(self.matrix)
        module = self.size / count
        canvas = self.canv
        canvas.setFillColor(colors.black)
        path = canvas.beginPath()
        for row, cells in enumerate(self.matrix):
            y = self.size - (row + 1) * module
            col = 0
            while col < count:
                if cells[col]:
                    start = col
                    while col < count and cells[col]:
                        col += 1
                    path.rect(start * module, y, (col - start) * module, module)
                else:
                    col += 1
        canvas.drawPath(path, stroke=0, fill=1)


def case_barcode(value: str, geometry: Geometry, length: float) -> Code128:
    """Code128 of the case number with bars up to the preferred width, at most ``length``
    long including its quiet zones."""
    modules = Code128(value, barWidth=1.0, quiet=0).width + 20
    bar = min(geometry.bar_width, length / modules)
    return Code128(
        value,
        barWidth=bar,
        barHeight=geometry.bar_height,
        humanReadable=0,
        quiet=1,
        lquiet=10 * bar,
        rquiet=10 * bar,
    )


class Rotated(Flowable):
    """A flowable turned 90° counter-clockwise.

    The roll's case-number barcode runs along the paper: across 72 mm its bars would be
    narrower than two dots of a 203 dpi head and unreadable; along the roll it keeps
    0.25 mm bars whatever the number's length.
    """

    def __init__(self, inner: Flowable) -> None:
        super().__init__()
        self.inner = inner

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width, height = self.inner.wrap(avail_height, avail_width)
        self.width, self.height = height, width
        return self.width, self.height

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.translate(self.width, 0)
        self.canv.rotate(90)
        self.inner.drawOn(self.canv, 0, 0)
        self.canv.restoreState()
