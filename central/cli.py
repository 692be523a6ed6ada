"""``counter-central``: run the reference platform and operate it (enrolment codes, cases,
conflicts, publishing catalog/calendar/notices, back-office progress, payment confirmations,
postal deliveries of results, devices, the audit heads devices reported; the online
channel's pre-applications and appointments).

Every command takes ``--db PATH_OR_URL``; without it ``$COUNTER_CENTRAL_DB``, else
``<user data dir>/counter-central/central.sqlite3``; and ``--key-file PATH`` (the payload
key, ``central.sealing``); without it ``$COUNTER_CENTRAL_KEY_FILE``, else ``<db>.key``
beside a SQLite database (a PostgreSQL store must be given one). Errors print Chinese then
English to stderr and exit 1 (2 for usage errors).
"""

from __future__ import annotations

import argparse
import functools
import ipaddress
import json
import logging
import logging.config
import os
import re
import socket
import sys
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import platformdirs

from central.devices import DEFAULT_STALE_AFTER, device_line, device_rows
from central.elicence_cli import add_elicence_parser
from central.errors import OperatorError, PlatformError
from central.publish import load_document
from central.sealing import CIPHERS, DEFAULT_CIPHER, ENV_KEY_FILE
from central.staff_cli import add_staff_parser
from central.store import (
    CentralStore,
    arrivals,
    audit_heads,
    day_sign_offs,
    evaluations,
    open_store,
    payments,
    publishing,
)
from central.store import cases as case_store
from central.store import devices as device_register
from central.store import progress as case_progress
from central.store.base import utc_now
from central.store.tickets import issue_ticket, ticket_visits
from counter_app.domain.case_document import CORRECTABLE_FIELDS
from sync.wire.arrivals import PREAPP_REVIEWS
from sync.wire.feeds import DELIVERY_STATUSES, PROGRESS_STATES

ENV_DB = "COUNTER_CENTRAL_DB"
CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


def default_db() -> str:
    return os.environ.get(ENV_DB) or str(
        Path(platformdirs.user_data_dir("counter-central")) / "central.sqlite3"
    )


def _key_file(args: argparse.Namespace) -> Path | None:
    return Path(args.key_file) if args.key_file else None


def _print_json(document: Any) -> None:
    print(json.dumps(document, ensure_ascii=False, indent=2))


def _with_store(args: argparse.Namespace, work: Callable[[CentralStore], None]) -> None:
    store = open_store(args.db, _key_file(args))
    try:
        work(store)
    finally:
        store.close()


# ---------------------------------------------------------------------- commands
def cmd_serve(args: argparse.Namespace) -> None:
    _check_workers(args)
    if args.parent_pid is not None:
        # First: a parent killed while the web stack imports must not leave this behind.
        from central.parent_watch import end_with_parent

        end_with_parent(args.parent_pid)
    import uvicorn

    from central.app import create_app
    from central.platform import CentralSettings

    logging.config.dictConfig(_LOGGING)
    settings = CentralSettings(
        max_batch_cases=args.max_batch_cases,
        max_body_bytes=args.max_body_bytes,
        rate_per_second=args.rate,
        rate_burst=args.burst,
        enroll_rate_per_minute=args.enroll_rate,
        track_rate_per_minute=args.track_rate,
        trusted_proxies=tuple(args.trusted_proxy),
        client_address_header=args.client_address_header,
    )
    # Each worker process builds its own app (its own store connections) from this factory;
    # one worker builds it here, so a bad store or key stops start-up before the announcement.
    factory = functools.partial(
        create_app, args.db, settings, key_file=_key_file(args), cipher=args.cipher
    )
    app: Any = factory() if args.workers == 1 else factory
    if args.workers > 1:
        factory().state.platform.store.close()
    # Bind here so ``--port 0`` works: the chosen port is announced on stdout before serving.
    # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY on accepted connections only when
    # the socket says it is TCP; without it every keep-alive answer stalls ~40 ms on
    # Nagle + delayed ACK (headers and body go out as separate writes).
    if args.fd is not None:
        try:
            sock = socket.socket(fileno=args.fd)
        except OSError as exc:
            raise OperatorError(
                f"--fd {args.fd} 不是可用的监听套接字：{exc}",
                f"--fd {args.fd} is not a usable listening socket: {exc}",
            ) from exc
    else:
        family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((args.host, args.port))
        sock.listen(2048)
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    print(json.dumps({"url": f"http://{shown}:{port}", "pid": os.getpid()}), flush=True)
    # uvicorn's loggers (access log included) go through the root handler, to stderr; stdout
    # carries only the one announcement line. Given to uvicorn as well, so that each
    # ``--workers`` process (started afresh, not forked) sets up the same logging.
    config = uvicorn.Config(
        app,
        log_config=_LOGGING,
        log_level="info",
        timeout_keep_alive=30,
        backlog=2048,
        timeout_graceful_shutdown=5,
        # The platform decides itself whom to believe about a client's address
        # (--trusted-proxy); uvicorn would take X-Forwarded-For from any local process.
        proxy_headers=False,
        factory=args.workers > 1,
        workers=args.workers,
    )
    if args.workers > 1:
        from uvicorn.supervisors import Multiprocess

        Multiprocess(config, sockets=[sock]).run()
    else:
        uvicorn.Server(config).run(sockets=[sock])


_LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "stream": "ext://sys.stderr",
        }
    },
    "root": {"level": "INFO", "handlers": ["stderr"]},
}


def _check_workers(args: argparse.Namespace) -> None:
    """Several worker processes need a store several processes may write at once
    (PostgreSQL) and a supervisor of their own (not a training window's ``--parent-pid``)."""
    if args.workers < 1:
        raise OperatorError("--workers 至少为 1。", "--workers must be at least 1.")
    if args.workers == 1:
        return
    if not args.db.startswith(("postgresql://", "postgres://")):
        raise OperatorError(
            "--workers 大于 1 需要 PostgreSQL 平台数据库：SQLite 同一时间只允许一个写入者，"
            "多个进程会互相等待甚至报“数据库已锁定”。单机 SQLite 请用一个进程。",
            "--workers above 1 needs a PostgreSQL platform store: SQLite allows one writer at "
            "a time, and several processes would wait on each other or fail with 'database is "
            "locked'. Serve a SQLite store with one process.",
        )
    if args.parent_pid is not None:
        raise OperatorError(
            "--workers 不能与 --parent-pid 同用：后者只用于培训大厅随窗口启动的单进程平台。",
            "--workers cannot be combined with --parent-pid, which is for the training "
            "hall's one-process platform that ends with its window.",
        )


def _network(value: str) -> str:
    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{value}”不是 IP 地址或网段 / '{value}' is not an IP address or network"
        ) from None
    return value


def _check_code(value: str, what_zh: str, what_en: str) -> None:
    if not CODE_PATTERN.match(value):
        raise OperatorError(
            f"{what_zh}“{value}”不合法：只能用 1-32 个字母、数字、- 或 _。",
            f"{what_en} '{value}' is not valid: use 1-32 letters, digits, '-' or '_'.",
        )


def cmd_enroll_code(args: argparse.Namespace) -> None:
    _check_code(args.hall, "大厅编码", "Hall code")
    _check_code(args.window, "窗口编码", "Window code")
    if args.ttl_minutes < 1:
        raise OperatorError("有效期至少 1 分钟。", "--ttl-minutes must be at least 1.")

    def work(store: CentralStore) -> None:
        code, expires = device_register.create_enroll_code(
            store, args.hall, args.window, args.ttl_minutes, replaces=args.replaces
        )
        if args.json:
            _print_json({"code": code, "expires_at": expires})
        else:
            print(f"登记码 / enrolment code: {code}  (有效至 / expires {expires})")

    _with_store(args, work)


def _listing(
    key: str, rows_of: Callable[[CentralStore, str | None], list[dict[str, Any]]], line: str
) -> Callable[[argparse.Namespace], None]:
    """A listing command: ``{key: [...]}`` with ``--json``, else one ``line`` per row."""

    def command(args: argparse.Namespace) -> None:
        def work(store: CentralStore) -> None:
            rows = rows_of(store, args.hall)
            if args.json:
                _print_json({key: rows})
            else:
                for row in rows:
                    print(line.format(**row))

        _with_store(args, work)

    return command


