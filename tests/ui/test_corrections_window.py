"""补正 and the supervisor-approved edit of the applicant's data in the window, from the
keyboard: the case list marks a case waiting for a correction, its detail says what to
correct, Alt+C records it and the 补正材料收取凭证 prints; Alt+E corrects a typo in the
applicant's data with a supervisor's credentials, and the history shows old and new masked."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from counter_app.config import load_config
from counter_app.identity.simulator import SimulatedReader
from counter_app.services import case_progress, intake
from counter_app.services.auth import Accounts, User
from counter_app.store import case_history as history_rows
from counter_app.store import case_plaintext
from counter_app.store.database import open_store
from tests.services.conftest import PASSWORD as CHIEF_PASSWORD
from tests.services.conftest import complete_marks, item_named, request_for
from tests.ui.conftest import login, training_home, window_on

ALLOWANCE = "老年综合津贴申领"


def _seed(tmp_path: Path, *, asked: bool):
    """A training home with one accepted allowance case (asked to correct its application
    form when ``asked``) and a supervisor chief9; the home and the case."""
    home, config = training_home(tmp_path / "home")
    with open_store(home, config) as store:
        Accounts(store).add_user("chief9", CHIEF_PASSWORD, "supervisor")
        clerk = User("clerk9", "窗口九", "clerk", None, False)
        item = item_named(store, ALLOWANCE)
        case = intake.accept(store, request_for(item, complete_marks(item)), clerk)
        if asked:
            case_progress.apply_progress(
                store, case.case_id, "correction_requested", note="申请表签名不清",
                materials=("M04",),
            )  # fmt: skip
    return (home, config), case


def _open(qtbot, app, case):
    cases = app.window.cases
    cases.query.setText(case.case_no)
    with qtbot.waitSignal(cases.loaded, timeout=30_000):
        qtbot.keyClick(cases.query, Qt.Key.Key_Return)
    detail = cases.open_case(case.case_id)
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=20_000)
    detail.activateWindow()
    return cases, detail


def _facts(detail) -> str:
    layout = detail.facts
    return "\n".join(
        layout.itemAt(row, layout.ItemRole.FieldRole).widget().text()
        for row in range(layout.rowCount())
    )


def test_the_clerk_records_a_correction_and_its_voucher_prints(qtbot, tmp_path: Path) -> None:
    seeded, case = _seed(tmp_path, asked=True)
    with window_on(qtbot, seeded, SimulatedReader(use_pty=False)) as app:
        login(qtbot, app)
        cases, detail = _open(qtbot, app, case)
        assert cases.model.rows[0].state == "correction_requested"
        row_text = [
            str(cases.model.index(0, column).data()) for column in range(cases.model.columnCount())
        ]
        assert "待补正" in row_text
        facts = _facts(detail)
        assert "申请表签名不清" in facts and "上海市老年综合津贴申请表" in facts
        assert detail.correct_button.isEnabled()

        qtbot.keyClick(detail, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: detail.correction is not None and detail.correction.isVisible())
        dialog = detail.correction
        assert dialog.materials.count() == 1
        assert "上海市老年综合津贴申请表" in dialog.materials.item(0).text()
        with qtbot.waitSignal(detail.loaded, timeout=30_000):
            qtbot.keyClick(dialog.materials, Qt.Key.Key_Return)
        qtbot.waitUntil(
            lambda: any(
                d.kind == "correction" and d.print_status == "printed"
                for d in detail.detail.documents
            ),
            timeout=60_000,
        )
        assert detail.detail.state == "in_process"
        assert not detail.correct_button.isEnabled()
        history = [detail.events.item(row, 3).text() for row in range(detail.events.rowCount())]
        assert any("待补正 → 办理中" in text for text in history), history
        detail.close()
    with open_store(seeded[0], load_config(seeded[0])) as store:
        events = history_rows.case_history(store, case.case_id).events
    assert [e.actor for e in events if e.to_state == "in_process"] == ["clerk01"]


def test_a_typo_in_the_phone_is_corrected_with_a_supervisors_approval(
    qtbot, tmp_path: Path
) -> None:
    seeded, case = _seed(tmp_path, asked=False)
    with window_on(qtbot, seeded, SimulatedReader(use_pty=False)) as app:
        login(qtbot, app)
        _, detail = _open(qtbot, app, case)
        qtbot.keyClick(detail, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: detail.applicant_edit is not None)
        dialog = detail.applicant_edit
        qtbot.waitUntil(dialog.isVisible)
        dialog.field.setCurrentIndex(dialog.field.findData("phone"))
        qtbot.keyClicks(dialog.value, "13911112222")
        dialog.reason.setPlainText("申请人报错号码")  # Chinese comes from the IME
        qtbot.keyClicks(dialog.supervisor, "chief9")
        qtbot.keyClicks(dialog.password, "wrong")
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        qtbot.waitUntil(dialog.error.isVisible, timeout=20_000)
        assert "密码" in dialog.error.text() or "账号" in dialog.error.text()
        qtbot.keyClicks(dialog.password, CHIEF_PASSWORD)
        with qtbot.waitSignal(detail.loaded, timeout=30_000):
            qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        history = " ".join(
            detail.events.item(row, 4).text() for row in range(detail.events.rowCount())
        )
        assert "139****0000" in history and "139****2222" in history
        assert "13911112222" not in history  # a clerk sees it masked
        assert "13911112222" not in _facts(detail)
        detail.close()
    with open_store(seeded[0], load_config(seeded[0])) as store:
        document = case_plaintext.case_document(store, case.case_id)
    assert document["applicant"]["phone"] == "13911112222"
    assert document["applicant_edits"][0]["approved_by"] == "chief9"
