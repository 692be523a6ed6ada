"""Layered configuration: built-in defaults < system file < user file < ``--config FILE`` <
environment (``COUNTER_APP__SECTION__KEY=value``).

Each section is a frozen dataclass below; its fields are the schema. Adding a setting is
one line: a typed field with its default (``Literal[...]`` for a choice, ``metadata={"min":
N}`` for a lower bound, ``"max"`` for an upper one). Anything wrong in any layer raises
:class:`ConfigError` naming the file (or variable), the key and what was expected.
"""

from __future__ import annotations

import contextlib
import os
import tomllib
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal, NamedTuple

from counter_app.domain.staff import PASSWORD_MIN_LENGTH
from counter_app.durable_files import write_new_file, write_private_file
from counter_app.errors import ConfigError
from counter_app.home import Home, system_config_path

ENV_PREFIX = "COUNTER_APP__"
DEVICE_ID_FILE = "device_id"
# The training hall's name unless a layer sets another (never a production window's).
TRAINING_HALL_NAME = "培训大厅（徐汇区示例）"


@dataclass(frozen=True)
class HallConfig:
    hall_code: str = "310104-TRAIN"
    # Printed on documents and shown on the online progress page. Empty (a production
    # window whose IT set none): they show the hall code, and doctor warns. The training
    # hall's is TRAINING_HALL_NAME.
    hall_name: str = ""
    window_code: str = "W01"
    # Empty: derived once per home and persisted under device/ (see load_config).
    device_id: str = ""
    # Set from the home (a training hall's home, ``--training``), never by a file: a layer
    # that contradicts the home is refused (see load_config).
    training: bool = False
    # 容缺: the deferred materials are due this many working days after acceptance, or on the
    # promised date when that comes first.
    deferral_working_days: int = field(default=5, metadata={"min": 1})
    # 好差评: a level 1–2 rating is followed up within these working days of the rating
    # (Shanghai's "1·5·15": contact the applicant, settle a simple matter, rectify).
    followup_contact_days: int = field(default=1, metadata={"min": 1})
    followup_settle_days: int = field(default=5, metadata={"min": 1})
    followup_rectify_days: int = field(default=15, metadata={"min": 1})
    # A case whose promised date is this many working days away or fewer is 临近超期 in the
    # queue, the statistics and the end-of-day report (0: on its promised date only).
    due_soon_working_days: int = field(default=2, metadata={"min": 0})

    @property
    def display_name(self) -> str:
        """The hall as people read it: its name, or its code where IT set none (a production
        window's default; doctor warns)."""
        return self.hall_name.strip() or self.hall_code


@dataclass(frozen=True)
class StoreConfig:
    # Only for new ciphertexts: every ciphertext names its own algorithm, so old rows stay readable.
    cipher: Literal["sm4-gcm", "aes-256-gcm"] = "sm4-gcm"
    # Pinned in the database at creation: lookups need the algorithm the index was built with.
    blind_index: Literal["hmac-sm3", "hmac-sha256"] = "hmac-sm3"
    busy_timeout_ms: int = field(default=5000, metadata={"min": 0})
    # The safety copies of the whole store made before an upgrade or a restore (backups/),
    # each as large as the store and holding its personal data: making one first removes all
    # but the newest (this many, itself counted) and any older than the days (safety_copies).
    # At least 2: a restore of an older backup makes two (the restore's, then its upgrade's).
    safety_copies_kept: int = field(default=3, metadata={"min": 2})
    safety_copies_max_days: int = field(default=90, metadata={"min": 1, "max": 3650})


@dataclass(frozen=True)
class SecurityConfig:
    max_login_failures: int = field(default=5, metadata={"min": 1})
    lockout_minutes: int = field(default=15, metadata={"min": 1})
    # Fractions allowed (0.5: 30 s); tests lock within a second or so.
    idle_lock_minutes: float = field(default=10, metadata={"min": 0.01})
    password_min_length: int = field(default=PASSWORD_MIN_LENGTH, metadata={"min": 8})
    # A password someone else set is changed by its member at their next sign-in (等保).
    require_own_password: bool = True
    # A password older than this is changed at its member's next sign-in; 0: never.
    password_max_age_days: int = field(default=90, metadata={"min": 0})
    # Who signs in and approves with a one-time code (动态口令) after the password (等保 level
    # 3: two factors for privileged use): ``privileged``, supervisors and administrators;
    # ``admin``, administrators only; ``off``. Never asked in the training hall.
    second_factor: Literal["privileged", "admin", "off"] = "privileged"