cmd_cases = _listing(
    "cases", case_store.cases, "{case_no}  {case_id}  v{data_version}  {received_at}"
)
cmd_conflicts = _listing(
    "conflicts", case_store.conflicts, "{case_no}  {case_id}  v{data_version}  {reason}"
)
cmd_evaluations = _listing(
    "evaluations",
    evaluations.evaluations,
    "{case_no}  {window}/{clerk}  {channel}  level {level}  declined {declined}  {reason_code}  {at}",
)


def cmd_devices(args: argparse.Namespace) -> None:
    if args.stale_after < 0:
        raise OperatorError(
            "--stale-after 须为不小于 0 的分钟数。",
            "--stale-after is a number of minutes, 0 or more.",
        )

    def work(store: CentralStore) -> None:
        rows = device_rows(
            store, args.hall, stale_after=timedelta(minutes=args.stale_after), now=utc_now()
        )
        if args.json:
            _print_json({"devices": rows})
        else:
            for row in rows:
                print(device_line(row))

    _with_store(args, work)


cmd_audit_heads = _listing(
    "audit_heads",
    audit_heads.audit_heads,
    "{device}  {hall}/{window}  seq {seq}  {head}  {time}  refused reports: {anomalies}",
)

cmd_day_sign_offs = _listing(
    "day_sign_offs",
    day_sign_offs.day_sign_offs,
    "{day}  {hall}/{window}  {signed_by}  {signed_at}  reconciled={reconciled}  "
    "unacknowledged={unacknowledged}",
)


def _publish(feed: str) -> Callable[[argparse.Namespace], None]:
    def command(args: argparse.Namespace) -> None:
        document, version = load_document(feed, Path(args.file))

        def work(store: CentralStore) -> None:
            sequence = publishing.publish_document(
                store, feed, document, version, if_newer=args.if_newer
            )
            _print_json({"feed": feed, "version": version, "sequence": sequence})

        _with_store(args, work)

    return command


def cmd_delivery(args: argparse.Namespace) -> None:
    _with_store(
        args,
        lambda store: _print_json(
            case_progress.record_delivery(store, args.case, args.waybill, args.status)
        ),
    )


def cmd_progress(args: argparse.Namespace) -> None:
    _with_store(
        args,
        lambda store: _print_json(
            case_progress.record_progress(
                store,
                args.case,
                args.to,
                args.note,
                materials=args.material,
                fields=args.field,
                department=args.department,
            )
        ),
    )


def cmd_routed(args: argparse.Namespace) -> None:
    def work(store: CentralStore) -> None:
        rows = case_progress.routed_cases(store, args.department)
        if args.json:
            _print_json({"cases": rows})
        else:
            for row in rows:
                print(
                    "{case_no}  {item_name}  from {accepting_hall}/{accepting_window}  "
                    "{state}  promised {promised_date}".format(**row)
                )

    _with_store(args, work)


def cmd_payment_confirm(args: argparse.Namespace) -> None:
    _with_store(args, lambda store: _print_json(payments.confirm_payment(store, args.reference)))


def cmd_notice(args: argparse.Namespace) -> None:
    if args.hall != "*":
        _check_code(args.hall, "大厅编码", "Hall code")
    _with_store(
        args,
        lambda store: _print_json(
            publishing.publish_notice(store, args.hall, args.title, args.body)
        ),
    )


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
    _check_code(args.hall, "大厅编码", "Hall code")
    files = [_submitted_file(value) for value in args.material]
    _with_store(
        args,
        lambda store: _print_arrival(
            args,
            arrivals.create_preapp(
                store,
                args.hall,
                args.item,
                args.situation,
                id_number=args.id_number,
                name=args.name,
                files=files,
                review=args.review,
                review_note=args.review_note,
                valid_days=args.valid_days,
                arrival_id=_arrival_id(args.id),
            ),
        ),
    )


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
    _check_code(args.hall, "大厅编码", "Hall code")
    try:
        slot = datetime.fromisoformat(args.at)
    except ValueError:
        raise OperatorError(
            f"--at 应为 ISO 时间（如 2026-12-05T09:30，无时区即大厅时间），收到“{args.at}”。",
            f"--at takes an ISO time (e.g. 2026-12-05T09:30; without a zone it is hall "
            f"time), got '{args.at}'.",
        ) from None
    _with_store(
        args,
        lambda store: _print_arrival(
            args,
            arrivals.create_appointment(
                store,
                args.hall,
                args.item,
                id_number=args.id_number,
                name=args.name,
                at=slot,
                arrival_id=_arrival_id(args.id),
            ),
        ),
    )


