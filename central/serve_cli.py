"""``counter-central serve``: run the HTTP API on a socket it binds (or inherits with
``--fd``), announcing its address on stdout, in one process or ``--workers`` processes."""

from __future__ import annotations

import argparse
import errno
import functools
import ipaddress
import json
import logging
import logging.config
import os
import re
import socket
from pathlib import Path
from typing import TYPE_CHECKING, Any

from central import fault_injection
from central.cli_store import key_file, number_between, whole_number
from central.errors import OperatorError
from central.sealing import CIPHERS, DEFAULT_CIPHER
from counter_app.log_format import ZonedFormatter

if TYPE_CHECKING:
    # Imported when serving starts, after the parent watch (the web stack takes a while).
    from fastapi import FastAPI

    from central.platform import CentralSettings


def cmd_serve(args: argparse.Namespace) -> None:
    _check_workers(args)
    fault_injection.paused_batch()  # a bad test setting stops start-up here
    if args.parent_pid is not None:
        # First: a parent killed while the web stack imports must not leave this behind.
        from central.parent_watch import end_with_parent

        end_with_parent(args.parent_pid)
    import uvicorn

    logging.config.dictConfig(_LOGGING)
    settings = settings_of(args)
    # Each worker process builds its own app (its own store connections) from this factory;
    # one worker builds it here, so a bad store or key stops start-up before the announcement.
    factory = functools.partial(
        serving_app, args.db, settings, key_file=key_file(args), cipher=args.cipher
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
        try:
            sock.bind((args.host, args.port))
        except OSError as exc:
            sock.close()
            raise _bind_refused(args.host, args.port, exc) from exc
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


def _bind_refused(host: str, port: int, exc: OSError) -> OperatorError:
    """What stops ``serve`` on an address it cannot listen on, and what to do."""
    where = f"{host}:{port}"
    if exc.errno == errno.EADDRINUSE:
        return OperatorError(
            f"端口 {where} 已被占用（另一个 counter-central serve 或其他程序正在使用）。请停止"
            f"占用它的程序（ss -ltnp 'sport = :{port}' 可查是谁），或用 --port 换一个端口，"
            "并相应修改各窗口配置中的平台地址。",
            f"Port {where} is already in use (by another counter-central serve or another "
            f"program). Stop what holds it (ss -ltnp 'sport = :{port}' shows which), or pick "
            "another with --port and change the platform URL in the windows' config to match.",
        )
    if exc.errno == errno.EACCES:
        return OperatorError(
            f"无权监听端口 {where}（1024 以下的端口需要管理员权限）。请用 --port 选 1024 以上的"
            "端口，或由反向代理转发。",
            f"Not allowed to listen on {where} (ports below 1024 need administrator rights). "
            "Pick a port above 1024 with --port, or forward to it from a reverse proxy.",
        )
    return OperatorError(
        f"无法监听 {where}：{exc.strerror}。请核对 --host（本机的地址）和 --port。",
        f"Cannot listen on {where}: {exc.strerror}. Check --host (an address of this machine) "
        "and --port.",
    )


def settings_of(args: argparse.Namespace) -> CentralSettings:
    """The platform's limits and rates as serve's options give them."""
    from central.platform import CentralSettings

    return CentralSettings(
        max_batch_cases=args.max_batch_cases,
        max_body_bytes=args.max_body_bytes,
        body_idle_timeout_seconds=args.body_idle_timeout,
        max_large_uploads=args.max_large_uploads,
        rate_per_second=args.rate,
        rate_burst=args.burst,
        enroll_rate_per_minute=args.enroll_rate,
        track_rate_per_minute=args.track_rate,
        auth_failures_per_minute=args.auth_failure_rate,
        address_auth_failures_per_minute=args.address_auth_failure_rate,
        elicence_holders_per_hour=args.elicence_holders_per_hour,
        elicence_holders_per_day=args.elicence_holders_per_day,
        trusted_proxies=tuple(args.trusted_proxy),
        client_address_header=args.client_address_header,
    )


def serving_app(
    store_url: str, settings: CentralSettings, *, key_file: Path | None, cipher: str
) -> FastAPI:
    """``create_app`` for a process that serves it (each ``--workers`` process builds its
    own), with the process's garbage collector then set for batches."""
    from central.app import create_app
    from central.collector import tune_for_batches

    app = create_app(store_url, settings, key_file=key_file, cipher=cipher)
    tune_for_batches()
    return app


# A progress page's address (``/track/TOKEN``) with the token cut to its first characters:
# the token is the citizen's secret, which also lets anyone rate the case.
_TRACK_TOKEN = re.compile(r"(/track/[A-Za-z0-9_-]{3})[A-Za-z0-9_%-]+")


class TrackTokenMask(logging.Filter):
    """Cuts every progress-page token out of a log line (the access log's and ours) before
    it is written: whoever reads the journal must not learn a token to open or rate a
    citizen's case with."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = _TRACK_TOKEN.sub(r"\1…", message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


_LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    # The time with its UTC offset, as the windows' logs write it
    # (``2026-12-08T00:15:49.120+08:00``): a platform line is put beside a window's at once.
    "formatters": {
        "plain": {
            "()": ZonedFormatter,
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "filters": {"track_tokens": {"()": "central.serve_cli.TrackTokenMask"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["track_tokens"],
            "stream": "ext://sys.stderr",
        }
    },
    "root": {"level": "INFO", "handlers": ["stderr"]},
}


def _check_workers(args: argparse.Namespace) -> None:
    """Several worker processes need a store several processes may write at once
    (PostgreSQL) and a supervisor of their own (not a training window's ``--parent-pid``)."""
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


# The bounds of serve's numbers. File descriptors stay below Linux's default fs.nr_open and
# process ids below PID_MAX_LIMIT (2**22); more workers than a large server's cores only wait
# on each other. A push's cases and a request's bytes (windows batch within what enrolment
# told them): from room for a case to what one request may hold in the platform's memory.
# Rates (per second or per minute) and bursts: above 0, since a rate of 0 never refills and
# is divided by, up to far beyond any load a test or benchmark asks for. A body's pause: from
# what a slow link needs to what a request may hold its connection for. Large bodies at once:
# at least one, at most what the largest body allowed times it fits in a server's memory.
# Distinct e-licence holders of a device: at least one, at most far beyond a hall's day.
_LARGEST_FD = 2**20
_LARGEST_PID = 2**22
_MOST_WORKERS = 64
_MOST_BATCH_CASES = 10_000
_FEWEST_BODY_BYTES, _MOST_BODY_BYTES = 64 * 1024, 2**30
_SLOWEST_RATE, _FASTEST_RATE = 0.001, 1_000_000
_SHORTEST_BODY_PAUSE, _LONGEST_BODY_PAUSE = 0.5, 600
_MOST_LARGE_UPLOADS = 1024
_MOST_HOLDERS = 1_000_000


def _network(value: str) -> str:
    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{value}”不是 IP 地址或网段 / '{value}' is not an IP address or network"
        ) from None
    return value


def add_serve_parser(sub: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    serve = sub.add_parser("serve", parents=[db], help="运行平台服务 / run the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument(
        "--port", type=whole_number(0, 65535), default=8440, help="0 picks a free port"
    )
    serve.add_argument(
        "--fd",
        type=whole_number(0, _LARGEST_FD),
        help="serve on this inherited, already listening TCP socket instead of --host/--port "
        "(the training hall binds it, so its window knows the address before this starts; "
        "connections wait in the socket's backlog meanwhile)",
    )
    serve.add_argument(
        "--parent-pid",
        type=whole_number(1, _LARGEST_PID),
        metavar="PID",
        help="end when process PID, which started this one, ends however it ends (Linux; "
        "the training hall's window passes its own); refuse to serve if it has ended already",
    )
    serve.add_argument(
        "--workers",
        type=whole_number(1, _MOST_WORKERS),
        default=1,
        metavar="N",
        help=f"N worker processes sharing the listening socket, 1 to {_MOST_WORKERS} "
        "(PostgreSQL store only; not with --parent-pid); rate limits are per process",
    )
    serve.add_argument(
        "--max-batch-cases",
        type=whole_number(1, _MOST_BATCH_CASES),
        default=500,
        help=f"cases one push may carry, 1 to {_MOST_BATCH_CASES}",
    )
    serve.add_argument(
        "--max-body-bytes",
        type=whole_number(_FEWEST_BODY_BYTES, _MOST_BODY_BYTES),
        default=8 * 1024 * 1024,
        help=f"largest request body, {_FEWEST_BODY_BYTES} to {_MOST_BODY_BYTES} bytes",
    )
    serve.add_argument(
        "--body-idle-timeout",
        type=number_between(_SHORTEST_BODY_PAUSE, _LONGEST_BODY_PAUSE),
        default=20.0,
        metavar="SECONDS",
        help="a request body that stops arriving for this long is answered 408 and its "
        f"connection closed, {_SHORTEST_BODY_PAUSE} to {_LONGEST_BODY_PAUSE} (default 20)",
    )
    serve.add_argument(
        "--max-large-uploads",
        type=whole_number(1, _MOST_LARGE_UPLOADS),
        default=8,
        metavar="N",
        help="request bodies over 1 MiB read at the same time (per process); more are "
        f"answered 503 and retried by the window, 1 to {_MOST_LARGE_UPLOADS} (default 8)",
    )
    rate = number_between(_SLOWEST_RATE, _FASTEST_RATE)
    serve.add_argument("--rate", type=rate, default=50.0, help="requests/s per device")
    serve.add_argument(
        "--burst", type=whole_number(1, _FASTEST_RATE), default=100, help="burst per device"
    )
    serve.add_argument(
        "--enroll-rate", type=rate, default=30.0, help="enrolment attempts/min per client"
    )
    serve.add_argument(
        "--track-rate",
        type=rate,
        default=60.0,
        help="public progress page (/track) requests/min per client (burst 30)",
    )
    serve.add_argument(
        "--auth-failure-rate",
        type=rate,
        default=12.0,
        help="failed authentications/min a claimed device id at one address may make (burst "
        "30) before its requests are refused (429) unread",
    )
    serve.add_argument(
        "--address-auth-failure-rate",
        type=rate,
        default=120.0,
        help="failed authentications/min per client address (burst 300; a hall's windows "
        "behind one NAT address share it)",
    )
    holders = whole_number(1, _MOST_HOLDERS)
    serve.add_argument(
        "--elicence-holders-per-hour",
        type=holders,
        default=60,
        metavar="N",
        help="distinct holders one device's e-licence lookups may answer about in an hour "
        "(more: 429 holder_limit)",
    )
    serve.add_argument(
        "--elicence-holders-per-day",
        type=holders,
        default=300,
        metavar="N",
        help="distinct holders one device's e-licence lookups may answer about in a day "
        "(more: 429 holder_limit)",
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
