"""The counter's home: the one directory that holds all its state (database, keys, logs,
documents, backups, crash logs, device identity, user config).

Chosen by ``--home DIR``, else ``$COUNTER_APP_HOME``, else ``[home] path`` of the system config
file (the Debian package sets it to a directory under /var/lib that is no OS account's
profile and survives reinstalls), else the platform's user data dir. The
training hall (``--training``) has a home of its own (``--home DIR``, else the platform's
``counter-app-training`` dir), marked as such when it is created: a production home never
becomes a training hall, and a training home never a production window.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from counter_app.durable_files import make_directory
from counter_app.errors import ConfigError
from counter_app.home_access import refuse_inaccessible_home

if TYPE_CHECKING:
    import logging

HOME_ENV = "COUNTER_APP_HOME"
SYSTEM_CONFIG_PATH = Path("/etc/counter-app/config.toml")
SYSTEM_CONFIG_ENV = "COUNTER_APP_SYSTEM_CONFIG"
_DIR_MODE = 0o700
APP_DIR_NAME = "counter-app"
TRAINING_DIR_NAME = "counter-app-training"
# Present in a training hall's home only; written when the training hall creates the home.
TRAINING_MARKER = "training-hall"


@dataclass(frozen=True)
class Home:
    root: Path

    @property
    def db_path(self) -> Path:
        return self.root / "counter.db"

    @property
    def key_path(self) -> Path:
        """The PII key file (owner-only, 0600). Kept outside the database on purpose."""
        return self.root / "keys" / "pii.key"

    @property
    def config_path(self) -> Path:
        """The user config file, layered over the system file."""
        return self.root / "config.toml"

    @property
    def logs_dir(self) -> Path:
        return self.root / "logs"

    @property
    def documents_dir(self) -> Path:
        """PDF copies of every issued receipt and notice."""
        return self.root / "documents"

    @property
    def backups_dir(self) -> Path:
        """Automatic safety copies (before migrations and restores) and default backups."""
        return self.root / "backups"

    @property
    def sync_lock_path(self) -> Path:
        """Held while a sync runs (the window's sync process or ``counter-app sync``)."""
        return self.root / "sync.lock"

    @property
    def window_lock_path(self) -> Path:
        """Held by the counter window for as long as it runs, and by a restore."""
        return self.root / "window.lock"

    @property
    def open_lock_path(self) -> Path:
        """Held while a program opens the store as its writer: the first open of a fresh home
        creates and migrates it, and the next opener waits for that, however long it takes."""
        return self.root / "open.lock"

    @property
    def crash_dir(self) -> Path:
        return self.root / "crash"

    @property
    def last_doctor_path(self) -> Path:
        """The last ``counter-app doctor`` run's checks (JSON), reported to the platform with
        the window's health at each sync."""
        return self.root / "doctor-last.json"

    @property
    def device_dir(self) -> Path:
        """The device identity: its id and, once enrolled, its platform credential."""
        return self.root / "device"

    @property
    def is_training(self) -> bool:
        """Whether this is a training hall's home (see :meth:`claim`)."""
        return (self.root / TRAINING_MARKER).is_file()

    def claim(self, *, training: bool) -> Home:
        """Check that this home is of the kind the program was started as; an absent or
        empty directory asked for as a training home becomes one. Raises :class:`ConfigError`
        for a production home asked to train, a training home asked to serve, a home this OS
        account may not use (:func:`refuse_inaccessible_home`), or a home that cannot be a
        folder (:meth:`_make_root`, which makes a missing one)."""
        refuse_inaccessible_home(self.root)
        self._make_root()
        if training and not self.is_training:
            if self.root.exists() and any(self.root.iterdir()):
                raise ConfigError(
                    f"{self.root} 是正式窗口的数据目录，不能用作培训模式。培训模式有自己的数据目录："
                    "请去掉 --home 启动 counter-app-gui --training，或指定一个新的空目录。",
                    f"{self.root} is a production window's home and cannot hold the training "
                    "hall. The training hall has a home of its own: start counter-app-gui "
                    "--training without --home, or name a new, empty directory.",
                    field="home",
                )
            self.ensure()
            (self.root / TRAINING_MARKER).write_text(
                "This directory holds a training hall (counter-app-gui --training).\n",
                encoding="utf-8",
            )
        elif not training and self.is_training:
            raise ConfigError(
                f"{self.root} 是培训模式的数据目录，不能作为正式窗口使用。"
                "培训请用 counter-app-gui --training（桌面图标“窗口受理系统（培训）”）；"
                "正式窗口请使用另一个数据目录。",
                f"{self.root} is the training hall's home and cannot serve as a production "
                "window. For training start counter-app-gui --training (desktop entry "
                "'Counter Client (training)'); a production window uses another home.",
                field="home",
            )
        return self

    def _make_root(self) -> None:
        """Make the home's folder when it is missing, before anything is read from it or
        written into it; :class:`ConfigError` naming it when it, or the nearest part of its
        path that exists, is not a folder, or when it cannot be made (a path under /proc, a
        name too long, a read-only disk, no permission)."""
        try:
            # The root's own folder, or "/" (or "." for a relative root), exists at least.
            there = next(path for path in (self.root, *self.root.parents) if path.exists())
            if there.is_dir():
                make_directory(self.root, _DIR_MODE)
                return
        except OSError as exc:
            raise ConfigError(
                f"无法建立数据目录 {self.root}（{exc.strerror}）：请检查路径和权限，"
                "或用 --home 指定另一个文件夹。",
                f"The home {self.root} cannot be made ({exc.strerror}): check the path and "
                "its permissions, or name another folder with --home.",
                field="home",
            ) from exc
        raise ConfigError(
            f"数据目录 {self.root} 无法使用：{there} 不是文件夹。"
            "请用 --home 指定一个文件夹（不存在时会新建）。",
            f"The home {self.root} cannot be used: {there} is not a folder. Name a folder "
            "with --home (one that does not exist yet is created).",
            field="home",
        )

    def log_to_file(self, file_name: str) -> logging.Handler:
        """Send this process's log records to a rotating file under ``logs/`` (the window's
        ``gui.log``, its sync process's ``sync.log``, a command's ``cli.log``) and return its
        handler, its files owner-only. Records carry UUIDs and codes, never personal data;
        their times carry the UTC offset. The process's first line, and the first of each file
        a rotation starts, names it: version, role (the file's name without ``.log``), home,
        training or production, device and enrolment
        (:mod:`counter_app.workstation_identity`), so IT can tell which window a log came
        from and line it up with the platform's."""
        import logging

        from counter_app.log_format import LINE_FORMAT, ZonedFormatter
        from counter_app.owner_only_log import LOG_FILE_BYTES, LOG_FILES_KEPT, OwnerOnlyLog
        from counter_app.workstation_identity import workstation_identity

        make_directory(self.logs_dir)
        handler = OwnerOnlyLog(
            self.logs_dir / file_name, max_bytes=LOG_FILE_BYTES, backups=LOG_FILES_KEPT
        )
        handler.setFormatter(ZonedFormatter(LINE_FORMAT))
        root = logging.getLogger()
        root.addHandler(handler)
        root.setLevel(logging.INFO)
        role = file_name.removesuffix(".log")
        # Read again at each rotation: a window enrolled since says so in its next file.
        handler.head_each_file(__name__, lambda: workstation_identity(self).log_line(role))
        return handler

    def ensure(self) -> Home:
        """Create the home and its directories, owner-only (0700), durably (a power cut
        right after the first start keeps them). Idempotent."""
        for directory in (
            self.root,
            self.key_path.parent,
            self.logs_dir,
            self.documents_dir,
            self.backups_dir,
            self.crash_dir,
            self.device_dir,
        ):
            make_directory(directory, _DIR_MODE)
            if os.name == "posix":
                # mkdir's mode is masked by the umask and ignored for existing dirs.
                os.chmod(directory, _DIR_MODE)
        return self


def system_config_path(env: Mapping[str, str]) -> Path:
    return Path(env.get(SYSTEM_CONFIG_ENV) or SYSTEM_CONFIG_PATH)


def _system_home(env: Mapping[str, str]) -> Path | None:
    """``[home] path`` of the system config file, read before the rest of the configuration
    (which lives partly in the home). A broken file stops the program here: falling back to
    another home would open an empty window beside the real one."""
    path = system_config_path(env)

    def wrong(zh_problem: str, en_problem: str) -> ConfigError:
        return ConfigError(
            f"配置错误：系统配置文件 {path} 中的 home.path：{zh_problem}。请修改后重新启动。",
            f"Configuration error in system config file {path}, key home.path: {en_problem}. "
            "Fix it and start again.",
            field="home.path",
        )

    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise wrong(f"无法读取文件（{exc}）", f"cannot read the file ({exc})") from None
    try:
        value = tomllib.loads(text).get("home", {}).get("path")
    except tomllib.TOMLDecodeError as exc:
        raise wrong(f"不是有效的 TOML：{exc}", f"not valid TOML: {exc}") from None
    if value is None:
        return None
    if not isinstance(value, str) or not Path(value).is_absolute():
        raise wrong(
            f"应为绝对路径（如 /var/lib/counter-app/window），实际为 {value!r}",
            f"expected an absolute path (e.g. /var/lib/counter-app/window), got {value!r}",
        )
    return Path(value)


def resolve_home(
    cli_value: str | None, env: Mapping[str, str] = os.environ, *, training: bool = False
) -> Home:
    """``--home`` wins over ``$COUNTER_APP_HOME``, which wins over the system file's ``[home]
    path``, which wins over the platform default. The training hall's default is a directory
    of its own; ``$COUNTER_APP_HOME`` and ``[home] path`` name the production home and are
    never used for training. An empty ``--home`` is refused (:class:`ConfigError`)."""
    if cli_value == "":
        # Not the default home: a script whose variable came out empty would open (and
        # claim) the production window's home.
        raise ConfigError(
            "--home 的路径为空：请给出数据目录的路径，或去掉 --home 使用默认的数据目录。",
            "--home is empty: give the home folder's path, or leave --home out for the "
            "default home.",
            field="home",
        )
    if cli_value is not None:
        return Home(Path(cli_value).expanduser().absolute())
    if not training:
        if env.get(HOME_ENV):
            return Home(Path(env[HOME_ENV]).expanduser().absolute())
        system_home = _system_home(env)
        if system_home is not None:
            return Home(system_home)
    import platformdirs  # only without --home, $COUNTER_APP_HOME and [home] path

    name = TRAINING_DIR_NAME if training else APP_DIR_NAME
    return Home(Path(platformdirs.user_data_dir(name, appauthor=False)))
