"""Names people read: a 容缺 case ended for materials never brought is 逾期未补齐 (补齐, the
deferred materials), not 补正 (a correction the department asks for); an edit in a case's
history is named by what it did."""

from __future__ import annotations

from counter_app.domain.case_states import STATE_NAMES, CaseState, edit_name


def test_a_terminated_deferral_is_named_for_the_materials_not_supplied() -> None:
    zh, _en = STATE_NAMES[CaseState.DEFERRED_TERMINATED]
    assert zh == "容缺终止（逾期未补齐）"
    assert not any("逾期未补正" in name for name, _ in STATE_NAMES.values())


def test_an_edit_is_named_by_what_it_did() -> None:
    assert edit_name({"data_version": 3, "posted": True}, "zh") == "结果已邮寄"
    assert edit_name({"data_version": 2, "paid": "pos", "fee_cents": 2000}, "en") == "Fee paid"
    assert edit_name({"data_version": 4, "waited_working_days": 2, "resumed": True}, "zh") == (
        "特别程序结束，承诺日期顺延"
    )
    assert edit_name({"data_version": 2}, "zh") == "修改"
