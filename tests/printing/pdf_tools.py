"""Reading PDFs the way a person or a scanner would: poppler's pdffonts/pdftotext/pdfinfo/
pdftoppm and zbar's zbarimg (Debian poppler-utils and zbar-tools)."""

from __future__ import annotations

import base64
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


def drawn_text(pdf: Path) -> str:
    """The text in the order it was drawn: a table row's label, then its value however
    many lines the value wraps to (the layout mode puts a middle-aligned label among them)."""
    return _run("pdftotext", "-raw", str(pdf), "-")


def pages(pdf: Path) -> list[tuple[float, float]]:
    """Each page's size in points."""
    out = _run("pdfinfo", "-f", "1", "-l", "999", str(pdf))
    return [
        (float(m[1]), float(m[2]))
        for m in re.finditer(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out)
    ]


def render_png(
    pdf: Path, out_prefix: Path, dpi: int, page: int = 1, top_mm: float | None = None
) -> Path:
    """Render one page (or only its top ``top_mm`` millimetres) to PNG."""
    crop = ["-y", "0", "-H", str(round(top_mm / 25.4 * dpi)), "-W", "100000"] if top_mm else []
    pages = ["-f", str(page), "-l", str(page), "-singlefile"]
    _run("pdftoppm", "-r", str(dpi), "-png", *pages, *crop, str(pdf), str(out_prefix))
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
    """Every line width (``w`` operator) set in the PDF's content streams."""
    raw = pdf.read_bytes()
    widths: list[float] = []
    header = re.compile(rb"<<([^<>]*?/Length (\d+)[^<>]*?)>>\s*stream\r?\n", re.S)
    for match in header.finditer(raw):
        body = raw[match.end() : match.end() + int(match[2])]
        filters = re.findall(rb"/(ASCII85Decode|FlateDecode)", match[1])
        for name in filters:
            if name == b"ASCII85Decode":
                body = base64.a85decode(body.strip().removeprefix(b"<~").removesuffix(b"~>"))
            else:
                body = zlib.decompress(body)
        if b"Length1" in match[1] or b"begincmap" in body:
            continue  # an embedded font program or a ToUnicode map
        widths += [float(w) for w in re.findall(rb"(?:^|\s)([\d.]+) w(?=\s)", body)]
    return widths
