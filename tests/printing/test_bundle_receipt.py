"""一件事受理回执: one receipt for the cases of a 一件事 bundle decided together, issued under
its first case: the hall, the applicant masked, the bundle's name, its cases (number, item,
department, decision, promised date), the materials handed in once for all of them, what a
notified member still has to bring, and the progress lookup; A4 and the roll, Chinese and
bilingual. A member's own receipt or notice names its bundle and the other cases. A case
decided alone has no bundle receipt."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from counter_app.config import Config
from counter_app.domain.catalog import MaterialForm
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.domain.delivery import DeliveryChoice, DeliveryMethod
from counter_app.domain.documents import DOCUMENT_TITLES
from counter_app.domain.idnumber import check_character
from counter_app.home import Home
from counter_app.services.auth import User
from counter_app.services.bundle_intake import BundleRequest, BundleResult, decide_bundle
from counter_app.services.intake_request import ApplicantInput
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import bundled_catalog, ensure_bundled_catalog, load_catalog_version
from counter_app.store.database import Store
from printing.document_data import DocumentKind, PaperFormat
from printing.errors import DocumentNotApplicable
from printing.fonts import FontSet, load_fonts
from printing.render import render_pdf
from printing.service import issue_document
from printing.specimen import SPECIMEN_CASE_NO, specimen_document
from tests.printing import pdf_tools
from tests.printing.bundle_cases import elder_bundle
from tests.printing.fixtures import CaseFactory

NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
BUNDLE = "养老一件事（老年人津贴与敬老卡）"
ALLOWANCE, ELDER_CARD = "老年综合津贴申领", "敬老卡申领"
PHOTO = "近期免冠照片"  # the elder card's own material, not brought


def _flat(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return load_fonts()


@pytest.fixture
def bundle(store: Store, clerk: User) -> BundleResult:
    return elder_bundle(store, clerk)


def test_the_bundle_receipt_covers_every_case_of_the_bundle(
    store: Store, config: Config, home: Home, bundle: BundleResult
) -> None:
    first, second = bundle.cases
    issued = issue_document(
        store, config, home, first.case_id, kind=DocumentKind.BUNDLE_RECEIPT, actor="c"
    )
    assert issued.case_no == first.case_no
    text = _flat(pdf_tools.text(issued.pdf_path))
    assert "一件事受理回执" in text and BUNDLE in text
    assert "王秀英" in text and "310104195003150" not in text  # masked as on receipts
    assert _flat(config.hall.display_name) in text
    for case, item, outcome in ((first, ALLOWANCE, "已受理"), (second, ELDER_CARD, "一次性告知")):
        assert case.case_no in text and item in text and outcome in text
    assert "徐汇区民政局" in text and "2026年12月10日" in text  # the allowance's promise
    # Handed in once: the ID card and the household register serve both items (listed
    # once in each of the A4's two copies).
    assert text.count("申请人居民身份证（各事项共用）") == 2
    assert "本人社会保障卡或本市银行借记卡（各事项共用）" not in text  # the allowance's own
    # What the notified elder card still needs, in one line under it in the table of cases:
    # its own one-time notice has the table.
    assert "现一次性告知您需要补正的全部内容（见下表及各事项的《一次性告知书》）" in text
    assert f"{ELDER_CARD}：缺{PHOTO}—详见该件的《一次性告知书》" in text
    assert "凭办件编号或扫描二维码查询办理进度" in text


def test_the_bundle_receipt_is_issued_under_the_first_case(
    store: Store, config: Config, home: Home, bundle: BundleResult
) -> None:
    first, second = bundle.cases
    issued = issue_document(
        store, config, home, second.case_no, kind=DocumentKind.BUNDLE_RECEIPT, actor="c"
    )
    assert (issued.case_id, issued.kind) == (first.case_id, DocumentKind.BUNDLE_RECEIPT)
    again = issue_document(
        store, config, home, first.case_id, kind=DocumentKind.BUNDLE_RECEIPT, actor="c"
    )
    assert again.serial == issued.serial  # not printed yet: the same original


@pytest.mark.parametrize("fmt", list(PaperFormat))
def test_the_bilingual_bundle_receipt_on_both_papers(
    store: Store, config: Config, home: Home, bundle: BundleResult, fmt: PaperFormat
) -> None:
    issued = issue_document(
        store,
        config,
        home,
        bundle.cases[0].case_id,
        kind=DocumentKind.BUNDLE_RECEIPT,
        fmt=fmt,
        lang="zh-en",
        actor="c",
    )
    text = _flat(pdf_tools.text(issued.pdf_path))
    assert "一件事受理回执" in text and "One-ThingAcceptanceReceipt" in text
    assert "Casesofthebundle" in text and "Materialsreceived(handedinonceforallitems)" in text
    assert "Notifiedtosupplement" in text and "one-thingbundle" in text
    assert _flat(f"{ELDER_CARD}: missing {PHOTO} — see that case's One-Time Notice") in text
    if fmt is PaperFormat.A4:  # the roll's narrow column wraps it among the other columns
        assert "(sharedbyallitems)" in text
    assert all(_flat(case.case_no) in text for case in bundle.cases)


def test_a_members_own_documents_name_the_bundle_and_the_other_cases(
    store: Store, config: Config, home: Home, bundle: BundleResult
) -> None:
    first, second = bundle.cases
    receipt = issue_document(store, config, home, first.case_id, actor="c")
    assert receipt.kind is DocumentKind.RECEIPT
    text = _flat(pdf_tools.text(receipt.pdf_path))
    assert f"本件属于“{BUNDLE}”，同批受理：{second.case_no}。" in text
    notice = issue_document(store, config, home, second.case_id, lang="zh-en", actor="c")
    assert notice.kind is DocumentKind.NOTICE
    text = _flat(pdf_tools.text(notice.pdf_path))
    assert f"本件属于“{BUNDLE}”，同批受理：{first.case_no}。" in text
    assert _flat(f"decided together with: {first.case_no}.") in text


def test_the_bundle_receipt_says_how_the_results_come(
    store: Store, config: Config, home: Home, clerk: User
) -> None:
    address = "徐汇区漕溪北路88号8楼801室 王秀英收"
    posted = elder_bundle(store, clerk, delivery=DeliveryChoice(DeliveryMethod.POST, address))
    issued = issue_document(
        store, config, home, posted.cases[0].case_id, kind=DocumentKind.BUNDLE_RECEIPT, actor="c"
    )
    text = _flat(pdf_tools.text(issued.pdf_path))
    assert "领取方式" in text and "邮寄送达（EMS）" in text and "漕溪北路88号" not in text
    assert "通过邮政（EMS）寄送至您登记的地址" in text and "领取办理结果" not in text


def test_a_case_decided_alone_has_no_bundle_receipt(
    store: Store, config: Config, home: Home, make_case: CaseFactory
) -> None:
    case = make_case()
    with pytest.raises(DocumentNotApplicable) as refused:
        issue_document(
            store, config, home, case.case_id, kind=DocumentKind.BUNDLE_RECEIPT, actor="c"
        )
    assert refused.value.zh.startswith(f"办件 {case.case_no} 是单独受理的，不属于任何“一件事”")
    assert "one-thing bundle" in refused.value.en
    assert "《受理通知书（受理回执）》（receipt）" in refused.value.zh  # what it can get
    receipt = issue_document(store, config, home, case.case_id, actor="c")
    assert "本件属于" not in _flat(pdf_tools.text(receipt.pdf_path))


@pytest.mark.parametrize("lang", ["zh", "zh-en"])
def test_the_specimen_bundle_receipt_reads_back(tmp_path: Path, fonts: FontSet, lang: str) -> None:
    data = specimen_document(DocumentKind.BUNDLE_RECEIPT, lang)
    assert data.bundle is not None
    for fmt in PaperFormat:
        pdf = tmp_path / f"{lang}-{fmt}.pdf"
        pdf.write_bytes(render_pdf(data, fmt, fonts))
        text = _flat(pdf_tools.text(pdf))
        assert _flat(DOCUMENT_TITLES[DocumentKind.BUNDLE_RECEIPT][0]) in text
        assert _flat(data.bundle.name) in text
        assert all(_flat(case.case_no) in text for case in data.bundle.cases)
        assert SPECIMEN_CASE_NO in text
        # The notified member's shortfall in one line; its own notice has the clerk's note.
        owed = data.bundle.cases[1].owed[0].name
        assert _flat(f"敬老卡申领：缺 {owed} — 详见该件的《一次性告知书》") in text
        assert "须加盖出具单位公章" not in text


def test_a_city_wide_member_names_its_handling_department(fonts: FontSet, tmp_path: Path) -> None:
    data = specimen_document(DocumentKind.BUNDLE_RECEIPT)
    assert data.bundle is not None
    first, *rest = data.bundle.cases
    moved = replace(first, department="浦东新区民政局", city_wide=True)
    data = replace(data, bundle=replace(data.bundle, cases=(moved, *rest)))
    pdf = tmp_path / "city-wide.pdf"
    pdf.write_bytes(render_pdf(data, PaperFormat.A4, fonts))
    assert "浦东新区民政局（全市通办）" in _flat(pdf_tools.drawn_text(pdf))


SPECIAL_AID, PARENT_AWARD = "计划生育家庭特别扶助金申请", "独生子女父母年老奖励费申领"
RETIREMENT = "退休证明"  # the parents' award's own material, not brought either
FOUR = "养老一件事（四项）"


def _four_member_catalog(store: Store) -> None:
    """The training catalog and a newer version with a four-member bundle of its items."""
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)
    release = bundled_catalog()
    codes = {item["name"]: item["code"] for item in release["items"]}
    members = (ALLOWANCE, ELDER_CARD, SPECIAL_AID, PARENT_AWARD)
    four = {
        "code": "YJS-9004",
        "name": FOUR,
        "description": "老年人一次申领津贴、敬老卡、特别扶助金和年老奖励费。",
        "members": [{"item": codes[name], "situation": "S01"} for name in members],
    }
    release = {**release, "version": 2, "bundles": [*release["bundles"], four]}
    load_catalog_version(store, release, source="test:four-member bundle")


def _decide_four(store: Store, clerk: User, *, missing: tuple[str, ...]) -> BundleResult:
    """养老一件事（四项）: every material handed in but ``missing``."""
    _four_member_catalog(store)
    names = {
        name
        for item in bundled_catalog()["items"]
        if item["name"] in (ALLOWANCE, ELDER_CARD, SPECIAL_AID, PARENT_AWARD)
        for name in (m["name"] for m in item["situations"][0]["materials"])
    }
    marks = {
        name: SubmittedMaterial(name, MaterialStatus.RECEIVED, MaterialForm.ORIGINAL, 1)
        for name in names - set(missing)
    }
    first17 = "31010419500315001"
    request = BundleRequest(
        bundle="YJS-9004",
        applicant=ApplicantInput(
            name="王秀英", id_type="111", id_number=first17 + check_character(first17)
        ),
        materials=marks,
        request_id=str(uuid.uuid4()),
    )
    return decide_bundle(store, request, clerk, now=NOW)


@pytest.mark.parametrize("missing", [(PHOTO,), (PHOTO, RETIREMENT)])
def test_a_four_member_bundle_fits_one_a4_page_with_its_signatures(
    store: Store, config: Config, home: Home, clerk: User, missing: tuple[str, ...]
) -> None:
    bundle = _decide_four(store, clerk, missing=missing)
    assert [case.state.value for case in bundle.cases].count("notified") == len(missing)
    issued = issue_document(
        store, config, home, bundle.cases[0].case_id, kind=DocumentKind.BUNDLE_RECEIPT, actor="c"
    )
    # One page for each of the two copies, the signatures on it.
    assert len(pdf_tools.pages(issued.pdf_path)) == 2
    page = _flat(pdf_tools.text(issued.pdf_path, page=1))
    assert "第1页/共1页" in page and "受理单位（盖章）" in page
    assert all(case.case_no in page for case in bundle.cases)  # unbroken in the table
    # A notified member's shortfall in one line; its own notice has the full table.
    assert f"{ELDER_CARD}：缺{PHOTO}—详见该件的《一次性告知书》" in page
    if RETIREMENT in missing:
        assert f"{PARENT_AWARD}：缺{RETIREMENT}—详见该件的《一次性告知书》" in page


@pytest.mark.parametrize("lang", ["zh", "zh-en"])
def test_the_signatures_never_stand_alone_on_a_bundle_receipts_last_page(
    tmp_path: Path, fonts: FontSet, lang: str
) -> None:
    """Bundles too long for one page, by one more material at a time: each copy's page with
    the signatures has materials on it too (the table they sign for goes over with them)."""
    pdf = tmp_path / "long.pdf"
    two_pages = 0
    for materials in range(12, 34):
        data = specimen_document(
            DocumentKind.BUNDLE_RECEIPT, lang, materials=materials, statuses=("received",)
        )
        pdf.write_bytes(render_pdf(data, PaperFormat.A4, fonts))
        pages = len(pdf_tools.pages(pdf))
        two_pages += pages > 2
        for page in range(1, pages + 1):
            text = _flat(pdf_tools.text(pdf, page=page))
            if "受理单位（盖章）" in text:
                assert "居民户口簿（本人页）" in text, (materials, page)
    assert two_pages  # the range reaches bundles that need a second page
