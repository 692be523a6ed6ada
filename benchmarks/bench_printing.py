"""Rendering a receipt: A4 (applicant + hall copy) and 80 mm roll, fonts loaded once.

Target (issue 5): p95 <= 50 ms per receipt. Each render is a different case (its own case
number, UUID and QR code), as at a real window.
"""

from __future__ import annotations

import statistics
import time
import uuid

from printing.document_data import DocumentData, DocumentKind, PaperFormat
from printing.fonts import load_fonts
from printing.render import render_pdf
from printing.specimen import specimen_document

TARGET_P95_MS = 50.0


def _receipt(seq: int) -> DocumentData:
    """A different case each time: its own number, UUID and so its own QR code."""
    return specimen_document(
        DocumentKind.RECEIPT,
        materials=4,
        case_id=str(uuid.uuid4()),
        case_no=f"310104TRAIN-W01-281259AE-20261126-{seq:04d}",
        serial=f"WS-310104TRAIN-W01-281259AE-20261126-{seq:04d}",
        statuses=("received",),  # an accepted case: every material received
    )


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(quick: bool) -> dict[str, object]:
    started = time.perf_counter()
    fonts = load_fonts()
    font_load_ms = (time.perf_counter() - started) * 1000
    renders = 20 if quick else 200
    figures: dict[str, object] = {
        "renders_per_format": renders,
        "font_load_ms": round(font_load_ms, 1),
    }
    for fmt in PaperFormat:
        render_pdf(_receipt(0), fmt, fonts)  # warm-up: first-use caches in reportlab
        samples = []
        cpu = []
        size = 0
        for seq in range(1, renders + 1):
            data = _receipt(seq)
            begin, begin_cpu = time.perf_counter(), time.process_time()
            pdf = render_pdf(data, fmt, fonts)
            samples.append((time.perf_counter() - begin) * 1000)
            cpu.append((time.process_time() - begin_cpu) * 1000)
            size = len(pdf)
        p95 = _percentile(samples, 0.95)
        figures[fmt.value] = {
            "p50_ms": round(statistics.median(samples), 1),
            "p95_ms": round(p95, 1),
            "max_ms": round(max(samples), 1),
            # CPU time of this process: what the code costs when the machine is shared.
            "cpu_p50_ms": round(statistics.median(cpu), 1),
            "cpu_p95_ms": round(_percentile(cpu, 0.95), 1),
            "pdf_bytes": size,
            "target_p95_ms": TARGET_P95_MS,
            "meets_target": p95 <= TARGET_P95_MS,
        }
    return figures
