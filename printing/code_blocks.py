"""The codes printed on a copy: the case number's barcode and the QR code that tracks the
case (or, on a payment notice, pays it)."""

from __future__ import annotations

from reportlab.platypus import Flowable, Table, TableStyle

from printing.codes import QrCode, case_barcode
from printing.document_data import DocumentKind
from printing.styles import plain_commands
from printing.typesetter import Typesetter


def qr_block(ts: Typesetter) -> list[Flowable]:
    if ts.data.kind is DocumentKind.PAYMENT and ts.data.payment_url:
        # The payment notice's code pays: the platform's page for this reference.
        return [
            QrCode(ts.data.payment_url, ts.g.qr_size),
            ts.p(ts.t("pay_by_scan"), ts.s.center_small),
        ]
    if ts.data.tracking_url is None:
        return []  # a case taken before progress pages: nothing to scan
    return [
        QrCode(ts.data.tracking_url, ts.g.qr_size),
        ts.p(ts.t("track"), ts.s.center_small),
    ]


def barcode_block(ts: Typesetter, width: float) -> list[Flowable]:
    code = case_barcode(ts.data.case_no, ts.g, width)
    holder = Table([[code]], colWidths=[width])
    holder.setStyle(
        TableStyle([*plain_commands(ts.fonts.primary), ("ALIGN", (0, 0), (-1, -1), "CENTER")])
    )
    return [holder, ts.p(ts.data.case_no, ts.s.key_center)]
