"""养老一件事 decided at the window on 2026-11-26 (``DECIDED``), for the tests of the papers of
a bundle whose members later part ways (voided, withdrawn, purged by retention)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from counter_app.domain.catalog import MaterialForm
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.domain.idnumber import check_character
from counter_app.services.auth import User
from counter_app.services.bundle_intake import BundleRequest, BundleResult, decide_bundle
from counter_app.services.intake_request import ApplicantInput
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store

DECIDED = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
BUNDLE = "养老一件事（老年人津贴与敬老卡）"
APPLICANT = "王秀英"
ALLOWANCE, ELDER_CARD = "老年综合津贴申领", "敬老卡申领"
PHOTO = "近期免冠照片"  # the elder card's own material, not brought


def elder_bundle(store: Store, clerk: User, **changes: Any) -> BundleResult:
    """养老一件事 for a 76-year-old: the allowance complete (accepted, the first case), the
    elder card without its photo (notified, the second); the ID card and the household
    register handed in once. ``changes``: more of the ``BundleRequest`` (a delivery …)."""
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)
    first17 = "31010419500315001"
    marks = {
        name: SubmittedMaterial(name, MaterialStatus.RECEIVED, MaterialForm.ORIGINAL, 1)
        for name in (
            "申请人居民身份证",
            "申请人居民户口簿",
            "本人社会保障卡或本市银行借记卡",
            "上海市老年综合津贴申请表",
            "上海市敬老卡申请表",
        )
    }
    request = BundleRequest(
        bundle="YJS-0002",
        applicant=ApplicantInput(
            name=APPLICANT, id_type="111", id_number=first17 + check_character(first17)
        ),
        materials=marks,
        request_id=str(uuid.uuid4()),
        **changes,
    )
    return decide_bundle(store, request, clerk, now=DECIDED)
