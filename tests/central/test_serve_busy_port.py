"""``counter-central serve`` on a port another program holds says so, naming the port and
what to do, instead of the system's bare words."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path


def test_a_busy_port_is_named_with_what_to_do(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        port = holder.getsockname()[1]
        argv = ["serve", "--db", str(tmp_path / "central.sqlite3"), "--port", str(port)]
        argv += ["--host", "127.0.0.1"]
        done = subprocess.run(
            [sys.executable, "-m", "central.cli", *argv],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode != 0
    assert f"端口 127.0.0.1:{port} 已被占用" in done.stderr
    assert "--port" in done.stderr
    assert "Address already in use" not in done.stderr
