"""The provisioning file IT's tooling writes (``/etc/counter-app/provision.toml``,
docs/operations.md "Provision a window"): the hall and window the workstation is meant for,
the platform address, its CA file and a one-time enrolment code.

It is read by ``counter-app provision [FILE]`` and by the first start of the window, which
provisions from it without a question. As soon as the code has been used (or is found not
needed: the window is enrolled already) it is taken out of the file (the rest, comments
included, stays), so the file never holds a live secret and a second attempt never sends
a spent code. Any other key is refused by name (a misspelt one would otherwise be lost).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from counter_app.durable_files import replace_file
from counter_app.errors import CounterError
from counter_app.home import Home
from sync.credential import DeviceIdentity, load_identity
from sync.enrolment import replaced_device_note
from sync.provisioning import ProvisioningFailed, enrol_unless_enrolled, pull_first_feeds

PROVISION_FILE_PATH = Path("/etc/counter-app/provision.toml")
PROVISION_FILE_ENV = "COUNTER_APP_PROVISION_FILE"
_CODE_LINE = re.compile(r"^\s*enrolment_code\s*=")
# Every table and key the file may hold: anything else (a typo such as ``ca_bundel``, a
# ``[hal]`` table) is refused by name rather than left out of the provisioning unnoticed.
KNOWN_KEYS = {
    "hall": ("hall_code", "window_code"),
    "sync": ("url", "urls", "ca_bundle", "allow_insecure_http", "enrolment_code"),
}


@dataclass(frozen=True)
class ProvisionFile:
    path: Path
    hall_code: str
    window_code: str
    urls: tuple[str, ...]
    ca_bundle: str
    allow_insecure_http: bool
    enrolment_code: str


@dataclass(frozen=True)
class Provisioned:
    identity: DeviceIdentity
    code_removed: bool  # the file held a code, and it was taken out
    code_left: bool  # the file holds the used code still (it could not be rewritten)
    warnings: tuple[tuple[str, str], ...]  # (Chinese, English)


def provision_from_file(
    home: Home, file: ProvisionFile, *, config_file: str | None = None, actor: str
) -> Provisioned:
    """Provision ``home`` as the file (read by :func:`read_provision_file`) says: enrol at
    its first platform address that answers (the next one only when one cannot be reached),
    take the code out of the file as soon as it is used (or found not needed: the window
    is enrolled already for what the file names), then pull the first feeds. The
    platform's enrolment decides the hall and window; a file that names others gets a
    warning, since the code was made for another window. A window enrolled for another
    hall or window than the file names is enrolled again with the file's code."""
    path = file.path
    if not file.enrolment_code and load_identity(home) is None:
        raise _bad(
            path,
            "缺少一次性登记码 sync.enrolment_code（用过的登记码会从文件中删除，请向平台管理员"
            "申请新的）",
            "the one-time code sync.enrolment_code is missing (a used code is taken out of the "
            "file: ask the platform operator for a new one)",
            "code",
        )
    # Every address goes to the enrolment, which fails over between them and records them
    # all (``sync.url``), so the window fails over later too.
    enrolment = enrol_unless_enrolled(
        home,
        " ".join(file.urls),
        file.enrolment_code,
        ca_bundle=file.ca_bundle,
        allow_insecure_http=file.allow_insecure_http,
        config_file=config_file,
        actor=actor,
        meant_for=(file.hall_code, file.window_code),
    )
    # Before the feeds: a failure there must not leave a spent code in the file, which a
    # second attempt would otherwise try again.
    removed = bool(file.enrolment_code) and forget_used_code(path)
    identity = enrolment.identity
    replaced = replaced_device_note(enrolment.previous, identity)
    try:
        pull_first_feeds(home, config_file)
    except CounterError as exc:
        if replaced is None:
            raise
        # The next attempt finds the new enrolment and would not say this again.
        raise ProvisioningFailed(
            f"{exc.zh}另：{replaced[0]}", f"{exc.en} Also: {replaced[1]}", field=exc.field
        ) from exc
    warnings = [
        (
            f"配置文件写的{zh} {stated}，平台按登记码登记为 {enrolled}：以平台为准，请核对。",
            f"The file names {en} {stated}; the platform enrolled this window as {enrolled} "
            "(the platform decides): check which is right.",
        )
        for zh, en, stated, enrolled in (
            ("大厅", "hall", file.hall_code, identity.hall),
            ("窗口", "window", file.window_code, identity.window),
        )
        if stated and stated != enrolled
    ]
    if file.enrolment_code and not enrolment.code_used:
        warnings.append(
            (
                f"本机已登记为大厅 {identity.hall} 窗口 {identity.window}，没有再使用文件中的登记码"
                "（本机不再需要它，不再留在文件中）。要改登记到别的大厅或窗口，请在文件中写明其 "
                "hall_code 和 window_code，并附新的登记码。",
                f"This window is enrolled for hall {identity.hall} window {identity.window} "
                "already, so the file's code was not used (and is not kept in the file). To "
                "enrol it for another hall or window, name its hall_code and window_code in the "
                "file, with a new code.",
            )
        )
    if replaced is not None:
        warnings.append(replaced)
    left = bool(file.enrolment_code) and not removed
    return Provisioned(identity, code_removed=removed, code_left=left, warnings=tuple(warnings))


