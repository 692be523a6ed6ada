"""The PC/SC rig the tests share: a real pcscd (started when none runs) and vicc cards
(tests/identity/vicc_card.py) in vsmartcard's virtual reader."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.waiting import T, wait_until

REPO = Path(__file__).parent.parent
VICC_CARD = REPO / "tests" / "identity" / "vicc_card.py"
VICC_PATH = "/usr/lib/python3/site-packages/virtualsmartcard"
PCSCD_SOCKET = Path("/run/pcscd/pcscd.comm")
PCSCD_PID = Path("/run/pcscd/pcscd.pid")
VPCD_READER = "Virtual PCD 00 00"
VPCD_PORTS = (35963, 35964)  # vsmartcard-vpcd listens on these, one per virtual reader
VPCD_FAILED = "Virtual PCD init failed"
START_ATTEMPTS = 5


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


def vpcd_ports_free() -> bool:
    """Nothing holds vpcd's ports. They lie in the kernel's ephemeral range: a test's server
    bound to port 0, or a connection, may be given one, and a pcscd started then runs without
    its virtual readers ("Virtual PCD init failed" in its log; CI saw it under pytest-xdist)."""
    for port in VPCD_PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("0.0.0.0", port))
            except OSError:
                return False
    return True


def _until_reader(outcome: Callable[[], T | None]) -> T:
    """``outcome()``'s first truthy answer, while pcscd brings up its virtual reader."""
    return wait_until(outcome, f"pcscd listing {VPCD_READER}", timeout=30, interval=0.1)


class PcscService:
    """pcscd started (and stopped) by the tests; ``owned``: this process started one."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.log: Path | None = None  # what the pcscd started here says (-f: its own log)
        self.owned = False

    def start(self) -> None:
        """pcscd with its virtual readers: started once vpcd's ports are free, and again if
        one was taken in between (then pcscd says the virtual reader failed)."""
        for _attempt in range(START_ATTEMPTS):
            wait_until(vpcd_ports_free, f"vpcd's ports {VPCD_PORTS} to be free", timeout=120)
            self._launch()
            if self._settled() == "listed":
                return
            self.kill()
        raise AssertionError(f"pcscd started {START_ATTEMPTS} times without {VPCD_READER}")

    def _launch(self) -> None:
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
            ["pcscd", "-f"], stdout=log, stderr=log, start_new_session=True
        )
        os.close(log)
        self.owned = True

    def _settled(self) -> str:
        """``listed`` once pcscd lists the virtual reader, ``failed`` once its log says the
        reader failed; fails at once, with pcscd's own words, when pcscd has exited."""
        process, log = self.process, self.log
        assert process is not None and log is not None

        def outcome() -> str | None:
            if process.poll() is not None:
                words = log.read_text(errors="replace")[-2000:]
                raise AssertionError(f"pcscd exited ({process.returncode}): {words}")
            if vpcd_reader_listed():
                return "listed"
            return "failed" if VPCD_FAILED in log.read_text(errors="replace") else None

        return _until_reader(outcome)

    def wait_ready(self) -> None:
        """Until the running pcscd (another worker's, or the system's) lists the virtual reader."""
        _until_reader(vpcd_reader_listed)

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
