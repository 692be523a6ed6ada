"""``counter-central preapp|appointment``: the online channel's pre-applications (网上申报)
and appointments (预约) as the city's online service hands them to the platform."""

from __future__ import annotations

import argparse
import uuid
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from central.cli_refusal import refusal
from central.cli_store import (
    check_code,
    check_enrolled_hall,
    hall_code,
    hall_day,
    print_json,
    print_note,
    whole_number,
    with_store,
)
from central.errors import OperatorError
from central.operator_log_cli import acting_operator, add_operator_option
from central.store import CentralStore, arrivals, preapps
from central.store.operator_log import operator_action
from counter_app.domain.arrivals import STATE_NAMES, with_contract_ids
from counter_app.domain.hall_time import HALL_TIMEZONE, hall_minute_text, hall_today
from counter_app.domain.id_types import IdType
from sync.wire.arrivals import PREAPP_REVIEWS


def _submitted_file(value: str) -> arrivals.SubmittedFile:
    code, _, path = value.partition("=")
    if not code or not path:
        raise OperatorError(
            f"--material 应写成 材料编码=文件，收到“{value}”。",
            f"--material takes CODE=FILE, got '{value}'.",
        )
    file = Path(path)
    return arrivals.SubmittedFile(code, file.name, file.read_bytes())


def cmd_preapp_create(args: argparse.Namespace) -> None:
    """Create, or refuse; with ``--json`` a refusal is also ``{"error": {...}}`` on stdout,
    as for ``appointment create``."""
    _answering_refusals(args, _submit)


def _submit(args: argparse.Namespace) -> None:
    check_code(args.hall, "大厅编码", "Hall code")
    files = [_submitted_file(value) for value in args.material]

    def work(store: CentralStore) -> None:
        check_enrolled_hall(store, args.hall)
        # A retry of --id is answered as created before and not told apart: logged again.
        with operator_action(
            store,
            "preapp create",
            args.hall,
            {"hall": args.hall, "item": args.item, "review": args.review},
            operator=acting_operator(args),
        ) as entry:
            created = arrivals.create_preapp(
                store,
                args.hall,
                args.item,
                args.situation,
                id_number=args.id_number,
                id_type=args.id_type,
                name=args.name,
                files=files,
                review=args.review,
                review_note=args.review_note,
                valid_days=args.valid_days,
                arrival_id=_arrival_id(args.id),
            )
            entry.target = created["arrival_id"]
        _print_arrival(args, created)

    with_store(args, work)


