"""Cases accepted with deferred (容缺) materials, for the tests of supplying them, listing
them by due date and ending them (services, command line, sync, printing and the window)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from counter_app.config import Config
from counter_app.domain.checklist import MaterialStatus
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import Accounts, User
from counter_app.store import cases as case_rows
from counter_app.store.database import Store, open_store
from tests.services.conftest import (
    MOMENT,
    PASSWORD,
    complete_marks,
    item_named,
    request_for,
)

ALLOWANCE = "老年综合津贴申领"  # promised 10 working days; M03 is not core
TWO_NON_CORE = "就业困难人员认定"  # M04 and M05 are not core


def deferred_case(
    store: Store, clerk: User, supervisor: User, *, deferred: int = 1, with_phone: bool = True
) -> str:
    """A case accepted with its first ``deferred`` non-core materials deferred (the
    applicant's phone 13900000000, or none)."""
    item = item_named(store, ALLOWANCE if deferred == 1 else TWO_NON_CORE)
    optional = {m.code for m in item.default_situation.materials if m.required and not m.core}
    marks = complete_marks(item)
    positions = [i for i, mark in enumerate(marks) if mark.code in optional][:deferred]
    assert len(positions) == deferred
    for i in positions:
        marks[i] = replace(marks[i], status=MaterialStatus.DEFERRED, form=None, count=0)
    request = request_for(item, marks)
    if not with_phone:
        request = replace(request, applicant=replace(request.applicant, phone=None))
    return intake.accept_deferred(store, request, clerk, supervisor, now=MOMENT).case_id


def deferred_cases_at(
    home: Home, config: Config, due: Sequence[tuple[date, bool]]
) -> list[tuple[str, str]]:
    """In ``home``'s store: cases taken by clerk9 with one material deferred, approved by the
    supervisor chief9 (an account made here, password ``PASSWORD``), one per (deadline, with
    the applicant's phone) of ``due``; each one's (case id, case number)."""
    with open_store(home, config) as store:
        accounts = Accounts(store)
        accounts.add_user("chief9", PASSWORD, "supervisor")
        supervisor = accounts.authenticate("chief9", PASSWORD)
        clerk = User("clerk9", "窗口九", "clerk", None, False)
        made = []
        for deadline, with_phone in due:
            case_id = deferred_case(store, clerk, supervisor, with_phone=with_phone)
            backdate_deadlines(store, case_id, deadline)
            made.append((case_id, case_rows.get_case(store, case_id).case_no))
    return made


def deferred_codes(store: Store, case_id: str) -> list[str]:
    record = case_rows.get_case(store, case_id)
    return [m.code for m in record.materials if m.status == "deferred"]


def backdate_deadlines(store: Store, case_id: str, deadline: date) -> None:
    """The deadline as if the case had been accepted long ago (the CLI runs on today's date)."""
    store.db.execute(
        "UPDATE case_materials SET deadline = ? WHERE case_id = ? AND status = 'deferred'",
        (deadline.isoformat(), case_id),
    )
    store.db.commit()
