"""Every identity text the papers print is checked for characters no printing font draws as
it is entered, not only the name and address: the English name (on every receipt, in every
language) and, with 代办 on, the agent's name, number and relation. The warning names the
field that holds the character, and goes when that text is no longer printed."""

from __future__ import annotations

from tests.ui.conftest import login
from ui.app import RunningApp

UNDRAWN = "\ue000"  # private use: no printing font has it


def test_an_unprintable_english_name_is_warned_about(qtbot, running: RunningApp) -> None:
    login(qtbot, running)
    identity = running.window.intake.identity
    with qtbot.waitSignal(
        identity.print_check_requested,
        check_params_cb=lambda texts: f"SMITH{UNDRAWN}" in texts,
    ):
        identity.english_name.insert(f"SMITH{UNDRAWN}")
    qtbot.waitUntil(identity.print_warning.isVisible, timeout=20_000)
    assert identity.print_warning.text().startswith(
        "英文姓名中的 “\ue000”（U+E000） 打印字体里没有，出具文书时会被拒绝"
    )


def test_the_agents_texts_are_checked_while_the_agent_is_present(
    qtbot, running: RunningApp
) -> None:
    login(qtbot, running)
    identity = running.window.intake.identity
    agent = identity.agent
    identity.name.setText("王明")
    identity.agent_switch.setChecked(True)
    with qtbot.waitSignal(
        identity.print_check_requested,
        check_params_cb=lambda texts: f"李{UNDRAWN}" in texts,
    ):
        agent.name.insert(f"李{UNDRAWN}")
    qtbot.waitUntil(identity.print_warning.isVisible, timeout=20_000)
    assert identity.print_warning.text().startswith("代办人姓名中的 “\ue000”（U+E000）")

    agent.relation.setEditText(f"表{UNDRAWN}")  # a relation typed in, printed as typed
    qtbot.waitUntil(
        lambda: identity.print_warning.text().startswith("代办人姓名、代办人关系/职务中的"),
        timeout=20_000,
    )

    # No agent: their texts are printed nowhere, and the warning goes.
    with qtbot.waitSignal(
        identity.print_check_requested, check_params_cb=lambda texts: "王明" in texts
    ):
        identity.agent_switch.setChecked(False)
    qtbot.waitUntil(lambda: not identity.print_warning.isVisible(), timeout=20_000)
