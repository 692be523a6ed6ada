"""What every sub-command starts from: the home, the layered config and the language,
resolved from the global ``--home``, ``--config`` and ``--lang`` options."""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from counter_app.config import Config, load_config
from counter_app.home import Home, resolve_home
from counter_app.store.database import Store, open_store


@dataclass(frozen=True)
class CliContext:
    home: Home
    config: Config
    lang: str  # "zh" | "en": --lang, else ui.lang from the config

    def open_store(self) -> Store:
        """The process's store (created and migrated on first use); close it when done."""
        return open_store(self.home, self.config)

    def text(self, zh: str, en: str) -> str:
        return en if self.lang == "en" else zh


def cli_context(args: argparse.Namespace) -> CliContext:
    """Resolve home and config from the global options; raises ConfigError on a bad config."""
    home = resolve_home(getattr(args, "home", None))
    config = load_config(home, getattr(args, "config", None))
    return CliContext(home, config, getattr(args, "lang", None) or config.ui.lang)
