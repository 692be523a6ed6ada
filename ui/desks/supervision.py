"""The hall's work for supervisors and administrators: every window's cases and their
reviews, the statistics, problem cases, the end of the day, deferrals coming due and bad
ratings' follow-ups. Each call checks the role of who signed in here."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from counter_app.domain.evaluation import FollowupStep
from counter_app.domain.hall_time import hall_today
from counter_app.services import evaluations
from counter_app.services.approval import SUPERVISOR_ROLES, authorise
from counter_app.store import case_history as history_rows
from ui.desks.signed_in import SignedInStore
from ui.facade_types import DeferralsDue, InPlaceApproval, QueueFilter

if TYPE_CHECKING:
    from counter_app.services.auth import User
    from counter_app.services.deferrals import ApplicantContact
    from counter_app.services.end_of_day import DayReport, SignOff
    from counter_app.services.hall_queue import QueueEntry
    from counter_app.services.problems import ProblemCase
    from counter_app.services.reviews import Review
    from counter_app.services.statistics import Period, Statistics
    from counter_app.store.case_integrity import AlteredCase
    from counter_app.store.end_of_day import SignOffRow


class SupervisorDesk(SignedInStore):
    """The supervisor's and administrator's tabs."""

    # The sign-in whose reading of the deferrals list is logged: once per sign-in, not at
    # each of the refreshes every case change brings.
    _deferrals_read_by: User | None = None

    # -- hall queue (supervisors and administrators) ------------------------------------
    def hall_queue(self, view: QueueFilter, *, limit: int, offset: int = 0) -> list[QueueEntry]:
        """A page of every window's cases of the hall, newest first (masked: no personal
        data at all). Only a supervisor or an administrator may."""
        from counter_app.services.hall_queue import read_queue
        from counter_app.store.hall_queue import QueueQuery, due_soon_on, overdue_on

        self._require_role(SUPERVISOR_ROLES, "hall_queue.read")
        today = hall_today()
        query = QueueQuery(
            text=view.text,
            state=view.state,
            promised=overdue_on(today)
            if view.time_limit == "overdue"
            else due_soon_on(self.store, today)
            if view.time_limit == "due_soon"
            else None,
        )
        entries = read_queue(self.store, query, today=today, limit=limit, offset=offset)
        if view.review is None:
            return entries
        reviews = self.review_states([e.case_id for e in entries])
        return [e for e in entries if reviews[e.case_id] == view.review]

    def review_states(self, case_ids: list[str]) -> dict[str, str]:
        """The review state (received, edited, has_issues, approved, rejected) of each case
        of the hall."""
        from counter_app.services.reviews import current_versions, review_states

        return review_states(self.store, current_versions(self.store, case_ids))

    def review_cases(self, case_ids: list[str], state: str, reason: str) -> list[Review]:
        """The signed-in supervisor's review of cases of any window, all alike; sent at the
        next sync."""
        from counter_app.services.reviews import review_cases

        return review_cases(self.store, self.signed_in(), case_ids, state, reason)

    def hall_queue_marker(self) -> tuple[int, int]:
        """Grows whenever the queue may have changed: a case here, or a feed item arrived."""
        from counter_app.store.hall_queue import last_hall_sequence

        return history_rows.last_case_event(self.store), last_hall_sequence(self.store)

    # -- statistics (supervisors and administrators) ------------------------------------
    def statistics(self, period: Period) -> Statistics:
        """The charts' figures for ``period`` (no personal data)."""
        from counter_app.services.statistics import compute

        self._require_role(SUPERVISOR_ROLES, "statistics.read")
        return compute(self.store, period)

    def export_statistics(self, stats: Statistics, path: Path) -> Path:
        """``stats`` written to ``path`` as CSV (``counter_app.services.statistics.csv_rows``);
        the audit log names who took which period's figures to which file."""
        from counter_app.services.statistics import export_csv

        supervisor = self._require_role(SUPERVISOR_ROLES, "statistics.export")
        export_csv(self.store, stats, path, supervisor.username)
        return path

    # -- problem cases (supervisors and administrators) ---------------------------------
    def problem_cases(self) -> list[ProblemCase]:
        """The hall's cases the platform refused or holds in conflict, this workstation's
        first, each with the newest instruction about it (masked: no personal data)."""
        from counter_app.services.problems import problem_cases

        self._require_role(SUPERVISOR_ROLES, "problems.read")
        return problem_cases(self.store, today=hall_today())

    # -- end of day (supervisors and administrators) ------------------------------------
    def day_report(self, day: date) -> DayReport:
        """The hall day's figures per window and for the hall, and its reconciliation with
        the platform; its records not checked yet (``day_record_check``)."""
        from counter_app.services.end_of_day import day_report

        self._require_role(SUPERVISOR_ROLES, "day.report")
        return day_report(self.store, day)

    def day_record_check(self, day: date) -> tuple[AlteredCase, ...]:
        """The day's cases whose local record was altered or deleted outside the program."""
        from counter_app.services.end_of_day import record_check

        self._require_role(SUPERVISOR_ROLES, "day.report")
        return record_check(self.store, day)

    def day_sign_offs(self, day: date) -> list[SignOffRow]:
        """The sign-offs of ``day`` made at this workstation, oldest first."""
        from counter_app.store.end_of_day import sign_offs_of

        self._require_role(SUPERVISOR_ROLES, "day.report")
        return [row for row, _delivered_at in sign_offs_of(self.store, day)]

    def sign_off_day(self, day: date, approval: InPlaceApproval, lang: str) -> SignOff:
        """``approval``'s supervisor or administrator (authenticated here, with the one-time
        code their role needs: failures count towards the lockout) signs the day off; the signed report is archived and the
        sign-off queued for the platform's next sync."""
        from counter_app.services.end_of_day import SIGN_OFF_ACTION, checked_day_report
        from printing.day_report import sign_off_and_archive

        self._require_role(SUPERVISOR_ROLES, SIGN_OFF_ACTION)
        supervisor = authorise(
            self.accounts,
            approval.username,
            approval.password,
            roles=SUPERVISOR_ROLES,
            action=SIGN_OFF_ACTION,
            target=day.isoformat(),
            code=approval.code,
            signed_in=self.signed_in(),
        )
        report = checked_day_report(self.store, day)
        sign_off, _ = sign_off_and_archive(self.store, self.store.home, report, supervisor, lang)
        return sign_off

    # -- deferrals coming due (supervisors and administrators) -------------------------
    def due_deferrals(self, within_days: int) -> DeferralsDue:
        """The hall's open deferrals due within ``within_days`` of today, overdue ones
        included, soonest first: the supervisor's follow-up (supervisors and administrators
        only)."""
        from counter_app.services.deferrals import open_deferrals, record_viewed
        from counter_app.store.calendar import working_calendar

        viewer = self._require_role(SUPERVISOR_ROLES, "deferrals.view")
        today = hall_today()
        deferrals = open_deferrals(self.store, today=today, due_within=within_days)
        if deferrals and self._deferrals_read_by is not viewer:
            # Logged once per sign-in (the command line's ``counter-app deferrals`` at each
            # reading), not at each of the refreshes every case change brings.
            self._deferrals_read_by = viewer
            record_viewed(self.store, viewer.username, deferrals, within_days)
        return DeferralsDue(today, deferrals, working_calendar(self.store).covered_years)

    def deferral_contact(self, case_id: str) -> ApplicantContact:
        """The applicant's name and phone in clear, for the signed-in supervisor to call
        before the deferral falls due (audited; a clerk is refused)."""
        from counter_app.services.deferrals import contact_applicant

        return contact_applicant(self.store, case_id, self.signed_in())

    # -- bad ratings' follow-ups (好差评) -------------------------------------------------
    def rating_followups(self) -> list[evaluations.Followup]:
        """Every bad rating's follow-up, overdue ones first (supervisors and administrators)."""
        self._require_role(SUPERVISOR_ROLES, "evaluations.followups")
        return evaluations.list_followups(self.store)

    def record_followup_step(self, case_id: str, step: str, note: str) -> None:
        """The signed-in supervisor's step in the follow-up of ``case_id``'s bad rating."""
        user = self._require_role(SUPERVISOR_ROLES, "case.evaluation_followup")
        evaluations.record_followup_step(
            self.store, case_id, FollowupStep(step), note, by=user.username
        )