def _arrival_id(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise OperatorError(
            f"--id 应为 UUID，收到“{value}”。", f"--id takes a UUID, got '{value}'."
        ) from None


def cmd_appointment_create(args: argparse.Namespace) -> None:
    """Book, or refuse; with ``--json`` a refusal is also ``{"error": {...}}`` on stdout, its
    ``code`` one a channel's app acts on (``slot_full``, ``off_grid``, ``store_unavailable``
    ...), its text the words stderr gets (``central.cli_refusal``)."""
    _answering_refusals(args, _book)


def _answering_refusals(
    args: argparse.Namespace, command: Callable[[argparse.Namespace], None]
) -> None:
    """Run ``command``; with ``--json`` a refusal is also ``{"error": {code, message,
    message_en}}`` on stdout, the words stderr gets, for the channel's app to act on."""
    try:
        command(args)
    except Exception as exc:
        told = refusal(exc, args.db) if args.json else None
        if told is not None:
            print_json({"error": {"code": told.code, "message": told.zh, "message_en": told.en}})
        raise


def _book(args: argparse.Namespace) -> None:
    check_code(args.hall, "大厅编码", "Hall code")
    slot = _hall_slot(args.at)

    def work(store: CentralStore) -> None:
        check_enrolled_hall(store, args.hall)
        # A retry of --id is answered as booked before and not told apart: logged again.
        with operator_action(
            store,
            "appointment create",
            args.hall,
            {"hall": args.hall, "item": args.item},
            operator=acting_operator(args),
        ) as entry:
            booked = arrivals.create_appointment(
                store,
                args.hall,
                args.item,
                id_number=args.id_number,
                id_type=args.id_type,
                name=args.name,
                at=slot,
                arrival_id=_arrival_id(args.id),
            )
            entry.target = booked["arrival_id"]
            entry.detail["appointment_no"] = booked["appointment_no"]
        _print_arrival(args, booked)

    with_store(args, work)


def _hall_slot(text: str) -> datetime:
    """``--at`` in hall time (a time without a zone is the hall's); ``OperatorError`` for
    text that is no time. Whether it may be booked now the store answers."""
    try:
        written = datetime.fromisoformat(text)
        return (written if written.tzinfo else written.replace(tzinfo=HALL_TIMEZONE)).astimezone(
            HALL_TIMEZONE
        )
    except (ValueError, OverflowError):  # overflow: a zone that moves it past year 1 or 9999
        raise OperatorError(
            f"--at 应为 ISO 时间（如 2026-12-05T09:30，无时区即大厅时间），收到“{text}”。",
            f"--at takes an ISO time (e.g. 2026-12-05T09:30; without a zone it is hall "
            f"time), got '{text}'.",
            code="bad_time",
        ) from None


def _end_appointment(state: str, name: str) -> Callable[[argparse.Namespace], None]:
    def command(args: argparse.Namespace) -> None:
        hall_closing = state == "cancelled" and args.hall_closing

        def end(store: CentralStore) -> None:
            with operator_action(
                store,
                f"appointment {name}",
                args.id,
                {"hall_closing": hall_closing},
                operator=acting_operator(args),
            ) as entry:
                item = arrivals.end_appointment(store, args.id, state, hall_closing=hall_closing)
                if item["replayed"]:
                    entry.unchanged()
            _print_arrival(args, item)
            if item["replayed"] and not args.json:  # a retry: the first answer, nothing new
                print("已登记过，未重复记录 / already recorded; nothing recorded again")
            if item["by_hall"]:
                _note_cancelled_by_hall(item)

        with_store(args, end)

    return command


def _note_cancelled_by_hall(item: dict[str, Any]) -> None:
    """Tell the operator the hall cancelled an appointment its holder did not, so they hear
    it from the hall, not from the booking page (which names it only cancelled)."""
    slot = hall_minute_text(item["slot_at"])
    number = item["appointment_no"]
    hours = arrivals.CANCEL_HOURS_BEFORE
    zh_late, en_late = (
        (f"（距时段已不足 {hours} 小时）", f" (less than {hours} hours before it)")
        if item["late_cancellation"]
        else ("", "")
    )
    print_note(
        f"预约 {number}（时段 {slot}）已按大厅的决定（闭厅等）取消{zh_late}，"
        "申请人并未取消：请通知申请人。",
        f"Appointment {number} at {slot} was cancelled as the hall's decision (a closing or "
        f"the like){en_late}, not by its holder: tell them.",
    )


def cmd_record_no_shows(args: argparse.Namespace) -> None:
    def record(store: CentralStore) -> None:
        # Its transactions, one an appointment elsewhere, are one here: with its entry.
        with operator_action(
            store, "appointment no-shows", "every hall", operator=acting_operator(args)
        ) as entry:
            marked = arrivals.record_no_shows(store, hall_today())
            entry.detail["marked"] = [item["arrival_id"] for item in marked]
            if not marked:
                entry.unchanged()
        if args.json:
            print_json({"no_shows": [with_contract_ids(item) for item in marked]})
            return
        for item in marked:
            _print_arrival(args, item)
        print(f"爽约 {len(marked)} 个 / {len(marked)} marked no_show")

    with_store(args, record)


def cmd_appointment_list(args: argparse.Namespace) -> None:
    def work(store: CentralStore) -> None:
        listed = arrivals.hall_day_appointments(store, args.hall, args.date)
        if args.json:
            print_json({"hall": args.hall, "day": args.date.isoformat(), "appointments": listed})
            return
        _print_day(args.hall, args.date, listed)

    with_store(args, work)


def _print_day(hall: str, day: date, listed: list[dict[str, Any]]) -> None:
    """The hall's appointments of the day, one a line, then how to cancel one the hall
    cannot keep."""
    print(f"大厅 / hall {hall}  {day}: {len(listed)} 个预约 / appointment(s)")
    for item in listed:
        state_zh, state_en = STATE_NAMES[item["state"]]
        print(
            f"  {hall_minute_text(item['slot_at'])}  {item['appointment_no']}  "
            f"{state_zh}/{state_en}  {item['item_name']}  {item['id_number']}  {item['name']}  "
            f"{item['arrival_id']}"
        )
    if any(item["state"] == "booked" for item in listed):
        print(
            "大厅当天不开放时，逐个取消并通知申请人 / if the hall closes that day, cancel each "
            "and tell its holder: counter-central appointment cancel ID --hall-closing"
        )


def cmd_arrival_show(args: argparse.Namespace) -> None:
    with_store(args, lambda store: _print_arrival(args, arrivals.arrival(store, args.id)))


def cmd_preapp_show(args: argparse.Namespace) -> None:
    """A pre-application as it stands: its status (expired told from its last day), its
    pre-review and the words of it, how it closed, and who consumed it."""

    def show(store: CentralStore) -> None:
        item = arrivals.arrival(store, args.id)
        if item["kind"] != "preapp":  # an appointment's id: shown as ``appointment show``
            _print_arrival(args, item)
            return
        status = preapps.preapp_status(item, hall_today())
        if args.json:
            print_json({**with_contract_ids(item), "status": status})
            return
        _print_preapp(item, status)

    with_store(args, show)


def _print_preapp(item: dict[str, Any], status: str) -> None:
    status_zh, status_en = preapps.STATUS_NAMES[status]
    print(f"{item['arrival_id']}  {item['item_name']}  {status_zh}/{status_en}")
    print(f"  有效期 / valid: {item['first_day']} – {item['last_day']}")
    review_zh, review_en = (
        ("通过", "passed") if item["review"] == "passed" else ("未通过", "failed")
    )
    note = f"：{item['review_note']}" if item["review_note"] else ""
    print(f"  预审 / pre-review: {review_zh}/{review_en}{note}")
    closed = item.get("closed")
    if closed is not None:
        took = closed["superseded_by"]
        by = f"  → {took}" if took else ""
        words = f"：{closed['note']}" if closed["note"] else ""
        print(f"  关闭 / closed {hall_minute_text(closed['at'])}{words}{by}")
    if item["state"] == "consumed":
        print(
            f"  受理 / consumed: {item['consumed_case_id']}  "
            f"{item['consumed_device'] or '—'}  {hall_minute_text(item['consumed_at'])}"
        )
    if item.get("purged_at"):
        print(f"  个人数据已清除 / personal data purged {hall_minute_text(item['purged_at'])}")


def cmd_preapp_review(args: argparse.Namespace) -> None:
    _answering_refusals(args, _review)


def _review(args: argparse.Namespace) -> None:
    review = "passed" if args.passed else "failed"

    def work(store: CentralStore) -> None:
        with operator_action(
            store, "preapp review", args.id, {"review": review}, operator=acting_operator(args)
        ) as entry:
            item = preapps.review_preapp(store, args.id, review, args.note, hall_today())
            if item["replayed"]:
                entry.unchanged()
        _print_changed(args, item)

    with_store(args, work)


def cmd_preapp_withdraw(args: argparse.Namespace) -> None:
    _answering_refusals(args, _withdraw)


def _withdraw(args: argparse.Namespace) -> None:
    def work(store: CentralStore) -> None:
        with operator_action(
            store, "preapp withdraw", args.id, operator=acting_operator(args)
        ) as entry:
            item = preapps.withdraw_preapp(store, args.id, args.reason, hall_today())
            if item["replayed"]:
                entry.unchanged()
        _print_changed(args, item)

    with_store(args, work)


def _print_changed(args: argparse.Namespace, item: dict[str, Any]) -> None:
    """A review's or withdrawal's answer; a retry's is the first answer, nothing new."""
    if args.json:
        print_json({**with_contract_ids(item), "status": preapps.preapp_status(item, hall_today())})
        return
    _print_preapp(item, preapps.preapp_status(item, hall_today()))
    if item["replayed"]:
        print("已登记过，未重复记录 / already recorded; nothing recorded again")


def cmd_preapp_list(args: argparse.Namespace) -> None:
    def work(store: CentralStore) -> None:
        listed = preapps.hall_preapps(
            store, args.hall, hall_today(), day=args.date, status=args.state
        )
        if args.json:
            print_json({"hall": args.hall, "preapps": listed})
            return
        print(f"大厅 / hall {args.hall}: {len(listed)} 个网上申报 / pre-application(s)")
        for row in listed:
            status_zh, status_en = preapps.STATUS_NAMES[row["status"]]
            took = f"  {row['case_no']}  {row['consumed_device']}" if row["case_no"] else ""
            again = (
                f"  重复使用 / used twice: {', '.join(row['used_twice'])}"
                if row["used_twice"]
                else ""
            )
            print(
                f"  {row['first_day']}–{row['last_day']}  {status_zh}/{status_en}  "
                f"{row['item_name']}  {row['id_number'] or '—'}  {row['name'] or '—'}  "
                f"{row['preapp_id']}{took}{again}"
            )

    with_store(args, work)


def cmd_preapp_sweep(args: argparse.Namespace) -> None:
    def work(store: CentralStore) -> None:
        swept = preapps.sweep_preapps(store, hall_today(), acting_operator(args))
        if args.json:
            print_json({"closed": swept.closed, "purged": swept.purged, "failed": swept.failed})
        else:
            print(
                f"事项已停办而关闭 {len(swept.closed)} 个，清除个人数据 {swept.purged} 个 / "
                f"{len(swept.closed)} closed (item withdrawn), {swept.purged} purged"
            )
        if swept.failed:
            raise OperatorError(
                f"{len(swept.failed)} 个网上申报未能处理（详情已记入日志），其余已完成："
                + "、".join(swept.failed),
                f"{len(swept.failed)} pre-application(s) could not be swept (details in the "
                "log); the others were: " + ", ".join(swept.failed),
            )

    with_store(args, work)


def _print_arrival(args: argparse.Namespace, item: dict[str, Any]) -> None:
    if args.json:
        print_json(with_contract_ids(item))
    else:
        number = item["appointment_no"] or ""
        print(f"{item['arrival_id']}  {number}  {item['item_name']}  {item['state']}")


def add_online_channel(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    """The online channel's pre-applications (网上申报) and appointments (预约)."""
    json_flag = argparse.ArgumentParser(add_help=False)
    json_flag.add_argument("--json", action="store_true")
    person = argparse.ArgumentParser(add_help=False)
    person.add_argument("--hall", required=True, help="hall code (its windows enrolled)")
    person.add_argument("--item", required=True, help="service item code (实施编码)")
    person.add_argument("--id-number", required=True, help="the applicant's ID number")
    person.add_argument(
        "--id-type",
        choices=[t.value for t in IdType],
        help="the document's GA/T 2000.156 type: 111 resident ID card, 414 passport, 513 "
        "HK/Macao permit (回乡证), 990 other (foreigner card, credit code…); default: told "
        "from the number (digits alone: a resident ID card's rules)",
    )
    person.add_argument(
        "--id",
        metavar="UUID",
        help="the arrival's id (default: a new one); an id created before answers that "
        "arrival as it stands and changes nothing, so a script may run again",
    )
    _add_preapp(sub, db, json_flag, person)
    _add_appointment(sub, db, json_flag, person)


def _add_preapp(
    sub: argparse._SubParsersAction,
    db: argparse.ArgumentParser,
    json_flag: argparse.ArgumentParser,
    person: argparse.ArgumentParser,
) -> None:
    preapp = sub.add_parser("preapp", help="网上申报 / online pre-applications")
    actions = preapp.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = actions.add_parser(
        "create",
        parents=[db, json_flag, person],
        help="新建网上申报 / a pre-application as submitted online",
    )
    create.add_argument("--name", required=True, help="the applicant's real name")
    create.add_argument("--situation", help="situation (情形) code; default: the item's first")
    create.add_argument(
        "--material",
        action="append",
        default=[],
        metavar="CODE=FILE",
        help="a material submitted electronically (repeatable); kept with its SM3 and SHA-256",
    )
    create.add_argument("--review", choices=PREAPP_REVIEWS, default="passed")
    create.add_argument("--review-note", default="", help="the pre-review's remark")
    create.add_argument(
        "--valid-days",
        type=whole_number(0, 366),
        default=arrivals.PREAPP_VALID_DAYS,
        metavar="DAYS",
        help="days after today the pre-review holds, 0 to 366 (0: today only; the windows "
        "forget it after; default %(default)s)",
    )
    add_operator_option(create)
    create.set_defaults(func=cmd_preapp_create)
    show = actions.add_parser(
        "show", parents=[db, json_flag], help="网上申报现状 / a pre-application now"
    )
    show.add_argument("id")
    show.set_defaults(func=cmd_preapp_show)
    _add_preapp_changes(actions, db, json_flag)
    listing = actions.add_parser(
        "list",
        parents=[db, json_flag],
        help="大厅的网上申报 / a hall's pre-applications by status (ID numbers masked)",
    )
    listing.add_argument("--hall", required=True, type=hall_code, help="hall code")
    listing.add_argument("--state", choices=preapps.STATUSES)
    listing.add_argument(
        "--date", type=hall_day, metavar="YYYY-MM-DD", help="those submitted that hall day"
    )
    listing.set_defaults(func=cmd_preapp_list)
    sweep = actions.add_parser(
        "sweep",
        parents=[db, json_flag],
        help="关闭事项已停办的网上申报，清除已结束超过 "
        f"{preapps.PREAPP_KEPT_DAYS} 天的个人数据 / close those whose item left the catalog; "
        f"purge the personal data of those over for more than {preapps.PREAPP_KEPT_DAYS} days",
    )
    add_operator_option(sweep)
    sweep.set_defaults(func=cmd_preapp_sweep)


def _add_preapp_changes(
    actions: argparse._SubParsersAction,
    db: argparse.ArgumentParser,
    json_flag: argparse.ArgumentParser,
) -> None:
    """``preapp review`` (the hall's) and ``preapp withdraw`` (the applicant's)."""
    review = actions.add_parser(
        "review",
        parents=[db, json_flag],
        help="网上预审 / the hall's pre-review: passed, or failed and returned to the "
        "applicant for correction with a note they read",
    )
    review.add_argument("id")
    verdict = review.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--passed", action="store_true")
    verdict.add_argument("--failed", action="store_true")
    review.add_argument("--note", default="", help="what the applicant reads (needed if failed)")
    add_operator_option(review)
    review.set_defaults(func=cmd_preapp_review)
    withdraw = actions.add_parser(
        "withdraw",
        parents=[db, json_flag],
        help="撤回网上申报 / the applicant withdraws an open pre-application",
    )
    withdraw.add_argument("id")
    withdraw.add_argument("--reason", required=True, help="the applicant's reason")
    add_operator_option(withdraw)
    withdraw.set_defaults(func=cmd_preapp_withdraw)


def _add_appointment(
    sub: argparse._SubParsersAction,
    db: argparse.ArgumentParser,
    json_flag: argparse.ArgumentParser,
    person: argparse.ArgumentParser,
) -> None:
    appointment = sub.add_parser("appointment", help="实名预约 / real-name appointments")
    actions = appointment.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = actions.add_parser(
        "create", parents=[db, json_flag, person], help="预约大厅时段 / book a slot at a hall"
    )
    create.add_argument(
        "--at",
        required=True,
        help="slot time, ISO (hall time without a zone); within the hall's opening hours "
        "(counter-central hall-hours show)",
    )
    create.add_argument("--name", default="", help="the holder's real name")
    add_operator_option(create)
    create.set_defaults(func=cmd_appointment_create)
    cancel = actions.add_parser(
        "cancel",
        parents=[db, json_flag],
        help="取消预约（时段开始 2 小时前、未取号时） / cancel up to 2 h before the slot, "
        "before its holder got a ticket",
    )
    cancel.add_argument(
        "--hall-closing",
        action="store_true",
        help="the hall's decision (it closes that day, or the like): cancels less than 2 h "
        "before the slot too, and is answered (by_hall) and logged as the hall's; never once "
        "a ticket was issued or the slot has begun",
    )
    no_show = actions.add_parser(
        "no-show", parents=[db, json_flag], help="爽约 / the applicant did not come"
    )
    for end, state, name in ((cancel, "cancelled", "cancel"), (no_show, "no_show", "no-show")):
        end.add_argument("id")
        add_operator_option(end)
        end.set_defaults(func=_end_appointment(state, name))
    no_shows = actions.add_parser(
        "no-shows",
        parents=[db, json_flag],
        help="记录爽约 / mark the past days' appointments nobody came for (the serving "
        "platform does it itself every 10 minutes)",
    )
    add_operator_option(no_shows)
    no_shows.set_defaults(func=cmd_record_no_shows)
    listing = actions.add_parser(
        "list",
        parents=[db, json_flag],
        help="大厅某日的预约 / a hall's appointments of a day, by slot and number (ID numbers "
        "masked), to cancel those of a day the hall closes",
    )
    listing.add_argument("--hall", required=True, type=hall_code, help="hall code")
    listing.add_argument("--date", required=True, type=hall_day, metavar="YYYY-MM-DD")
    listing.set_defaults(func=cmd_appointment_list)
    show = actions.add_parser("show", parents=[db, json_flag], help="预约现状 / an appointment now")
    show.add_argument("id")
    show.set_defaults(func=cmd_arrival_show)
