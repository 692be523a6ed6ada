"""Rendering a receipt: A4 (applicant + hall copy) and 80 mm roll, fonts loaded once.

Target (issue 5): p95 <= 50 ms per receipt. Each render is a different case (its own case
number, UUID and QR code), as at a real window.
"""

from __future__ import annotations

import statistics
import time
import uuid
from datetime import UTC, date, datetime

from printing.fonts import load_fonts
from printing.model import DocumentData, DocumentKind, MaterialRow, PaperFormat
from printing.render import render_pdf

TARGET_P95_MS = 50.0


def _receipt(seq: int) -> DocumentData:
    case_id = str(uuid.uuid4())
    moment = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
    return DocumentData(
        kind=DocumentKind.RECEIPT,
        lang="zh",
        serial=f"WS-310104TRAIN-W01-281259AE-20261126-{seq:04d}",
        issued_at=moment,
        hall_code="310104-TRAIN",
        hall_name="徐汇区社区事务受理服务中心",
        window_code="W01",
        clerk="clerk07",
        case_no=f"310104-TRAIN-W01-281259AE-20261126-{seq:04d}",
        case_id=case_id,
        tracking_url=f"https://zwdt.sh.gov.cn/track/{case_id}",
        applicant_name="吉𠮷·𪚥",
        applicant_id_masked="3101**********123X",
        item_code="11310104002425207D006001100001",
        item_name="老年综合津贴申领",
        case_type="promised",
        received_at=moment,
        accepted_at=moment,
        promised_days=10,
        promised_date=date(2026, 12, 10),
        materials=tuple(
            MaterialRow(name=name, status="received", form="original", count=1)
            for name in ("居民身份证", "户口簿", "银行卡（本人）", "近期一寸免冠照片")
        ),
        department="徐汇区民政局",
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
