"""The end of day (日结): one hall day's figures per window and for the hall, and the
reconciliation of this workstation's cases of the day against what the platform
acknowledged; then the supervisor's sign-off, kept to be delivered at the next sync.

Figures of this workstation's window come from its own cases; every other window's from the
hall queue (what the platform holds: decisions, fees, deferrals due, the hall's ratings, the
cases voided), so their documents, reprints, online ratings, voids' approvers and unsynced
cases are known only at their own workstation: each window's ``own_records_only`` names
them, and the hall's total of them is this workstation's alone, said so wherever it shows.
A window with unsynced cases is flagged, never left out.

A case counts on the day in its number for the decision the window took on it that day: an
acceptance, with deferred materials (容缺) or without, stays one after the back office took
the case on or the materials came, a notice (一次性告知) stays one after the applicant came
back and the case was accepted; a case withdrawn or voided since counts as such. Every PC
counts another window's case by the decision the platform's summary carries, so the hall's
figures are the same at each. A 一件事 bundle's cases count so too, each under its own item;
beside them each window's day says how many bundles it decided and how many cases they made.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from counter_app.domain.case_states import CaseState
from counter_app.domain.evaluation import BAD_LEVELS, EvaluationChannel
from counter_app.domain.hall_time import hall_today
from counter_app.errors import ValidationError
from counter_app.services.approval import SUPERVISOR_ROLES, require_role
from counter_app.services.auth import User
from counter_app.store import end_of_day as rows
from counter_app.store.case_integrity import AlteredCase, damaged_cases
from counter_app.store.database import Store
from counter_app.store.hall_queue import TimeLimitCounts, time_limit_counts
from counter_app.store.statistics import bundle_counts
from counter_app.store.timestamps import day_bounds, now_text

SIGN_OFF_ACTION = "day.sign_off"

# The decision a case of the day stands for, by its state now: a case accepted and since
# passed to the back office still counts as accepted (or as taken, ``day_decisions``).
_DECISION_OF_STATE: dict[str, str] = {
    CaseState.RECEIVED: "received",
    CaseState.ACCEPTED: "accepted",
    CaseState.IN_PROCESS: "accepted",
    CaseState.SUSPENDED: "accepted",
    CaseState.COMPLETED_APPROVED: "accepted",
    CaseState.COMPLETED_DENIED: "accepted",
    CaseState.RESULT_READY: "accepted",
    CaseState.CORRECTION_REQUESTED: "accepted",
    CaseState.DELIVERED: "accepted",
    CaseState.ACCEPTED_DEFERRED: "deferred",
    CaseState.DEFERRED_TERMINATED: "deferred",
    CaseState.NOTIFIED: "notified",
    CaseState.REFUSED: "refused",
    CaseState.WITHDRAWN: "withdrawn",
    CaseState.VOIDED: "voided",
}


# The decisions a state now may stand for that a case's first decision replaces.
_TAKEN_DECISIONS = ("accepted", "deferred", "refused")


def day_decisions(
    state: str, cases: int, with_deferral: int, notified_first: int
) -> dict[str, int]:
    """How ``cases`` cases of a day now in ``state`` count among the window's decisions of
    that day, ``with_deferral`` of them taken accepted with deferred materials (容缺受理) and
    ``notified_first`` notified (一次性告知): each as it was taken, once the materials came,
    the applicant came back or the back office took the case on, so the day's figures do not
    move with what came after it. A case withdrawn or voided since counts as such."""
    decision = _DECISION_OF_STATE.get(state, "received")
    if decision not in _TAKEN_DECISIONS:
        return {decision: cases}
    taken = {"notified": notified_first, "deferred": with_deferral}
    taken[decision] = taken.get(decision, 0) + cases - notified_first - with_deferral
    return taken


# What another window's workstation alone knows (``WindowDay`` field names): the hall queue
# carries none of it, so its row cannot show it and the hall's total counts this
# workstation's only.
OWN_RECORDS_ONLY = ("documents", "reprints", "online_ratings", "unsynced")


# A window's fees (``WindowDay`` field names, each with its ``_cents``): recorded, paid and
# still owed.
FEE_TOTALS = ("fees_recorded", "fees_paid", "fees_unpaid")
# The day's payments by how they were made, as the report lists them under the fees: taken
# at the window's POS terminal (what its settlement shows), confirmed by the payment
# platform, second payments of a fee paid both ways, and payments owed back by cases that
# ended without a result (the refunds recorded that day beside them: ``fees_refunded``).
PAYMENT_FIGURES = ("fees_pos", "fees_platform", "fees_twice", "fees_refund")
# Every fee figure of a row, in the report's order.
FEE_FIGURES = (*FEE_TOTALS, *PAYMENT_FIGURES)
# Those only the workstation that took the case knows: the hall queue says how another
# window's fees were paid only when twice (its ``payment_twice`` flag).
OWN_PAYMENT_RECORDS = ("fees_pos", "fees_platform", "fees_refund")


# 一件事 decided and the cases they made, in the words of the day's report, ``eod`` and
# ``stats``: 2 件（含办件 5 件）.
BUNDLE_FIGURE = ("{} 件（含办件 {} 件）", "{} ({} cases)")
# The queue's cases past their promised date and 临近超期 on a day, in the words of ``eod``,
# its printed report and ``stats``.
TIME_LIMIT_FIGURE = (
    "{day} 当日：已超期 {overdue} 件，临近超期 {due_soon} 件",
    "On {day}: {overdue} overdue, {due_soon} due soon",
)


# The counts of a window's day that the end-of-day screen and the printed report show as
# columns, in this order (``WindowDay`` field names).
DAY_COUNTS = (
    "accepted",
    "deferred",
    "notified",
    "refused",
    "withdrawn",
    "voided",
    "documents",
    "reprints",
    "deferrals_due",
    "acknowledged",
    "unsynced",
)


@dataclass
class WindowDay:
    """One window's day. ``source``: ``local`` (this workstation's own cases), ``platform``
    (the hall queue) or ``hall`` (the windows added up). ``own_records_only``: the figures
    of the row that count this workstation's records alone (``OWN_RECORDS_ONLY``): not known
    for another window (0 there), this workstation's share of the hall's total."""

    window_code: str
    source: str
    accepted: int = 0
    notified: int = 0
    refused: int = 0
    deferred: int = 0
    voided: int = 0
    withdrawn: int = 0
    received: int = 0  # taken, no decision yet
    documents: int = 0
    reprints: int = 0
    deferrals_due: int = 0
    # 一件事 bundles decided that day and the cases they made, each of those counted above
    # too (by its decision, under its own item).
    bundles: int = 0
    bundle_cases: int = 0
    # 好差评 given that day: at the hall's evaluator ("1".."5" or "declined" -> count) and on
    # the progress page ("1".."5" -> count).
    ratings: dict[str, int] = field(default_factory=dict)
    online_ratings: dict[str, int] = field(default_factory=dict)
    unsynced: int = 0
    acknowledged: int = 0
    # Fees of the day's cases (integer cents): recorded, paid, still owed.
    fees_recorded: int = 0
    fees_recorded_cents: int = 0
    fees_paid: int = 0
    fees_paid_cents: int = 0
    fees_unpaid: int = 0
    fees_unpaid_cents: int = 0
    # The payments among them by how they were made (``PAYMENT_FIGURES``): a double payment
    # counts twice in ``fees_paid``, once by card and once on the platform.
    fees_pos: int = 0
    fees_pos_cents: int = 0
    fees_platform: int = 0
    fees_platform_cents: int = 0
    fees_twice: int = 0
    fees_twice_cents: int = 0
    fees_refund: int = 0
    fees_refund_cents: int = 0
    # The refunds (退费) this workstation recorded that day, of any day's case: shown on the
    # refund line beside those still owed.
    fees_refunded: int = 0
    fees_refunded_cents: int = 0
    own_records_only: list[str] = field(default_factory=list)

    @property
    def cases(self) -> int:
        return self.acknowledged + self.unsynced

    def figure(self, name: str) -> tuple[int | None, bool]:
        """Figure ``name`` (a ``DAY_COUNTS`` name) as the report shows it: None when only
        another window's own PC knows it, and whether it counts this workstation's window
        alone (the hall's total of such a figure), which the report says beside it."""
        value: int = getattr(self, name)
        if name not in self.own_records_only:
            return value, False
        return (value, True) if self.source == "hall" else (None, False)

    @property
    def rating_figures(self) -> tuple[int, int]:
        """``(rated, bad)``: the ratings given at the hall and online (a level 1-5; one who
        declined to rate is not counted) and of them the bad ones (1-2, followed up)."""
        given = [*self.ratings.items(), *self.online_ratings.items()]
        levels = [(int(level), n) for level, n in given if level.isdigit()]
        return sum(n for _, n in levels), sum(n for level, n in levels if level in BAD_LEVELS)

    @property
    def fee_figures(self) -> tuple[tuple[int, int], ...]:
        """``(count, cents)`` of the fees recorded, paid and unpaid, in that order."""
        return tuple(self._fee_pair(name) for name in FEE_TOTALS)

    def _fee_pair(self, name: str) -> tuple[int, int]:
        """Fee figure ``name`` (``FEE_FIGURES``) as ``(count, cents)``."""
        return getattr(self, name), getattr(self, f"{name}_cents")

    def fee_figure(self, name: str) -> tuple[tuple[int, int] | None, bool]:
        """``(count, cents)`` of fee figure ``name`` (``FEE_FIGURES``): None for another
        window when only its own workstation knows it, and whether it counts this
        workstation's window alone (the hall's total of such a figure)."""
        figure = self._fee_pair(name)
        if name not in OWN_PAYMENT_RECORDS or self.source == "local":
            return figure, False
        if self.source == "hall":  # this window's alone when the hall has others
            return figure, bool(self.own_records_only)
        return None, False

    @property
    def flagged(self) -> bool:
        """Cases of this window the platform does not have yet: not ready to close."""
        return self.unsynced > 0


@dataclass(frozen=True)
class Reprint:
    window_code: str
    case_no: str
    serial: str
    kind: str
    reprint_no: int
    reason: str | None
    issued_by: str


@dataclass(frozen=True)
class DayReport:
    """One hall day at this workstation, as the supervisor reviews and signs it."""

    day: date
    hall_code: str
    window_code: str  # this workstation's window (the one the sign-off is for)
    windows: list[WindowDay]
    reprints: list[Reprint]
    voids: list[rows.Void]
    # 容缺 still owed: due that day, and past due (``overdue``), each counted in its
    # window's ``deferrals_due``.
    deferrals_due: list[rows.DeferralDue]
    # Levels 1-2 from either channel (followed up), with where the hall's appeal stands; one
    # whose appeal the platform upheld is no rating of the day, as in the statistics.
    low_ratings: list[rows.Rating]
    unacknowledged: list[rows.Unacknowledged]
    generated_at: str
    # The queue's cases overdue and 临近超期 that day (their states as stored now).
    time_limits: TimeLimitCounts
    to_come: bool = False  # the day had not come yet when the report was made
    # Cases of the day whose local record was altered or deleted (their rows no longer say
    # what their sealed version or the audit log does): the figures above rest on those rows.
    # Known once the records were checked (``checked_day_report``, ``records_checked``).
    altered: tuple[AlteredCase, ...] = ()
    records_checked: bool = False
    # This window's requests to the hall's supervisors (请求值班长审批) decided that day, and
    # those still waiting: a warning at the sign-off, never a block.
    approvals_decided: tuple[rows.DayApproval, ...] = ()
    approvals_pending: tuple[rows.DayApproval, ...] = ()

    @property
    def reconciled(self) -> bool:
        """Every case of the day taken here is acknowledged by the platform as it is, and its
        local record was checked and is what was sealed; a day still to come has nothing to
        reconcile and is not."""
        return (
            not self.unacknowledged
            and self.records_checked
            and not self.altered
            and not self.to_come
        )

    @property
    def hall(self) -> WindowDay:
        """The whole hall: the windows' figures added up (those another window's workstation
        alone knows: this one's only, named in ``own_records_only``)."""
        partial = {name for window in self.windows for name in window.own_records_only}
        total = WindowDay(
            "*", "hall", own_records_only=[n for n in OWN_RECORDS_ONLY if n in partial]
        )
        for window in self.windows:
            for name in _COUNTED:
                setattr(total, name, getattr(total, name) + getattr(window, name))
            for given, total_given in (
                (window.ratings, total.ratings),
                (window.online_ratings, total.online_ratings),
            ):
                for level, count in given.items():
                    total_given[level] = total_given.get(level, 0) + count
        return total

    def to_dict(self) -> dict[str, Any]:
        """The ``counter-app eod --json`` object (docs/operations.md)."""
        return {
            "date": self.day.isoformat(),
            "hall_code": self.hall_code,
            "window_code": self.window_code,
            "generated_at": self.generated_at,
            "windows": [_window_dict(w) for w in self.windows],
            "hall": _window_dict(self.hall),
            "reconciled": self.reconciled,
            "unacknowledged": [u.case_no for u in self.unacknowledged],
            "unacknowledged_details": [asdict(u) for u in self.unacknowledged],
            "altered": [a.case_no for a in self.altered],
            "altered_details": [asdict(a) for a in self.altered],
            "flagged_windows": [w.window_code for w in self.windows if w.flagged],
            "reprints": [asdict(r) for r in self.reprints],
            "voids": [asdict(v) for v in self.voids],
            "deferrals_due": [asdict(d) for d in self.deferrals_due],
            "overdue": self.time_limits.overdue,
            "due_soon": self.time_limits.due_soon,
            "low_ratings": [asdict(r) for r in self.low_ratings],
            "approvals_decided": [asdict(a) for a in self.approvals_decided],
            "approvals_pending": [asdict(a) for a in self.approvals_pending],
        }


_COUNTED = (
    "accepted",
    "notified",
    "refused",
    "deferred",
    "voided",
    "withdrawn",
    "received",
    "documents",
    "reprints",
    "deferrals_due",
    "bundles",
    "bundle_cases",
    "unsynced",
    "acknowledged",
    *FEE_FIGURES,
    *(f"{name}_cents" for name in FEE_FIGURES),
    "fees_refunded",
    "fees_refunded_cents",
)


def _window_dict(window: WindowDay) -> dict[str, Any]:
    return {**asdict(window), "cases": window.cases, "flagged": window.flagged}


def checked_day_report(store: Store, day: date) -> DayReport:
    """``day_report`` with the day's cases checked against their sealed versions and the
    audit log (``record_check``): what the ``eod`` command prints, the report archives and a
    sign-off signs."""
    return replace(day_report(store, day), altered=record_check(store, day), records_checked=True)


def day_report(store: Store, day: date) -> DayReport:
    """The figures of hall day ``day`` as this store knows them now, its records not yet
    checked (the 日结 tab shows them at once and then the check, ``record_check``, which
    opens every case of the day: ~0.1–0.3 ms each)."""
    hall = store.config.hall
    windows: dict[str, WindowDay] = {}

    def window(code: str, local: bool | None = None) -> WindowDay:
        """The figures of window ``code``; ``local``: whether this workstation's own cases
        are counted there (None: whether ``code`` is this workstation's window)."""
        if code not in windows:
            if local is None:
                local = code == hall.window_code
            windows[code] = (
                WindowDay(code, "local")
                if local
                else WindowDay(code, "platform", own_records_only=list(OWN_RECORDS_ONLY))
            )
        return windows[code]

    window(hall.window_code)  # this window appears even on a day without cases
    for count in rows.state_counts(store, day):
        figures = window(count.window_code, count.local)
        taken = day_decisions(count.state, count.cases, count.with_deferral, count.notified_first)
        for decision, cases in taken.items():
            setattr(figures, decision, getattr(figures, decision) + cases)
        figures.acknowledged += count.acknowledged
        figures.unsynced += count.cases - count.acknowledged
    reprints: list[Reprint] = []
    for document in rows.documents_issued(store, day):
        figures = window(document.window_code, True)
        figures.documents += 1
        if document.reprint_no:
            figures.reprints += 1
            reprints.append(
                Reprint(
                    document.window_code,
                    document.case_no,
                    document.serial,
                    document.kind,
                    document.reprint_no,
                    document.reprint_reason,
                    document.issued_by,
                )
            )
    for fee in rows.fees(store, day):
        figures = window(fee.window_code)
        figures.fees_recorded, figures.fees_recorded_cents = fee.recorded, fee.recorded_cents
        # A second payment is one more paid (on the platform: the window keeps the card
        # payment and hears of the platform's afterwards).
        figures.fees_paid = fee.paid + fee.twice
        figures.fees_paid_cents = fee.paid_cents + fee.twice_cents
        figures.fees_unpaid, figures.fees_unpaid_cents = fee.unpaid, fee.unpaid_cents
        figures.fees_pos, figures.fees_pos_cents = fee.pos, fee.pos_cents
        figures.fees_platform, figures.fees_platform_cents = fee.platform, fee.platform_cents
        figures.fees_twice, figures.fees_twice_cents = fee.twice, fee.twice_cents
        figures.fees_refund, figures.fees_refund_cents = fee.refund, fee.refund_cents
        figures.fees_refunded, figures.fees_refunded_cents = fee.refunded, fee.refunded_cents
    # The statistics' read of a period: a bundle's cases all have the day column
    # (``cases_of_day``), so the day's bounds alone select the same ones.
    for bundle in bundle_counts(store, *day_bounds(day)):
        figures = window(bundle.window_code)
        figures.bundles += bundle.bundles
        figures.bundle_cases += bundle.cases
    due = rows.deferrals_due(store, day)
    for deferral in due:
        window(deferral.window_code).deferrals_due += 1
    ratings = rows.ratings(store, day)
    for code, levels in _levels(ratings, EvaluationChannel.HALL_EVALUATOR).items():
        window(code).ratings = levels
    for code, levels in _levels(ratings, EvaluationChannel.ONLINE).items():
        window(code).online_ratings = levels
    return DayReport(
        day=day,
        hall_code=hall.hall_code,
        window_code=hall.window_code,
        windows=sorted(windows.values(), key=lambda w: w.window_code),
        reprints=reprints,
        voids=rows.voids(store, day),
        deferrals_due=due,
        low_ratings=[r for r in ratings if r.level in BAD_LEVELS],
        unacknowledged=rows.unacknowledged(store, day),
        generated_at=now_text(),
        time_limits=time_limit_counts(store, day),
        to_come=day > hall_today(),
        approvals_decided=tuple(rows.approvals_decided(store, day)),
        approvals_pending=tuple(rows.approvals_pending(store, day)),
    )


def record_check(store: Store, day: date) -> tuple[AlteredCase, ...]:
    """The cases taken here on ``day`` whose local record was altered or deleted, by number."""
    found, _taken = damaged_cases(store, *day_bounds(day))
    return tuple(found)


def _levels(ratings: list[rows.Rating], channel: EvaluationChannel) -> dict[str, dict[str, int]]:
    """The ratings given through ``channel``, counted by level per window."""
    by_window: dict[str, Counter[str]] = {}
    for rating in (r for r in ratings if r.channel == channel.value):
        level = "declined" if rating.level is None else str(rating.level)
        by_window.setdefault(rating.window_code, Counter())[level] += 1
    return {code: dict(sorted(levels.items())) for code, levels in by_window.items()}


@dataclass(frozen=True)
class SignOff:
    """A day signed off: kept here, delivered to the platform at the next sync."""

    sign_off_id: str
    day: date
    signed_by: str
    signed_at: str
    reconciled: bool
    flagged_windows: tuple[str, ...]


def sign_off_day(
    store: Store,
    report: DayReport,
    supervisor: User,
    archive: Callable[[SignOff], Path],
) -> tuple[SignOff, Path]:
    """Record ``supervisor``'s sign-off of ``report``; ``archive`` writes the signed report's
    PDF and returns where (called before anything is recorded: no sign-off without its copy).
    Returns the sign-off and that path.

    ``supervisor`` is a user the caller has just authenticated; a clerk is refused
    (``WrongRole``, audited). An unreconciled day may be signed off: its unacknowledged cases
    and flagged windows are part of what is signed, and the platform sees them; so may a day
    with approval requests still pending (the caller warns of them)."""
    require_role(
        store.audit, supervisor, SUPERVISOR_ROLES, action=SIGN_OFF_ACTION, target=str(report.day)
    )
    if report.day > hall_today():
        raise ValidationError(
            f"不能为尚未到来的日期（{report.day}）日结。",
            f"A day that has not come yet ({report.day}) cannot be signed off.",
            field="date",
        )
    summary = report.to_dict()
    sign_off = SignOff(
        sign_off_id=str(uuid.uuid4()),
        day=report.day,
        signed_by=supervisor.username,
        signed_at=now_text(),
        reconciled=report.reconciled,
        flagged_windows=tuple(summary["flagged_windows"]),
    )
    pdf_path = archive(sign_off)
    with store.transaction() as db:
        rows.insert_sign_off(
            db.conn,
            rows.SignOffRow(
                sign_off_id=sign_off.sign_off_id,
                day=report.day.isoformat(),
                hall_code=report.hall_code,
                window_code=report.window_code,
                signed_by=sign_off.signed_by,
                signed_at=sign_off.signed_at,
                reconciled=sign_off.reconciled,
                summary=json.dumps(summary, ensure_ascii=False, sort_keys=True),
                pdf_path=str(pdf_path),
            ),
        )
        store.audit.record(
            supervisor.username,
            SIGN_OFF_ACTION,
            report.day.isoformat(),
            {
                "sign_off_id": sign_off.sign_off_id,
                "reconciled": sign_off.reconciled,
                "unacknowledged": summary["unacknowledged"],
                "flagged_windows": summary["flagged_windows"],
                "approvals_pending": len(report.approvals_pending),
                "pdf": pdf_path.name,
            },
        )
    return sign_off, pdf_path


def sync_error_text(last_error: str | None) -> tuple[str, str]:
    """What sync last heard about an unacknowledged case (its ``last_error``), in Chinese and
    English: the platform's reason for a refusal or conflict, the transport's error, or that
    it was never sent."""
    if not last_error:
        return "尚未发送（等待下次同步）", "not sent yet (waiting for the next sync)"
    try:
        answer = json.loads(last_error)
    except ValueError:
        return last_error, last_error
    if not isinstance(answer, dict):
        return last_error, last_error
    zh = str(answer.get("message_zh") or answer.get("reason") or last_error)
    en = str(answer.get("message_en") or answer.get("reason") or last_error)
    return zh, en