@dataclass(frozen=True)
class UiConfig:
    lang: Literal["zh", "en"] = "zh"
    # The window's text size, pt (适老化: a low-vision clerk's workstation sets more); the
    # desktop's own default size is used instead when it is larger.
    font_point_size: int = field(default=10, metadata={"min": 9, "max": 16})


@dataclass(frozen=True)
class SyncConfig:
    # Empty: no platform yet; a production window opens the first-start screen. Several
    # platform instances: a TOML list (or, in the environment, addresses separated by spaces);
    # kept as one space-separated string, since no address may contain a space.
    url: str = field(default="", metadata={"addresses": True})
    ca_bundle: str = ""
    allow_insecure_http: bool = False
    # The outgoing HTTP proxy every request to the platform goes through
    # (http://[user:password@]host:port); empty: straight to the platform. HTTP(S)_PROXY in
    # the environment is ignored on purpose: a clerk's shell never changes the route.
    proxy: str = ""
    interval_seconds: int = field(default=30, metadata={"min": 1})
    batch_max_cases: int = field(default=500, metadata={"min": 1})
    batch_max_bytes: int = field(default=4_000_000, metadata={"min": 1024})
    offline_warn_hours: int = field(default=24, metadata={"min": 0})
    hard_stop_days: int = field(default=0, metadata={"min": 0})  # 0: off
    hard_stop_cases: int = field(default=0, metadata={"min": 0})  # 0: off
    # Days of appointments and pre-applications cached for the window, today included.
    arrival_days: int = field(default=3, metadata={"min": 1, "max": 60})


@dataclass(frozen=True)
class ReaderConfig:
    # ``auto``: the first reader found. Unset in a training hall: ``sim`` with the card tray.
    # The simulator is refused outside the training hall.
    spec: str = "auto"
    sdtapi_library: str = ""  # vendor libsdtapi.so / sdtapi.dll tried first by spec "auto"
    wlt_library: str = ""  # vendor libwlt.so / WltRS.dll that decodes card photos


@dataclass(frozen=True)
class PrintingConfig:
    a4_printer: str = ""
    receipt_printer: str = ""
    tracking_url_template: str = "https://zwdt.sh.gov.cn/track/{token}"
    retention_days: int = field(default=1825, metadata={"min": 1})
    font_dir: str = ""  # empty: the fonts bundled with the program (printing/fonts)
    cups_server: str = ""  # host:port or socket path; empty: the workstation's CUPS
    print_timeout_seconds: int = field(default=60, metadata={"min": 1})
    hall_phone: str = ""  # enquiries number printed on documents
    gui_route: Literal["qt", "cups"] = "qt"  # how the GUI prints: Qt's print system or lp
    # The 缴费通知书's QR code: the payment platform's page for one payment reference.
    payment_url_template: str = "https://zwdt.sh.gov.cn/pay/{reference}"


@dataclass(frozen=True)
class RetentionConfig:
    # Days the personal data of a case finished here and held by the platform is kept after
    # its last change (PIPL art. 19; counter_app.services.retention). Never shorter than the
    # audit log is kept (Cybersecurity Law art. 21: six months): an entry of those months
    # must still lead to the case it names.
    personal_data_days: int = field(
        default=365,
        metadata={
            "min": 180,
            "why": (
                "审计日志至少保存六个月（《网络安全法》第二十一条），其间须能核查日志所涉办件",
                "the audit log is kept at least six months (Cybersecurity Law art. 21), and "
                "the cases its entries name must be checkable meanwhile",
            ),
        },
    )


@dataclass(frozen=True)
class HomeConfig:
    # The production home; read from the system file only, by home.resolve_home, before the
    # other layers (one of them lives in the home). Empty: the OS account's data directory.
    path: str = ""


@dataclass(frozen=True)
class Config:
    hall: HallConfig = field(default_factory=HallConfig)
    home: HomeConfig = field(default_factory=HomeConfig)
    store: StoreConfig = field(default_factory=StoreConfig)
    security: SecurityConfig = field(default_factory=SecurityConfig)
    ui: UiConfig = field(default_factory=UiConfig)
    sync: SyncConfig = field(default_factory=SyncConfig)
    reader: ReaderConfig = field(default_factory=ReaderConfig)
    printing: PrintingConfig = field(default_factory=PrintingConfig)
    retention: RetentionConfig = field(default_factory=RetentionConfig)
    # The files that contributed, lowest layer first (for doctor and error messages).
    sources: tuple[str, ...] = ()

    @property
    def is_training(self) -> bool:
        """A training hall: only ever one started as such (``--training``, its own home)."""
        return self.hall.training


