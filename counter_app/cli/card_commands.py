"""``counter-app readers`` and ``counter-app read-card``: what IT uses to diagnose readers."""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable
from datetime import date

from counter_app.cli.context import CliContext, cli_context, number_in
from counter_app.domain.hall_time import hall_today
from counter_app.identity.codes import NO_EXPIRY, SEXES_EN
from counter_app.identity.document import PHOTO_NOT_DECODABLE, DocType, Expiry, IdentityDocument
from counter_app.identity.errors import BadCardData, ReaderUnavailable
from counter_app.identity.mrz import BacKey, mrz_date
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
        "--mrz",
        type=_access_key,
        metavar="DOCNO,YYMMDD,YYMMDD",
        help="passport access key: number, birth, expiry",
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
    with open_reader(
        spec,
        training=config.is_training,
        sdtapi_library=config.reader.sdtapi_library,
        photo_decoder=decoder,
    ) as reader:
        if args.wait > 0:
            reader.wait_for_card(args.wait)
        document = reader.read(bac_key=args.mrz)
    expired = _expired(document.valid_to, hall_today())
    if args.json:
        print(json.dumps({**document.to_json(), "expired": expired}, ensure_ascii=False))
        return 0
    for line in _listing(document, expired, context):
        print(line)
    return 0


def _access_key(text: str) -> BacKey:
    """``--mrz``'s type: the passport access key as typed. A mistake in it is the command
    line's (a usage error, exit 2), not the card's."""
    parts = [part.strip() for part in text.split(",")]
    if len(parts) != 3:
        raise argparse.ArgumentTypeError(
            f"应为 证件号,出生日期YYMMDD,有效期YYMMDD 三项，用逗号分隔，收到“{text}” / must be "
            f"DOCNO,YYMMDD,YYMMDD (three parts, comma-separated), got '{text}'"
        )
    number, birth, expiry = parts
    if not re.fullmatch(r"[A-Za-z0-9]{1,9}", number):
        raise argparse.ArgumentTypeError(
            f"证件号应为1至9位字母或数字（机读码中的写法，不含 <），收到“{number}” / the "
            f"document number must be 1-9 letters or digits (as in the MRZ, no <), got '{number}'"
        )
    for value, zh, en, is_expiry in (
        (birth, "出生日期", "birth date", False),
        (expiry, "有效期", "expiry date", True),
    ):
        try:
            mrz_date(value, field=en, expiry=is_expiry)
        except BadCardData:
            raise argparse.ArgumentTypeError(
                f"{zh}应为6位数字 YYMMDD 且是存在的日期（如 851102），收到“{value}” / the {en} "
                f"must be six digits YYMMDD of a real date (e.g. 851102), got '{value}'"
            ) from None
    return BacKey(number.upper(), birth, expiry)


def _expired(valid_to: Expiry | None, today: date) -> bool | None:
    """Whether the document has expired on the hall's ``today`` (None: no expiry was read)."""
    if valid_to is None:
        return None
    return isinstance(valid_to, date) and valid_to < today


# The fields of a document as ``read-card`` lists them, with their labels.
_FIELDS = (
    ("doc_type", "证件类型", "Document"),
    ("name", "姓名", "Name"),
    ("english_name", "英文姓名", "English name"),
    ("id_number", "证件号码", "Number"),
    ("sex", "性别", "Sex"),
    ("nation", "民族", "Ethnic group"),
    ("nationality", "国籍", "Nationality"),
    ("birth_date", "出生日期", "Birth date"),
    ("address", "住址", "Address"),
    ("issuer", "签发机关", "Issued by"),
    ("valid_from", "有效期起始", "Valid from"),
    ("valid_to", "有效期至", "Valid to"),
    ("card_number", "卡号", "Card number"),
    ("pass_number", "通行证号码", "Travel permit number"),
)
_DOC_TYPES = {
    DocType.RESIDENT_ID: ("居民身份证", "resident ID card"),
    DocType.FOREIGN_PERMANENT_2017: (
        "外国人永久居留身份证（2017版）",
        "foreign permanent residence card (2017)",
    ),
    DocType.FOREIGN_PERMANENT_2023: (
        "外国人永久居留身份证（2023版）",
        "foreign permanent residence card (2023)",
    ),
    DocType.HKMOTW_RESIDENCE_PERMIT: ("港澳台居民居住证", "HK/Macao/Taiwan residence permit"),
    DocType.SOCIAL_SECURITY_CARD: ("社会保障卡", "social security card"),
    DocType.PASSPORT: ("护照（芯片）", "passport (chip)"),
}
_CHECKS = {
    "gb11643": ("号码校验", "number check character"),
    "number_matches_card": ("号码与卡面一致", "number agrees with the card"),
    "number_shape": ("号码格式", "number format"),
    "mrz_check_digits": ("机读码校验位", "MRZ check digits"),
    "mrz_matches_access_key": ("芯片与机读码一致", "chip agrees with the MRZ"),
    "passive_authentication": ("被动认证", "passive authentication"),
}


def _listing(document: IdentityDocument, expired: bool | None, context: CliContext) -> list[str]:
    """``read-card``'s lines in the command's language: the fields that were read, the photo
    described, whether the document has expired, and each check on its own line."""
    say, lang = context.text, context.lang
    colon = say("：", ": ")
    lines = []
    for key, zh, en in _FIELDS:
        value = getattr(document, key)
        if value in (None, ""):
            continue
        if key == "doc_type":
            value = say(*_DOC_TYPES[document.doc_type])
        elif key == "sex" and lang == "en":
            value = SEXES_EN.get(value, value)
        elif value == NO_EXPIRY and lang == "en":
            value = "long-term"
        lines.append(f"{say(zh, en)}{colon}{value}")
    lines.append(say("照片", "Photo") + colon + _photo(document, say))
    if expired is not None:
        ended = say(f"已过期（{document.valid_to}）", f"expired on {document.valid_to}")
        lines.append(
            say("有效期检查", "Expiry") + colon + (ended if expired else say("有效", "valid"))
        )
    for check in document.checks:
        label = say(*_CHECKS.get(check.name, (check.name, check.name)))
        outcome = say("通过", "pass") if check.ok else say("未通过", "FAIL")
        lines.append(f"{say('检查', 'Check')}{colon}{label} [{outcome}] {check.said(lang)}")
    return lines


def _photo(document: IdentityDocument, say: Callable[[str, str], str]) -> str:
    if not document.photo:
        return say("无", "none")
    shown = say("已解码", "decoded") if document.photo_decodable else say(*PHOTO_NOT_DECODABLE)
    return say(
        f"有（{document.photo_format.upper()}，{shown}）",
        f"yes ({document.photo_format.upper()}, {shown})",
    )
