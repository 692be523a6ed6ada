"""``counter-app support-bundle OUT``: what IT support needs about this window, in one
owner-only zip: the logs (rotated files too, and the training platform's), the crash
reports, a doctor run and ``sync status`` (JSON), the version and the window's identity,
and the config files with their secrets taken out.

Never the database, the PII key, the device key, issued documents or backups: files are
collected by name from the logs and crash folders, never by walking the home. Logs carry
codes and ids, not personal data; as a safety net every text collected has whatever looks
like an 18-character ID number or an 11-digit mobile number masked as the window masks
them (``3101**********123X``, ``139****0000``). A crash report goes in without its
exception messages, which may quote what was typed (a validation error's
``input_value='张三'``): its header and its traceback's frames and exception types stay.
"""

from __future__ import annotations

import io
import json
import logging
import os
import platform
import re
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from counter_app.cli.context import CliContext
from counter_app.domain.idnumber import mask_id_number, mask_phone
from counter_app.durable_files import write_new_file
from counter_app.errors import CounterError, ValidationError, disk_refusal
from counter_app.home import system_config_path
from counter_app.store.timestamps import to_text, utc_now
from counter_app.workstation_identity import workstation_identity

log = logging.getLogger(__name__)

# Digits either side would make it part of a longer number: a time stamp, a count.
_ID_NUMBER = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
# Config keys whose values are secrets: any password, token, secret, private key or
# credential, and any code but the hall's and window's (an enrolment code).
_SECRET_KEY = re.compile(r"password|passwd|secret|token|private|credential|api_key|code$", re.I)
_PUBLIC_KEYS = frozenset({"hall_code", "window_code"})
_URL_USER = re.compile(r"(?<=://)[^/@\s]+@")
REDACTED = "***"
_LOG_NAMES = ("gui.log", "sync.log", "cli.log")
TRAINING_PLATFORM_LOG = Path("training-central") / "central.log"
MESSAGE_REMOVED = "<message removed>"
# What ``ui.crash.write_crash_log`` writes above the traceback: version, system, thread.
_CRASH_HEADER = re.compile(r"(?:counter-app|python|thread) ")
_TRACEBACK_START = "Traceback (most recent call last):"
_CHAINED = frozenset(
    {
        "The above exception was the direct cause of the following exception:",
        "During handling of the above exception, another exception occurred:",
    }
)
# ``Type`` or ``module.Type: message``, as ``traceback.format_exception_only`` ends.
_EXCEPTION_LINE = re.compile(r"(?P<type>[A-Za-z_][A-Za-z0-9_.]*)(?P<message>:.*)?")


@dataclass(frozen=True)
class SupportBundle:
    path: Path
    files: tuple[str, ...]  # the names inside the zip
    masked: int  # ID or mobile numbers masked in what was collected


def refuse_existing(out: Path) -> None:
    """:class:`ValidationError` when ``out`` is taken: a bundle never replaces a file."""
    if os.path.lexists(out):
        raise ValidationError(
            f"文件 {out} 已经存在：支持包不会覆盖已有的文件，请换一个文件名再执行一次。",
            f"{out} exists already: a support bundle never overwrites a file. Name another "
            "file and run the command again.",
            field="out",
        )
    if not out.parent.is_dir():
        raise ValidationError(
            f"文件夹 {out.parent} 不存在：请检查路径（U盘是否已插好），再执行一次。",
            f"The folder {out.parent} does not exist: check the path (and that the USB drive "
            "is plugged in), and run the command again.",
            field="out",
        )


def write_support_bundle(context: CliContext, out: Path, extra_config: str | None) -> SupportBundle:
    """Collect and write the bundle to ``out`` (owner-only, durable, never replacing a file:
    :class:`ValidationError` when ``out`` is taken, a disk refusal when the disk is full).
    ``extra_config``: the ``--config`` file the command was given, if any."""
    refuse_existing(out)
    # Also what puts this command's own first lines into its log before the log is read.
    log.info("writing a support bundle to %s", out)
    masked = 0
    names: list[str] = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for name, collected in _collected(context, extra_config):
            text, count = mask_personal_numbers(collected)
            masked += count
            bundle.writestr(name, text)
            names.append(name)
    try:
        write_new_file(out, buffer.getvalue())
    except FileExistsError:
        refuse_existing(out)  # made meanwhile by another program: said as above
        raise
    except OSError as exc:
        refusal = disk_refusal(exc, out)
        if refusal is None:
            raise
        raise refusal from exc
    return SupportBundle(out, tuple(names), masked)


def mask_personal_numbers(text: str) -> tuple[str, int]:
    """``text`` with whatever looks like an ID number or a mobile number masked, and how
    many were."""
    text, ids = _ID_NUMBER.subn(lambda found: mask_id_number(found.group()), text)
    text, mobiles = _MOBILE.subn(lambda found: mask_phone(found.group()), text)
    return text, ids + mobiles


