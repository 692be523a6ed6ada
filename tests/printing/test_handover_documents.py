"""The 领取回执: issued for a result handed over at the window, in A4 and on the 80 mm roll,
naming who collected it (a proxy by name and masked ID number, on a power of attorney) with
the collector's signature line; never for a result delivered by post."""

from __future__ import annotations

import pytest

from counter_app.config import Config
from counter_app.domain.delivery import PostalStatus
from counter_app.domain.idnumber import check_character
from counter_app.home import Home
from counter_app.services import case_progress, delivery
from counter_app.services.auth import User
from counter_app.store import case_plaintext
from counter_app.store import cases as case_rows
from counter_app.store.database import Store
from printing.document_data import DocumentKind, PaperFormat
from printing.errors import DocumentNotApplicable
from printing.service import issue_document
from tests.printing import pdf_tools
from tests.printing.fixtures import CaseFactory

PROXY = "31010419900202123" + check_character("31010419900202123")


def _ready(store: Store, case_id: str) -> None:
    case_progress.apply_progress(store, case_id, "completed_approved")
    case_progress.apply_progress(store, case_id, "result_ready")


def _applicant_number(store: Store, case_id: str) -> str:
    return str(case_plaintext.case_document(store, case_id)["applicant"]["id_number"])


@pytest.mark.parametrize("fmt", list(PaperFormat))
def test_handover_receipt_names_the_proxy_and_is_signed_by_the_collector(
    store: Store,
    config: Config,
    home: Home,
    make_case: CaseFactory,
    clerk: User,
    fmt: PaperFormat,
) -> None:
    case = make_case("accept")
    _ready(store, case.case_id)
    with pytest.raises(DocumentNotApplicable):
        issue_document(store, config, home, case.case_id, kind=DocumentKind.HANDOVER, actor="c")
    proxy = delivery.Proxy("李四", PROXY, power_of_attorney=True)
    number = _applicant_number(store, case.case_id)
    delivery.hand_over(store, case.case_no, clerk, id_number=number, proxy=proxy)
    issued = issue_document(store, config, home, case.case_no, actor="c", fmt=fmt)
    assert issued.kind is DocumentKind.HANDOVER
    text = pdf_tools.text(issued.pdf_path).replace(" ", "").replace("\n", "")
    for phrase in ("领取回执", "他人代领（凭授权委托书）", "李四", "3101**********" + PROXY[-4:]):
        assert phrase in text
    assert "领取人（签字）" in text and "授权委托书" in text
    assert PROXY not in text and number not in text


def test_handover_receipt_in_english_and_for_the_applicant_in_person(
    store: Store, config: Config, home: Home, make_case: CaseFactory, clerk: User
) -> None:
    case = make_case("accept")
    _ready(store, case.case_id)
    delivery.hand_over(store, case.case_no, clerk, id_number=_applicant_number(store, case.case_id))
    issued = issue_document(store, config, home, case.case_no, actor="c", lang="en")
    text = pdf_tools.text(issued.pdf_path)
    assert "Receipt for the Result Collected" in text
    assert "By the applicant in person" in text and "Collector (signature)" in text


def test_a_result_delivered_by_post_has_no_handover_receipt(
    store: Store, config: Config, home: Home, make_case: CaseFactory, clerk: User
) -> None:
    case = make_case("accept")
    _ready(store, case.case_id)
    delivery.apply_delivery_report(
        store, case.case_id, waybill="EA1", status=PostalStatus.DELIVERED
    )
    assert case_rows.get_case(store, case.case_id).state == "delivered"
    with pytest.raises(DocumentNotApplicable) as caught:
        issue_document(store, config, home, case.case_no, actor="c")
    assert "邮寄" in caught.value.zh
