"""Small edits to the user config file under the home (``config.toml``), keeping its other keys.

Used for what the window changes itself: the interface language and the training-hall flag.
"""

from __future__ import annotations

import tomllib
from typing import Any

import tomli_w

from counter_app.home import Home


def update_user_config(home: Home, section: str, values: dict[str, Any]) -> None:
    """Set ``[section] key = value`` for each item (owner-only file; comments are not kept)."""
    from sync.credential import write_private_file

    path = home.config_path
    document: dict[str, Any] = (
        tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    )
    document.setdefault(section, {}).update(values)
    write_private_file(path, tomli_w.dumps(document).encode("utf-8"))
