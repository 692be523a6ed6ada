"""``counter-app support-bundle OUT [--json]``: the window's logs, crash reports, doctor run,
sync status, version and config (secrets taken out) in one owner-only zip for IT support
(:mod:`sync.support_bundle`; registered by ``sync.cli``, loaded only when it runs)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from counter_app.cli.context import cli_context, lazy_command


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    bundle = subparsers.add_parser(
        "support-bundle",
        help="为信息技术支持打包日志和诊断 / write logs and diagnostics for IT support into a zip",
        description="Write one owner-only zip: logs (rotated ones too), crash reports, a doctor "
        "run, sync status, version, and the config files with secrets taken out. Never the "
        "database, keys, documents or backups. OUT is never overwritten.",
    )
    bundle.add_argument("out", metavar="OUT", help="the zip file to write (must not exist)")
    bundle.add_argument("--json", action="store_true")
    bundle.set_defaults(func=lazy_command("sync.support_bundle_cli", "support_bundle"))


def support_bundle(args: argparse.Namespace) -> int:
    from sync.support_bundle import refuse_existing, write_support_bundle

    out = Path(args.out)
    refuse_existing(out)  # before the doctor and the store are opened for nothing
    context = cli_context(args)
    written = write_support_bundle(context, out, getattr(args, "config", None))
    if args.json:
        document = {"bundle": str(written.path), "files": list(written.files)}
        print(json.dumps({**document, "masked": written.masked}, ensure_ascii=False))
        return 0
    print(
        context.text(
            f"支持包已写入 {written.path}（{len(written.files)} 个文件）。"
            "它不含数据库、密钥和证件材料；请交给信息技术支持。",
            f"Support bundle written to {written.path} ({len(written.files)} files). It holds "
            "no database, keys or documents; hand it to IT support.",
        )
    )
    if written.masked:
        print(
            context.text(
                f"收集的内容中有 {written.masked} 处像身份证号或手机号的数字，已打码。",
                f"{written.masked} number(s) that looked like an ID or mobile number were masked.",
            )
        )
    return 0
