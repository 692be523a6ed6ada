"""``counter-app case show`` tells a case's life after its first decision: how the result
went out (waybill, postal status), who collected it, why it was withdrawn; and names each
edit in its history by what it did, not ``修改 结果待领取 → 结果待领取``."""

from __future__ import annotations

from collections.abc import Callable

from counter_app.domain.delivery import DeliveryChoice, DeliveryMethod, PostalStatus
from counter_app.services import case_progress, delivery, delivery_changes
from counter_app.services.auth import User
from counter_app.store import case_plaintext
from counter_app.store.database import Store
from tests.in_process import CliResult
from tests.printing.fixtures import CaseFactory


def _ready(store: Store, make_case: CaseFactory) -> tuple[str, str]:
    """A new case whose result is ready: its id and number."""
    case = make_case("accept")
    case_progress.apply_progress(store, case.case_id, "completed_approved")
    case_progress.apply_progress(store, case.case_id, "result_ready")
    return case.case_id, case.case_no


def _lines(shown: str, label: str) -> list[str]:
    return [line for line in shown.splitlines() if line.startswith(label)]


def test_case_show_tells_the_posting_and_names_the_edit(
    cli: Callable[..., CliResult], store: Store, make_case: CaseFactory, clerk: User
) -> None:
    case_id, case_no = _ready(store, make_case)
    post = DeliveryChoice(DeliveryMethod.POST, "上海市徐汇区漕溪北路336号")
    delivery_changes.change_delivery(store, case_no, clerk, post, "申请人改为邮寄")
    delivery.post_result(store, case_no, clerk, "EA123456789CN")
    delivery.apply_delivery_report(
        store, case_id, waybill="EA123456789CN", status=PostalStatus.DELIVERED
    )

    shown = cli("case", "show", case_no).stdout

    (waybill,) = _lines(shown, "waybill")
    assert waybill.endswith("EA123456789CN")
    (status,) = _lines(shown, "postal_status")
    assert status.endswith("已妥投")
    assert any("结果已邮寄 结果待领取" in line for line in shown.splitlines())
    assert "结果待领取 → 结果待领取" not in shown
    in_english = cli("--lang", "en", "case", "show", case_no).stdout
    assert any("Result posted Result ready" in line for line in in_english.splitlines())


def test_case_show_tells_who_collected_and_why_a_case_was_withdrawn(
    cli: Callable[..., CliResult], store: Store, make_case: CaseFactory, clerk: User
) -> None:
    case_id, case_no = _ready(store, make_case)
    number = case_plaintext.case_document(store, case_id)["applicant"]["id_number"]
    delivery.hand_over(store, case_no, clerk, id_number=number)
    withdrawn = make_case("withdraw")

    shown = cli("case", "show", case_no).stdout
    (who,) = _lines(shown, "collected_by")
    assert who.endswith("申请人本人领取")
    (handed,) = _lines(shown, "handed_over")
    assert handed.endswith(clerk.username)
    shown = cli("case", "show", withdrawn.case_no).stdout
    (reason,) = _lines(shown, "withdrawal_reason")
    assert reason.endswith("申请人不再需要办理")