def _section_types() -> dict[str, type]:
    hints = typing.get_type_hints(Config)
    return {f.name: hints[f.name] for f in fields(Config) if f.name != "sources"}


def _describe(expected: Any) -> tuple[str, str]:
    """What a field expects, in Chinese and English."""
    if typing.get_origin(expected) is Literal:
        choices = " | ".join(f'"{c}"' for c in typing.get_args(expected))
        return f"以下之一：{choices}", f"one of {choices}"
    return _TYPE_NAMES[expected]


# The value types a setting may have (Literal choices aside), as named in error messages.
_TYPE_NAMES: dict[Any, tuple[str, str]] = {
    bool: ("布尔值 true 或 false", "a boolean (true or false)"),
    int: ("整数", "an integer"),
    float: ("数字", "a number"),
    str: ("字符串", "a string"),
}


def _check_value(
    value: Any, expected: Any, minimum: float | None, maximum: float | None = None
) -> bool:
    if typing.get_origin(expected) is Literal:
        return isinstance(value, str) and value in typing.get_args(expected)
    if expected is bool:
        return isinstance(value, bool)
    if expected in (int, float):
        numeric = (int,) if expected is int else (int, float)
        ok = isinstance(value, numeric) and not isinstance(value, bool)
        return (
            ok
            and value == value  # noqa: PLR0124 - NaN
            and (minimum is None or value >= minimum)
            and (maximum is None or value <= maximum)
        )
    return isinstance(value, str) and "\x00" not in value


def _parse_env_value(text: str, expected: Any) -> Any:
    """Turn an environment string into the field's type, or return it unchanged to fail the check."""
    if expected is bool:
        lowered = text.strip().lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off"}:
            return False
        return text
    if expected in (int, float):
        try:
            return expected(text.strip())
        except ValueError:
            return text
    return text


def _addresses_text(value: Any) -> Any:
    """A list of addresses as the one space-separated string the field holds; anything else
    unchanged, for the type check to judge."""
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return " ".join(v.strip() for v in value)
    return value


class Origin(NamedTuple):
    """Where a setting came from, in Chinese and English: a file or an environment variable."""

    zh: str
    en: str


def _error(origin: Origin, key: str | None, zh_problem: str, en_problem: str) -> ConfigError:
    """``key`` is None for faults of the whole file (unreadable, not UTF-8, bad TOML)."""
    zh_where = f"{origin.zh} 中的 {key}" if key else origin.zh
    en_where = f"{origin.en}, key {key}" if key else origin.en
    return ConfigError(
        f"配置错误：{zh_where}：{zh_problem}。请修改后重新启动。",
        f"Configuration error in {en_where}: {en_problem}. Fix it and start again.",
        field=key,
    )


def _apply_layer(
    values: dict[str, dict[str, Any]], layer: Mapping[str, Any], origin: Origin, *, from_env: bool
) -> None:
    """Validate one layer (a parsed file or the environment) and merge it into ``values``."""
    sections = _section_types()
    for section_name, section_values in layer.items():
        if section_name not in sections:
            known = ", ".join(sections)
            raise _error(
                origin,
                section_name,
                f"未知的配置节（可用：{known}）",
                f"unknown section (expected one of: {known})",
            )
        if not isinstance(section_values, Mapping):
            raise _error(
                origin,
                section_name,
                "应为一个表（[section]）",
                "expected a table ([section])",
            )
        section_type = sections[section_name]
        hints = typing.get_type_hints(section_type)
        section_fields = {f.name: f for f in fields(section_type)}
        for key, raw in section_values.items():
            dotted = f"{section_name}.{key}"
            if key not in section_fields:
                known = ", ".join(section_fields)
                raise _error(
                    origin,
                    dotted,
                    f"未知的配置项（[{section_name}] 可用：{known}）",
                    f"unknown key (expected one of: {known})",
                )
            expected = hints[key]
            value = _parse_env_value(raw, expected) if from_env else raw
            if section_fields[key].metadata.get("addresses"):
                value = _addresses_text(value)
            minimum = section_fields[key].metadata.get("min")
            maximum = section_fields[key].metadata.get("max")
            if not _check_value(value, expected, minimum, maximum):
                zh_expected, en_expected = _describe(expected)
                if minimum is not None:
                    zh_expected += f"，且不小于 {minimum}"
                    en_expected += f", at least {minimum}"
                    why = section_fields[key].metadata.get("why")
                    if why is not None:
                        zh_expected += f"（{why[0]}）"
                        en_expected += f" ({why[1]})"
                if maximum is not None:
                    zh_expected += f"，且不大于 {maximum}"
                    en_expected += f", at most {maximum}"
                shown = repr(value)[:60]
                raise _error(
                    origin,
                    dotted,
                    f"应为{zh_expected}，实际为 {shown}",
                    f"expected {en_expected}, got {shown}",
                )
            values.setdefault(section_name, {})[key] = value


