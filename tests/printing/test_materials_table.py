"""The materials table on the paper: its header labels read whole in every language and
paper, the roll's narrow columns included."""

from __future__ import annotations

from pathlib import Path

import pytest

from printing.document_data import DocumentKind, PaperFormat
from printing.fonts import load_fonts
from printing.render import render_pdf
from printing.specimen import specimen_document
from tests.printing import pdf_tools


@pytest.mark.parametrize("fmt", list(PaperFormat))
@pytest.mark.parametrize("lang", ["zh", "zh-en"])
def test_the_header_labels_are_not_broken_up(tmp_path: Path, fmt: PaperFormat, lang: str) -> None:
    """序号 and 份数 each stay on one line (the roll's bilingual header once stacked them
    one character a line: 份 / 数 / Qty)."""
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(render_pdf(specimen_document(DocumentKind.RECEIPT, lang), fmt, load_fonts()))
    lines = pdf_tools.text(pdf).splitlines()
    for label in ("序号", "份数", "形式", "状态"):
        assert any(label in line for line in lines), label
    if lang == "zh-en":
        assert any("Qty" in line for line in lines) and any("No." in line for line in lines)
