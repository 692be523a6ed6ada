"""The counter's home: the one directory that holds all its state (database, keys, logs,
documents, backups, crash logs, device identity, user config).

Chosen by ``--home DIR``, else ``$COUNTER_APP_HOME``, else the platform's user data dir.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

HOME_ENV = "COUNTER_APP_HOME"
_DIR_MODE = 0o700


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
    def crash_dir(self) -> Path:
        return self.root / "crash"

    @property
    def device_dir(self) -> Path:
        """The device identity: its id and, once enrolled, its platform credential."""
        return self.root / "device"

    def log_to_file(self, file_name: str) -> None:
        """Send this process's log records to a rotating file under ``logs/`` (the window's
        ``gui.log``, its sync process's ``sync.log``). Records carry UUIDs and codes, never
        personal data."""
        import logging
        import logging.handlers

        self.logs_dir.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            self.logs_dir / file_name, maxBytes=5_000_000, backupCount=5, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root = logging.getLogger()
        root.addHandler(handler)
        root.setLevel(logging.INFO)

    def ensure(self) -> Home:
        """Create the home and its directories, owner-only (0700). Idempotent."""
        for directory in (
            self.root,
            self.key_path.parent,
            self.logs_dir,
            self.documents_dir,
            self.backups_dir,
            self.crash_dir,
            self.device_dir,
        ):
            directory.mkdir(mode=_DIR_MODE, parents=True, exist_ok=True)
            if os.name == "posix":
                # mkdir's mode is masked by the umask and ignored for existing dirs.
                os.chmod(directory, _DIR_MODE)
        return self


def resolve_home(cli_value: str | None, env: Mapping[str, str] = os.environ) -> Home:
    """``--home`` wins over ``$COUNTER_APP_HOME``, which wins over the platform default."""
    if cli_value:
        return Home(Path(cli_value).expanduser().absolute())
    if env.get(HOME_ENV):
        return Home(Path(env[HOME_ENV]).expanduser().absolute())
    import platformdirs  # only without --home and $COUNTER_APP_HOME

    return Home(Path(platformdirs.user_data_dir("counter-app", appauthor=False)))
