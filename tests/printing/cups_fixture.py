"""A private CUPS scheduler for the printing tests: its own ServerRoot, spool, state and
logs under a temporary directory, listening on a free 127.0.0.1 port, so the tests depend on
nothing the machine's own CUPS has (or lacks). cups-pdf is its printer: it writes each job
as a PDF under the job owner's ``$HOME/PDF`` (``Out`` in /etc/cups/cups-pdf.conf)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.waiting import wait_until

CUPS_PDF_PPD = "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd"


@dataclass
class CupsServer:
    root: Path
    server: str  # host:port, for lp/lpstat -h and printing.cups_server
    process: subprocess.Popen[bytes]

    def run(self, *command: str) -> subprocess.CompletedProcess[str]:
        args = [command[0], "-h", self.server, *command[1:]]
        return subprocess.run(args, capture_output=True, text=True, timeout=30, check=False)

    def add_pdf_queue(self, name: str) -> None:
        result = self.run("lpadmin", "-p", name, "-v", "cups-pdf:/", "-m", CUPS_PDF_PPD, "-E")
        assert result.returncode == 0, result.stderr

    def add_broken_queue(self, name: str) -> None:
        """A queue whose device cannot be opened: every job fails in the backend."""
        uri = f"file://{self.root}/no-such-dir/{name}.out"
        result = self.run("lpadmin", "-p", name, "-v", uri, "-m", CUPS_PDF_PPD, "-E")
        assert result.returncode == 0, result.stderr

    def delete_queue(self, name: str) -> None:
        self.run("lpadmin", "-x", name)

    def error_log(self) -> str:
        log = self.root / "log" / "error_log"
        return log.read_text(errors="replace") if log.exists() else ""


def pdf_output_dir() -> Path:
    """Where cups-pdf files jobs of this user: ``Out`` of /etc/cups/cups-pdf.conf."""
    out = "${HOME}/PDF"
    conf = Path("/etc/cups/cups-pdf.conf")
    for line in conf.read_text().splitlines():
        if line.startswith("Out "):
            out = line.split(None, 1)[1].strip()
    return Path(out.replace("${HOME}", str(Path.home())))


def cups_pdf_output(serial: str, timeout: float = 60.0) -> Path:
    """The PDF cups-pdf wrote for the job titled ``serial`` (a document's serial), once whole."""

    def whole() -> Path | None:
        found = list(pdf_output_dir().glob(f"{serial}*.pdf"))
        # cups-pdf writes the file in place: done once it ends with its trailer.
        return found[0] if found and b"%%EOF" in found[0].read_bytes()[-64:] else None

    return wait_until(
        whole, f"cups-pdf's output for {serial} in {pdf_output_dir()}", timeout=timeout
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_cups(root: Path, timeout: float = 20.0) -> CupsServer:
    for sub in ("etc", "spool", "cache", "state", "log", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    # Filters run as the unprivileged user lp and need a writable temp directory.
    os.chmod(root / "tmp", 0o1777)
    os.chmod(root, 0o755)
    port = _free_port()
    (root / "cups-files.conf").write_text(
        f"ServerRoot {root}/etc\nRequestRoot {root}/spool\nCacheDir {root}/cache\n"
        f"StateDir {root}/state\nTempDir {root}/tmp\nAccessLog {root}/log/access_log\n"
        f"ErrorLog {root}/log/error_log\nPageLog {root}/log/page_log\n"
        "SystemGroup root\nUser lp\nGroup lp\nFileDevice Yes\n"
    )
    # No authentication at all: this scheduler only listens on loopback and a private socket.
    (root / "cupsd.conf").write_text(
        f"LogLevel info\nListen 127.0.0.1:{port}\nListen {root}/cups.sock\nBrowsing No\n"
        "WebInterface No\nDefaultAuthType None\nErrorPolicy abort-job\n"
        "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
        "<Policy default>\n  <Limit All>\n    Order deny,allow\n    Allow all\n  </Limit>\n</Policy>\n"
    )
    process = subprocess.Popen(
        ["cupsd", "-f", "-c", str(root / "cupsd.conf"), "-s", str(root / "cups-files.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    server = CupsServer(root, f"127.0.0.1:{port}", process)

    def running() -> bool:
        if process.poll() is not None:
            raise RuntimeError(f"cupsd exited: {server.error_log()[-2000:]}")
        return "scheduler is running" in server.run("lpstat", "-r").stdout

    try:
        wait_until(running, "cupsd to start", timeout=timeout, interval=0.1)
    except BaseException:
        stop_cups(server)
        raise
    return server


def stop_cups(server: CupsServer) -> None:
    if server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(timeout=10)
