"""The PC/SC rig the tests share: a real pcscd (started when none runs) and vicc cards
(tests/identity/vicc_card.py) in vsmartcard's virtual reader."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.waiting import wait_until

REPO = Path(__file__).parent.parent
VICC_CARD = REPO / "tests" / "identity" / "vicc_card.py"
VICC_PATH = "/usr/lib/python3/site-packages/virtualsmartcard"
PCSCD_SOCKET = Path("/run/pcscd/pcscd.comm")
PCSCD_PID = Path("/run/pcscd/pcscd.pid")
VPCD_READER = "Virtual PCD 00 00"


def pcscd_running() -> bool:
    return (
        subprocess.run(["pgrep", "-x", "pcscd"], capture_output=True, check=False).returncode == 0
    )


def vpcd_reader_listed() -> bool:
    """pcscd answers and lists vsmartcard's virtual reader: the rig is ready. A socket file
    alone is not: pcscd creates it before it listens, and a dead pcscd leaves it behind."""
    from counter_app.identity.errors import ReaderUnavailable
    from counter_app.identity.pcsc import list_pcsc_readers

    try:
        return VPCD_READER in list_pcsc_readers()
    except ReaderUnavailable:
        return False


class PcscService:
    """pcscd started (and stopped) by the tests; ``owned``: this process started one."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.log: Path | None = None  # what the pcscd started here says (-f: on stderr)
        self.owned = False

    def start(self) -> None:
        if self.process is not None:  # this process's earlier pcscd, ended meanwhile
            self.kill()
        # A pcscd that died (a crashed run's, killed with -9) leaves its socket and pid file,
        # and a new pcscd refuses to start beside them.
        PCSCD_SOCKET.unlink(missing_ok=True)
        PCSCD_PID.unlink(missing_ok=True)
        log, name = tempfile.mkstemp(prefix="counter-pcscd-", suffix=".log")
        self.log = Path(name)
        # No -a: APDU logging would put card data into pcscd's log.
        self.process = subprocess.Popen(
            ["pcscd", "-f"], stdout=subprocess.DEVNULL, stderr=log, start_new_session=True
        )
        os.close(log)
        self.owned = True
        self.wait_ready()

    def wait_ready(self) -> None:
        """Until pcscd lists the virtual reader; fails at once, with pcscd's own words, when
        the pcscd this service started has exited."""
        process, log = self.process, self.log

        def ready() -> bool:
            if process is not None and log is not None and process.poll() is not None:
                words = log.read_text(errors="replace")[-2000:]
                raise AssertionError(f"pcscd exited ({process.returncode}): {words}")
            return vpcd_reader_listed()

        wait_until(ready, f"pcscd listing {VPCD_READER}", timeout=30, interval=0.1)

    def kill(self) -> None:
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
            self.process = None
        if self.log is not None:
            self.log.unlink(missing_ok=True)
            self.log = None
        PCSCD_SOCKET.unlink(missing_ok=True)
        PCSCD_PID.unlink(missing_ok=True)


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