def _end_appointment(state: str) -> Callable[[argparse.Namespace], None]:
    def command(args: argparse.Namespace) -> None:
        _with_store(
            args,
            lambda store: _print_arrival(args, arrivals.end_appointment(store, args.id, state)),
        )

    return command


def cmd_arrival_show(args: argparse.Namespace) -> None:
    _with_store(args, lambda store: _print_arrival(args, arrivals.arrival(store, args.id)))


def _print_arrival(args: argparse.Namespace, item: dict[str, Any]) -> None:
    if args.json:
        _print_json(item)
    else:
        number = item["appointment_no"] or ""
        print(f"{item['arrival_id']}  {number}  {item['item_name']}  {item['state']}")


cmd_tickets = _listing(
    "visits",
    ticket_visits,
    "{hall}  {number}  {window}  {item_code}  wait {wait_seconds}s  walk {walk_seconds}s  "
    "service {service_seconds}s  {outcome}",
)


def cmd_ticket_issue(args: argparse.Namespace) -> None:
    _check_code(args.hall, "大厅编码", "Hall code")
    if args.item is not None:
        _check_code(args.item, "事项编码", "Item code")

    def work(store: CentralStore) -> None:
        ticket = issue_ticket(store, args.hall, args.item, args.appointment)
        if args.json:
            _print_json(ticket)
        else:
            print(f"取号 / ticket: {ticket['number']}  ({ticket['hall']}, {ticket['issued_at']})")

    _with_store(args, work)


def cmd_revoke(args: argparse.Namespace) -> None:
    def work(store: CentralStore) -> None:
        device_register.revoke_device(store, args.device)
        _print_json({"device_id": args.device, "revoked": True})

    _with_store(args, work)


