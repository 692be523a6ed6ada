"""``counter-app elicence check`` (which materials of an item this applicant need not hand in,
两个免于提交, asking the e-licence register with their authorisation code, as the clerk named
by ``--by`` or else the OS user), ``counter-app
elicence tasks`` (e-licences the register did not confirm after the window marked them
待核验 offline: the clerk's and the supervisor's to settle) and ``counter-app elicence
resolve`` (closing such a task: the paper material was handed in, or a new lookup with the
applicant's new authorisation confirms the licence)."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from counter_app.cli.actor import actor, actor_or_os_user
from counter_app.cli.context import CliContext, cli_context
from counter_app.domain.catalog import Situation
from counter_app.domain.exemptions import (
    LicenceFound,
    Verification,
    exemptions_for,
    licence_may_exempt,
)
from counter_app.domain.hall_time import hall_today
from counter_app.domain.id_types import holder_number
from counter_app.errors import ValidationError
from counter_app.services.elicence_checks import (
    PAPER,
    LookupOutcome,
    lookup_outcome,
    record_lookup,
    settle_with_paper,
)
from counter_app.services.intake_request import ApplicantInput
from counter_app.services.intake_validation import applicant_facts
from counter_app.store.case_plaintext import case_document
from counter_app.store.catalog import current_catalog_version, get_item
from counter_app.store.elicence_checks import checks_in_state, open_task
from sync.device_transport import COMMAND_TIMEOUTS, platform_transport
from sync.elicences import Consent, licences_for, new_check_reference, recheck
from sync.errors import SyncError

RESIDENT_ID = "111"  # GA/T 2000.156: the check is asked by ID number
NOT_LOOKED_UP = "not_looked_up"  # a material's e-licence, without --consent


def check(args: argparse.Namespace) -> int:
    context = cli_context(args)
    with context.open_store() as store:
        item = get_item(store, args.item, current_catalog_version(store))
        official = actor_or_os_user(
            args, context, store, roles=("clerk", "supervisor"), action="elicence.check"
        )
    situation = item.situation(args.situation)
    if situation is None:
        raise ValidationError(
            f"事项“{item.name}”没有编码为“{args.situation}”的情形。",
            f"The item '{item.name}' has no situation '{args.situation}'.",
            field="situation",
        )
    now = datetime.now(UTC)
    number = holder_number(args.id_number)  # a bad number refused before any request
    applicant = ApplicantInput(name="", id_type=RESIDENT_ID, id_number=number)
    licences: list[LicenceFound] = []
    asked = bool(args.consent) and any(map(licence_may_exempt, situation.materials))
    if asked:
        licences = _look_up(
            context,
            item_code=item.code,
            situation=situation,
            number=number,
            consent=args.consent,
            clerk=official.username,
            now=now,
        )
    exemptions = exemptions_for(
        situation, applicant_facts(applicant, None, hall_today(now)), licences
    )
    rows = []
    for material in situation.materials:
        exemption = exemptions.get(material.code)
        licence = exemption.licence if exemption else None
        exempt: bool | None = exemption is not None
        verified: bool | str = exemption is not None
        if licence is not None and licence.verification is Verification.PENDING:
            verified = "pending"
        elif exemption is None and not asked and licence_may_exempt(material):
            # Its licence was not looked up: whether the applicant holds one is not known.
            exempt, verified = None, NOT_LOOKED_UP
        rows.append(
            {
                "code": material.code,
                "name": material.name,
                "exempt": exempt,
                "basis": exemption.basis_zh if exemption else None,
                "basis_en": exemption.basis_en if exemption else None,
                "licence_number": licence.number if licence else None,
                "issuer": licence.issuer if licence else None,
                "file_sha256": licence.file_sha256 if licence else None,
                "verified": verified,
            }
        )
    if args.json:
        print(json.dumps({"looked_up": asked, "materials": rows}, ensure_ascii=False))
        return 0
    _print_rows(context, rows, asked=bool(args.consent))
    return 0


def _look_up(
    context: CliContext,
    *,
    item_code: str,
    situation: Situation,
    number: str,
    consent: str,
    clerk: str,
    now: datetime,
) -> list[LicenceFound]:
    """The applicant's licences for ``situation``'s materials, looked up and audited as
    ``clerk``'s whatever came of it (a refusal too, then raised)."""
    serves = f"{item_code}/{new_check_reference()}"
    given = Consent(consent, now)  # a malformed code refused before any request
    transport = platform_transport(context.home, context.config, timeouts=COMMAND_TIMEOUTS)
    try:
        licences = licences_for(
            transport,
            situation,
            id_number=number,
            consent=given,
            clerk=clerk,
            serves=serves,
            documents=False,  # nothing to attach them to
        )
    except SyncError:
        _audit_lookup(context, number, LookupOutcome.REFUSED, [], clerk=clerk, serves=serves)
        raise
    finally:
        transport.close()
    _audit_lookup(context, number, lookup_outcome(licences), licences, clerk=clerk, serves=serves)
    return licences


