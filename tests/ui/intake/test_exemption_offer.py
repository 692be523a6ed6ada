"""The checklist offers 免交 only where a rule or the applicant's own e-licence can back it, and
never fills in a basis nobody found: a spouse's card is received, a licence type is no basis."""

from __future__ import annotations

import json
from importlib.resources import files

from counter_app.domain.catalog import ServiceItem, parse_catalog_release
from ui.intake.checklist import ChecklistPanel


def situation_materials(name: str, situation: str) -> list:
    raw = json.loads(files("counter_app.data").joinpath("catalog/training.json").read_text("utf-8"))
    item: ServiceItem = next(i for i in parse_catalog_release(raw).items if i.name == name)
    chosen = item.situation(situation)
    assert chosen is not None
    return list(chosen.materials)


def offered(panel: ChecklistPanel, code: str) -> list[str]:
    row = next(r for r in panel.rows if r.material.code == code)
    return [row.status.itemData(i) for i in range(row.status.count())]


def test_exempt_is_offered_only_where_it_can_be_backed(qtbot) -> None:
    panel = ChecklistPanel()
    qtbot.addWidget(panel)
    panel.set_materials(situation_materials("生育登记", "S01"))
    assert "exempt" not in offered(panel, "M01")  # 夫妻双方居民身份证: not only the applicant's
    assert "exempt" in offered(panel, "M03")  # 结婚证: the applicant's e-licence, looked up
    panel.set_materials(situation_materials("上海市居住证办理（首次申领）", "S01"))
    assert "exempt" not in offered(panel, "M22")  # no scope: nobody knows whose it issued
    assert "exempt" in offered(panel, "M21")  # 社保缴费记录: the department issues everyone's


def test_choosing_exempt_by_hand_gives_no_made_up_basis(qtbot) -> None:
    panel = ChecklistPanel()
    qtbot.addWidget(panel)
    panel.set_materials(situation_materials("生育登记", "S01"))
    row = next(r for r in panel.rows if r.material.code == "M03")
    row.status.setCurrentIndex(row.status.findData("exempt"))
    assert row.entry() == {"code": "M03", "status": "exempt", "exemption": ""}
    panel.lock_exempt({"M03": "电子证照：结婚证电子证照 J310104-2020-7（上海市徐汇区民政局）"})
    panel.lock_exempt({})  # the lookup no longer stands (another applicant)
    assert row.exemption.text() == ""
