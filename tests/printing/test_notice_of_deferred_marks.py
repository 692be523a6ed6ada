"""A material the clerk marked deferred on a case that is notified (no 容缺 was granted) is on
its one-time notice to bring, and on a bundle's receipt under the notified item it lacks."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from counter_app.config import Config
from counter_app.domain.case_states import CaseState
from counter_app.domain.catalog import MaterialForm
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.domain.idnumber import check_character
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.bundle_intake import BundleRequest, decide_bundle
from counter_app.services.intake_request import ApplicantInput, IntakeRequest
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from printing.document_data import DocumentKind
from printing.service import issue_document
from tests.printing import pdf_tools
from tests.printing.fixtures import ELDERLY_ALLOWANCE, id_number

NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
CARD = "本人社会保障卡或本市银行借记卡"  # the allowance's M03, not core
DEADLINE = date(2026, 12, 4)


@pytest.fixture(autouse=True)
def catalog(store: Store) -> None:
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)


def _issued_text(store: Store, config: Config, home: Home, case_id: str, kind: DocumentKind) -> str:
    issued = issue_document(store, config, home, case_id, kind=kind, actor="c")
    return "".join(pdf_tools.text(issued.pdf_path).split())


def test_the_notice_lists_a_material_marked_deferred_to_bring(
    store: Store, config: Config, home: Home, clerk: User
) -> None:
    received = [
        SubmittedMaterial(code, MaterialStatus.RECEIVED, MaterialForm.ORIGINAL, 1)
        for code in ("M01", "M02", "M04")
    ]
    request = IntakeRequest(
        service_item=ELDERLY_ALLOWANCE,
        applicant=ApplicantInput(name="王芳", id_type="111", id_number=id_number(7)),
        materials=[*received, SubmittedMaterial("M03", MaterialStatus.DEFERRED, deadline=DEADLINE)],
        request_id=str(uuid.uuid4()),
    )
    case = intake.notify(store, request, clerk, now=NOW)
    text = _issued_text(store, config, home, case.case_id, DocumentKind.NOTICE)
    assert "本人社会保障卡" in text and "容缺" not in text  # the roll wraps the long name


def test_the_bundle_receipt_says_the_notified_item_lacks_it(
    store: Store, config: Config, home: Home, clerk: User
) -> None:
    marks = {
        name: SubmittedMaterial(name, MaterialStatus.RECEIVED, MaterialForm.ORIGINAL, 1)
        for name in ("申请人居民身份证", "申请人居民户口簿", "上海市老年综合津贴申请表")
    }
    first17 = "31010419500315001"
    request = BundleRequest(
        bundle="YJS-0002",  # 养老一件事: the allowance and the elder card
        applicant=ApplicantInput(
            name="王秀英", id_type="111", id_number=first17 + check_character(first17)
        ),
        items=(ELDERLY_ALLOWANCE,),
        materials=marks
        | {CARD: SubmittedMaterial(CARD, MaterialStatus.DEFERRED, deadline=DEADLINE)},
        request_id=str(uuid.uuid4()),
    )
    (case,) = decide_bundle(store, request, clerk, now=NOW).cases
    assert case.state == CaseState.NOTIFIED
    text = _issued_text(store, config, home, case.case_id, DocumentKind.BUNDLE_RECEIPT)
    assert f"老年综合津贴申领：缺{CARD}—详见该件的《一次性告知书》" in text
    assert "容缺" not in text


def test_a_shared_row_shows_what_the_most_demanding_member_asks(
    store: Store, config: Config, home: Home, clerk: User
) -> None:
    """户口簿 is optional in 失业登记 (accepted, the mark kept as 容缺) and core in
    就业困难人员认定 (notified, stored missing): the merged row says it is to bring, whichever
    member comes first."""
    names = ("申请人居民身份证", "解除或终止劳动合同证明", "失业登记表", "就业困难人员认定申请表")
    marks = {
        name: SubmittedMaterial(name, MaterialStatus.RECEIVED, MaterialForm.ORIGINAL, 1)
        for name in (*names, "失业登记证明", "困难情形证明（残疾证、低保证明或年龄等）")
    }
    first17 = "31010419800315002"
    request = BundleRequest(
        bundle="YJS-0001",
        applicant=ApplicantInput(
            name="李强", id_type="111", id_number=first17 + check_character(first17)
        ),
        materials=marks
        | {
            "申请人居民户口簿": SubmittedMaterial(
                "申请人居民户口簿", MaterialStatus.DEFERRED, deadline=DEADLINE
            )
        },
        request_id=str(uuid.uuid4()),
    )
    accepted, notified = decide_bundle(store, request, clerk, now=NOW).cases
    assert (accepted.state, notified.state) == (CaseState.ACCEPTED, CaseState.NOTIFIED)
    text = _issued_text(store, config, home, accepted.case_id, DocumentKind.BUNDLE_RECEIPT)
    assert "就业困难人员认定：缺申请人居民户口簿" in text
    assert "容缺" not in text and "至2026年12月4日" not in text
