"""Paper geometry: A4 and the 80 mm roll, font sizes, code sizes, the thinnest rule."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

MIN_LINE_WIDTH = 0.5  # pt: thinner rules vanish on 203 dpi thermal heads
ROLL_WIDTH = 80 * mm
ROLL_PRINTABLE = 72 * mm
GREY = colors.Color(0.35, 0.35, 0.35)


@dataclass(frozen=True)
class Geometry:
    page_width: float
    margin_x: float
    margin_top: float
    margin_bottom: float  # includes the footer band
    body: float  # font sizes, pt
    small: float
    # The case number and the promised date (and the number under the barcode): what an
    # applicant, often an elderly one, looks for on the paper.
    key_fact: float
    title: float
    qr_size: float
    bar_height: float
    bar_width: float  # preferred narrowest bar
    rule: float

    @property
    def width(self) -> float:
        return self.page_width - 2 * self.margin_x


A4_GEOMETRY = Geometry(
    page_width=A4[0],
    margin_x=18 * mm,
    margin_top=14 * mm,
    margin_bottom=16 * mm,
    body=10.5,
    small=8.5,
    key_fact=13,
    title=18,
    qr_size=30 * mm,
    bar_height=11 * mm,
    bar_width=0.33 * mm,
    rule=MIN_LINE_WIDTH,
)
ROLL_GEOMETRY = Geometry(
    page_width=ROLL_WIDTH,
    margin_x=(ROLL_WIDTH - ROLL_PRINTABLE) / 2,
    margin_top=4 * mm,
    margin_bottom=12 * mm,
    body=8.5,
    small=7.5,
    key_fact=10.5,
    title=12.5,
    qr_size=30 * mm,
    bar_height=10 * mm,
    bar_width=0.25 * mm,
    rule=MIN_LINE_WIDTH,
)