def provision_file_path(env: Mapping[str, str] = os.environ) -> Path:
    return Path(env.get(PROVISION_FILE_ENV) or PROVISION_FILE_PATH)


def read_provision_file(path: Path) -> ProvisionFile:
    """The file's settings; a missing or malformed file raises :class:`ProvisioningFailed`
    naming the file and the key at fault."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _bad(path, "找不到该文件", "the file does not exist") from None
    except PermissionError:
        raise _bad(path, "没有读取权限", "it cannot be read (permission denied)") from None
    except IsADirectoryError:
        raise _bad(path, "这是一个文件夹，不是配置文件", "it is a folder, not a file") from None
    except OSError as exc:  # a path through a file, a failing disk: what the system said
        raise _bad(
            path, f"无法读取（{exc.strerror}）", f"it cannot be read ({exc.strerror})"
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise _bad(path, f"格式错误（{exc}）", f"it is not valid TOML ({exc})") from None
    _refuse_unknown_keys(path, document)
    hall, sync = _table(path, document, "hall"), _table(path, document, "sync")
    urls = _urls(path, sync)
    return ProvisionFile(
        path=path,
        hall_code=_text(path, hall, "hall.hall_code"),
        window_code=_text(path, hall, "hall.window_code"),
        urls=urls,
        ca_bundle=_text(path, sync, "sync.ca_bundle"),
        allow_insecure_http=_flag(path, sync, "sync.allow_insecure_http"),
        enrolment_code=_text(path, sync, "sync.enrolment_code"),
    )


def forget_used_code(path: Path) -> bool:
    """Take the ``enrolment_code`` line out of the file, keeping everything else and the
    file's mode. False when the file cannot be rewritten (the caller tells IT to remove it:
    the platform refuses a used code anyway)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = "".join(line for line in lines if not _CODE_LINE.match(line))
        # Durably: a power cut must not leave IT's file empty (the window would not start).
        replace_file(path, kept.encode("utf-8"), path.stat().st_mode & 0o7777)
    except OSError:
        return False
    return True


def _refuse_unknown_keys(path: Path, document: dict[str, Any]) -> None:
    unknown = [
        f"[{name}]" if isinstance(value, dict) else name
        for name, value in document.items()
        if name not in KNOWN_KEYS
    ] + [
        f"{name}.{key}"
        for name, keys in KNOWN_KEYS.items()
        if isinstance(document.get(name), dict)
        for key in document[name]
        if key not in keys
    ]
    if unknown:
        named = "、".join(unknown)
        known = "; ".join(f"[{name}] {', '.join(keys)}" for name, keys in KNOWN_KEYS.items())
        raise _bad(
            path,
            f"有未知的设置 {named}（拼写错误？文件只能写：{known}）",
            f"it holds unknown settings: {', '.join(unknown)} (a typo? The file may only "
            f"hold {known})",
        )


def _table(path: Path, document: dict[str, Any], name: str) -> dict[str, Any]:
    table = document.get(name, {})
    if not isinstance(table, dict):
        raise _bad(path, f"[{name}] 应为一个表", f"[{name}] must be a table")
    return table


def _urls(path: Path, sync: dict[str, Any]) -> tuple[str, ...]:
    """The platform addresses: ``url`` as config.toml takes it (one address or a list,
    docs/operations.md §2) or ``urls`` (a list); a refusal names the key the file has."""
    if "url" in sync and "urls" in sync:
        raise _bad(
            path,
            "同时写了 sync.url 和 sync.urls，只能写其中一个（sync.url 可写一个地址或地址列表）",
            "it holds both sync.url and sync.urls: write one of them (sync.url takes one "
            "address or a list)",
            "url",
        )
    key = "urls" if "urls" in sync else "url"
    raw = sync.get(key, [])
    listed = [raw] if key == "url" and isinstance(raw, str) else raw
    if not isinstance(listed, list) or not all(isinstance(url, str) for url in listed):
        zh, en = (
            ("一个地址或地址列表", "one address or a list of addresses")
            if key == "url"
            else ("地址列表", "a list of addresses")
        )
        raise _bad(path, f"sync.{key} 应为{zh}", f"sync.{key} must be {en}", "url")
    urls = tuple(url.strip() for url in listed if url.strip())
    if not urls:
        raise _bad(
            path, f"缺少平台地址 sync.{key}", f"the platform address sync.{key} is missing", "url"
        )
    return urls


def _text(path: Path, table: dict[str, Any], key: str) -> str:
    value = table.get(key.split(".", 1)[1], "")
    if not isinstance(value, str):
        raise _bad(path, f"{key} 应为文字", f"{key} must be a string")
    return value.strip()


def _flag(path: Path, table: dict[str, Any], key: str) -> bool:
    value = table.get(key.split(".", 1)[1], False)
    if not isinstance(value, bool):
        raise _bad(path, f"{key} 应为 true 或 false", f"{key} must be true or false")
    return value


def _bad(path: Path, zh: str, en: str, field: str = "file") -> ProvisioningFailed:
    return ProvisioningFailed(
        f"配置文件 {path} 无法使用：{zh}。请信息技术人员改正后重试；本机尚未登记。",
        f"The provisioning file {path} cannot be used: {en}. Ask IT to correct it and try "
        "again; this window is not provisioned yet.",
        field=field,
    )
