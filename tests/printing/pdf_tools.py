"""Reading PDFs the way a person or a scanner would: poppler's pdffonts/pdftotext/pdfinfo/
pdftoppm and zbar's zbarimg (Debian poppler-utils and zbar-tools)."""

from __future__ import annotations

import contextlib
import re
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path


def _run(*command: str) -> str:
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, f"{command[0]} failed: {result.stderr}"
    return result.stdout


@dataclass(frozen=True)
class FontRow:
    name: str
    type: str
    embedded: bool
    unicode_map: bool


def fonts(pdf: Path) -> list[FontRow]:
    lines = _run("pdffonts", str(pdf)).splitlines()[2:]
    rows = []
    for line in lines:
        # name, type (may contain a space: "Type 1", "CID TrueType"), encoding, emb, sub, uni, ...
        match = re.match(r"^(\S+)\s+(.+?)\s{2,}(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)", line)
        assert match, line
        rows.append(FontRow(match[1], match[2].strip(), match[4] == "yes", match[6] == "yes"))
    return rows


def text(pdf: Path, page: int | None = None) -> str:
    args = ["pdftotext", "-layout"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return _run(*args, str(pdf), "-")


def pages(pdf: Path) -> list[tuple[float, float]]:
    """Each page's size in points."""
    out = _run("pdfinfo", "-f", "1", "-l", "999", str(pdf))
    return [
        (float(m[1]), float(m[2]))
        for m in re.finditer(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out)
    ]


def render_png(pdf: Path, out_prefix: Path, dpi: int, page: int = 1) -> Path:
    _run(
        "pdftoppm",
        "-r",
        str(dpi),
        "-png",
        "-f",
        str(page),
        "-l",
        str(page),
        "-singlefile",
        str(pdf),
        str(out_prefix),
    )
    return out_prefix.with_suffix(".png")


def barcodes(png: Path) -> list[tuple[str, str]]:
    """``(symbology, data)`` for every code zbarimg finds in the image."""
    result = subprocess.run(
        ["zbarimg", "--quiet", str(png)], capture_output=True, text=True, timeout=60, check=False
    )
    found = []
    for line in result.stdout.splitlines():
        symbology, _, data = line.partition(":")
        found.append((symbology, data))
    return found


def stroke_widths(pdf: Path) -> list[float]:
    """Every line width (``w`` operator) set in the page content streams."""
    raw = pdf.read_bytes()
    widths: list[float] = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", raw, re.S):
        body = match.group(1)
        with contextlib.suppress(zlib.error):
            body = zlib.decompress(body)
        if b" Tf" not in body and b" re" not in body and b" l" not in body:
            continue  # a font program or other binary stream
        widths += [float(w) for w in re.findall(rb"(?:^|\s)([\d.]+) w(?=\s)", body)]
    return widths
