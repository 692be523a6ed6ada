"""``counter-central``: run the reference platform and operate it (enrolment codes, cases,
conflicts, publishing catalog/calendar/notices, back-office progress, payment confirmations,
postal deliveries of results, devices, the audit heads devices reported).

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
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import platformdirs

from central.errors import OperatorError, PlatformError
from central.publish import load_document
from central.sealing import CIPHERS, DEFAULT_CIPHER, ENV_KEY_FILE
from central.store import CentralStore, open_store
from counter_app.domain.case_document import CORRECTABLE_FIELDS
from sync.wire import DELIVERY_STATUSES, PROGRESS_STATES

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

    from central.app import CentralSettings, create_app

    logging.config.dictConfig(_LOGGING)
    settings = CentralSettings(
        max_batch_cases=args.max_batch_cases,
        max_body_bytes=args.max_body_bytes,
        rate_per_second=args.rate,
        rate_burst=args.burst,
        enroll_rate_per_minute=args.enroll_rate,
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
        code, expires = store.create_enroll_code(args.hall, args.window, args.ttl_minutes)
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


def _device_rows(store: CentralStore, hall: str | None) -> list[dict[str, Any]]:
    return [
        {
            "device_id": d.device_id,
            "hall": d.hall,
            "window": d.window,
            "label": d.label,
            "enrolled_at": d.enrolled_at,
            "revoked_at": d.revoked_at,
        }
        for d in store.devices(hall)
    ]


cmd_cases = _listing(
    "cases", CentralStore.cases, "{case_no}  {case_id}  v{data_version}  {received_at}"
)
cmd_conflicts = _listing(
    "conflicts", CentralStore.conflicts, "{case_no}  {case_id}  v{data_version}  {reason}"
)
cmd_evaluations = _listing(
    "evaluations",
    CentralStore.evaluations,
    "{case_no}  {window}/{clerk}  level {level}  declined {declined}  {reason_code}  {at}",
)
cmd_devices = _listing(
    "devices", _device_rows, "{device_id}  {hall}/{window}  {label}  revoked: {revoked_at}"
)
cmd_audit_heads = _listing(
    "audit_heads",
    CentralStore.audit_heads,
    "{device}  {hall}/{window}  seq {seq}  {head}  {time}  refused reports: {anomalies}",
)

cmd_day_sign_offs = _listing(
    "day_sign_offs",
    CentralStore.day_sign_offs,
    "{day}  {hall}/{window}  {signed_by}  {signed_at}  reconciled={reconciled}  "
    "unacknowledged={unacknowledged}",
)


def _publish(feed: str) -> Callable[[argparse.Namespace], None]:
    def command(args: argparse.Namespace) -> None:
        document, version = load_document(feed, Path(args.file))

        def work(store: CentralStore) -> None:
            sequence = store.publish_document(feed, document, version)
            _print_json({"feed": feed, "version": version, "sequence": sequence})

        _with_store(args, work)

    return command


def cmd_delivery(args: argparse.Namespace) -> None:
    _with_store(
        args,
        lambda store: _print_json(store.record_delivery(args.case, args.waybill, args.status)),
    )


def cmd_progress(args: argparse.Namespace) -> None:
    _with_store(
        args,
        lambda store: _print_json(
            store.record_progress(
                args.case, args.to, args.note, materials=args.material, fields=args.field
            )
        ),
    )


def cmd_payment_confirm(args: argparse.Namespace) -> None:
    _with_store(args, lambda store: _print_json(store.confirm_payment(args.reference)))


def cmd_notice(args: argparse.Namespace) -> None:
    if args.hall != "*":
        _check_code(args.hall, "大厅编码", "Hall code")
    _with_store(
        args, lambda store: _print_json(store.publish_notice(args.hall, args.title, args.body))
    )


def cmd_revoke(args: argparse.Namespace) -> None:
    def work(store: CentralStore) -> None:
        store.revoke_device(args.device)
        _print_json({"device_id": args.device, "revoked": True})

    _with_store(args, work)


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

    code = sub.add_parser("enroll-code", parents=[db], help="issue a one-time enrolment code")
    code.add_argument("--hall", required=True)
    code.add_argument("--window", required=True)
    code.add_argument("--ttl-minutes", type=int, default=24 * 60)
    code.add_argument("--json", action="store_true")
    code.set_defaults(func=cmd_enroll_code)

    for name, func, text in (
        ("cases", cmd_cases, "cases received"),
        ("conflicts", cmd_conflicts, "submissions kept for a supervisor"),
        ("devices", cmd_devices, "enrolled devices"),
        ("evaluations", cmd_evaluations, "好差评 ratings and the follow-up of bad ones"),
        ("audit-heads", cmd_audit_heads, "last audit-chain head each device reported"),
        ("day-sign-offs", cmd_day_sign_offs, "supervisors' end-of-day sign-offs"),
    ):
        listing = sub.add_parser(name, parents=[db], help=text)
        listing.add_argument("--hall")
        listing.add_argument("--json", action="store_true")
        listing.set_defaults(func=func)

    for feed in ("catalog", "calendar"):
        group = sub.add_parser(feed, help=f"{feed} versions")
        actions = group.add_subparsers(dest="action", required=True)
        publish = actions.add_parser("publish", parents=[db], help=f"publish a new {feed} version")
        publish.add_argument("file")
        publish.set_defaults(func=_publish(feed))

    _add_progress_parser(sub, db)
    _add_payment_parser(sub, db)
    _add_delivery(sub, db)
    notice = sub.add_parser("notice", help="hall notices")
    notice_actions = notice.add_subparsers(dest="action", required=True)
    notice_publish = notice_actions.add_parser("publish", parents=[db], help="publish a notice")
    notice_publish.add_argument("--hall", required=True, help="hall code, or * for every hall")
    notice_publish.add_argument("--title", required=True)
    notice_publish.add_argument("--body", required=True)
    notice_publish.set_defaults(func=cmd_notice)

    revoke = sub.add_parser("revoke", parents=[db], help="revoke a device")
    revoke.add_argument("device")
    revoke.set_defaults(func=cmd_revoke)
    return parser


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
    progress.set_defaults(func=cmd_progress)


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
