"""A specimen document with training-hall sample data: the printer test page in settings,
layout checks, the printing tests and the rendering benchmark all print this."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from counter_app.domain.case_states import CaseState
from counter_app.domain.id_types import DocKind, document_name
from printing.document_data import (
    TO_BRING,
    Bundle,
    BundleCase,
    Collection,
    Correction,
    DocumentData,
    DocumentKind,
    MaterialRow,
)

SPECIMEN_CASE_ID = "5f0c2a7e-8d3b-4c1a-9e6f-2b7d1c0a3e94"
SPECIMEN_CASE_NO = "310104TRAIN-W01-281259AE-20261126-0042"
# The QR code's secret of the specimen case (the form a window makes, ``new_track_token``).
SPECIMEN_TRACK_TOKEN = "SpecimenT0kenPr1ntedOnSamp1es_42"  # noqa: S105 - no secret: a sample
# A name beyond the BMP (CJK Extension B) and "·": what a font fallback must get right.
SPECIMEN_NAME = "吉𠮷·𪚥"
_STATUSES = ("received", "exempt", "deferred", "missing", "commitment", "nonconforming")


_SPECIMEN_ITEMS = ("老年综合津贴申领", "敬老卡申领")


def _specimen_bundle(case_no: str, materials: tuple[MaterialRow, ...]) -> Bundle:
    """养老一件事 of the specimen case and a notified 敬老卡申领 that owes what is missing."""
    owed = tuple(m for m in materials if m.status in TO_BRING)
    return Bundle(
        name="养老一件事（老年人津贴与敬老卡）",
        cases=(
            BundleCase(
                case_no=case_no,
                item_name=_SPECIMEN_ITEMS[0],
                department="徐汇区民政局",
                city_wide=False,
                state=CaseState.ACCEPTED,
                promised_date=date(2026, 12, 10),
            ),
            BundleCase(
                case_no=case_no[:-4] + "0043",
                item_name=_SPECIMEN_ITEMS[1],
                department="徐汇区民政局",
                city_wide=False,
                state=CaseState.NOTIFIED,
                promised_date=None,
                owed=owed,
            ),
        ),
    )


def specimen_document(
    kind: DocumentKind = DocumentKind.RECEIPT,
    lang: str = "zh",
    *,
    materials: int = 4,
    case_id: str = SPECIMEN_CASE_ID,
    case_no: str = SPECIMEN_CASE_NO,
    serial: str = "WS-310104TRAIN-W01-281259AE-20261126-0007",
    statuses: Sequence[str] = _STATUSES,
) -> DocumentData:
    """A complete document of ``kind`` with ``materials`` rows cycling through ``statuses``
    (default: every material status)."""
    moment = datetime(2026, 11, 26, 2, 15, tzinfo=UTC)
    bundled = kind is DocumentKind.BUNDLE_RECEIPT
    rows = []
    for i in range(materials):
        status = statuses[i % len(statuses)]
        rows.append(
            MaterialRow(
                name=f"材料{i + 1}：居民户口簿（本人页）",
                status=status,
                form="copy" if i % 2 else "original",
                count=1 + i % 2,
                deadline=date(2026, 12, 4) if status == "deferred" else None,
                note="须加盖出具单位公章" if status == "missing" else None,
                # The bundle's receipt: the first materials serve both of its items.
                shared_by=_SPECIMEN_ITEMS if bundled and i < 2 else (),
            )
        )
    return DocumentData(
        kind=kind,
        lang=lang,
        serial=serial,
        issued_at=moment,
        hall_code="310104-TRAIN",
        hall_name="徐汇区社区事务受理服务中心",
        window_code="W01",
        clerk="clerk07",
        case_no=case_no,
        case_id=case_id,
        tracking_url=f"https://zwdt.sh.gov.cn/track/{SPECIMEN_TRACK_TOKEN}",
        applicant_name=SPECIMEN_NAME,
        applicant_id_shown="3101**********123X",
        applicant_document=document_name(DocKind.RESIDENT_ID),
        item_code="11310104002425207D006001100001",
        item_name="老年综合津贴申领",
        case_type="promised",
        received_at=moment,
        accepted_at=moment,
        promised_days=10,
        promised_date=date(2026, 12, 10),
        materials=tuple(rows),
        decision_reason="申请人户籍不在本区",
        legal_basis="《中华人民共和国行政许可法》第三十二条第一款第（二）项",
        redirect_to="户籍所在区社区事务受理服务中心",
        department="徐汇区民政局",
        withdrawal_reason="申请人不再需要办理",
        withdrawn_at=moment,
        collection=Collection(moment, True, "李四", "3101**********5678"),
        correction=Correction(
            requested_at=moment,
            corrected_at=moment,
            note="申请表签名不清",
            materials=(rows[0].name,) if rows else (),
            fields=("phone",),
            waited_working_days=2,
            promised_before=date(2026, 12, 8),
        ),
        fee_cents=2000,
        payment_reference=f"JF-{case_no}",
        payee="徐汇区民政局",
        payment_url=f"https://zwdt.sh.gov.cn/pay/JF-{case_no}",
        bundle=_specimen_bundle(case_no, tuple(rows)) if bundled else None,
    )
