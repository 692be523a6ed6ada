"""The window's calls to the central platform and the hall's queue system, composed from
``sync``: every method runs on the session's platform worker, beside the store worker, so a
platform that accepts a connection and never answers holds up these calls only, never the
clerk's accept, print or search. Every call a person waits on ends within
:data:`WINDOW_TIMEOUTS` (an approval poll within its own, shorter ones), in the transport's
plain words for a platform that does not answer.

:class:`PlatformDesk` writes what a call brings back (a decision applied, a ticket
remembered, an audit entry) through the store worker's own :class:`Store`: one writer
connection per process (the house rule of ARCHITECTURE.md). Its transactions take the store's lock,
and so do its reads (``Store.reading``), which the store worker holds through each of its jobs:
neither worker reads what a transaction of the other has written and not yet committed, nor
runs a statement inside it. The lock is never held across a network call.
It learns who signed in from the session (:meth:`PlatformDesk.set_user`, queued ahead of
any call that user makes). Screens hand it and get back the types of ``ui.facade_types``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from counter_app.services.approval import ADMIN_ROLES, SUPERVISOR_ROLES, authorise
from counter_app.services.auth import User
from counter_app.store.timestamps import to_text
from counter_app.store.window_tickets import current_ticket
from ui.desks.elicences import open_elicence_task
from ui.desks.signed_in import SignedInStore
from ui.facade_types import (
    ApprovalAnswer,
    HallApproval,
    HallHistoryEntry,
    InPlaceApproval,
    WindowEnrolment,
)

if TYPE_CHECKING:
    from datetime import datetime

    from counter_app.domain.exemptions import LicenceFound
    from counter_app.services.problems import Resolution
    from counter_app.store.hall_notices import HallNotice
    from counter_app.store.window_tickets import WindowTicket
    from sync.approval_requests import Decision
    from sync.instructions import HeldInstruction
    from sync.problems import Comparison
    from sync.transport import Timeouts
    from sync.wire.approvals import ApprovalKind
    from sync.wire.tickets import TicketActionName

# Seconds to connect and to wait for the answer of every call a person waits on at the
# window: the clerk at the counter (an e-licence lookup, a ticket step, an approval request),
# a supervisor at the hall's screens (a case's history, a problem case, a notice, a
# decision), an administrator enrolling. The sync's 30 s would leave the applicant standing
# there for a platform that is not coming back; each answer is one small JSON document.
# Then the e-licence is marked 待核验, the ticket skipped, the rest say the platform did
# not answer in time.
WINDOW_TIMEOUTS: Timeouts = (3.0, 10.0)


def is_loopback_url(url: str) -> bool:
    """Whether ``url`` names this PC (plain HTTP is allowed there); a malformed one does not
    (enrolment then refuses it in words)."""
    from sync.transport import is_loopback_host

    try:
        return is_loopback_host(urlsplit(url).hostname or "")
    except ValueError:
        return False


def _approval_answer(decision: Decision) -> ApprovalAnswer:
    from sync.approval_requests import remote_approver

    request = decision.request
    return ApprovalAnswer(
        request.request_id,
        request.status,
        request.decided_by or "",
        request.decision_reason or "",
        decision.applied,
        remote_approver(request) if request.status == "approved" else None,
    )


class PlatformDesk(SignedInStore):
    """The signed-in counter's calls to the platform, made on the store the store worker
    opened (and migrated): the process's one writer connection, never closed here."""

    def set_user(self, user: User | None) -> None:
        """Who signed in at the window (None: signed out), as the store worker checked."""
        self.user = user

    def hall_case_history(self, case_id: str) -> tuple[HallHistoryEntry, ...]:
        """Another window's case as the platform holds it, oldest first (asked online)."""
        from sync.hall_history import platform_case_history

        self._require_role(SUPERVISOR_ROLES, "hall_queue.history")
        history = platform_case_history(
            self.store.home, self.config, case_id, timeouts=WINDOW_TIMEOUTS
        )
        return tuple(
            HallHistoryEntry(
                at=to_text(e.at),
                kind=e.kind,
                state=e.state,
                data_version=e.data_version,
                actor=e.actor,
                note=e.note,
            )
            for e in history.entries
        )

    def compare_problem(self, case_id: str) -> Comparison:
        """The local and the platform's version of a problem case, field by field (asked
        online; personal data masked)."""
        from sync.problems import compare

        self._require_role(SUPERVISOR_ROLES, "problems.compare")
        return compare(self.store, case_id, timeouts=WINDOW_TIMEOUTS)

    def resolve_problem(
        self, case_id: str, action: str, reason: str
    ) -> Resolution | HeldInstruction:
        """Resend, adopt or void as the signed-in supervisor: here for this workstation's
        case, else by a signed instruction to its window (online only)."""
        from sync.problems import resolve

        return resolve(
            self.store, self.signed_in(), case_id, action, reason, timeouts=WINDOW_TIMEOUTS
        )

    def publish_notice(self, title: str, body: str, notice_id: str) -> HallNotice:
        """Send the signed-in supervisor's notice to every window of the hall (online only);
        ``notice_id`` stays the same while the same draft is sent again."""
        from sync.hall_notices import publish_notice

        return publish_notice(
            self.store,
            self.signed_in(),
            title,
            body,
            notice_id=notice_id,
            timeouts=WINDOW_TIMEOUTS,
        )

    def change_own_password(self, current: str, new: str) -> None:
        """The signed-in user's own new password, after the current one: on the platform for
        an account of the hall's register (online only), here for one made on this PC."""
        from sync.staff_passwords import change_own_password

        change_own_password(self.store, self.signed_in(), current, new, timeouts=WINDOW_TIMEOUTS)

    def set_up_second_factor(self, password: str, secret: str, code: str) -> None:
        """The signed-in user's one-time codes, after their password and the app's current
        code: on the platform for an account of the hall's register (online only), here for
        one made on this PC."""
        from sync.staff_second_factors import set_up_second_factor

        set_up_second_factor(
            self.store, self.signed_in(), password, secret, code, timeouts=WINDOW_TIMEOUTS
        )

    # -- approvals through the platform (a supervisor at another window decides) ------------
    def request_approval(
        self, kind: ApprovalKind, target: str, summary: str, reason: str, request_id: str
    ) -> str:
        """Send the signed-in clerk's request to the hall's supervisors (online only); its
        id. ``request_id`` stays the same while the same request is sent again."""
        from sync.approval_requests import send_request

        sent = send_request(
            self.store,
            self.signed_in(),
            kind,
            target=target,
            summary=summary,
            reason=reason,
            request_id=request_id,
            timeouts=WINDOW_TIMEOUTS,
        )
        return sent.request_id

    def check_approval(self, request_id: str) -> ApprovalAnswer | None:
        """The decision on this window's request once there is one (applied here once;
        asked within the poll's own timeouts, ``sync.approval_requests.POLL_TIMEOUT``)."""
        from sync.approval_requests import check_decision

        decision = check_decision(self.store, request_id)
        return None if decision is None else _approval_answer(decision)

    def cancel_approval(self, request_id: str) -> ApprovalAnswer:
        """The clerk withdraws the request; a decision made meanwhile is returned instead.
        Also as a disabled clerk's session ends: what they asked for goes with them."""
        from sync.approval_requests import cancel_request

        withdrawn = cancel_request(
            self.store, self.signed_in_as_was(), request_id, timeouts=WINDOW_TIMEOUTS
        )
        return _approval_answer(withdrawn)

    def hall_approvals(self) -> list[HallApproval]:
        """The hall's pending requests from every window (supervisors and administrators)."""
        from sync.approval_requests import hall_requests

        self._require_role(SUPERVISOR_ROLES, "approval_request.list")
        return [
            HallApproval(
                str(r.request_id),
                to_text(r.requested_at),
                r.window_code,
                r.requested_by,
                r.kind,
                r.summary,
                r.reason,
            )
            for r in hall_requests(self.store, timeouts=WINDOW_TIMEOUTS)
        ]

    def decide_approval(
        self,
        request_id: str,
        decision: Literal["approved", "refused"],
        approval: InPlaceApproval,
        reason: str,
    ) -> None:
        """The signed-in supervisor, re-authenticated with the password (and one-time code)
        of ``approval``, approves or refuses a request of the hall (never their own)."""
        from sync.approval_requests import decide_request

        supervisor = authorise(
            self.accounts,
            self.signed_in().username,
            approval.password,
            roles=SUPERVISOR_ROLES,
            action=f"approval_request.{decision}",
            target=request_id,
            code=approval.code,
            signed_in=self.signed_in(),
        )
        decide_request(
            self.store, supervisor, request_id, decision, reason, timeouts=WINDOW_TIMEOUTS
        )

    # -- e-licences (两个免于提交) --------------------------------------------------------
    def look_up_elicences(
        self,
        item_code: str,
        situation_code: str | None,
        id_number: str,
        consent: str | datetime,
        serves: str,
    ) -> list[LicenceFound]:
        """The applicant's e-licences for the situation's materials, asked by the signed-in
        clerk (pending when the platform cannot be reached); ``consent``: the applicant's
        authorisation code, or when their card was read at this window (the platform takes
        a recent read as consent). Audited as the command's lookups are, refused ones too."""
        from datetime import UTC, datetime

        from counter_app.domain.exemptions import Verification
        from counter_app.services.elicence_checks import (
            LookupOutcome,
            lookup_outcome,
            record_lookup,
        )
        from counter_app.store.catalog import get_item
        from sync.device_transport import platform_transport
        from sync.elicences import Consent, licences_for
        from sync.errors import SyncError

        clerk = self.signed_in().username
        with self.store.reading():
            item = get_item(self.store, item_code)
        situation = item.situation(situation_code) or item.default_situation
        transport = platform_transport(self.store.home, self.store.config, timeouts=WINDOW_TIMEOUTS)
        try:
            found = licences_for(
                transport,
                situation,
                id_number=id_number,
                consent=(
                    Consent(consent, datetime.now(UTC))
                    if isinstance(consent, str)
                    else Consent(None, consent)
                ),
                clerk=clerk,
                serves=serves,
            )
        except SyncError:
            record_lookup(
                self.store,
                clerk,
                id_number,
                serves=serves,
                outcome=LookupOutcome.REFUSED,
                licences=0,
            )
            raise
        finally:
            transport.close()
        verified = sum(x.verification is Verification.VERIFIED for x in found)
        record_lookup(
            self.store,
            clerk,
            id_number,
            serves=serves,
            outcome=lookup_outcome(found),
            licences=verified,
        )
        return found

    def recheck_elicence(self, case_no: str, material_code: str, consent_code: str) -> None:
        """Close the task of ``material_code`` by looking the licence up again with the
        applicant's new authorisation code; raised when the register still does not confirm
        it (the task stays open)."""
        from datetime import UTC, datetime

        from sync.device_transport import platform_transport
        from sync.elicences import Consent, recheck

        user = self._require_role(("clerk", "supervisor"), "elicence.resolve")
        with self.store.reading():
            task = open_elicence_task(self.store, case_no, material_code)
        now = datetime.now(UTC)
        transport = platform_transport(self.store.home, self.store.config, timeouts=WINDOW_TIMEOUTS)
        try:
            recheck(
                self.store, transport, task, Consent(consent_code, now),
                actor=user.username, now=now,
            )  # fmt: skip
        finally:
            transport.close()

    # -- queue tickets (叫号; the hall's queue system, online only) ----------------------
    def ticket_step(
        self, action: TicketActionName, request_id: str, to_window: str | None = None
    ) -> WindowTicket | None:
        """Take one ticket step at this window as the signed-in clerk (``sync.tickets``);
        this window's current ticket afterwards."""
        from sync.queue_system import hall_queue_system
        from sync.tickets import ticket_step

        system = hall_queue_system(self.store.home, self.store.config, timeouts=WINDOW_TIMEOUTS)
        try:
            ticket_step(
                self.store,
                system,
                self.signed_in().username,
                action,
                to_window=to_window,
                request_id=request_id,
            )
        finally:
            system.close()
        with self.store.reading():
            return current_ticket(self.store)

    def appointment_ticket(self, appointment_id: str) -> str:
        """The number of the priority ticket the hall's queue system holds for the
        appointment whose holder's card was just read (issued now or at an earlier read)."""
        from sync.queue_system import hall_queue_system
        from sync.tickets import appointment_ticket

        system = hall_queue_system(self.store.home, self.store.config, timeouts=WINDOW_TIMEOUTS)
        try:
            return appointment_ticket(
                self.store, system, self.signed_in().username, appointment_id
            ).number
        finally:
            system.close()

    def requeue_ticket(self, number: str, request_id: str) -> None:
        """Put today's missed ticket ``number`` back in the hall's queue as the signed-in
        clerk, its priority kept (``sync.tickets.requeue_ticket``): its holder, whose card
        was just read, is here after all. ``request_id`` as for ``ticket_step``."""
        from sync.queue_system import hall_queue_system
        from sync.tickets import requeue_ticket

        system = hall_queue_system(self.store.home, self.store.config, timeouts=WINDOW_TIMEOUTS)
        try:
            requeue_ticket(
                self.store, system, self.signed_in().username, number, request_id=request_id
            )
        finally:
            system.close()

    def enrol(self, url: str, code: str) -> WindowEnrolment:
        """Enrol this workstation with a one-time code (plain HTTP only to 127.0.0.1); only
        an administrator may. As ``counter-app enroll`` does, an enrolled workstation is not
        enrolled again while cases wait to upload (``EnrolmentRefused``, with the count);
        enrolling despite them is the command line's ``--despite-backlog``, a deliberate act
        of IT's. A replaced device is named, for IT to revoke."""
        from sync.credential import load_identity
        from sync.enrolment import (
            enroll,
            numbering_devices,
            refuse_stranding_backlog,
            replaced_device_note,
        )

        username = self._require_role(ADMIN_ROLES, "device.enrol").username
        previous = load_identity(self.store.home)
        with self.store.reading():
            refuse_stranding_backlog(self.store.home, self.store)
            number_devices = numbering_devices(self.config.hall.device_id, self.store)
        identity = enroll(
            self.store.home,
            url,
            code,
            number_devices=number_devices,
            allow_insecure_http=is_loopback_url(url),
            store=self.store,
            actor=username,
            timeouts=WINDOW_TIMEOUTS,
            proxy=self.config.sync.proxy,
        )
        return WindowEnrolment(identity, replaced_device_note(previous, identity))
