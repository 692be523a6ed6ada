"""Case commands: ``import``, ``cases``, ``case show``, ``case accept`` (the applicant
returns after a one-time notice) and ``case withdraw``; ``case supply`` and
``case correct``/``case edit`` come from their own modules, as do an import's 一件事 lines
(``bundle_commands``).

An import line names its case's item (``service_item_name``); one that gives an item's name
where its code belongs is told that item's code (``catalog_commands.code_hint``).

``import`` acts as ``import:<os user>`` in the audit log: it runs as the workstation's
administrator, who already holds the home; while the offline policy pauses intake, a
supervisor's ``--approved-by`` covers the lines of one run (``cli.over_limit``). ``case
accept`` and ``case withdraw`` act as ``cli:<os user>`` in the form CONTRACTS.md fixes;
``--by USER --password-stdin`` names the window clerk instead.

A case accepted (an import's line, ``case accept``) for an applicant who already has a case
of the same item, or whose ID number is on file under another name, is accepted all the
same: a warning on stderr names the earlier cases and ``--json`` carries them
(``earlier_cases``, ``name_on_file_differs``), for the clerk or the script to decide.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from counter_app.cli import (
    arrival_commands,
    correction_commands,
    deferral_commands,
    delivery_commands,
    payment_commands,
)
from counter_app.cli.actor import actor_or_os_user, add_actor_options
from counter_app.cli.bundle_commands import print_bundle_import
from counter_app.cli.case_bundle import bundle_line, bundle_others_json
from counter_app.cli.case_later_steps import later_step_lines, named
from counter_app.cli.catalog_commands import code_hint, item_named
from counter_app.cli.context import (
    MOST_ROWS,
    hall_day,
    number_in,
    open_case_store,
    os_actor,
    print_json,
)
from counter_app.cli.earlier_cases_warning import warn_earlier
from counter_app.cli.over_limit import add_over_limit_options, over_limit_approval
from counter_app.cli.text_table import aligned
from counter_app.domain.agents import (
    AGENT_AUTHORIZATION_NAMES,
    AgentAuthorization,
    agent_role,
    is_organisation,
)
from counter_app.domain.case_fields import mask_birth_date
from counter_app.domain.case_states import (
    EVENT_KIND_NAMES,
    STATE_NAMES,
    CaseState,
    edit_name,
    sync_state_name,
)
from counter_app.domain.catalog import APPLICANT_TYPE_NAMES, FORM_NAMES, ServiceItem
from counter_app.domain.checklist import MATERIAL_STATUS_NAMES
from counter_app.domain.document_language import LANGUAGE_NAMES, DocumentLanguage
from counter_app.domain.documents import DOCUMENT_TITLES, PRINT_ACTION_NAMES
from counter_app.domain.hall_time import hall_time_text, hall_today
from counter_app.domain.idnumber import mask_id_number, mask_phone, shown_applicant_number
from counter_app.errors import ValidationError
from counter_app.services import case_endings, later_materials
from counter_app.services.auth import Accounts, User
from counter_app.services.bundle_import import import_file_line
from counter_app.services.case_import import IntakeRejected, line_document
from counter_app.services.corrections import FIELD_NAMES
from counter_app.store import platform_steps
from counter_app.store.case_history import CaseHistory, case_history, open_correction_request
from counter_app.store.case_plaintext import case_document
from counter_app.store.cases import (
    CaseMaterial,
    CaseRecord,
    find_case,
    list_cases,
    other_bundle_cases,
)
from counter_app.store.catalog import list_items
from counter_app.store.database import Store
from counter_app.store.deliveries import deliveries_of
from counter_app.store.earlier_cases import earlier_cases_of
from counter_app.store.elicence_checks import attached_documents
from counter_app.store.payments import case_payment, paid_twice
from counter_app.store.retention import PersonalDataPurged, Purge, purge_of


def register(subparsers: argparse._SubParsersAction) -> None:
    importer = subparsers.add_parser(
        "import",
        help="批量导入办件 / take cases from a JSON Lines file, one per line",
        description="Take cases from a JSON Lines file, one per line, through the intake "
        "service. While the offline policy pauses intake (sync.hard_stop_cases, "
        "sync.hard_stop_days) every line is refused with intake_paused, unless a supervisor "
        "approves this run past the limit with --approved-by USER --password-stdin --reason "
        "TEXT: ONE approval covers the lines of this one run, and each case decided while "
        "intake is paused records it (case document, history, audit log), as an approval at "
        "the window does. While intake is not paused the approval is checked but recorded on "
        "no case.",
    )
    importer.add_argument("file", help="JSON Lines file ('-' for stdin; not with --password-stdin)")
    importer.add_argument("--json", action="store_true", help="one JSON result per line")
    importer.add_argument(
        "--check",
        action="store_true",
        help="only check the file: each line through the same checks, nothing numbered, "
        "written, audited or queued; status would_accept, would_notify, would_refuse or "
        "error (exit 1 when any line would fail)",
    )
    add_over_limit_options(importer, "this run's lines")
    importer.set_defaults(func=_import)

    cases = subparsers.add_parser("cases", help="办件列表 / list cases, newest first")
    cases.add_argument("--json", action="store_true")
    cases.add_argument("--state", choices=[s.value for s in CaseState])
    cases.add_argument("--sync-state", choices=["pending", "synced", "conflict", "rejected"])
    cases.add_argument("--day", help="hall-local day YYYY-MM-DD")
    cases.add_argument(
        "--limit", type=number_in(1, MOST_ROWS), help="at most this many (default: all)"
    )
    cases.set_defaults(func=_cases)

    case = subparsers.add_parser("case", help="一件办件 / one case")
    case_commands = case.add_subparsers(dest="case_command", metavar="ACTION", required=True)
    show = case_commands.add_parser("show", help="办件详情 / a case with its materials and history")
    show.add_argument("case", help="case UUID or case number")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=_case_show)
    deferral_commands.register_case_actions(case_commands)
    delivery_commands.register_case_actions(case_commands)
    correction_commands.register_case_actions(case_commands)
    payment_commands.register_case_actions(case_commands)
    arrival_commands.register_case_actions(case_commands)

    accept = case_commands.add_parser(
        "accept", help="一次性告知后受理 / accept a notified case the applicant returned to"
    )
    accept.add_argument("case", help="case UUID or case number")
    accept.add_argument(
        "--received",
        required=True,
        metavar="CODE[,CODE…]",
        help="the materials brought now (codes); those checked at the first visit carry over",
    )
    accept.add_argument(
        "--eligibility-reason",
        default="",
        metavar="TEXT",
        help="why it is accepted although the identity document contradicts the situation's"
        " eligibility rule (needed only then)",
    )
    add_actor_options(accept, "the window clerk accepting the case", required=False)
    accept.add_argument("--json", action="store_true")
    accept.set_defaults(func=_case_accept)

    withdraw = case_commands.add_parser(
        "withdraw", help="撤回 / the applicant withdraws the case before the decision"
    )
    withdraw.add_argument("case", help="case UUID or case number")
    withdraw.add_argument("--reason", required=True, help="why the applicant withdraws")
    withdraw.add_argument(
        "--applicant-confirmed",
        action="store_true",
        help="the applicant has confirmed the withdrawal in person (required with --by; "
        "without --by the OS user vouches for a confirmation taken outside the program)",
    )
    add_actor_options(withdraw, "the window clerk recording the withdrawal", required=False)
    withdraw.add_argument("--json", action="store_true")
    withdraw.set_defaults(func=_case_withdraw)


def _open(args: argparse.Namespace) -> tuple[Store, str]:
    context, store = open_case_store(args)
    return store, context.lang


def _import(args: argparse.Namespace) -> int:
    actor = User(os_actor("import"), "batch import", "clerk", None, False)
    if args.file == "-" and args.password_stdin:
        raise ValidationError(
            "办件和密码不能都从标准输入读取：请把办件写入文件，以文件路径代替“-”。",
            "The cases and the password cannot both come from stdin: write the cases to a "
            "file and give its path instead of '-'.",
            field="file",
        )
    if args.check and args.approved_by is not None:
        raise ValidationError(
            "--check 只检查文件，不受理办件，无需值班长批准：请去掉 --approved-by。",
            "--check only checks the file and decides nothing, so it takes no supervisor's "
            "approval: leave out --approved-by.",
            field="approved_by",
        )
    try:
        source = sys.stdin.buffer if args.file == "-" else Path(args.file).open("rb")  # noqa: SIM115
    except OSError as exc:
        raise ValidationError(
            f"无法读取文件 {args.file}（{exc.strerror}）。",
            f"Cannot read {args.file} ({exc.strerror}).",
            field="file",
        ) from None
    context, store = open_case_store(args)
    lang = context.lang
    failed = 0
    # Read once, and only when a line gives an unknown code: the names to check it against.
    catalog: list[ServiceItem] | None = None
    first_lines: dict[str, int] = {}  # request id -> the line of this run that decided it
    with store, source:
        # One approval for the whole run, given before its first line (the audit log names
        # the file); the intake service records it on each case decided while paused.
        over_limit = over_limit_approval(
            args,
            context,
            store,
            clerk=actor,
            target="stdin" if args.file == "-" else str(Path(args.file).resolve()),
        )
        for line_no, raw in enumerate(source, start=1):
            line = raw.rstrip(b"\r\n")
            if line_no == 1:
                line = line.removeprefix(_BOM)  # Notepad saves UTF-8 with one
            if not line.strip():
                continue
            # import_line commits (synchronous=FULL) before returning: a printed result is durable.
            result = import_file_line(
                store, actor, line_no, line, over_limit=over_limit, check=args.check
            )
            failed += result["status"] == "error"
            _note_same_line(result, first_lines)
            record = find_case(store, result["case_id"]) if result["case_id"] else None
            result["service_item_name"] = record.service_item_name if record else None
            if _names_an_item(result):
                catalog = list_items(store) if catalog is None else catalog
                _hint_code(result, line, catalog)
            warn_earlier(result, lang, line_no)
            if args.json:
                print_json(result)
            elif args.check:
                _print_check(result, lang)
            elif "cases" in result:
                print_bundle_import(result, lang)
            else:
                # A line decided by an earlier run: the case as it stands now, not as then.
                now = record.state if record and result.get("replayed") else None
                _print_human(result, lang, now)
    return 1 if failed else 0


_BOM = b"\xef\xbb\xbf"
# What a checked line would be, in words (Chinese, English).
_WOULD = {
    "would_accept": ("将受理", "would be accepted"),
    "would_notify": ("将一次性告知", "would be notified"),
    "would_refuse": ("将不予受理", "would be refused"),
}


def _note_same_line(result: dict[str, Any], first_lines: dict[str, int]) -> None:
    """A line that names the decision of an earlier line of this run (the same JSON, or the
    same ``request_id``) gets ``same_as_line``: that line's number. The line's request id
    is taken out of the result: a printed line keeps the fields it always had."""
    request_id = result.pop("request_id", None)
    if request_id is None or result["status"] == "error":
        return
    first = first_lines.setdefault(request_id, result["line"])
    if first != result["line"]:
        result["same_as_line"] = first


def _names_an_item(result: dict[str, Any]) -> bool:
    """Whether the line failed on its ``service_item`` (perhaps an item's name)."""
    return any(error["field"] == "service_item" for error in result["errors"])


def _hint_code(result: dict[str, Any], line: bytes, catalog: list[ServiceItem]) -> None:
    """An unknown code that is exactly one item's name: its error names that item's code
    (and ``did_you_mean`` gives it)."""
    try:
        given = line_document(line).get("service_item")
    except IntakeRejected:
        return
    if not isinstance(given, str) or (meant := item_named(catalog, given)) is None:
        return
    zh, en = code_hint(given, meant)
    for error in result["errors"]:
        if error["field"] == "service_item":
            error.update(
                message=f"{error['message']}{zh}",
                message_en=f"{error['message_en']} {en}",
                did_you_mean=meant.code,
            )


def _print_human(result: dict[str, Any], lang: str, replayed_state: str | None) -> None:
    """One import line's result in words, a case decided now with its item;
    ``replayed_state``: the state now of the case an earlier run made from the same line
    (None for a line decided in this run)."""
    line = f"line {result['line']}: " if lang == "en" else f"第 {result['line']} 行："
    if result["status"] == "error":
        for error in result["errors"]:
            message = error["message_en"] if lang == "en" else error["message"]
            failed = "error" if lang == "en" else "有误"
            print(f"{line}{failed} [{error['field']}] {message}")
    elif "same_as_line" in result:
        print(
            f"{line}the same as line {result['same_as_line']}: {result['case_no']}; nothing new"
            if lang == "en"
            else f"{line}与第 {result['same_as_line']} 行相同，办件 {result['case_no']}，未新建办件"
        )
    elif replayed_state is not None:
        state = named(STATE_NAMES, replayed_state, lang)
        print(
            f"{line}imported before as {result['case_no']} (now: {state}); nothing new"
            if lang == "en"
            else f"{line}已导入过，办件 {result['case_no']}（现为{state}），未新建办件"
        )
    else:
        decided = named(STATE_NAMES, result["status"], lang)
        print(f"{line}{decided} {result['case_no']} {result['service_item_name']}")
    sys.stdout.flush()


def _print_check(result: dict[str, Any], lang: str) -> None:
    """One line's result under ``import --check`` in words: what it would give."""
    line = f"line {result['line']}: " if lang == "en" else f"第 {result['line']} 行："
    if result["status"] == "error":
        _print_human(result, lang, None)
        return
    if "same_as_line" in result:
        print(
            f"{line}the same as line {result['same_as_line']}; would make no case"
            if lang == "en"
            else f"{line}与第 {result['same_as_line']} 行相同，不会另建办件"
        )
    elif result.get("replayed"):
        print(
            f"{line}imported before as {result['case_no']}; would make no case"
            if lang == "en"
            else f"{line}已导入过，办件 {result['case_no']}，不会新建办件"
        )
    else:
        print(f"{line}{named(_WOULD, result['status'], lang)}")
    sys.stdout.flush()


def _case_summary(record: CaseRecord) -> dict[str, Any]:
    return {
        "case_id": record.case_id,
        "case_no": record.case_no,
        "state": record.state,
        "sync_state": record.sync_state,
        "service_item": record.service_item_code,
        "service_item_name": record.service_item_name,
        "accepted_at": record.accepted_at,
        "applicant_masked_id": record.applicant_masked_id,
        "clerk": record.clerk,  # the user name of who took it
    }


def _cases(args: argparse.Namespace) -> int:
    day = hall_day(args.day, "--day") if args.day else None
    store, lang = _open(args)
    with store:
        records = list_cases(
            store, state=args.state, sync_state=args.sync_state, day=day, limit=args.limit
        )
        # The clerks' display names as this PC's accounts have them (None: no account here).
        accounts = Accounts(store).list_users() if args.json else []
        names = {u.username: u.display_name or None for u in accounts}
    if args.json:
        print_json(
            {"cases": [{**_case_summary(r), "clerk_name": names.get(r.clerk)} for r in records]}
        )
        return 0
    if not records:
        print("No cases match." if lang == "en" else "没有符合条件的办件。")
    rows = [
        [
            r.case_no,
            named(STATE_NAMES, r.state, lang),
            sync_state_name(r.sync_state, lang),
            r.applicant_masked_id,
            r.service_item_name,
        ]
        for r in records
    ]
    for line in aligned(rows) if rows else ():
        print(line)
    return 0


_HELD_BY_THE_CASE_DOCUMENT = (
    "document_language",
    "english_name",
    "nationality",
    "masked_birth_date",
    "eligibility_override",
    "over_limit_approval",
    "routing",
    "online_evaluation",
    "agent",
    "statutory_date",
    "preapp_id",
)


def _held_by_the_case_document(stored: dict[str, Any]) -> dict[str, Any]:
    """What the case document alone holds: the documents' language, the card's English name,
    the nationality and (masked) birth date given for a passport or permit, why it was
    accepted against the situation's eligibility rule or past a paused intake,
    where the platform routes it, the online rating, the 代办人 / 经办人 (masked), the
    statutory date (法定办结日期: the law's limit beside the hall's promise, moved on by a
    suspension as the promised date is; null for a case not accepted) and the online
    pre-application it was accepted from (null: none)."""
    if not stored:  # purged (store.retention)
        return dict.fromkeys(_HELD_BY_THE_CASE_DOCUMENT)
    item = stored["service_item"]
    born = stored["applicant"].get("birth_date")  # a passport's or permit's
    return {
        "document_language": stored.get("document_language") or "zh",
        "english_name": stored["applicant"].get("english_name"),
        "nationality": stored["applicant"].get("nationality"),
        "masked_birth_date": mask_birth_date(born) if born else None,
        "eligibility_override": stored.get("eligibility_override"),
        # 超限受理: taken while the offline policy paused intake, and who approved it.
        "over_limit_approval": stored.get("over_limit_approval"),
        # 全市通办: the other district's department the platform routes the case to.
        "routing": (
            {"department": item["handling_department"], "department_name": item["department"]}
            if item.get("handling_department")
            else None
        ),
        # 一事一评 from the progress page, as the platform sent it back; null before.
        "online_evaluation": stored.get("online_evaluation"),
        "agent": _masked_agent(stored),
        "statutory_date": stored.get("statutory_date"),
        "preapp_id": stored.get("preapp_id"),
    }


def _masked_agent(stored: dict[str, Any]) -> dict[str, Any] | None:
    """The 代办人 / 经办人 who came for the applicant, number and phone masked; None: the
    applicant came in person."""
    agent = stored.get("agent")
    if agent is None:
        return None
    zh_role, en_role = agent_role(stored["applicant"]["type"], agent["authorization"])
    return {
        "role": zh_role,
        "role_en": en_role,
        "name": agent["name"],
        "id_type": agent["id_type"],
        "doc_kind": agent["doc_kind"],
        "masked_id_number": mask_id_number(agent["id_number"]),
        "masked_phone": mask_phone(agent["phone"]) if agent.get("phone") else None,
        "relation": agent["relation"],
        "authorization": agent["authorization"],
    }


def _case_show(args: argparse.Namespace) -> int:
    store, lang = _open(args)
    with store:
        record = find_case(store, args.case)
        history = case_history(store, record.case_id)
        delivery = deliveries_of(store, [record.case_id]).get(record.case_id)
        request = open_correction_request(store, record.case_id)
        payment = case_payment(store, record.case_id)
        twice = paid_twice(store, record.case_id)
        # A case past the retention period keeps no document: what it held shows as null.
        purge = purge_of(store, record.case_id)
        stored = {} if purge else case_document(store, record.case_id)
        attached = attached_documents(store, record.case_id)
        others = other_bundle_cases(store, record)
    document = dataclasses.asdict(record)
    # 两个免于提交: the e-licence a material is exempt by, as the case references it (number,
    # issuer, file hash, verification), and the hash of its document kept here; else null.
    licences = {line["code"]: line.get("licence") for line in stored.get("materials", ())}
    for material in document["materials"]:
        material["licence"] = licences.get(material["code"])
        material["licence_document_sha256"] = attached.get(material["code"])
    document.pop("applicant_id")
    document["history"] = dataclasses.asdict(history)
    # 出件: how the result goes out (masked address, waybill, who collected); null: pick-up.
    document["delivery"] = dataclasses.asdict(delivery) if delivery else None
    # What a correction_requested case waits for (补正), else null.
    document["correction_request"] = dataclasses.asdict(request) if request else None
    document["payment"] = payment_commands.payment_json(payment, paid_twice=twice)
    document["personal_data_purged"] = dataclasses.asdict(purge) if purge else None
    document["bundle_cases"] = bundle_others_json(others)  # 一件事: the others decided with it
    document.update(_held_by_the_case_document(stored))
    if args.json:
        print_json(document)
        return 0
    document.update(
        state=named(STATE_NAMES, record.state, lang),
        sync_state=sync_state_name(record.sync_state, lang),
        accepted_at=hall_time_text(document["accepted_at"]),  # as the events below
        bundle=bundle_line(record, others, lang),  # 一件事 and the others decided with it
        applicant_type=named(APPLICANT_TYPE_NAMES, record.applicant_type, lang),
        # An organisation's credit code in full; a person's number (and a purged one) masked.
        applicant_id=shown_applicant_number(
            stored["applicant"]["id_number"],
            organisation=is_organisation(record.applicant_type),
            id_type=stored["applicant"]["id_type"],
        )
        if stored
        else record.applicant_masked_id,
    )
    # The catalog version the case was taken under: its checklist and time limit are that
    # version's, whatever the catalog in force says today.
    version = document["catalog_version"]
    document["catalog_version"] = f"version {version}" if lang == "en" else f"第 {version} 版"
    for key in (
        "case_no",
        "case_id",
        "state",
        "sync_state",
        "service_item_name",
        "catalog_version",
        "applicant_name",
        "applicant_type",
        "applicant_id",
        "clerk",
        "window_code",
        "hall_code",
        "accepted_at",
        "promised_date",
        "statutory_date",
    ):
        print(f"{key:20} {document[key]}")
    for key in ("preapp_id", "bundle", "decision_reason", "legal_basis", "redirect_to"):
        if document[key]:  # its pre-application; its 一件事; a refusal's (or notice's) grounds
            print(f"{key:20} {document[key]}")
    if request is not None:
        asked = ",".join((*request.materials, *request.fields))
        print(f"{'correction_request':20} {asked}  {request.note}")
    if payment is not None:
        print(f"{'payment':20} {payment_commands.payment_line(payment, lang, paid_twice=twice)}")
    print(_language_or_purge_line(document, purge, lang))
    for key in ("english_name", "nationality", "masked_birth_date"):
        if document[key]:  # a foreign applicant's, as the case document holds them
            print(f"{key:20} {document[key]}")
    if document["agent"]:
        print(f"{'agent':20} {_agent_line(document['agent'], lang)}")
    if document["eligibility_override"]:
        print(f"{'eligibility_reason':20} {document['eligibility_override']['reason']}")
    if document["over_limit_approval"]:
        approval = document["over_limit_approval"]
        print(f"{'over_limit_approval':20} {approval['approved_by']}  {approval['reason']}")
    for label, value in later_step_lines(stored, delivery, lang):
        print(f"{label:20} {value}")
    _print_materials(record.materials, lang)
    _print_history(history, lang)
    return 0


def _agent_line(agent: Mapping[str, Any], lang: str) -> str:
    """``代办人 张三（配偶） 3101**********123X 授权委托书``, in the command's language."""
    zh_how, en_how = AGENT_AUTHORIZATION_NAMES[AgentAuthorization(agent["authorization"])]
    if lang == "en":
        named_agent = f"{agent['role_en']} {agent['name']} ({agent['relation']})"
        return f"{named_agent} {agent['masked_id_number']} {en_how}"
    named_agent = f"{agent['role']} {agent['name']}（{agent['relation']}）"
    return f"{named_agent} {agent['masked_id_number']} {zh_how}"


def _language_or_purge_line(shown: Mapping[str, Any], purge: Purge | None, lang: str) -> str:
    """The documents' language of the case ``shown``, or when its personal data was purged."""
    if purge is not None:
        return f"{'personal_data':20} {PersonalDataPurged.of(purge).message(lang)}"
    zh_language, en_language = LANGUAGE_NAMES[DocumentLanguage(shown["document_language"])]
    return f"{'document_language':20} {en_language if lang == 'en' else zh_language}"


def _print_history(history: CaseHistory, lang: str) -> None:
    """The case's events (kind and states in the command's language) and its versions."""
    for e in history.events:
        at = hall_time_text(e.at)
        # An edit is named by what it did; a state it left as it was is said once.
        kind = (
            edit_name(e.detail, lang) if e.kind == "edit" else named(EVENT_KIND_NAMES, e.kind, lang)
        )
        moved = (e.from_state, e.to_state) if e.from_state != e.to_state else (e.to_state,)
        states = " → ".join(named(STATE_NAMES, s, lang) for s in moved if s)
        print(f"  {at} {e.actor} {kind} {states}".rstrip())
        if e.kind == "print":
            print(f"    {_document_outcome(e.detail, lang)}")
        if "approved_by" in e.detail and "field" in e.detail:  # an approved edit, masked
            field = named(FIELD_NAMES, e.detail["field"], lang)
            print(f"    {field} {e.detail['old']} → {e.detail['new']}")
        for line in _platform_detail_lines(e.detail, lang):
            print(f"    {line}")
    word = "version" if lang == "en" else "版本"
    for v in history.versions:
        at = hall_time_text(v.created_at)
        print(f"  {word} {v.data_version} {v.content_hash[:12]} {at} {v.created_by}")


# The history entries that carry the platform's handling without a state of their own
# (``platform_steps``), and a notice an adoption made void (``problem_resolution``), as the
# window's history words them (``ui.case_history_text``).
_STEP_WORDS: dict[str, tuple[str, str]] = {
    platform_steps.RECOVERED: (
        "平台已办理的进度（随办件从平台取回）",
        "Step done on the platform (fetched back with the case):",
    ),
    platform_steps.NOT_APPLIED: (
        "平台已办理、本机未采用的进度",
        "Step done on the platform, not applied here:",
    ),
}
_ADOPTION_WORDS: dict[str, tuple[str, str]] = {
    "superseded_notice": (
        "已被采用的平台版本取代、不再有效的文书",
        "Notice void since the platform's version was adopted:",
    ),
    "superseded_printed": (
        "该文书已打印：请告知申请人它不再有效，办件按平台的办理继续",
        "It was printed: tell the applicant it no longer applies; the case goes on as the "
        "platform handles it",
    ),
}


def _platform_detail_lines(detail: Mapping[str, Any], lang: str) -> list[str]:
    """A department's step kept without moving the case here (its state, note, and why it
    was not applied), and the notice an adoption of the platform's version made void."""
    lines = []
    for key in _STEP_WORDS:
        if key in detail:
            step = f"{named(_STEP_WORDS, key, lang)} {named(STATE_NAMES, detail[key], lang)}"
            lines.append(f"{step} {detail.get('note', '')}".rstrip())
            reason = detail.get("reason")
            if isinstance(reason, Mapping):
                lines.append(str(reason.get("en" if lang == "en" else "zh", "")))
    if detail.get("superseded_notice"):
        title = named(DOCUMENT_TITLES, detail["superseded_notice"], lang)
        lines.append(f"{named(_ADOPTION_WORDS, 'superseded_notice', lang)} {title}")
        if detail.get("superseded_printed"):
            lines.append(named(_ADOPTION_WORDS, "superseded_printed", lang))
    return lines


def _document_outcome(detail: Mapping[str, Any], lang: str) -> str:
    """A ``print`` event in words: what became of which document (its serial), and why a
    print failed: ``出具文书 受理通知书（受理回执） WS-… 第1次补打``."""
    parts = [named(PRINT_ACTION_NAMES, str(detail.get("action", "")), lang)]
    kind = detail.get("kind")
    if kind in DOCUMENT_TITLES:
        parts.append(named(DOCUMENT_TITLES, kind, lang))
    if detail.get("serial"):
        parts.append(str(detail["serial"]))
    if detail.get("reprint_no"):
        number = detail["reprint_no"]
        parts.append(f"reprint {number}" if lang == "en" else f"第{number}次补打")
    if detail.get("error"):
        parts.append(f"({detail['error']})" if lang == "en" else f"（{detail['error']}）")
    return " ".join(parts)


def _print_materials(materials: Sequence[CaseMaterial], lang: str) -> None:
    """Each material in the command's language: ``材料 M01 申请人居民身份证：已收 原件 ×1``."""
    word, colon = ("material", ": ") if lang == "en" else ("材料", "：")
    for m in materials:
        status = named(MATERIAL_STATUS_NAMES, m.status, lang)
        form = named(FORM_NAMES, m.form, lang) if m.form else ""
        print(f"  {word} {m.code} {m.name}{colon}{status} {form} ×{m.count}".replace("  ×", " ×"))
        if m.exemption:
            print(f"    {m.exemption}")


def _case_withdraw(args: argparse.Namespace) -> int:
    context, store = open_case_store(args)
    with store:
        case_id = find_case(store, args.case).case_id
        clerk = actor_or_os_user(
            args,
            context,
            store,
            roles=("clerk", "supervisor"),
            action="case.withdraw",
            target=case_id,
        )
        # A named clerk confirms with the applicant at the window (--applicant-confirmed);
        # the contract form (no --by) is a hall script's, for a withdrawal the applicant
        # confirmed outside the program (in writing, say): the OS user vouches, on record.
        outside = args.by is None and not args.applicant_confirmed
        version = case_endings.withdraw(
            store,
            case_id,
            clerk,
            args.reason,
            applicant_confirmed=args.applicant_confirmed or outside,
            confirmation="outside_program" if outside else "in_person",
        )
        record = find_case(store, case_id)
    return _print_changed(record, version, args.json, context.lang)


def _case_accept(args: argparse.Namespace) -> int:
    codes = [code.strip() for code in args.received.split(",") if code.strip()]
    context, store = open_case_store(args)
    with store:
        case_id = find_case(store, args.case).case_id
        clerk = actor_or_os_user(
            args,
            context,
            store,
            roles=("clerk", "supervisor"),
            action="case.accept",
            target=case_id,
        )
        version = later_materials.accept_returned(
            store, case_id, clerk, codes, eligibility_reason=args.eligibility_reason
        )
        record = find_case(store, case_id)
        earlier = earlier_cases_of(store, case_id, today=hall_today()).to_json()
    warn_earlier(earlier, context.lang)
    return _print_changed(record, version, args.json, context.lang, earlier)


def _print_changed(
    record: CaseRecord,
    version: int,
    as_json: bool,
    lang: str,
    earlier: Mapping[str, Any] | None = None,
) -> int:
    """A lifecycle command's result: the case summary with the version it wrote (and, for
    an acceptance, what ``earlier`` adds: the applicant's earlier cases of the item)."""
    if as_json:
        print_json(
            {
                **_case_summary(record),
                "data_version": version,
                "promised_date": record.promised_date,
                **(earlier or {}),
            }
        )
    else:
        print(f"{record.case_no}  {named(STATE_NAMES, record.state, lang)}  v{version}")
    return 0