def _add_devices_parser(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    devices = sub.add_parser(
        "devices", parents=[db], help="enrolled windows with their health and last contact"
    )
    devices.add_argument("--hall")
    devices.add_argument(
        "--stale-after",
        type=int,
        default=int(DEFAULT_STALE_AFTER.total_seconds() // 60),
        metavar="MINUTES",
        help="flag a window not heard from for longer than this (default %(default)s)",
    )
    devices.add_argument("--json", action="store_true")
    devices.set_defaults(func=cmd_devices)


# ---------------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="counter-central", description="Reference central platform for counter-app."
    )
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument(
        "--db",
        default=default_db(),
        help=f"SQLite path or postgresql:// URL (default: ${ENV_DB} or the user data dir)",
    )
    db.add_argument(
        "--key-file",
        default=os.environ.get(ENV_KEY_FILE),
        help=f"payload key file, created 0600 with a new store (default: ${ENV_KEY_FILE}, "
        "else <db>.key beside a SQLite database; required for PostgreSQL)",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    _add_serve_parser(sub, db)

    code = sub.add_parser("enroll-code", parents=[db], help="issue a one-time enrolment code")
    code.add_argument("--hall", required=True)
    code.add_argument("--window", required=True)
    code.add_argument("--ttl-minutes", type=int, default=24 * 60)
    code.add_argument(
        "--replaces",
        metavar="DEVICE_ID",
        help="a PC replacing a broken one: its enrolment revokes this device of the same hall "
        "and window and takes over its case-number prefixes",
    )
    code.add_argument("--json", action="store_true")
    code.set_defaults(func=cmd_enroll_code)

    for name, func, text in (
        ("cases", cmd_cases, "cases received"),
        ("conflicts", cmd_conflicts, "submissions kept for a supervisor"),
        ("evaluations", cmd_evaluations, "好差评 ratings and the follow-up of bad ones"),
        ("audit-heads", cmd_audit_heads, "last audit-chain head each device reported"),
        ("day-sign-offs", cmd_day_sign_offs, "supervisors' end-of-day sign-offs"),
        ("tickets", cmd_tickets, "queue-ticket visits: wait, walk and service times"),
    ):
        listing = sub.add_parser(name, parents=[db], help=text)
        listing.add_argument("--hall")
        listing.add_argument("--json", action="store_true")
        listing.set_defaults(func=func)
    _add_devices_parser(sub, db)

    for feed in ("catalog", "calendar"):
        group = sub.add_parser(feed, help=f"{feed} versions")
        actions = group.add_subparsers(dest="action", required=True)
        publish = actions.add_parser("publish", parents=[db], help=f"publish a new {feed} version")
        publish.add_argument("file")
        publish.add_argument(
            "--if-newer",
            action="store_true",
            help="publish only when the file's version is newer than every published one; "
            "otherwise change nothing (sequence null), for a script run at every start",
        )
        publish.set_defaults(func=_publish(feed))

    _add_progress_parser(sub, db)
    _add_payment_parser(sub, db)
    _add_delivery(sub, db)
    add_elicence_parser(
        sub, db, lambda args, work: _with_store(args, lambda s: _print_json(work(s)))
    )
    notice = sub.add_parser("notice", help="hall notices")
    notice_actions = notice.add_subparsers(dest="action", required=True)
    notice_publish = notice_actions.add_parser("publish", parents=[db], help="publish a notice")
    notice_publish.add_argument("--hall", required=True, help="hall code, or * for every hall")
    notice_publish.add_argument("--title", required=True)
    notice_publish.add_argument("--body", required=True)
    notice_publish.set_defaults(func=cmd_notice)

    add_staff_parser(sub, db, _with_store)
    _add_ticket_parser(sub, db)

    _add_online_channel(sub, db)
    revoke = sub.add_parser("revoke", parents=[db], help="revoke a device")
    revoke.add_argument("device")
    revoke.set_defaults(func=cmd_revoke)
    return parser


def _add_online_channel(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    """The online channel's pre-applications (网上申报) and appointments (预约)."""
    json_flag = argparse.ArgumentParser(add_help=False)
    json_flag.add_argument("--json", action="store_true")
    person = argparse.ArgumentParser(add_help=False)
    person.add_argument("--hall", required=True)
    person.add_argument("--item", required=True, help="service item code (实施编码)")
    person.add_argument("--id-number", required=True, help="the applicant's ID number")
    person.add_argument(
        "--id",
        metavar="UUID",
        help="the arrival's id (default: a new one); an id created before answers that "
        "arrival as it stands and changes nothing, so a script may run again",
    )

    preapp = sub.add_parser("preapp", help="online pre-applications (网上申报)")
    actions = preapp.add_subparsers(dest="action", required=True)
    create = actions.add_parser(
        "create", parents=[db, json_flag, person], help="a pre-application as submitted online"
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
        type=int,
        default=arrivals.PREAPP_VALID_DAYS,
        help="days the pre-review holds (the windows forget it after)",
    )
    create.set_defaults(func=cmd_preapp_create)
    show = actions.add_parser("show", parents=[db, json_flag], help="a pre-application now")
    show.add_argument("id")
    show.set_defaults(func=cmd_arrival_show)

    appointment = sub.add_parser("appointment", help="real-name appointments (预约)")
    actions = appointment.add_subparsers(dest="action", required=True)
    create = actions.add_parser(
        "create", parents=[db, json_flag, person], help="book a slot at a hall"
    )
    create.add_argument("--at", required=True, help="slot time, ISO (hall time without a zone)")
    create.add_argument("--name", default="", help="the holder's real name")
    create.set_defaults(func=cmd_appointment_create)
    for name, state, text in (
        ("cancel", "cancelled", "the applicant cancelled"),
        ("no-show", "no_show", "the applicant did not come (爽约)"),
    ):
        end = actions.add_parser(name, parents=[db, json_flag], help=text)
        end.add_argument("id")
        end.set_defaults(func=_end_appointment(state))
    show = actions.add_parser("show", parents=[db, json_flag], help="an appointment now")
    show.add_argument("id")
    show.set_defaults(func=cmd_arrival_show)


def _add_serve_parser(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    serve = sub.add_parser("serve", parents=[db], help="run the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8440, help="0 picks a free port")
    serve.add_argument(
        "--fd",
        type=int,
        help="serve on this inherited, already listening TCP socket instead of --host/--port "
        "(the training hall binds it, so its window knows the address before this starts; "
        "connections wait in the socket's backlog meanwhile)",
    )
    serve.add_argument(
        "--parent-pid",
        type=int,
        metavar="PID",
        help="end when process PID, which started this one, ends however it ends (Linux; "
        "the training hall's window passes its own); refuse to serve if it has ended already",
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="N worker processes sharing the listening socket (PostgreSQL store only; not "
        "with --parent-pid); rate limits are per process",
    )
    serve.add_argument("--max-batch-cases", type=int, default=500)
    serve.add_argument("--max-body-bytes", type=int, default=8 * 1024 * 1024)
    serve.add_argument("--rate", type=float, default=50.0, help="requests/s per device")
    serve.add_argument("--burst", type=int, default=100, help="burst per device")
    serve.add_argument(
        "--enroll-rate", type=float, default=30.0, help="enrolment attempts/min per client"
    )
    serve.add_argument(
        "--track-rate",
        type=float,
        default=60.0,
        help="public progress page (/track) requests/min per client (burst 30)",
    )
    serve.add_argument(
        "--trusted-proxy",
        action="append",
        type=_network,
        default=[],
        metavar="ADDRESS",
        help="a reverse proxy's address or network (repeatable); only these are believed "
        "about the client's address, through --client-address-header",
    )
    serve.add_argument(
        "--client-address-header",
        default="X-Forwarded-For",
        metavar="NAME",
        help="header a trusted proxy puts the client's address in (default: X-Forwarded-For; "
        "a comma-separated list is read from the right)",
    )
    serve.add_argument(
        "--cipher",
        choices=CIPHERS,
        default=DEFAULT_CIPHER,
        help="AEAD that seals new case payloads at rest (stored ones stay readable)",
    )
    serve.set_defaults(func=cmd_serve)


def _add_ticket_parser(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    ticket = sub.add_parser("ticket", help="the hall's queue tickets (叫号)")
    actions = ticket.add_subparsers(dest="action", required=True)
    issue = actions.add_parser("issue", parents=[db], help="issue a ticket (the ticket machine)")
    issue.add_argument("--hall", required=True)
    issue.add_argument("--item", help="service item code chosen at the machine")
    issue.add_argument(
        "--appointment", metavar="ID", help="the holder's appointment: a priority ticket"
    )
    issue.add_argument("--json", action="store_true")
    issue.set_defaults(func=cmd_ticket_issue)


def _add_delivery(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    delivery = sub.add_parser(
        "delivery",
        parents=[db],
        help="record a result posted by EMS (its waybill) or delivered by the carrier",
    )
    delivery.add_argument("case", help="case UUID or case number")
    delivery.add_argument("--waybill", required=True, help="EMS waybill number")
    delivery.add_argument("--status", required=True, choices=DELIVERY_STATUSES)
    delivery.set_defaults(func=cmd_delivery)


def _add_progress_parser(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    progress = sub.add_parser("progress", parents=[db], help="record a back-office step")
    progress.add_argument("case", help="case UUID or case number")
    progress.add_argument("--to", required=True, choices=PROGRESS_STATES)
    progress.add_argument("--note", default="")
    progress.add_argument(
        "--material",
        metavar="CODE",
        action="append",
        default=[],
        help="with --to correction_requested: a material to correct (repeat for several)",
    )
    progress.add_argument(
        "--field",
        action="append",
        default=[],
        choices=CORRECTABLE_FIELDS,
        help="with --to correction_requested: an applicant field to correct (repeatable)",
    )
    progress.add_argument(
        "--department",
        metavar="CODE",
        help="全市通办: the handling department recording the step (the case must be routed to it)",
    )
    progress.set_defaults(func=cmd_progress)
    routed = sub.add_parser(
        "routed", parents=[db], help="全市通办: cases routed to a handling department"
    )
    routed.add_argument("--department", required=True, metavar="CODE")
    routed.add_argument("--json", action="store_true")
    routed.set_defaults(func=cmd_routed)


def _add_payment_parser(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    payment = sub.add_parser("payment", help="the unified public payment platform (缴费)")
    actions = payment.add_subparsers(dest="action", required=True)
    confirm = actions.add_parser(
        "confirm", parents=[db], help="mark a fee paid by its payment reference (缴费识别码)"
    )
    confirm.add_argument("reference", help="payment reference on the 缴费通知书 (JF-…)")
    confirm.set_defaults(func=cmd_payment_confirm)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except (OperatorError, PlatformError) as exc:
        print(f"错误：{exc.zh}\nError: {exc.en}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"错误：{exc}\nError: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
