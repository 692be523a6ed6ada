"""The bytes the counter stores and sends for a case document never change: every way of
deciding a case, and the later versions, writes the canonical JSON (and content hash) that
the code wrote before the document was built and encoded more cheaply.

The expected texts are in ``tests/domain/data/case_documents_golden.json``: made once by
``decide_for_golden`` on that earlier code, never regenerated (a new field gets a new
document, the old ones keep their bytes). Texts a document quotes from the bundled catalog (a
material's standard) follow that data: when the catalog's text changes, only that string is
edited in the file (the 老年综合津贴 application form's standard, once the author's rules
required one). The case ids and track tokens, random otherwise, are fixed here so that the
documents are the same on every run."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from counter_app.config import Config, load_config
from counter_app.domain.case_document import hash_canonical
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.domain.delivery import DeliveryChoice, DeliveryMethod
from counter_app.domain.exemptions import LicenceFound, Verification
from counter_app.home import Home
from counter_app.identity.mrz import parse_mrz
from counter_app.identity.passport import read_passport
from counter_app.identity.passport_simulator import PassportChipSimulator
from counter_app.identity.provenance import IdentitySource, SourceKind
from counter_app.identity.samples import SAMPLES_BY_KEY
from counter_app.services import (
    applicant_edits,
    case_endings,
    intake,
    intake_document,
    later_materials,
)
from counter_app.services.auth import User
from counter_app.store import case_writes
from counter_app.store.database import Store
from tests.services.conftest import (
    FOREIGNER,
    MOMENT,
    complete_marks,
    item_named,
    request_for,
    resident_number,
)

GOLDEN = Path(__file__).resolve().parents[1] / "domain" / "data" / "case_documents_golden.json"
DEVICE = "D01F0E8D"
CARD_READ = datetime(2026, 9, 24, 1, 55, 30, 250000, tzinfo=UTC)
ADDRESS = "上海市徐汇区漕溪北路999弄8号1201室"
EXPIRED = IdentitySource(
    SourceKind.CARD, reader="sim", doc_type="resident_id", valid_to="2020-03-01"
)
FOREIGNER_WITH_CONTACT = replace(
    FOREIGNER,
    phone="+86-139-0000-0000",
    address='上海市徐汇区 天钥桥路 1 号 "东楼"',
    nationality=None,  # as the golden document was taken: the holder facts are their own case
    birth_date=None,
)
SENIOR = resident_number("31010419500101123")  # 76 on the test day, born in Shanghai


def fixed_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    """Row ids and track tokens in a fixed sequence instead of random ones."""
    numbers = itertools.count(1)
    monkeypatch.setattr(
        case_writes, "new_row_id", lambda: f"0190a000-0000-7000-8000-{next(numbers):012d}"
    )
    tokens = itertools.count(1)
    monkeypatch.setattr(
        intake_document, "new_track_token", lambda: f"track-token-{next(tokens):04d}"
    )


def _chip_source() -> IdentitySource:
    passport = SAMPLES_BY_KEY["passport"].passport
    assert passport is not None
    chip = read_passport(PassportChipSimulator(passport), parse_mrz(passport.mrz).bac_key)
    return IdentitySource.of_document(chip, reader="pcsc:Virtual PCD 00 00")


def decide_for_golden(store: Store, clerk: User, supervisor: User) -> dict[str, tuple[str, int]]:
    """Name -> ``(case_id, data_version)`` of each document written."""
    allowance = item_named(store, "老年综合津贴申领")
    marks = complete_marks(allowance)
    deferred_marks = list(marks)
    deferred_marks[2] = replace(marks[2], status=MaterialStatus.DEFERRED, form=None, count=0)
    deferred_marks[1] = replace(marks[1], note='复印件，"原件"待补\\核')
    fee_item = item_named(store, "上海市居住证卡补领、换领")
    senior_card = item_named(store, "敬老卡申领")
    birth = item_named(store, "生育登记")
    birth_marks = [m for m in complete_marks(birth) if m.code not in ("M02", "M03")]
    birth_marks.append(
        SubmittedMaterial(
            "M02", MaterialStatus.RECEIVED, birth.situations[0].materials[1].forms[0], 1
        )
    )
    licence = LicenceFound(
        "M03", "结婚证电子证照", "J310104-2020-001", "上海市徐汇区民政局", None, "ab" * 32,
        "lookup-1", Verification.VERIFIED,
    )  # fmt: skip

    accepted = intake.accept(
        store,
        replace(
            request_for(allowance, marks, name="测试𠮷"),
            identity_source=_chip_source(),
            delivery=DeliveryChoice(DeliveryMethod.POST, ADDRESS),
            card_read_at=CARD_READ,
        ),
        clerk,
        now=MOMENT,
    )
    with_fee = intake.accept(
        store,
        replace(
            request_for(fee_item, complete_marks(fee_item)),
            delivery=DeliveryChoice(DeliveryMethod.PICKUP),
        ),
        clerk,
        now=MOMENT,
    )
    deferred = intake.accept_deferred(
        store, request_for(allowance, deferred_marks), clerk, supervisor, now=MOMENT
    )
    notified = intake.notify(store, request_for(allowance, [marks[0]]), clerk, now=MOMENT)
    refused = intake.refuse(
        store,
        request_for(allowance, []),
        clerk,
        reason="不属于本中心受理范围",
        legal_basis="《行政许可法》第三十二条",
        redirect_to="徐汇区民政局（漕溪北路 336 号）",
        now=MOMENT,
    )
    overridden = intake.accept(
        store,
        replace(
            request_for(senior_card, complete_marks(senior_card), name="李四"),
            identity_source=EXPIRED,
            expired_id_reason="新证在办，临时身份证明已核",
            eligibility_reason="户籍迁入证明已核，年龄以户口簿为准",
        ),
        clerk,
        now=MOMENT,
    )
    foreigner = intake.accept(
        store,
        replace(request_for(allowance, marks), applicant=FOREIGNER_WITH_CONTACT),
        clerk,
        now=MOMENT,
    )
    exempt = intake.accept(
        store,
        request_for(senior_card, complete_marks(senior_card), number=SENIOR),
        clerk,
        now=MOMENT,
    )
    elicence = intake.accept(
        store,
        request_for(birth, birth_marks, licences=[licence], elicence_consent_code="AB12-CD34"),
        clerk,
        now=MOMENT,
    )
    written = {
        "accepted_chip_post": (accepted.case_id, 1),
        "accepted_fee": (with_fee.case_id, 1),
        "deferred": (deferred.case_id, 1),
        "notified": (notified.case_id, 1),
        "refused": (refused.case_id, 1),
        "override_expired": (overridden.case_id, 1),
        "foreigner": (foreigner.case_id, 1),
        "exempt_city": (exempt.case_id, 1),
        "exempt_elicence": (elicence.case_id, 1),
    }
    supplied = later_materials.complete_deferred(
        store, deferred.case_id, clerk, [marks[2]], now=MOMENT
    )
    written["deferred_supplied"] = (deferred.case_id, supplied)
    edited = applicant_edits.edit_case(
        store, accepted.case_id, clerk, phone="13911112222", remarks="备注 \u2028 ☺", now=MOMENT
    )
    written["edited"] = (accepted.case_id, edited)
    withdrawn = case_endings.withdraw(
        store, accepted.case_id, clerk, "申请人撤回", applicant_confirmed=True, now=MOMENT
    )
    written["withdrawn"] = (accepted.case_id, withdrawn)
    voided = case_endings.void_case(
        store, overridden.case_id, clerk, supervisor, "录入错误", now=MOMENT
    )
    written["voided"] = (overridden.case_id, voided)
    return written


def golden() -> dict[str, str]:
    entries: dict[str, str] = json.loads(GOLDEN.read_text(encoding="utf-8"))
    return entries


@pytest.fixture
def config(home: Home) -> Config:
    """The hall's configuration with a fixed device id (it is in every case number) and no
    name: the golden documents were written before a document named its hall, which one of
    a hall without a name still does not."""
    loaded = load_config(home)
    return replace(loaded, hall=replace(loaded.hall, device_id=DEVICE, hall_name=""))


def test_every_decision_and_later_version_stores_the_same_bytes_and_hash_as_before(
    intake_store: Store, clerk: User, supervisor: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    fixed_ids(monkeypatch)
    expected = golden()
    written = decide_for_golden(intake_store, clerk, supervisor)
    for name, (case_id, version) in written.items():
        sealed, digest = intake_store.db.execute(
            "SELECT content_enc, content_hash FROM case_versions"
            " WHERE case_id = ? AND data_version = ?",
            (case_id, version),
        ).fetchone()
        body = intake_store.pii.decrypt(sealed, case_writes.version_context(case_id, version))
        assert body.decode("utf-8") == expected[name], name
        assert digest == hash_canonical(expected[name].encode("utf-8")), name
