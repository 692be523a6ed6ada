"""The window's item search offers what the chosen applicant type may apply for (服务对象):
a person's items for a person, an enterprise's for a 法人, and the list follows a change of
type at once."""

from __future__ import annotations

from tests.ui.conftest import login


def _offered(intake, text: str) -> list[str]:
    intake.search.query.setText(text)
    intake.search.run_search_now()
    results = intake.search.results
    return [results.item(row).text() for row in range(results.count())]


def test_the_item_search_offers_what_the_applicant_type_may_apply_for(qtbot, running) -> None:
    login(qtbot, running)
    intake = running.window.intake
    qtbot.waitUntil(lambda: bool(intake.items), timeout=20_000)
    assert any("居住证签注" in label for label in _offered(intake, "居住证"))
    assert not any("卫生许可" in label for label in _offered(intake, "卫生许可"))

    chooser = intake.identity.applicant_type
    chooser.setCurrentIndex(chooser.findData("enterprise"))
    assert any("公共场所卫生许可" in label for label in _offered(intake, "卫生许可"))
    assert not any("居住证" in label for label in _offered(intake, "居住证"))
    intake.search.query.setText("卫生许可")
    chooser.setCurrentIndex(chooser.findData("person"))  # the list follows the type at once
    results = intake.search.results
    assert not any("卫生许可" in results.item(r).text() for r in range(results.count()))
