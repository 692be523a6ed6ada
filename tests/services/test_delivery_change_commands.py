"""``case post --returned`` (a parcel back at the hall), ``case post --waybill`` with
``--reason`` (another waybill), ``case delivery`` (pick-up ↔ post, another address) and the
wait ``results`` shows, as a clerk at the command line meets them."""

from __future__ import annotations

import json
from datetime import date

from counter_app.domain.delivery import DeliveryChoice, DeliveryMethod
from counter_app.domain.hall_time import hall_today
from counter_app.services.auth import Accounts
from counter_app.store import case_plaintext
from tests.services.conftest import PASSWORD
from tests.services.delivery_cases import ADDRESS, APPLICANT, POST, accepted_case, ready_case


def test_a_returned_parcel_is_recorded_and_then_handed_over(cli, intake_store, clerk):
    case = ready_case(intake_store, clerk, DeliveryChoice(DeliveryMethod.POST, ADDRESS))
    garbage = cli("case", "post", case.case_no, "--waybill", "abc")
    assert garbage.returncode != 0 and "8至30位字母或数字" in garbage.stderr
    assert "Traceback" not in garbage.stderr
    assert cli("case", "post", case.case_no, "--waybill", "EA111111111CN").returncode == 0
    other = cli("case", "post", case.case_no, "--waybill", "EA222222222CN")
    assert other.returncode != 0 and "--reason" in other.stderr

    back = cli("case", "post", case.case_no, "--returned", "--reason", "查无此人", "--json")
    assert back.returncode == 0, back.stderr
    assert json.loads(back.stdout)["returned_waybill"] == "EA111111111CN"
    text = cli("case", "handover", case.case_no, "--id-number", APPLICANT)
    assert text.returncode == 0, text.stderr
    assert case_plaintext.case_document(intake_store, case.case_id)["state"] == "delivered"


def test_case_delivery_switches_a_pick_up_to_post(cli, intake_store, clerk):
    case = accepted_case(intake_store, clerk)
    vague = cli(
        "case", "delivery", case.case_no, "--post", "--address", "x", "--reason", "要求邮寄"
    )
    assert vague.returncode != 0 and "门牌号" in vague.stderr
    done = cli(
        "case", "delivery", case.case_no, "--post", "--address", ADDRESS, "--reason", "要求邮寄"
    )
    assert done.returncode == 0, done.stderr
    assert "邮寄送达" in done.stdout and "上海市徐汇区****" in done.stdout
    assert (
        case_plaintext.case_document(intake_store, case.case_id)["delivery"]["address"] == ADDRESS
    )
    mixed = cli("case", "delivery", case.case_no, "--pickup", "--address", ADDRESS, "--reason", "r")
    assert mixed.returncode != 0 and "--address" in mixed.stderr


def test_results_show_since_when_and_how_many_days_each_waited(cli, intake_store, clerk):
    case = ready_case(intake_store, clerk, day=1)  # reported ready on 2026-09-25, hall time
    before = (hall_today() - date(2026, 9, 25)).days
    listed = json.loads(cli("results", "--json").stdout)["results"]
    after = (hall_today() - date(2026, 9, 25)).days
    assert [r["case_no"] for r in listed] == [case.case_no]
    assert listed[0]["ready_since"] == "2026-09-25T02:00:00.000000Z"
    assert before <= listed[0]["days_waiting"] <= after
    assert f"已等{listed[0]['days_waiting']}天" in cli("results").stdout


def _edit_address(cli, store, case_no: str, value: str):
    """``case edit --field address`` by a clerk with a supervisor's approval."""
    accounts = Accounts(store)
    accounts.add_user("clerk7", PASSWORD, "clerk")
    accounts.add_user("chief7", PASSWORD, "supervisor")
    return cli(
        "case", "edit", case_no, "--field", "address", "--value", value,
        "--reason", "申请人搬家", "--by", "clerk7", "--approved-by", "chief7",
        "--password-stdin", input=f"{PASSWORD}\n{PASSWORD}\n",
    )  # fmt: skip


def test_an_address_edit_warns_that_the_result_still_goes_to_the_chosen_address(
    cli, intake_store, clerk
):
    case = accepted_case(intake_store, clerk, POST)

    done = _edit_address(cli, intake_store, case.case_no, "上海市闵行区七莘路100号")

    assert done.returncode == 0, done.stderr
    zh, en = done.stderr.splitlines()
    assert zh.startswith(f"注意：办件 {case.case_no} 的结果仍将寄往原邮寄地址（上海市徐汇区****）")
    assert f"counter-app case delivery {case.case_no} --post --address" in en


def test_an_address_edit_to_the_postal_address_as_typed_with_spaces_warns_of_nothing(
    cli, intake_store, clerk
):
    case = accepted_case(intake_store, clerk, POST)

    done = _edit_address(cli, intake_store, case.case_no, f"  {ADDRESS}  ")

    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    document = case_plaintext.case_document(intake_store, case.case_id)
    assert document["applicant"]["address"] == ADDRESS