def _audit_lookup(
    context: CliContext,
    number: str,
    outcome: LookupOutcome,
    licences: list[LicenceFound],
    *,
    clerk: str,
    serves: str,
) -> None:
    found = sum(x.verification is Verification.VERIFIED for x in licences)
    with context.open_store() as store:
        record_lookup(store, clerk, number, serves=serves, outcome=outcome, licences=found)


def tasks(args: argparse.Namespace) -> int:
    context = cli_context(args)
    with context.open_store() as store:
        failed = checks_in_state(store, Verification.FAILED.value)
    if args.json:
        print(json.dumps({"tasks": [asdict(task) for task in failed]}, ensure_ascii=False))
        return 0
    if not failed:
        print(context.text("没有待处理的电子证照核验。", "No e-licence verification to settle."))
    for task in failed:
        print(f"{task.case_no}  {task.material_code}  {task.licence_type}  {task.detail or ''}")
    if failed:
        print(
            context.text(
                "处理：counter-app elicence resolve 办件编号 --material 材料编码 --paper|--recheck",
                "To settle: counter-app elicence resolve CASE_NUMBER --material CODE "
                "--paper|--recheck",
            )
        )
    return 0


def resolve(args: argparse.Namespace) -> int:
    context = cli_context(args)
    now = datetime.now(UTC)
    with context.open_store() as store:
        user = actor(
            args,
            context,
            store,
            roles=("clerk", "supervisor"),
            action="elicence.resolve",
            target=args.case_no,
        )
        task = open_task(store, args.case_no, args.material)
        if task is None:
            raise ValidationError(
                f"办件 {args.case_no} 的材料 {args.material} 没有待处理的电子证照核验任务"
                "（counter-app elicence tasks 列出待处理的任务）。",
                f"Case {args.case_no} has no open e-licence task for material {args.material} "
                "(counter-app elicence tasks lists the open ones).",
                field="material",
            )
        if args.recheck and not args.consent:
            raise ValidationError(
                "重新核验需要申请人新的授权码（--consent CODE，申请人在“随申办”生成）。",
                "A new lookup needs the applicant's new authorisation code (--consent CODE, "
                "made in the app).",
                field="consent",
            )
        if args.paper:
            version = settle_with_paper(store, task, user.username, now)
            state = PAPER
        else:
            transport = platform_transport(context.home, context.config, timeouts=COMMAND_TIMEOUTS)
            try:
                recheck(
                    store, transport, task, Consent(args.consent, now), actor=user.username, now=now
                )
            finally:
                transport.close()
            version = case_document(store, task.case_id)["data_version"]
            state = Verification.VERIFIED.value
    if args.json:
        print(
            json.dumps(
                {
                    "case_no": task.case_no,
                    "material_code": task.material_code,
                    "state": state,
                    "data_version": version,
                },
                ensure_ascii=False,
            )
        )
        return 0
    print(
        context.text(
            f"{task.case_no} {task.material_code}：已处理（第 {version} 版）。",
            f"{task.case_no} {task.material_code}: settled (version {version}).",
        )
    )
    return 0


def _print_rows(context: CliContext, rows: list[dict[str, Any]], *, asked: bool) -> None:
    for row in rows:
        if row["verified"] == "pending":
            state = context.text("待核验", "pending")
        elif row["verified"] == NOT_LOOKED_UP:
            state = context.text("未查询", "not looked up")
        elif row["exempt"]:
            state = context.text("免交", "exempt")
        else:
            state = context.text("需提交", "to submit")
        basis = row["basis"] if context.lang != "en" else row["basis_en"]
        print(f"{row['code']}  {row['name']}  [{state}]  {basis or ''}")
    if not asked:
        print(
            context.text(
                "未查询电子证照：需申请人在“随申办”生成的授权码（--consent）。",
                "E-licences were not looked up: that needs the applicant's authorisation code "
                "from the app (--consent).",
            )
        )
