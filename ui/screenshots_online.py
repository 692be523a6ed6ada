"""The screenshot tour's online-channel states (线上线下融合), at the clerk's window.

- ``02d-intake-appointment``: an appointment holder's card read - the training hall's sample
  appointment, booked on its platform (as the 随申办 app would), and the priority ticket the
  hall's queue system issued for it; ``02e-ticket-called``: that ticket called with F12.
- ``05b-checklist-pending-verification``: a 全市通办 item taken while the platform is stopped:
  its e-licence looked up (F4) offline, so the material is 免交 but 待核验;
  ``07a-print-preview-routed``: its receipt, naming the accepting hall and the department
  that handles it; ``10a-case-detail-routed``: that case once the platform is back - routed to the owning
  district's department, and the register's answer (no such licence: a task for the clerk
  and the supervisor, flagged in the hall queue); ``10b-elicence-tasks``: that task in the
  电子证照核验 tab, where the clerk closes it with the paper material or a new lookup.

Everything goes through the window and the training hall's platform as a clerk and an
operator would use them: nothing is written into the window's stores behind its back.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from counter_app.services.training_samples import APPOINTMENT_HOLDER, PREAPP_APPLICANT
from counter_app.store.elicence_checks import checks_in_state
from ui.app import RunningApp
from ui.screenshot_tools import (
    Shooter,
    accept_filled_form,
    on_worker,
    settle,
    shoot_loaded,
    wait_until,
)

# 王建国 (the training tray's first card): no sample appointment nor pre-application.
CARD = "resident"
# 陈𪚥: the training hall's sample appointment of the day (APPOINTMENT_HOLDER).
APPOINTMENT_CARD = "resident_rare"
# 残疾人证换领（全市通办）: accepted at any hall, handled by Pudong's 残联 (the catalog says so).
ROUTED_ITEM = "11310115425014033B008000200001"
# The window gives up on a platform that does not answer after its read timeout (30 s,
# sync.transport); room for that on a slow machine.
PLATFORM_STOPPED_TIMEOUT = 90.0


def sample_arrivals_synced(running: RunningApp) -> None:
    """Wait until the training hall's sample pre-application, made on its platform at the
    start, has come to the window through the arrivals feed (its first sync)."""
    window = running.window
    window.session.sync_now_requested.emit()
    applicant_number = PREAPP_APPLICANT[1]
    wait_until(
        lambda: bool(on_worker(window, lambda ws: ws.expected_arrivals(applicant_number))),
        timeout=60,
    )


def appointment_states(running: RunningApp, shooter: Shooter) -> None:
    """02d and 02e: the ticket called. The card is 陈𪚥's, whose appointment of the day the
    training hall books on its platform at every start (as the 随申办 app would); the tour
    reads it nowhere else. The holder then does not come to the counter (未到) and comes back
    to the ticket machine, which queues the ticket again with its priority: the tour's next
    pass reads the card as this one did."""
    window = running.window
    intake = window.intake
    holder_number = APPOINTMENT_HOLDER[1]

    def appointment_id() -> str | None:
        found = on_worker(window, lambda ws: ws.expected_arrivals(holder_number))
        return next((arrival.arrival_id for arrival in found if arrival.appointment), None)

    window.session.sync_now_requested.emit()
    wait_until(lambda: appointment_id() is not None, timeout=60)
    intake.next_applicant(confirm=False)
    reader: Any = running.reader
    reader.place(APPOINTMENT_CARD)
    wait_until(lambda: " · " in intake.arrival_banner.text())  # with its ticket's note
    reader.remove()
    shooter.shot("02d-intake-appointment")
    bar = window.ticket_bar
    bar.step("call")
    wait_until(lambda: bar.ticket is not None and bar.ticket.state == "called")
    shooter.shot("02e-ticket-called")
    bar.step("noshow")
    wait_until(lambda: bar.ticket is None)
    hall = window.session.config.hall.hall_code
    booked = appointment_id()
    assert booked is not None
    window.training.run_central("ticket", "issue", "--hall", hall, "--appointment", booked)
    intake.next_applicant(confirm=False)


def routed_states(running: RunningApp, shooter: Shooter) -> None:
    """05b, 07a, 10a and 10b: a 全市通办 case whose e-licence was looked up with the platform stopped."""
    window = running.window
    intake = window.intake
    intake.next_applicant(confirm=False)
    reader: Any = running.reader
    reader.place(CARD)
    wait_until(lambda: bool(intake.identity.name.text()))
    reader.remove()
    intake.choose_item(ROUTED_ITEM)
    with platform_stopped(window.training):
        intake.look_up_elicences()  # F4: the card read is the applicant's consent
        wait_until(lambda: bool(intake.licences), timeout=PLATFORM_STOPPED_TIMEOUT)
        shooter.shot("05b-checklist-pending-verification")
        intake.checklist.receive_all_required()
        stored: list[str] = []
        intake.case_stored.connect(stored.append)
        accept_filled_form(intake, shooter, preview="07a-print-preview-routed")
        wait_until(lambda: bool(stored))
        intake.case_stored.disconnect(stored.append)
    case_id = stored[0]
    # Back online: the case syncs, the platform routes it, the register answers the check.
    window.session.sync_now_requested.emit()
    wait_until(
        lambda: any(
            check.case_id == case_id
            for check in on_worker(window, lambda ws: checks_in_state(ws.store, "failed"))
        ),
        timeout=60,
    )
    window.work.setCurrentWidget(window.cases)
    detail = window.cases.open_case(case_id)
    wait_until(lambda: detail.detail is not None)
    shooter.shot("10a-case-detail-routed", detail)
    detail.close()
    shoot_loaded(shooter, window.elicence_tasks, "10b-elicence-tasks")
    window.work.setCurrentWidget(intake)
    intake.next_applicant(confirm=False)


@contextmanager
def platform_stopped(training: Any) -> Iterator[None]:
    """The training platform stopped (SIGSTOP) and continued afterwards: to the window it
    does not answer, as a platform out of reach."""
    pid = training.process.pid
    os.killpg(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.killpg(pid, signal.SIGCONT)
        settle()
