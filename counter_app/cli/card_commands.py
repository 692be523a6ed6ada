"""``counter-app readers`` and ``counter-app read-card``: what IT uses to diagnose readers."""

from __future__ import annotations

import argparse
import json
import sys

from counter_app.cli.context import cli_context, number_in
from counter_app.identity.errors import ReaderUnavailable
from counter_app.identity.mrz import BacKey
from counter_app.identity.specs import open_reader, parse_spec
from counter_app.identity.wlt import WltDecoder


def register(subparsers: argparse._SubParsersAction) -> None:
    readers = subparsers.add_parser("readers", help="列出读卡器 / list card readers")
    readers.add_argument("--json", action="store_true")
    readers.set_defaults(func=_readers)
    read = subparsers.add_parser("read-card", help="读卡 / read the card on a reader")
    read.add_argument("--reader", help="reader spec (default: reader.spec from the config)")
    read.add_argument(
        "--wait",
        type=number_in(0.0, 3600.0),
        default=0.0,
        metavar="SECONDS",
        help="wait this long for a card (up to an hour)",
    )
    read.add_argument(
        "--mrz", metavar="DOCNO,YYMMDD,YYMMDD", help="passport access key: number, birth, expiry"
    )
    read.add_argument("--json", action="store_true")
    read.set_defaults(func=_read_card)


def _readers(args: argparse.Namespace) -> int:
    from serial.tools import list_ports

    context = cli_context(args)
    try:
        from counter_app.identity.pcsc import list_pcsc_readers

        pcsc: list[str] = list_pcsc_readers()
        pcsc_error = ""
    except ReaderUnavailable as exc:
        pcsc, pcsc_error = [], exc.message(context.lang)
    result = {
        "configured": context.config.reader.spec,
        "pcsc": pcsc,
        "pcsc_error": pcsc_error,
        "serial": [
            {"device": p.device, "description": p.description} for p in list_ports.comports()
        ],
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(context.text("已配置：", "Configured: ") + context.config.reader.spec)
    print("PC/SC: " + (", ".join(pcsc) or pcsc_error or "-"))
    print(
        context.text("串口：", "Serial: ")
        + (", ".join(p.device for p in list_ports.comports()) or "-")
    )
    return 0


def _read_card(args: argparse.Namespace) -> int:
    context = cli_context(args)
    config = context.config
    spec = parse_spec(args.reader or config.reader.spec)
    decoder = WltDecoder(config.reader.wlt_library) if config.reader.wlt_library else None
    bac_key = None
    if args.mrz:
        parts = args.mrz.split(",")
        if len(parts) != 3:
            print(
                context.text(
                    "--mrz 格式：证件号,出生日期YYMMDD,有效期YYMMDD",
                    "--mrz format: DOCNO,YYMMDD,YYMMDD",
                ),
                file=sys.stderr,
            )
            return 2
        bac_key = BacKey(*parts)
    with open_reader(
        spec,
        training=config.is_training,
        sdtapi_library=config.reader.sdtapi_library,
        photo_decoder=decoder,
    ) as reader:
        if args.wait > 0:
            reader.wait_for_card(args.wait)
        document = reader.read(bac_key=bac_key)
    data = document.to_json()
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
        return 0
    for key, value in data.items():
        print(f"{key}: {value}")
    return 0
