"""What the identity panel derives and checks as the clerk enters the applicant: a typed
nationality sets the document language's default as a read one does (a language the clerk
chose stays), and a name or address with a character no printing font draws is warned
about at once, on the worker, while accepting stays possible."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from counter_app.domain.id_types import DocKind
from counter_app.identity.document import DocType, IdentityDocument
from tests.ui.conftest import login
from tests.ui.intake_steps import choose_residence_item
from ui.intake.identity_panel import IdentityPanel


def passport_panel(qtbot) -> IdentityPanel:
    panel = IdentityPanel()
    qtbot.addWidget(panel)
    panel.kind.setCurrentIndex(panel.kind.findData(DocKind.PASSPORT.value))
    assert panel.language() == "zh-en"
    return panel


def test_a_typed_chinese_nationality_gives_chinese_documents(qtbot) -> None:
    panel = passport_panel(qtbot)
    qtbot.keyClicks(panel.nation, "CHN")
    qtbot.keyClicks(panel.id_number, "E12345678")
    assert panel.language() == "zh"
    panel.nation.selectAll()
    qtbot.keyClicks(panel.nation, "USA")
    assert panel.language() == "zh-en"


def test_a_language_the_clerk_chose_stays_when_the_nationality_is_typed(qtbot) -> None:
    panel = passport_panel(qtbot)
    qtbot.keyClicks(panel.nation, "CHN")
    assert panel.language() == "zh"
    qtbot.keyClick(panel.document_language, Qt.Key.Key_Down)  # the applicant asks for both
    assert panel.language() == "zh-en"
    panel.nation.selectAll()
    qtbot.keyClicks(panel.nation, "CHN ")  # a nationality retyped keeps the choice
    assert panel.language() == "zh-en"


def test_an_unprintable_name_is_warned_about_as_it_is_typed(qtbot, running) -> None:
    login(qtbot, running)
    intake = running.window.intake
    identity = intake.identity
    qtbot.waitUntil(lambda: bool(intake.items), timeout=20_000)
    name = "王\U00030000明"  # CJK Extension G: a real character no printing font has
    with qtbot.waitSignal(
        identity.print_check_requested, check_params_cb=lambda texts: texts == [name, "", "", ""]
    ):
        identity.name.insert(name)  # as an input method commits it
    qtbot.waitUntil(identity.print_warning.isVisible, timeout=20_000)
    assert identity.print_warning.text().startswith(
        "姓名中的 “\U00030000”（U+30000） 打印字体里没有"
    )
    # The clerk can still go on: the warning blocks nothing (issuing refuses the document).
    qtbot.keyClicks(identity.id_number, "110101199003070038")
    choose_residence_item(qtbot, intake)
    assert intake.summary is not None
    assert not identity.problems()

    with qtbot.waitSignal(identity.print_check_requested):
        identity.name.setText("王明")
    qtbot.waitUntil(lambda: not identity.print_warning.isVisible(), timeout=20_000)


def test_a_card_read_with_an_unprintable_address_is_warned_about(qtbot, running) -> None:
    login(qtbot, running)
    intake = running.window.intake
    identity = intake.identity
    card = IdentityDocument(
        doc_type=DocType.RESIDENT_ID,
        name="王建国",
        id_number="110101199003070038",
        sex="男",
        nation="汉",
        birth_date=date(1990, 3, 7),
        address="北京市东城区\U00030000胡同1号",
    )
    with qtbot.waitSignal(identity.print_check_requested) as asked:
        intake.card_read(card)
    assert asked.args == [["王建国", "", "110101199003070038", "北京市东城区\U00030000胡同1号"]]
    qtbot.waitUntil(identity.print_warning.isVisible, timeout=20_000)
    assert "U+30000" in identity.print_warning.text()
