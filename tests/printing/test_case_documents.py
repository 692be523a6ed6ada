"""What a stored case's documents say about its materials and its result: a one-time notice
gives every shortfall with its standard and the clerk's note; a 容缺 case's receipt and
deferral notice say what is deferred, to which standard, by when, on what basis and what
follows; an acceptance says how the result comes; the hall's enquiries number only when set."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from counter_app.config import Config
from counter_app.domain.catalog import MaterialForm
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.domain.delivery import DeliveryChoice, DeliveryMethod
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.intake_request import ApplicantInput, IntakeRequest
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from printing.document_data import DocumentKind, PaperFormat
from printing.service import issue_document
from tests.printing import pdf_tools
from tests.printing.fixtures import ELDERLY_ALLOWANCE, CaseFactory, id_number, printing_config

NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
# The catalogue's standards of the elderly allowance's M02 and M03.
HOUSEHOLD_STANDARD = "本市户籍的户口簿无需提交（本市部门核发）；外省市户籍提交原件。"
CARD_STANDARD = "用于发放待遇，须为申请人本人名下。"
CLERK_NOTE = "户口簿本人页缺少户主页，请一并提交。"


@pytest.fixture(autouse=True)
def catalog(store: Store) -> None:
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)


def _flat(text: str) -> str:
    return "".join(text.split())


def _issued_text(store: Store, config: Config, home: Home, case_id: str, **options: Any) -> str:
    """The text of the document issued with ``options``, without spaces and line breaks."""
    issued = issue_document(store, config, home, case_id, actor="c", **options)
    return _flat(pdf_tools.text(issued.pdf_path))


def _request(*materials: SubmittedMaterial, **changes: object) -> IntakeRequest:
    return replace(
        IntakeRequest(
            service_item=ELDERLY_ALLOWANCE,
            applicant=ApplicantInput(name="王芳", id_type="111", id_number=id_number(7)),
            materials=materials,
            request_id=str(uuid.uuid4()),
        ),
        **changes,
    )


def _received(*codes: str) -> list[SubmittedMaterial]:
    return [
        SubmittedMaterial(code, MaterialStatus.RECEIVED, MaterialForm.ORIGINAL, 1) for code in codes
    ]


@pytest.mark.parametrize("fmt", list(PaperFormat))
def test_the_one_time_notice_keeps_the_standard_beside_the_clerks_note(
    store: Store, config: Config, home: Home, clerk: User, fmt: PaperFormat
) -> None:
    request = _request(
        *_received("M01", "M04"),
        SubmittedMaterial("M02", MaterialStatus.NONCONFORMING, note=CLERK_NOTE),
    )
    case = intake.notify(store, request, clerk, now=NOW)
    text = _issued_text(store, config, home, case.case_id, kind=DocumentKind.NOTICE, fmt=fmt)
    for owed in ("申请人居民户口簿", "本人社会保障卡"):  # the roll wraps a long name
        assert owed in text
    # The non-conforming M02: what is wrong with it and what will do; the missing M03: its
    # standard.
    assert _flat(CLERK_NOTE) in text and "材料标准：" + _flat(HOUSEHOLD_STANDARD) in text
    assert _flat(CARD_STANDARD) in text


def test_a_deferral_case_is_accepted_as_one_on_its_receipt_and_notice(
    store: Store, config: Config, home: Home, make_case: CaseFactory
) -> None:
    case = make_case("deferral")  # M03 deferred to 2026-12-04
    text = _issued_text(store, config, home, case.case_id, kind=DocumentKind.RECEIPT)
    assert "申请材料齐全、符合法定形式" not in text and "决定予以受理" not in text
    assert "决定予以容缺受理" in text and "补齐期限2026年12月4日" in text
    assert "请于2026年12月4日前到原受理窗口（培训大厅（徐汇区示例）W01窗口）补齐容缺材料" in text
    assert "逾期未补齐的，容缺受理终止" in text
    assert _flat(CARD_STANDARD) in text  # the deferred material's standard

    text = _issued_text(store, config, home, case.case_id, kind=DocumentKind.DEFERRAL)
    assert "法律依据：《中华人民共和国行政许可法》第三十二条及容缺受理有关规定" in text
    assert "材料标准：" + _flat(CARD_STANDARD) in text
    assert "请于2026年12月4日前" in text and "逾期未补齐的" in text
    text = _issued_text(store, config, home, case.case_id, kind=DocumentKind.DEFERRAL, lang="en")
    assert "Legalbasis:Article32oftheAdministrativeLicensingLaw" in text
    assert "Standard:" in text


def test_an_accepted_case_without_deferrals_reads_as_complete(
    store: Store, config: Config, home: Home, make_case: CaseFactory
) -> None:
    text = _issued_text(store, config, home, make_case("accept").case_id)
    assert "申请材料齐全、符合法定形式" in text and "容缺" not in text and "补齐期限" not in text


@pytest.mark.parametrize("fmt", list(PaperFormat))
def test_the_receipt_says_how_the_result_comes(
    store: Store, config: Config, home: Home, clerk: User, fmt: PaperFormat
) -> None:
    materials = _received("M01", "M02", "M03", "M04")
    address = "徐汇区漕溪北路88号8楼801室 王芳收"
    by_post = _request(*materials, delivery=DeliveryChoice(DeliveryMethod.POST, address))
    posted = intake.accept(store, by_post, clerk, now=NOW).case_id
    text = _issued_text(store, config, home, posted, fmt=fmt)
    assert "领取方式" in text and "邮寄送达（EMS）" in text and "徐汇区漕溪北****" in text
    assert "漕溪北路88号" not in text  # the address is masked as everywhere
    assert "通过邮政（EMS）寄送至您登记的地址，无需到大厅领取" in text
    assert "领取办理结果" not in text
    # In both languages the English goes under the Chinese.
    text = _issued_text(store, config, home, posted, fmt=fmt, lang="zh-en")
    assert "Resultdelivery" in text and "Postaldelivery(EMS)" in text
    assert "Theresultissentbypost(EMS)" in text

    picked = intake.accept(store, _request(*materials), clerk, now=NOW).case_id
    text = _issued_text(store, config, home, picked, fmt=fmt)
    assert "领取方式窗口领取" in text and "领取办理结果" in text and "邮寄" not in text


def test_a_refusal_says_nothing_of_the_result(
    store: Store, config: Config, home: Home, make_case: CaseFactory
) -> None:
    assert "领取方式" not in _issued_text(store, config, home, make_case("refuse").case_id)


@pytest.mark.parametrize(("phone", "printed"), [("  ", False), ("021-12345", True)])
def test_the_enquiries_number_is_printed_only_when_set(
    store: Store,
    config: Config,
    home: Home,
    make_case: CaseFactory,
    phone: str,
    printed: bool,
) -> None:
    config = printing_config(config, hall_phone=phone)
    text = _issued_text(store, config, home, make_case("accept").case_id)
    assert ("咨询电话" in text) is printed
    assert ("咨询电话：021-12345" in text) is printed


def test_a_hall_without_a_name_prints_its_code(
    store: Store, config: Config, home: Home, make_case: CaseFactory
) -> None:
    case = make_case("accept")
    config = replace(config, hall=replace(config.hall, hall_name=""))
    issued = issue_document(store, config, home, case.case_id, actor="c")
    first = pdf_tools.text(issued.pdf_path).splitlines()[0].split()
    assert first[0] == config.hall.hall_code
