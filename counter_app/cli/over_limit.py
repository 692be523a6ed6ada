"""Intake past the offline limit from the command line (超限受理审批): ``--approved-by USER
--password-stdin --reason TEXT`` on the commands that make a new intake decision (``import``,
``case from-preapp``), under the window's rules: the supervisor is authenticated as every
``--approved-by`` is (:func:`counter_app.cli.actor.approver`: role, not the acting clerk,
lockout, audit), and the intake service records the approval on each case it lets past the
pause and ignores it while intake is not paused (``offline_policy.OverLimitApproval``)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from counter_app.cli.actor import add_approver_options, approver
from counter_app.cli.context import CliContext
from counter_app.errors import ValidationError

if TYPE_CHECKING:  # the services load only when a command runs, not at registration
    from counter_app.services.auth import User
    from counter_app.services.offline_policy import OverLimitApproval
    from counter_app.store.database import Store


def add_over_limit_options(
    parser: argparse.ArgumentParser, what: str, *, after_actor: bool = False
) -> None:
    """``--approved-by USER --password-stdin --reason TEXT``: a supervisor approves ``what``
    (help text) while the offline policy pauses intake; ``after_actor`` as
    :func:`counter_app.cli.actor.add_approver_options` takes it."""
    add_approver_options(
        parser, f"{what} while the offline policy pauses intake", after_actor=after_actor
    )
    parser.add_argument(
        "--reason",
        metavar="TEXT",
        help="why the supervisor approves intake past the offline limit (required with "
        "--approved-by; kept in the case, its history and the audit log)",
    )


def over_limit_approval(
    args: argparse.Namespace, context: CliContext, store: Store, *, clerk: User, target: str
) -> OverLimitApproval | None:
    """The supervisor's approval the options give, the supervisor authenticated now (the
    clerk who decides may not approve); None without ``--approved-by``. ``target``: what is
    approved, for the audit log (a file imported, a pre-application)."""
    from counter_app.services.offline_policy import OverLimitApproval

    reason = (args.reason or "").strip()
    if args.approved_by is not None and not reason:
        raise ValidationError(
            "请用 --reason 写明值班长批准超出离线上限受理的理由。",
            "Give the supervisor's reason for intake past the offline limit with --reason.",
            field="reason",
        )
    if args.approved_by is None and args.reason is not None:
        raise ValidationError(
            "--reason 是值班长批准超出离线上限受理的理由，须与 --approved-by USER 一起使用。",
            "--reason is the supervisor's reason for intake past the offline limit: it goes "
            "with --approved-by USER.",
            field="approved_by",
        )
    # The audit action the window's approval has too.
    supervisor = approver(
        args, context, store, action="over_limit", target=target, requesters=(clerk.username,)
    )
    return None if supervisor is None else OverLimitApproval(supervisor, reason)
