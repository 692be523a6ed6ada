"""Alt+E in the case detail of a case with an agent (代办人) offers the agent's name, phone
and relation too; the supervisor-approved correction reaches the case's agent. An edit of
a case decided in a 一件事 says under the case which other cases of it were corrected too."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt

from counter_app.config import load_config
from counter_app.identity.simulator import SimulatedReader
from counter_app.services import intake
from counter_app.services.auth import Accounts, User
from counter_app.services.intake_request import AgentInput
from counter_app.store import case_plaintext
from counter_app.store.database import open_store
from tests.printing.bundle_cases import elder_bundle
from tests.services.conftest import PASSWORD as CHIEF_PASSWORD
from tests.services.conftest import complete_marks, item_named, request_for, resident_number
from tests.ui.conftest import login, training_home, window_on
from ui.correction import ApplicantEditDialog

SPOUSE = AgentInput(
    name="李四",
    id_type="111",
    id_number=resident_number("31010419900215002"),
    phone="13800000000",
    relation="配偶",
)


def test_a_case_without_an_agent_offers_only_the_applicants_data(qtbot) -> None:
    dialog = ApplicantEditDialog("SH-0001")
    qtbot.addWidget(dialog)
    assert [dialog.field.itemData(i) for i in range(dialog.field.count())] == [
        "name",
        "phone",
        "address",
    ]


def test_the_agents_phone_is_corrected_from_the_case_detail(qtbot, tmp_path: Path) -> None:
    home, config = training_home(tmp_path / "home")
    with open_store(home, config) as store:
        Accounts(store).add_user("chief9", CHIEF_PASSWORD, "supervisor")
        clerk = User("clerk9", "窗口九", "clerk", None, False)
        item = item_named(store, "老年综合津贴申领")
        request = replace(request_for(item, complete_marks(item)), agent=SPOUSE)
        case = intake.accept(store, request, clerk)
    with window_on(qtbot, (home, config), SimulatedReader(use_pty=False)) as app:
        login(qtbot, app)
        cases = app.window.cases
        cases.query.setText(case.case_no)
        with qtbot.waitSignal(cases.loaded, timeout=30_000):
            qtbot.keyClick(cases.query, Qt.Key.Key_Return)
        detail = cases.open_case(case.case_id)
        qtbot.waitUntil(lambda: detail.detail is not None, timeout=20_000)
        detail.activateWindow()
        qtbot.keyClick(detail, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: detail.applicant_edit is not None)
        dialog = detail.applicant_edit
        qtbot.waitUntil(dialog.isVisible)
        offered = {
            dialog.field.itemData(i): dialog.field.itemText(i) for i in range(dialog.field.count())
        }
        assert offered["agent_phone"] == "代办人联系电话"
        assert set(offered) == {
            "name",
            "phone",
            "address",
            "agent_name",
            "agent_phone",
            "agent_relation",
        }
        dialog.field.setCurrentIndex(dialog.field.findData("agent_phone"))
        qtbot.keyClicks(dialog.value, "13811112222")
        dialog.reason.setPlainText("代办人报错号码")  # Chinese comes from the IME
        qtbot.keyClicks(dialog.supervisor, "chief9")
        qtbot.keyClicks(dialog.password, CHIEF_PASSWORD)
        with qtbot.waitSignal(detail.loaded, timeout=30_000):
            qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        history = " ".join(
            detail.events.item(row, 4).text() for row in range(detail.events.rowCount())
        )
        assert "138****0000" in history and "138****2222" in history
        assert "13811112222" not in history  # a clerk sees it masked
        detail.close()
    with open_store(home, load_config(home)) as store:
        document = case_plaintext.case_document(store, case.case_id)
    assert document["agent"]["phone"] == "13811112222"
    assert document["applicant"]["phone"] != "13811112222"


def test_an_edit_of_a_bundle_case_says_what_it_did_to_the_others(qtbot, tmp_path: Path) -> None:
    home, config = training_home(tmp_path / "home")
    with open_store(home, config) as store:
        Accounts(store).add_user("chief9", CHIEF_PASSWORD, "supervisor")
        clerk = User("clerk9", "窗口九", "clerk", None, False)
        first, other = elder_bundle(store, clerk).cases
    with window_on(qtbot, (home, config), SimulatedReader(use_pty=False)) as app:
        login(qtbot, app)
        cases = app.window.cases
        cases.query.setText(first.case_no)
        with qtbot.waitSignal(cases.loaded, timeout=30_000):
            qtbot.keyClick(cases.query, Qt.Key.Key_Return)
        detail = cases.open_case(first.case_id)
        qtbot.waitUntil(lambda: detail.detail is not None, timeout=20_000)
        assert detail.waiting_label.isHidden()
        detail.activateWindow()
        qtbot.keyClick(detail, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: detail.applicant_edit is not None)
        dialog = detail.applicant_edit
        qtbot.waitUntil(dialog.isVisible)
        dialog.field.setCurrentIndex(dialog.field.findData("phone"))
        qtbot.keyClicks(dialog.value, "13811112222")
        dialog.reason.setPlainText("申请人报错号码")  # Chinese comes from the IME
        qtbot.keyClicks(dialog.supervisor, "chief9")
        qtbot.keyClicks(dialog.password, CHIEF_PASSWORD)
        with qtbot.waitSignal(detail.loaded, timeout=30_000):
            qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        qtbot.waitUntil(detail.waiting_label.isVisible, timeout=10_000)
        assert other.case_no in detail.waiting_label.text()
        detail.close()