def _collected(context: CliContext, extra_config: str | None) -> Iterator[tuple[str, str]]:
    home = context.home
    about = {
        **workstation_identity(home).to_dict(),
        "python": platform.python_version(),
        "system": platform.platform(),
        "written_at": to_text(utc_now()),
    }
    yield "workstation.json", _json(about)
    yield "doctor.json", _json(_doctor(context))
    yield "sync-status.json", _json(_sync_status(context))
    for name in _LOG_NAMES:
        for path in _with_rotated(home.logs_dir / name):
            yield f"logs/{path.name}", _read(path)
    for path in _with_rotated(home.root / TRAINING_PLATFORM_LOG):
        yield f"logs/{TRAINING_PLATFORM_LOG.parent.as_posix()}/{path.name}", _read(path)
    from counter_app.crash_reports import crash_reports

    for _moment, path in reversed(crash_reports(home.crash_dir)):
        yield f"crash/{path.name}", without_exception_messages(_read(path))
    from sync.provision_file import provision_file_path

    configs = {
        "system.toml": system_config_path(os.environ),
        "user.toml": home.config_path,
        "provision.toml": provision_file_path(),
    }
    if extra_config:
        configs["extra.toml"] = Path(extra_config)
    for name, path in configs.items():
        if path.is_file():
            yield f"config/{name}", redacted_config(path)


def without_exception_messages(report: str) -> str:
    """The crash ``report`` with every exception message (and what follows it up to the
    next chained traceback: a multi-line message, notes) replaced by ``<message removed>``;
    its header, traceback frames (file, line, function, source line) and exception types
    kept. A line it cannot tell for one of these counts as a message."""
    kept: list[str] = []
    lines = report.splitlines()
    header = 0
    while header < len(lines) and _CRASH_HEADER.match(lines[header]):
        header += 1
    kept.extend(lines[:header])
    in_frames = in_message = False
    for line in lines[header:]:
        if line in _CHAINED:
            kept.extend(["", line])
            in_frames = in_message = False
        elif in_message:
            continue
        elif line == _TRACEBACK_START:
            kept.append(line)
            in_frames = True
        elif not line.strip() or (in_frames and line.startswith("  ")):
            kept.append(line)
        else:
            exception = _EXCEPTION_LINE.fullmatch(line)
            if exception is None:
                kept.append(MESSAGE_REMOVED)
            elif exception["message"] is None:
                kept.append(line)
            else:
                kept.append(f"{exception['type']}: {MESSAGE_REMOVED}")
            in_frames, in_message = False, True
    return "\n".join(kept) + "\n"


def _doctor(context: CliContext) -> dict[str, Any]:
    from counter_app.services.doctor import run_checks
    from counter_app.services.doctor_report import doctor_document

    return doctor_document(context.home, run_checks(context.home, context.config))


def _sync_status(context: CliContext) -> dict[str, Any]:
    """``sync status --json``'s document, or why it could not be read."""
    from sync.status import read_status

    try:
        store = context.open_store()
    except CounterError as exc:
        return {"error": {"code": exc.code, "zh": exc.zh, "en": exc.en}}
    try:
        return read_status(context.home, context.config, store).to_dict()
    finally:
        store.close()


def redacted_config(path: Path) -> str:
    """The TOML file at ``path`` with every secret's value replaced by ``***`` and the
    user part of any address taken out; a file that cannot be read or parsed is left out,
    with the reason (its secrets cannot be told from the rest)."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return f"# {path}: left out, it could not be read as TOML ({exc})\n"
    import tomli_w

    return f"# {path}, secrets replaced by {REDACTED}\n" + tomli_w.dumps(_redacted(document))


def _redacted(value: Any, key: str = "") -> Any:
    if key and key not in _PUBLIC_KEYS and _SECRET_KEY.search(key):
        return REDACTED
    if isinstance(value, dict):
        return {name: _redacted(inner, name) for name, inner in value.items()}
    if isinstance(value, list):
        return [_redacted(inner) for inner in value]
    if isinstance(value, str):
        return _URL_USER.sub(f"{REDACTED}@", value)
    return value


def _with_rotated(path: Path) -> list[Path]:
    """``path`` and its rotated files (``NAME.1`` …), oldest first."""
    rotated = sorted(
        (older for older in path.parent.glob(f"{path.name}.*") if older.suffix[1:].isdigit()),
        key=lambda older: int(older.suffix[1:]),
        reverse=True,
    )
    return [*rotated, path] if path.is_file() else rotated


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8", "replace")
    except OSError as exc:
        return f"# {path}: could not be read ({exc.strerror or exc})\n"


def _json(document: object) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)
