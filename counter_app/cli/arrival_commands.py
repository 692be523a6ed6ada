"""The online channel from the command line, from the window's arrivals cache (offline
too): ``counter-app arrivals`` (a day's appointments and pre-applications),
``counter-app lookup`` (what the hall holds for one person: the hall's arrivals, and the
cases this window accepted; the hall queue carries no personal data, so another window's
cases of the person cannot be found by their ID number here; each look-up is logged,
``person.searched``, under ``--by`` or the OS user) and ``counter-app case
from-preapp`` (a case accepted from a pre-application, reported to the platform at the next
sync; past a paused intake with a supervisor's ``--approved-by``, ``cli.over_limit``).
Shown in full: these are the clerk's own hall's applicants, as the window shows them.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from counter_app.cli.actor import actor_or_os_user, add_actor_options
from counter_app.cli.context import (
    CliContext,
    cli_context,
    hall_day,
    open_case_store,
    print_json,
)
from counter_app.cli.earlier_cases_warning import warn_earlier
from counter_app.cli.over_limit import add_over_limit_options, over_limit_approval
from counter_app.domain.arrivals import PREAPP, STATE_NAMES, Arrival, with_contract_ids
from counter_app.domain.hall_time import hall_today
from counter_app.domain.id_types import OTHER_MAX_LENGTH, PASSPORT_MIN_LENGTH
from counter_app.domain.idnumber import (
    has_gb11643_shape,
    is_credit_code,
    mask_id_number,
    normalize_id_number,
    validate_id_number,
)
from counter_app.domain.names import mask_name
from counter_app.errors import InvalidIdNumber
from counter_app.services.person_searches import NOT_IN_A_NUMBER
from counter_app.store.database import Store
from counter_app.store.earlier_cases import earlier_cases_of


def register(subparsers: argparse._SubParsersAction) -> None:
    arrivals = subparsers.add_parser(
        "arrivals", help="预约与网上申报 / the day's appointments and pre-applications"
    )
    arrivals.add_argument("--date", help="hall day YYYY-MM-DD (default: today)")
    arrivals.add_argument("--json", action="store_true")
    arrivals.set_defaults(func=_arrivals)

    lookup = subparsers.add_parser(
        "lookup",
        help="一人在本厅的预约、网上申报，及本窗口受理的告知、容缺与待取结果 / a person's "
        "appointments and pre-applications at the hall, and the notices, deferrals and results "
        "ready of the cases this window accepted",
        description="The person's appointments and pre-applications at the hall (the hall's "
        "arrivals feed), and the open one-time notices, deferrals and results ready of the cases "
        "this window accepted. Another window's cases are not listed: the hall queue carries no "
        "personal data to find them by.",
    )
    lookup.add_argument("--id-number", required=True, help="the person's ID number")
    add_actor_options(lookup, "who looks the person up (logged)", required=False)
    lookup.add_argument("--json", action="store_true")
    lookup.set_defaults(func=_lookup)


def register_case_actions(case_commands: argparse._SubParsersAction) -> None:
    """``case from-preapp`` under ``counter-app case``."""
    from_preapp = case_commands.add_parser(
        "from-preapp", help="网上申报受理 / accept a case from an online pre-application"
    )
    from_preapp.add_argument("preapp_id", help="the pre-application's id (PREAPP_ID)")
    from_preapp.add_argument(
        "--received",
        default="",
        metavar="CODE[,CODE…]",
        help="materials handed in at the window now (those submitted online count already)",
    )
    from_preapp.add_argument(
        "--situation",
        metavar="CODE",
        help="the situation (情形) to accept it under instead of the one applied for online, "
        "which the catalog in force may have dropped (checked against the item in force; "
        "the files submitted online count where this situation asks for them)",
    )
    from_preapp.add_argument(
        "--despite-review",
        action="store_true",
        help="accept it although its online pre-review failed (or never ran): the clerk "
        "checked the review's points with the applicant (recorded in the audit log)",
    )
    add_actor_options(from_preapp, "the window clerk accepting the case", required=False)
    add_over_limit_options(from_preapp, "this one case", after_actor=True)
    from_preapp.add_argument("--json", action="store_true")
    from_preapp.set_defaults(func=_from_preapp)


# An arrival whose item the catalog in force withdrew (停办 after it was booked or submitted).
WITHDRAWN_MARK = ("事项已停办", "item withdrawn")
# A pre-application whose situation (情形) the catalog in force no longer holds for its item.
SITUATION_MARK = ("情形已调整", "situation changed")


@dataclass(frozen=True)
class CatalogMarks:
    """The arrivals the catalog in force changed under: their item withdrawn, or (a
    pre-application's) their situation no longer in the item."""

    item_withdrawn: set[str]
    situation_withdrawn: set[str]


def _catalog_marks(store: Store, arrivals: Sequence[Arrival]) -> CatalogMarks:
    from counter_app.services.arrivals import situation_withdrawn_arrivals, withdrawn_arrivals

    return CatalogMarks(
        withdrawn_arrivals(store, arrivals), situation_withdrawn_arrivals(store, arrivals)
    )


def _arrival_json(arrival: Any, marks: CatalogMarks, *, masked: bool = False) -> dict[str, Any]:
    """The arrival as the command prints it; ``masked``: the holder's number and name masked,
    as every listing of the hall's people has them (``lookup`` shows what was typed)."""
    document: dict[str, Any] = arrival.to_json()
    document.pop("sequence")
    if masked:
        document["id_number"] = mask_id_number(arrival.id_number)
        document["name"] = mask_name(arrival.name)
    document["headline"], document["headline_en"] = arrival.headline()
    document["item_withdrawn"] = arrival.arrival_id in marks.item_withdrawn
    document["situation_withdrawn"] = arrival.arrival_id in marks.situation_withdrawn
    return with_contract_ids(document)


def _lookup_json(arrival: Arrival, marks: CatalogMarks, today: date) -> dict[str, Any]:
    """The arrival as ``lookup --json`` prints it: :func:`_arrival_json` and when it is
    (``when``, ``when_en``: 今天, 明天, the date; a pre-application's last valid day)."""
    document = _arrival_json(arrival, marks)
    document["when"], document["when_en"] = _when(arrival, today)
    return document


def _arrivals(args: argparse.Namespace) -> int:
    from counter_app.services.arrival_list_age import list_age_words
    from counter_app.services.arrivals import arrivals_of_day, downloaded_days
    from counter_app.store.arrivals import arrivals_downloaded_at
    from counter_app.store.timestamps import to_text, utc_now

    context = cli_context(args)
    day = hall_day(args.date, "--date") if args.date else hall_today()
    _first, last_downloaded = downloaded_days(context.config, hall_today())
    with context.open_store() as store:
        appointments, preapps = arrivals_of_day(store, day)
        marks = _catalog_marks(store, [*appointments, *preapps])
        as_of = arrivals_downloaded_at(store)
    if args.json:
        print_json(
            {
                "date": day.isoformat(),
                "appointments": [_arrival_json(a, marks, masked=True) for a in appointments],
                "preapps": [_arrival_json(a, marks, masked=True) for a in preapps],
                "downloaded": day <= last_downloaded,
                "as_of": None if as_of is None else to_text(as_of),
            }
        )
        return 0
    if context.config.sync.url:
        print(context.text(*list_age_words(as_of, utc_now())))
    if day > last_downloaded:
        print(
            context.text(
                f"{day.isoformat()} 的预约尚未下载到本机：本机只下载今天起 "
                f"{context.config.sync.arrival_days} 天（至 {last_downloaded.isoformat()}，"
                "设置 sync.arrival_days）。该日的预约请在平台查看。",
                f"The appointments of {day.isoformat()} are not downloaded yet: this window "
                f"downloads {context.config.sync.arrival_days} days from today (to "
                f"{last_downloaded.isoformat()}, setting sync.arrival_days). See the platform "
                "for that day.",
            )
        )
    elif not (appointments or preapps):
        print(
            context.text(
                f"{day.isoformat()} 没有预约或网上申报。",
                f"No appointments or pre-applications on {day.isoformat()}.",
            )
        )
    for arrival in [*appointments, *preapps]:
        print(f"{arrival.arrival_id}  {mask_name(arrival.name)}  {_said(context, arrival, marks)}")
    return 0


def _said(context: CliContext, arrival: Arrival, marks: CatalogMarks) -> str:
    """The arrival's headline, state and catalog marks in the chosen language."""
    state = context.text(*STATE_NAMES.get(arrival.state, (arrival.state, arrival.state)))
    said = f"{context.text(*arrival.headline())}  [{state}]"
    if arrival.arrival_id in marks.item_withdrawn:
        said += f"  [{context.text(*WITHDRAWN_MARK)}]"
    if arrival.arrival_id in marks.situation_withdrawn:
        said += f"  [{context.text(*SITUATION_MARK)}]"
    return said


def _when(arrival: Arrival, today: date) -> tuple[str, str]:
    """When ``lookup`` says the arrival is (Chinese, English): an appointment's day (今天,
    明天 or its date), a pre-application's last valid day."""
    if arrival.kind == PREAPP:
        last = arrival.last_day.isoformat()
        return f"有效期至 {last}", f"valid until {last}"
    if arrival.first_day == today:
        return "今天", "today"
    if arrival.first_day == today + timedelta(days=1):
        return "明天", "tomorrow"
    return arrival.first_day.isoformat(), arrival.first_day.isoformat()


def _lookup(args: argparse.Namespace) -> int:
    from counter_app.domain.staff import ROLES
    from counter_app.services.arrivals import person_at_hall
    from counter_app.services.person_searches import LOOKUP, id_number_key, record_search

    number = _looked_up_number(args.id_number)
    context = cli_context(args)
    today = hall_today()
    with context.open_store() as store:
        searcher = actor_or_os_user(args, context, store, roles=ROLES, action="person.searched")
        found = person_at_hall(store, number, today)
        record_search(
            store,
            searcher.username,
            id_number_key(store, number),
            LOOKUP,
            [r.case_no for r in found.cases],
        )
        marks = _catalog_marks(store, [*found.appointments, *found.preapps])
    document = {
        "appointments": [_lookup_json(a, marks, today) for a in found.appointments],
        "preapps": [_lookup_json(a, marks, today) for a in found.preapps],
        "notices": [
            {
                "case_id": r.case_id,
                "case_no": r.case_no,
                "service_item_name": r.service_item_name,
                "reason": r.decision_reason,
                "created_at": r.created_at,
            }
            for r in found.notices
        ],
        "deferrals": [asdict(d) for d in found.deferrals],
        "results_ready": [asdict(r) for r in found.results_ready],
    }
    if args.json:
        print_json(document)
        return 0
    for arrivals, zh, en in (
        (found.appointments, "预约", "Appointments"),
        (found.preapps, "网上申报", "Pre-applications"),
    ):
        print(f"{context.text(zh, en)}: {len(arrivals)}")
        for arrival in arrivals:
            when = context.text(*_when(arrival, today))
            print(f"    {arrival.arrival_id}  {when}  {_said(context, arrival, marks)}")
    for key, zh, en in (
        ("notices", "一次性告知", "One-time notices"),
        ("deferrals", "容缺待补", "Deferred materials"),
        ("results_ready", "待取结果", "Results ready"),
    ):
        print(f"{context.text(zh, en)}: {len(document[key])}")
        for entry in document[key]:
            print(f"    {entry['case_no']}  {entry['service_item_name']}")
    print(
        context.text(
            "（告知、容缺与待取结果只含本窗口受理的办件；其他窗口的办件须在受理窗口查询。）",
            "(Notices, deferrals and results: of the cases this window accepted only; another "
            "window's cases are looked up at the window that accepted them.)",
        )
    )
    return 0


def _looked_up_number(raw: str) -> str:
    """``--id-number`` as ``lookup`` searches it (normalised: full-width, spaces, a lower-case
    x); ``InvalidIdNumber`` naming what is wrong when no document's number could look like
    it, rather than an answer of "nothing held" for a typo. Any document may be asked about
    (passports, permits, foreigner cards, an enterprise's credit code), but 17 digits and a
    digit or X that are no credit code are an ID card's or a permit's number: held to
    GB 11643, so a wrong check character is said as such."""
    number = normalize_id_number(raw)
    if not number:
        raise InvalidIdNumber(
            "证件号码为空：请给出要查询的证件号码。",
            "The ID number is empty: give the number to look up.",
            field="id_number",
        )
    wrong = "".join(dict.fromkeys(repr(c)[1:-1] for c in NOT_IN_A_NUMBER.findall(number)))
    if wrong:
        raise InvalidIdNumber(
            f"证件号码中不应有“{wrong}”：证件号码只由字母、数字、括号和连字符组成，请核对。",
            f"An ID number cannot contain '{wrong}': document numbers are letters, digits, "
            "brackets and hyphens.",
            field="id_number",
        )
    if not PASSPORT_MIN_LENGTH <= len(number) <= OTHER_MAX_LENGTH:
        raise InvalidIdNumber(
            f"证件号码为{len(number)}位，不是任何证件的号码：证件号码为{PASSPORT_MIN_LENGTH}–"
            f"{OTHER_MAX_LENGTH}位（身份证18位，护照{PASSPORT_MIN_LENGTH}位以上），请核对。",
            f"An ID number of {len(number)} characters is no document's: document numbers have "
            f"{PASSPORT_MIN_LENGTH}-{OTHER_MAX_LENGTH} (an ID card 18, a passport at least "
            f"{PASSPORT_MIN_LENGTH}).",
            field="id_number",
        )
    if has_gb11643_shape(number) and not is_credit_code(number):
        validate_id_number(number)
    return number


def _from_preapp(args: argparse.Namespace) -> int:
    from counter_app.services.arrivals import case_from_preapp, withdrawn_preapp
    from counter_app.store.cases import find_case

    codes = [code.strip() for code in args.received.split(",") if code.strip()]
    context, store = open_case_store(args)
    with store:
        clerk = actor_or_os_user(
            args,
            context,
            store,
            roles=("clerk", "supervisor"),
            action="case.from_preapp",
            target=args.preapp_id,
        )
        over_limit = over_limit_approval(args, context, store, clerk=clerk, target=args.preapp_id)
        result = case_from_preapp(
            store,
            clerk,
            args.preapp_id,
            received=codes,
            situation=args.situation,
            despite_review=args.despite_review,
            over_limit=over_limit,
        )
        # Only a refusal can be a withdrawn item's: a case accepted found its item in force.
        withdrawn = withdrawn_preapp(store, args.preapp_id) if result["status"] == "error" else None
        record = find_case(store, result["case_id"]) if result["case_id"] else None
        result["service_item_name"] = record.service_item_name if record else None  # as import's
        if record is not None:
            result.update(earlier_cases_of(store, record.case_id, today=hall_today()).to_json())
    if withdrawn is not None:
        # Its data, for the clerk to copy into a normal intake under another item.
        result["preapp"] = _arrival_json(withdrawn, CatalogMarks({withdrawn.arrival_id}, set()))
    if args.json:
        print_json(result)
    elif result["status"] == "error":
        for error in result["errors"]:
            context.warn(error["message"], error["message_en"])
        if withdrawn is not None:
            _print_for_copying(context, withdrawn)
    else:
        print(f"{result['status']} {result['case_no']}")
    warn_earlier(result, context.lang)
    return 1 if result["status"] == "error" else 0


def _print_for_copying(context: CliContext, preapp: Arrival) -> None:
    """A withdrawn item's pre-application as a normal intake takes it: applicant, item and
    situation applied for, the files submitted online (they stay on the platform)."""
    files = context.text("、", ", ").join(f"{m.code} {m.file_name}" for m in preapp.materials)
    print(context.text("网上申报信息（供抄录）：", "The pre-application's data, for copying:"))
    for label, value in (
        (context.text("申请人", "Applicant"), preapp.name),
        (context.text("证件号码", "ID number"), preapp.id_number),
        (
            context.text("原申请事项", "Item applied for"),
            context.text(
                f"{preapp.item_name}（{preapp.item_code}）",
                f"{preapp.item_name} ({preapp.item_code})",
            ),
        ),
        (context.text("情形", "Situation"), preapp.situation or "—"),
        (context.text("网上提交的材料", "Submitted online"), files or "—"),
    ):
        print(f"  {label}: {value}")
