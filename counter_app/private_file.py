"""Owner-only files under the home (credentials, keys' companions, the user config)."""

from __future__ import annotations

import os
from pathlib import Path


def write_private_file(path: Path, data: bytes) -> None:
    """Replace ``path`` atomically with ``data``, owner-only (0600), durable before it returns.

    A crash leaves either the old content or the new, never a mix.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temporary, path)
