"""Run the built programs through the paths a frozen app breaks on: plug-in entry points,
bundled data (catalog, calendar, fonts), reportlab rendering, Qt, the platform, and the
environment the frozen app hands to the programs it starts (Linux: reads /proc).

    python installer/smoke_test.py dist/counter-app      # the PyInstaller bundle
    python installer/smoke_test.py .venv/bin             # the same checks on the source

Each step runs the real executable in a fresh home; the first failure stops the run with
the command, its exit code and its output. ``make package`` runs it on every build.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TIMEOUT = 180.0
# The window's first sync (its platform's start, enrolment, the sync process's start and
# run) took over 180 s once beside the suite, which keeps both cores busy; alone it takes
# about 40 s. The wait ends when the sync.log line appears; this only bounds a GUI that
# never syncs, and its failure quotes sync.log.
GUI_SYNC_TIMEOUT = 600.0
ITEM = "11310104002425207D006001100001"  # 老年综合津贴申领, in the bundled training catalog
# The training catalog, published on the smoke test's platform as its hall's catalog.
CATALOG = Path(__file__).resolve().parents[1] / "counter_app" / "data" / "catalog" / "training.json"
TEST_CASE = {
    "service_item": ITEM,
    "applicant": {
        "type": "person",
        "id_type": "111",
        "id_number": "11010519491231002X",  # the GB 11643 standard's own example number
        "name": "测试申请人",
        "phone": "13900000000",
    },
    "materials": [
        {"code": "M01", "status": "received", "form": "original", "count": 1},
        # A Beijing number's household register is not the city's to exempt: handed in.
        {"code": "M02", "status": "received", "form": "original", "count": 1},
        {"code": "M03", "status": "received", "form": "copy", "count": 1},
        {"code": "M04", "status": "received", "form": "original", "count": 1},
    ],
    "decision": "accept",
}


class SmokeFailure(Exception):
    pass


class Programs:
    def __init__(self, directory: Path, home: Path) -> None:
        self.directory = directory
        self.home = home
        self.env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "COUNTER_APP_SYSTEM_CONFIG": str(home.parent / "no-system-config.toml"),
            # The supervisor ``user add`` makes below approves a reprint at once, with the
            # password given there: an initial one, which the rule would refuse (the suite
            # tests the rule; this checks that the bundle prints). One-time codes are never
            # asked in the training hall the smoke test runs.
            "COUNTER_APP__SECURITY__REQUIRE_OWN_PASSWORD": "false",
        }

    def run(self, program: str, *args: str, expect: int = 0, stdin: str | None = None) -> str:
        command = [str(self.directory / program), *args]
        started = time.monotonic()
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            env=self.env,
            check=False,
            input=stdin,
        )
        shown = " ".join(command[1:])
        print(f"  {program} {shown}  ({time.monotonic() - started:.1f} s)", flush=True)
        if result.returncode != expect:
            raise SmokeFailure(
                f"{program} {shown}: exit {result.returncode}, expected {expect}\n"
                f"{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
            )
        return result.stdout

    def app(self, *args: str, expect: int = 0, stdin: str | None = None) -> str:
        # A training home: its doctor passes on a build machine without a card reader.
        return self.run(
            "counter-app", "--training", "--home", str(self.home), *args, expect=expect, stdin=stdin
        )


def check_cli(programs: Programs, work: Path) -> None:
    version = programs.run("counter-app", "--version").strip()
    if not version.startswith("counter-app "):
        raise SmokeFailure(f"unexpected version line {version!r}")
    commands = programs.run("counter-app", "--help")
    for plugged in ("sync", "enroll", "gui", "receipt", "print", "readers", "read-card"):
        if plugged not in commands:
            raise SmokeFailure(f"sub-command {plugged} missing: entry-point metadata not bundled?")
    catalog = json.loads(programs.app("catalog", "--json"))
    if not any(ITEM in json.dumps(entry, ensure_ascii=False) for entry in catalog["items"]):
        raise SmokeFailure("the bundled training catalog was not loaded")
    doctor = json.loads(programs.app("doctor", "--json", expect=0))
    names = {check["name"] for check in doctor["checks"]}
    for needed in ("database", "key_file", "catalog", "calendar", "sync", "reader"):
        if needed not in names:
            raise SmokeFailure(f"doctor check {needed} missing (got {sorted(names)})")
    cases = work / "cases.jsonl"
    cases.write_text(json.dumps(TEST_CASE, ensure_ascii=False) + "\n", encoding="utf-8")
    imported = json.loads(programs.app("import", str(cases), "--json").splitlines()[0])
    case_no = imported["case_no"]
    pdf = work / "receipt.pdf"
    programs.app("receipt", case_no, "--out", str(pdf))
    if not pdf.read_bytes().startswith(b"%PDF-"):
        raise SmokeFailure("the receipt is not a PDF")
    prints = work / "prints"
    prints.mkdir()
    # The receipt above was its first print: this one is a reprint, which a supervisor approves.
    password = "Smoke-test-supervisor-2026\n"  # noqa: S105 - a throwaway training home
    programs.app(
        "user",
        "add",
        "smoke-supervisor",
        "--role",
        "supervisor",
        "--password-stdin",
        stdin=password,
    )
    programs.app(
        "print",
        case_no,
        "--printer",
        f"dir:{prints}",
        "--reprint-reason",
        "smoke test",
        "--approved-by",
        "smoke-supervisor",
        "--password-stdin",
        stdin=password,
    )
    if not list(prints.glob("*.pdf")):
        raise SmokeFailure("nothing was printed to the directory printer")
    programs.run("counter-app", "gui", "--help")


def check_platform_round_trip(programs: Programs, work: Path) -> None:
    """A production window (a training home never enrols with a platform) enrols, takes the
    platform's catalog with its first sync, takes a case and delivers it."""
    database = work / "central.sqlite3"
    programs.run("counter-central", "catalog", "publish", "--db", str(database), str(CATALOG))
    code = json.loads(
        programs.run(
            "counter-central",
            "enroll-code",
            "--db",
            str(database),
            "--hall",
            "310104-001",
            "--window",
            "W01",
            "--json",
        )
    )["code"]
    server = subprocess.Popen(
        [
            str(programs.directory / "counter-central"),
            "serve",
            "--db",
            str(database),
            "--port",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=programs.env,
        start_new_session=True,
    )
    production = ("counter-app", "--home", str(work / "production-home"))
    try:
        assert server.stdout is not None
        url = json.loads(server.stdout.readline())["url"]
        print(f"  counter-central serve  ({url})", flush=True)
        programs.run(*production, "enroll", url, code, "--allow-insecure-http")
        programs.run(*production, "sync", "--once", "--json")  # the platform's catalog
        programs.run(*production, "import", str(work / "cases.jsonl"), "--json")
        summary = json.loads(programs.run(*production, "sync", "--once", "--json"))
        if summary["pushed"] < 1 or summary["pending"] != 0:
            raise SmokeFailure(f"the case did not reach the platform: {summary}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        if server.stdout is not None:
            server.stdout.close()


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text(encoding="ascii").rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended while we looked
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _program(pid: int) -> str:
    """The name of the program a process runs: its first command-line word, or the script's
    when that word is the Python interpreter running a console script (the source programs
    of ``.venv/bin``, where the kernel puts the interpreter first)."""
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        names = [Path(word.decode()).name for word in words[:2]]
    except (OSError, UnicodeDecodeError):
        return ""
    if names[0].startswith("python") and len(names) > 1:
        return names[1]
    return names[0]


def _stop_group(process_group: int) -> None:
    try:
        os.killpg(process_group, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            os.killpg(process_group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    os.killpg(process_group, signal.SIGKILL)


def check_gui(programs: Programs, work: Path) -> None:
    """The counter window starts offscreen in a training hall: Qt and its plug-ins load, the
    training platform (the bundle's counter-central) starts beside it, and a sync runs (in
    the window's sync process, which logs to sync.log)."""
    home = work / "gui-home"
    log = home / "logs" / "sync.log"
    # Its error output goes to a file, not a pipe this loop does not read: a full pipe would
    # stop the window (and the sync process, which shares it) in the middle of a write.
    errors = work / "gui-stderr.txt"
    with errors.open("wb") as error_file:
        gui = subprocess.Popen(
            [str(programs.directory / "counter-app-gui"), "--training", "--home", str(home)],
            stdout=subprocess.DEVNULL,
            stderr=error_file,
            env=programs.env,
            start_new_session=True,
        )
    platforms: list[int] = []
    try:
        deadline = time.monotonic() + GUI_SYNC_TIMEOUT
        while not (log.is_file() and "sync run:" in log.read_text(encoding="utf-8")):
            if gui.poll() is not None:
                output = errors.read_text(encoding="utf-8", errors="replace")
                raise SmokeFailure(f"the GUI exited with {gui.returncode}: {output[-3000:]}")
            if time.monotonic() > deadline:
                synced = log.read_text(encoding="utf-8")[-2000:] if log.is_file() else "(none)"
                raise SmokeFailure(
                    f"the GUI did not sync with its training platform in "
                    f"{GUI_SYNC_TIMEOUT:.0f} s; sync.log ends: {synced}"
                )
            time.sleep(0.5)
        children = _children(gui.pid)  # the platform, the sync and document processes
        platforms = [child for child in children if _program(child) == "counter-central"]
        if not platforms:
            raise SmokeFailure("the training platform is not running beside the GUI")
        bundle = str(programs.directory / "_internal").encode()
        for child in children:
            # A frozen child re-executes itself with its own LD_LIBRARY_PATH and keeps what it
            # inherited as LD_LIBRARY_PATH_ORIG: that must not be the parent's bundle path.
            environment = Path(f"/proc/{child}/environ").read_bytes().split(b"\0")
            inherited = [e for e in environment if e.startswith(b"LD_LIBRARY_PATH_ORIG=")]
            if any(bundle in entry for entry in inherited):
                raise SmokeFailure(f"a child inherited the bundle's library path: {inherited!r}")
        if list((home / "crash").glob("*")):
            raise SmokeFailure(f"crash reports written: {list((home / 'crash').glob('*'))}")
        print(f"  counter-app-gui  (window up, training platform pid {platforms[0]}, synced)")
    finally:
        _stop_group(gui.pid)
        for platform in platforms:
            _stop_group(platform)  # its own session: it outlives a killed GUI otherwise
        gui.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path, help="holds counter-app and counter-central")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="counter-app-smoke-") as temporary:
        work = Path(temporary)
        programs = Programs(args.directory.resolve(), work / "home")
        try:
            check_cli(programs, work)
            check_platform_round_trip(programs, work)
            check_gui(programs, work)
        except (SmokeFailure, subprocess.TimeoutExpired, KeyError, ValueError) as exc:
            print(f"smoke test FAILED: {exc}", file=sys.stderr)
            return 1
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
