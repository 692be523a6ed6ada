"""The PC/SC rig the tests share: a real pcscd (started when none runs) and vicc cards
(tests/identity/vicc_card.py) in vsmartcard's virtual reader."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.waiting import wait_until

REPO = Path(__file__).parent.parent
VICC_CARD = REPO / "tests" / "identity" / "vicc_card.py"
VICC_PATH = "/usr/lib/python3/site-packages/virtualsmartcard"
PCSCD_SOCKET = Path("/run/pcscd/pcscd.comm")
VPCD_READER = "Virtual PCD 00 00"


def pcscd_running() -> bool:
    return (
        subprocess.run(["pgrep", "-x", "pcscd"], capture_output=True, check=False).returncode == 0
    )


class PcscService:
    """pcscd started (and stopped) by the tests; ``owned`` is False when one already ran."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.owned = False

    def start(self) -> None:
        # No -a: APDU logging would put card data into pcscd's log.
        self.process = subprocess.Popen(
            ["pcscd", "-f"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.owned = True
        wait_until(PCSCD_SOCKET.exists, "pcscd socket", timeout=10)

    def kill(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
            self.process = None
        PCSCD_SOCKET.unlink(missing_ok=True)


@contextmanager
def vicc_card(card: str) -> Iterator[str]:
    """A vicc card (``sscard``/``passport[:SOD]``, tests/identity/vicc_card.py) in the virtual
    reader; yields the reader's name, removes the card afterwards."""
    from counter_app.identity.errors import NoCard, ReaderUnavailable
    from counter_app.identity.pcsc import PcscTransport

    env = dict(os.environ, PYTHONPATH=os.pathsep.join([VICC_PATH, str(REPO)]))
    process = subprocess.Popen(
        [sys.executable, str(VICC_CARD), card],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )

    def card_ready() -> bool:
        if process.poll() is not None:
            raise AssertionError(
                f"vicc exited: {process.stderr.read().decode(errors='replace')[-2000:]}"
            )  # type: ignore[union-attr]
        try:
            PcscTransport(VPCD_READER).close()
        except (NoCard, ReaderUnavailable):
            return False
        return True

    try:
        wait_until(card_ready, "the vicc card in the virtual reader", timeout=20, interval=0.1)
        yield VPCD_READER
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
        process.stderr.close()  # type: ignore[union-attr]
