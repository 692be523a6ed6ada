"""A PDF's pages as raw RGB pixels, by poppler's ``pdftoppm`` (Qt-free).

Raw pixels, not PNG: decoding a PNG with Qt holds the GIL the whole time (an A4 page at
300 dpi: about 160 ms, a stall of the window while the worker prints), whereas pixels
already decoded become a ``QImage`` with one copy (``ui.preview.page_image``).
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RasterPage:
    width: int
    height: int
    rgb: bytes  # width × height × 3 bytes, rows top to bottom


def rasterize(pdf: Path, *, dpi: int | None = None, width: int | None = None) -> list[RasterPage]:
    """Every page at ``dpi``, or scaled to ``width`` pixels (height in proportion)."""
    size = ["-r", str(dpi)] if dpi else ["-scale-to-x", str(width), "-scale-to-y", "-1"]
    with tempfile.TemporaryDirectory(prefix="counter-pages-") as tmp:
        subprocess.run(
            ["pdftoppm", *size, str(pdf), str(Path(tmp) / "page")],
            check=True,
            capture_output=True,
            timeout=60,
        )
        return [_read_ppm(page.read_bytes()) for page in sorted(Path(tmp).glob("page*.ppm"))]


def _read_ppm(data: bytes) -> RasterPage:
    """A binary PPM (``P6``, 8 bits) as pdftoppm writes it: magic, width, height, maxval,
    one whitespace byte, then the pixels."""
    fields: list[bytes] = []
    position = 0
    while len(fields) < 4:
        while data[position : position + 1].isspace():
            position += 1
        end = position
        while end < len(data) and not data[end : end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    magic, width, height, maxval = fields
    if magic != b"P6" or maxval != b"255":
        raise ValueError(f"not an 8-bit binary PPM: {magic!r} maxval {maxval!r}")
    columns, rows = int(width), int(height)
    pixels = data[position + 1 : position + 1 + columns * rows * 3]
    if len(pixels) != columns * rows * 3:
        raise ValueError("truncated PPM")
    return RasterPage(columns, rows, pixels)