def _read_toml(path: Path, origin: Origin) -> dict[str, Any]:
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _error(
            origin, None, "文件不是 UTF-8 编码", f"the file is not UTF-8 ({exc.reason})"
        ) from None
    except OSError as exc:
        raise _error(
            origin,
            None,
            f"无法读取文件（{exc.strerror}）",
            f"cannot read the file ({exc.strerror})",
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _error(
            origin, None, f"不是有效的 TOML：{exc}", f"not valid TOML, expected TOML syntax: {exc}"
        ) from None


def _env_layer(env: Mapping[str, str]) -> dict[str, dict[str, str]]:
    layer: dict[str, dict[str, str]] = {}
    for name, value in env.items():
        if not name.startswith(ENV_PREFIX):
            continue
        parts = name[len(ENV_PREFIX) :].lower().split("__")
        if len(parts) != 2 or not all(parts):
            raise _error(
                Origin(f"环境变量 {name}", f"environment variable {name}"),
                name,
                "格式应为 COUNTER_APP__节__键",
                "expected the form COUNTER_APP__SECTION__KEY",
            )
        layer.setdefault(parts[0], {})[parts[1]] = value
    return layer


def load_config(
    home: Home, extra_file: str | Path | None = None, env: Mapping[str, str] = os.environ
) -> Config:
    """Read every layer, validate it, and return the merged configuration.

    Missing system and user files are skipped; a missing ``extra_file`` is an error. When no
    layer sets ``hall.device_id``, the home's persisted device id is used (created once).
    ``hall.training`` comes from the home (:attr:`Home.is_training`); a layer saying otherwise
    is refused, so no file turns a production window into a training hall. In a training hall
    an unset ``reader.spec`` is the simulator and an unset ``hall.hall_name`` the training
    hall's.
    """
    values: dict[str, dict[str, Any]] = {}
    sources: list[str] = []
    layers: list[tuple[Path, tuple[str, str], bool]] = [
        (system_config_path(env), ("系统配置文件", "system config file"), False),
        (home.config_path, ("用户配置文件", "user config file"), False),
    ]
    if extra_file is not None:
        layers.append((Path(extra_file), ("配置文件（--config）", "config file (--config)"), True))
    training = home.is_training
    for path, kind, required in layers:
        if not required and not path.is_file():
            continue
        origin = Origin(f"{kind[0]} {path}", f"{kind[1]} {path}")
        layer = _read_toml(path, origin)
        if path != layers[0][0]:
            _refuse_home(layer.get("home", {}), origin)
        _apply_layer(values, layer, origin, from_env=False)
        _check_training(values, home, training, origin)
        sources.append(str(path))
    for section_name, section_values in _env_layer(env).items():
        for key, value in section_values.items():
            variable = f"{ENV_PREFIX}{section_name.upper()}__{key.upper()}"
            origin = Origin(f"环境变量 {variable}", f"environment variable {variable}")
            if section_name == "home":
                _refuse_home({key: value}, origin)
            _apply_layer(values, {section_name: {key: value}}, origin, from_env=True)
            _check_training(values, home, training, origin)
    values.setdefault("hall", {})["training"] = training
    if training:
        values.setdefault("reader", {}).setdefault("spec", "sim")
        values["hall"].setdefault("hall_name", TRAINING_HALL_NAME)
    section_types = _section_types()
    config = Config(
        **{name: section_types[name](**values.get(name, {})) for name in section_types},
        sources=tuple(sources),
    )
    if not config.hall.device_id:
        config = replace(config, hall=replace(config.hall, device_id=device_id(home)))
    return config


def _refuse_home(section: Any, where: Origin) -> None:
    """``[home] path`` chose the home before this layer (in the home) was read: only the
    system file may set it; elsewhere it would be ignored, so it is refused."""
    if isinstance(section, Mapping) and "path" in section:
        raise ConfigError(
            f"配置错误：{where.zh} 中的 home.path 无效：数据目录只能在系统配置文件 "
            "/etc/counter-app/config.toml 的 [home] 中设置，或用 --home、COUNTER_APP_HOME 指定。"
            "请删除该设置后重新启动。",
            f"Configuration error in {where.en}, key home.path: the home is set only in the system "
            "config file /etc/counter-app/config.toml ([home] path), with --home or with "
            "COUNTER_APP_HOME. Remove the setting and start again.",
            field="home.path",
        )


def _check_training(
    values: dict[str, dict[str, Any]], home: Home, training: bool, where: Origin
) -> None:
    """Refuse a layer whose ``hall.training`` contradicts the home (and leave no value that
    later layers could be checked against twice)."""
    said = values.get("hall", {}).pop("training", training)
    if said == training:
        return
    if training:
        raise ConfigError(
            f"配置错误：{where.zh} 中 hall.training = false，但 {home.root} 是培训模式的数据目录。"
            "培训数据不能转为正式窗口：请删除该设置；正式窗口请使用另一个数据目录。",
            f"Configuration error: {where.en} sets hall.training = false, but {home.root} is the "
            "training hall's home. Training data never becomes a production window: remove the "
            "setting; a production window uses another home.",
            field="hall.training",
        )
    raise ConfigError(
        f"配置错误：{where.zh} 中 hall.training = true，但 {home.root} 是正式窗口的数据目录。"
        "培训模式只能由 counter-app-gui --training（桌面图标“窗口受理系统（培训）”）在它自己的"
        "数据目录中打开：请删除该设置后重新启动。",
        f"Configuration error: {where.en} sets hall.training = true, but {home.root} is a "
        "production window's home. The training hall opens only with counter-app-gui "
        "--training (desktop entry 'Counter Client (training)'), in a home of its own: remove "
        "the setting and start again.",
        field="hall.training",
    )


def refuse_simulator_outside_training(config: Config) -> None:
    """The simulated reader (and its card tray) exists only in the training hall: a window
    that reads made-up cards would accept cases for people who never came. Raises
    :class:`ConfigError` for ``reader.spec = "sim[:CARD]"`` outside it."""
    kind = config.reader.spec.strip().partition(":")[0]
    if kind == "sim" and not config.is_training:
        # The layers read (files, then the environment); the setting is in one of them.
        where = [*config.sources, f"{ENV_PREFIX}READER__SPEC"]
        raise ConfigError(
            '配置错误：reader.spec = "sim"（模拟读卡器）只能用于培训模式。正式窗口请在设置它的'
            f"地方（{'、'.join(where)} 之一）的 [reader] 中改为实际的读卡器（如 auto、pcsc、"
            "serial:/dev/ttyUSB0），或删除该设置（默认 auto）；培训请用 counter-app-gui --training。",
            'Configuration error: reader.spec = "sim" (the simulated reader) is for the training '
            "hall only. A production window names its real reader in [reader] where it is set "
            f"(one of {', '.join(where)}; e.g. auto, pcsc, serial:/dev/ttyUSB0), or leaves it "
            "unset (auto); for training start counter-app-gui --training.",
            field="reader.spec",
        )


def update_user_config(home: Home, changes: Mapping[str, Mapping[str, Any]]) -> None:
    """Set ``[section] key = value`` for each of ``changes`` in the user config file, keeping
    its other settings (TOML comments are not kept). The file is replaced atomically and
    owner-only. A change the schema does not allow, or a user file that does not parse,
    raises :class:`ConfigError` and leaves the file as it was.

    For what the program changes itself: the interface language, the hall, window and
    platform recorded at enrolment.
    """
    import tomli_w  # only the program's own settings changes write TOML

    path = home.config_path
    _apply_layer({}, changes, Origin("设置更改", "user config change"), from_env=False)
    origin = Origin(f"用户配置文件 {path}", f"user config file {path}")
    document = _read_toml(path, origin) if path.is_file() else {}
    for section, values in changes.items():
        document.setdefault(section, {}).update(values)
    write_private_file(path, tomli_w.dumps(document).encode("utf-8"))


def device_id(home: Home) -> str:
    """This installation's device id: 8 upper-case hex digits, created once and kept.

    It goes into case numbers, so it must never change for a home once cases exist.
    """
    path = home.device_dir / DEVICE_ID_FILE
    try:
        existing = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        existing = ""
    if existing:
        return existing
    # os.urandom is what ``secrets`` draws from; that module (hashlib, hmac) would slow the
    # window's start, which reads the config.
    candidate = os.urandom(4).hex().upper()
    # Never replaces: if another process won the race, its id is the one.
    with contextlib.suppress(FileExistsError):
        write_new_file(path, (candidate + "\n").encode("ascii"))
    return path.read_text(encoding="ascii").strip()
