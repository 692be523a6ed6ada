"""The applicant's identity checked as the clerk types: the number against its document type
(the birth date and the sex it carries filled in, or compared), the name once left, and what must be
fixed before a decision."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from counter_app.domain.agents import is_organisation
from counter_app.domain.id_types import validate_identity
from counter_app.domain.idnumber import normalize_phone
from counter_app.domain.names import validate_name
from counter_app.errors import CounterError
from ui.i18n import error_text
from ui.intake.identity_reading import sex_shown
from ui.intake.state_labels import set_state

if TYPE_CHECKING:
    from ui.intake.identity_panel import IdentityPanel

# The panel's strings keep its Linguist context, where their translations are.
translate = QCoreApplication.translate


def validate_number(panel: IdentityPanel) -> bool:
    text = panel.id_number.text()
    if not text.strip():
        panel._hint("", ok=None)
        return False
    try:
        result = validate_identity(
            panel.id_type(),
            text,
            panel.current_kind(),
            organisation=is_organisation(panel.chosen_type()),
        )
    except CounterError as exc:
        panel._hint(error_text(exc), ok=False)
        return False
    if result.birth_date is not None:
        if not panel.birth.text():
            panel.birth.setText(result.birth_date.isoformat())
        elif panel.birth.text() != result.birth_date.isoformat():
            panel._hint(translate("IdentityPanel", "出生日期与证件号码不一致，请核对。"), ok=False)
            return False
    if result.sex is not None:
        if not panel.sex.value():
            panel.sex.setText(sex_shown(result.sex))
        elif panel.sex.value() != result.sex:
            panel._hint(translate("IdentityPanel", "性别与证件号码不一致，请核对。"), ok=False)
            return False
    panel._hint(translate("IdentityPanel", "号码校验通过"), ok=True)
    return True


def validate_typed_name(panel: IdentityPanel) -> None:
    if not panel.name.text():
        return
    try:
        validate_name(panel.name.text())
    except CounterError as exc:
        panel._hint(error_text(exc), ok=False)


def hint(panel: IdentityPanel, text: str, ok: bool | None) -> None:
    panel.id_hint.setText(text)
    set_state(panel.id_hint, {None: "", True: "ok", False: "bad"}[ok])


def problems(panel: IdentityPanel) -> list[str]:
    """What must be fixed before a decision; empty when the applicant is complete."""
    found = []
    if not panel.name.text().strip():
        found.append(translate("IdentityPanel", "请填写申请人姓名"))
    else:
        try:
            validate_name(panel.name.text())
        except CounterError as exc:
            found.append(error_text(exc))
    if not panel.id_number.text().strip():
        found.append(translate("IdentityPanel", "请读卡或填写证件号码"))
    elif not panel._validate_number():
        found.append(panel.id_hint.text())
    if panel.phone.text().strip():  # optional; when given, said before the confirmation
        try:
            normalize_phone(panel.phone.text())
        except CounterError as exc:
            found.append(error_text(exc))
    if panel.agent_on():
        found.extend(panel.agent.problems(panel.id_number.text()))
    return found
