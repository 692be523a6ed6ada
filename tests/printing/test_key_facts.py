"""The facts an applicant looks for on the paper, the case number and the promised date,
print larger than the rest on A4 and on the roll (适老化), as poppler measures the text."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from printing.document_data import DocumentKind, PaperFormat
from printing.fonts import load_fonts
from printing.render import render_pdf
from printing.specimen import specimen_document


def _word_heights(pdf: Path) -> dict[str, list[float]]:
    """Each word pdftotext finds, with the height of its line of type (its font size)."""
    result = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    heights: dict[str, list[float]] = {}
    for line in result.stdout.splitlines():
        if "<word " not in line:
            continue
        attributes = dict(part.split("=") for part in line.split(">")[0].split()[1:] if "=" in part)
        word = line.split(">")[1].split("<")[0]
        height = float(attributes["yMax"].strip('"')) - float(attributes["yMin"].strip('"'))
        heights.setdefault(word, []).append(round(height, 1))
    return heights


@pytest.mark.parametrize(
    ("fmt", "least", "places"),
    # A4: beside the barcode and in the facts table; the roll's barcode stands beside the
    # facts, with no number of its own.
    [(PaperFormat.A4, 12, 2), (PaperFormat.ROLL_80MM, 10, 1)],
)
def test_case_number_and_promised_date_stand_out(
    tmp_path: Path, fmt: PaperFormat, least: float, places: int
) -> None:
    data = specimen_document(DocumentKind.RECEIPT, "zh")
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(render_pdf(data, fmt, load_fonts()))
    heights = _word_heights(pdf)

    def sizes(start: str) -> list[float]:
        """The sizes of the words that begin with ``start`` (a wrapped number's first line)."""
        return [h for word, found in heights.items() if word.startswith(start) for h in found]

    assert len([h for h in sizes(data.case_no[:15]) if h >= least]) >= places
    assert min(sizes("2026年12月10日")) >= least
    assert max(heights["承诺件"]) < least  # the case type, an ordinary fact
