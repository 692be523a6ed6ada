"""The training hall (培训模式): ``counter-app-gui --training`` (``make run``), in its own home.

Qt-free orchestration: sample catalog, users and cases in the store (training only), and a
reference central platform (``counter-central serve``) running as a child process on
127.0.0.1 with its database under the home, to which this workstation is enrolled with a
one-time code - so the whole loop (card → case → receipt → synced → progress) works
offline on one machine. The online channel's samples (an appointment, a pre-application)
are made on that platform with its own commands, so they reach the window by its feed; the
day's sample problem case reaches the supervisor as a real one does, by the platform's
answer to the window's push.
``central`` is never imported: it is a separate program.

The login waits for no part of the platform: this process binds the platform's listening
socket (so the address is known at once), and the window starts ``counter-central serve
--fd`` on it only once the login is on screen (``launch_platform``); the window's first
requests wait in the socket's backlog until the platform serves them. Started earlier, the
platform's own start (a Python process importing the web stack) took the CPU from the
window's. The sample data and the first start's enrolment run on the window's worker
(``finish_on_worker``), before its sync process starts.

The platform dies with the window even when the window cannot stop it (kill -9, a crash):
on Linux it asks the kernel for SIGTERM when the window dies (``serve --parent-pid``).
"""

from __future__ import annotations

import _socket  # socket's C core (why: _bind_listener)
import logging
import os
import shutil
import signal
import sys
import threading
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from counter_app.config import Config
from counter_app.domain.staff import TRAINING_PASSWORD
from counter_app.durable_files import make_directory
from counter_app.errors import ConfigError, CounterError
from counter_app.home import Home

# subprocess and json are imported where used: this module is imported before the login
# shows, most of it runs only once the login is on screen, and every millisecond before the
# login counts (benchmarks/bench_ui.py).
if TYPE_CHECKING:
    import subprocess

    from counter_app.domain.case_document import CaseDocument
    from counter_app.store.database import Store

log = logging.getLogger(__name__)

# Shown on the login screen in the training hall only; never created outside it.
SAMPLE_ACCOUNTS = (
    ("clerk01", TRAINING_PASSWORD, "clerk", "王小文"),
    ("super01", TRAINING_PASSWORD, "supervisor", "李建国"),
    ("admin01", TRAINING_PASSWORD, "admin", "陈工"),
)


LISTEN_BACKLOG = 2048  # as ``counter-central serve`` listens itself


class TrainingPlatformError(CounterError):
    """A command of the training hall's reference platform failed (shown in the window)."""

    code = "training_platform_failed"


class TrainingHall:
    """Prepare a home for training and run its background platform; ``stop()`` ends it."""

    def __init__(self, home: Home, start_platform: bool = True) -> None:
        self.home = home
        self.start_platform = start_platform
        self.process: subprocess.Popen[bytes] | None = None
        self.url: str | None = None
        self._listener: _socket.socket | None = None  # bound by prepare, handed over by launch
        self._output: threading.Thread | None = None  # copies the platform's output to its log

    @property
    def platform_dir(self) -> Path:
        return self.home.root / "training-central"

    @property
    def platform_db(self) -> Path:
        return self.platform_dir / "central.sqlite3"

    def prepare(self, config: Config) -> Config:
        """The config to run with (paper to a folder, the local platform's URL); binds the
        platform's socket but starts nothing. Then ``launch_platform`` (from the main thread)
        and ``finish_on_worker``, in either order. ``config`` is the training home's
        (``Home.claim(training=True)``): nothing here makes a production home train."""
        if not (config.is_training and self.home.is_training):
            raise ConfigError(
                f"{self.home.root} 不是培训模式的数据目录，不能在此打开培训模式。",
                f"{self.home.root} is not a training hall's home; the training hall cannot open there.",
                field="home",
            )
        self.home.ensure()
        # Paper goes to a folder: a simulated printer, so newcomers print without wasting any.
        printer = self.home.root / "training-printer"
        printer.mkdir(mode=0o700, exist_ok=True)
        printing = replace(
            config.printing, a4_printer=config.printing.a4_printer or f"dir:{printer}"
        )
        # The sample accounts' passwords, shown on the login screen, never expire.
        security = replace(config.security, password_max_age_days=0)
        config = replace(config, printing=printing, security=security)
        # Never a production platform (a system config's address): cases of the training
        # hall go to its local platform, or nowhere.
        config = replace(config, sync=replace(config.sync, url="", ca_bundle=""))
        if not self.start_platform:
            return config
        self.url = self._bind_listener()
        # The platform's port changes every run; the enrolled identity stays.
        return replace(config, sync=replace(config.sync, url=self.url, allow_insecure_http=True))

    def finish_on_worker(self, store: Store) -> None:
        """The rest of the start, with the home's store open: the sample catalog and users,
        (on the first start of a home) this workstation enrolled with the platform, the day's
        online samples on the platform and the day's sample problem case. The window runs it
        as its worker's first job, before the sync process starts, so the login waits for
        none of it, and the first sync brings the samples and finds the problem case in
        conflict."""
        # Imported here: the sync and account modules would delay the login screen.
        import json

        from counter_app.services.auth import Accounts
        from counter_app.services.training_samples import (
            seed_deferral_due_today,
            seed_fee_due,
            seed_result_ready,
        )
        from counter_app.store.catalog import ensure_bundled_catalog
        from sync.credential import load_identity
        from sync.enrolment import enroll, numbering_devices

        ensure_bundled_catalog(store)
        accounts = Accounts(store)
        if not accounts.list_users():
            for username, password, role, display in SAMPLE_ACCOUNTS:
                accounts.add_user(username, password, role, display, actor="training-hall")
            # Sample cases once, with the accounts: a fresh hall to practise the later steps.
            clerk = accounts.get("clerk01")
            seed_deferral_due_today(store, clerk, accounts.get("super01"))
            ready = seed_result_ready(store, clerk, platform=self.url is not None)
            seed_fee_due(store, clerk)
        else:
            ready = None
        if self.url is None:
            return  # no platform: no online channel either
        hall = store.config.hall
        if load_identity(self.home) is None:
            code = self.run_central(
                "enroll-code", "--hall", hall.hall_code, "--window", hall.window_code, "--json"
            )
            # The enrolment request waits in the socket's backlog until the platform serves.
            enroll(
                self.home,
                self.url,
                json.loads(code)["code"],
                number_devices=numbering_devices(hall.device_id, store),
                allow_insecure_http=True,
            )
        self._online_samples(hall.hall_code)
        if ready is not None:
            self._sample_result_ready(store, ready.case_id)
        self._sample_problem(store)

    def _sample_result_ready(self, store: Store, case_id: str) -> None:
        """The result-ready sample made as a real one is: the case sent to the platform
        (version 1), the back office's steps recorded there; the first sync brings them
        back, and the platform takes the hand-over that follows."""
        from counter_app.domain.case_document import CaseDocument
        from counter_app.services.training_samples import RESULT_READY_STEPS
        from counter_app.store.case_plaintext import case_document

        accepted = CaseDocument.from_json(case_document(store, case_id))
        self._push_versions(store, [accepted], ("结果待领取示例办件", "sample result-ready case"))
        for state in RESULT_READY_STEPS:
            self.run_central("progress", case_id, "--to", state.value)

    def _online_samples(self, hall: str) -> None:
        """Today's sample appointment and pre-application, made on the platform with its own
        commands (every start: a window forgets a day's arrivals after it). Their items must
        be in the platform's catalog: the program's own, published when it is newer than the
        platform's (the first start, or a program brought a newer one)."""
        import json

        from counter_app.services.training_samples import online_channel_commands
        from counter_app.store.catalog import bundled_catalog

        make_directory(self.platform_dir)
        catalog = self.platform_dir / "bundled-catalog.json"
        catalog.write_text(json.dumps(bundled_catalog(), ensure_ascii=False), encoding="utf-8")
        self.run_central("catalog", "publish", str(catalog), "--if-newer")
        for command in online_channel_commands(hall, self.platform_dir / "online-samples"):
            self.run_central(*command)

    def _sample_problem(self, store: Store) -> None:
        """Today's sample problem case (问题办件), made the way a real one arises, once a
        day while none of an earlier day waits for the supervisor: the case accepted here
        (version 1); its version 2 sent to the platform with this PC's own key and then lost,
        as a restore from an older backup loses it; the clerk's other version 2 written here.
        The window's first sync sends both of its versions: the platform answers the first as
        a resend and keeps the second in conflict (content_differs), and the case waits in the
        supervisor's 问题办件 tab."""
        from counter_app.domain.case_document import CaseDocument
        from counter_app.services.auth import Accounts
        from counter_app.services.training_samples import (
            accept_problem_case,
            correct_after_restore,
            version_lost_in_restore,
        )
        from counter_app.store.case_plaintext import case_document

        clerk = Accounts(store).get(SAMPLE_ACCOUNTS[0][0])
        problem = accept_problem_case(store, clerk)
        if problem is None:
            return  # an earlier day's still waits for the supervisor
        case_id = problem.case_id
        accepted = case_document(store, case_id)
        if accepted["data_version"] != 1:
            return  # an earlier start made it today
        versions = [
            CaseDocument.from_json(accepted),
            version_lost_in_restore(accepted, clerk),
        ]
        self._push_versions(
            store,
            versions,
            ("今天示例问题办件的前两版", "first two versions of today's sample problem case"),
        )
        correct_after_restore(store, case_id, clerk)

    def _push_versions(
        self, store: Store, versions: list[CaseDocument], what: tuple[str, str]
    ) -> None:
        """Send ``versions`` to the training platform with this PC's own key, as a sync
        would; ``what`` names them (Chinese, English) if the platform does not take them."""
        from sync.device_transport import platform_transport
        from sync.push import PUSH_PATH
        from sync.wire.case_push import BatchResult, CaseBatch, CaseSubmission

        batch = CaseBatch(
            cases=[
                CaseSubmission(
                    case_id=version.case_id,  # type: ignore[arg-type]  # validated by the model
                    data_version=version.data_version,
                    content_hash=version.content_hash(),
                    hall=version.hall,
                    window=version.window,
                    device=version.device,
                    case_no=version.case_no,
                    payload=version,
                )
                for version in versions
            ]
        )
        transport = platform_transport(store.home, store.config)
        try:
            answer = transport.request_json("POST", PUSH_PATH, batch.model_dump(mode="json"))
        finally:
            transport.close()
        results = transport.parsed(BatchResult, answer).results
        if any(r.status not in ("stored", "duplicate") for r in results):
            said = "; ".join(f"{r.status} {r.reason or ''}".strip() for r in results)
            raise TrainingPlatformError(
                f"培训用中心平台没有收下{what[0]}（{said}）。请关闭窗口后重新打开；"
                "如果反复出现，请联系信息技术人员。",
                f"The training platform did not take the {what[1]} ({said}). Close the window "
                "and open it again; if this happens again, call IT support.",
            )

    def accounts_for_login(self) -> list[tuple[str, str, str]]:
        """(username, password, role) of the sample accounts."""
        return [(user, password, role) for user, password, role, _display in SAMPLE_ACCOUNTS]

    def _central_command(self) -> list[str]:
        found = shutil.which("counter-central", path=str(Path(sys.executable).parent))
        return [found] if found else [sys.executable, "-m", "central.cli"]

    def run_central(self, *args: str) -> str:
        """``counter-central ARGS`` on the training platform's database; its output. The
        enrolment uses it, and the screenshot tour books the online channel's samples with
        it as an operator (or the 随申办 app) would."""
        import subprocess  # on the worker, after the login: not needed to show it

        try:
            result = subprocess.run(
                [*self._central_command(), *args, "--db", str(self.platform_db)],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            failed, detail = result.returncode != 0, result.stderr.strip()[-500:]
        except (OSError, subprocess.TimeoutExpired) as exc:
            failed, detail = True, str(exc)
        if failed:
            raise TrainingPlatformError(
                f"培训用中心平台的 {args[0]} 没有完成：{detail}。请关闭窗口后重新打开；"
                "如果反复出现，请联系信息技术人员。",
                f"The training platform's {args[0]} failed: {detail}. Close the window and "
                "open it again; if this happens again, call IT support.",
            )
        return result.stdout

    def _bind_listener(self) -> str:
        """Bind the platform's socket on 127.0.0.1 (a free port); its URL.

        This runs before the login shows, so it uses ``_socket``, the C type under
        ``socket.socket``: importing ``socket`` (its enums, ``selectors``) took ~4 ms of the
        GUI thread, and a plain bound socket needs none of it."""
        # proto=IPPROTO_TCP: the platform's event loop sets TCP_NODELAY only on TCP sockets.
        listener = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM, _socket.IPPROTO_TCP)
        try:
            listener.bind(("127.0.0.1", 0))
            listener.listen(LISTEN_BACKLOG)
        except OSError as exc:
            listener.close()
            raise TrainingPlatformError(
                f"培训用中心平台无法在本机 127.0.0.1 上监听：{exc}。请检查本机网络设置"
                "（回环地址 127.0.0.1 必须可用）；如果反复出现，请联系信息技术人员。",
                f"The training platform cannot listen on 127.0.0.1: {exc}. Check this PC's "
                "network settings (the loopback address must work); if this happens again, "
                "call IT support.",
            ) from exc
        self._listener = listener
        return f"http://127.0.0.1:{listener.getsockname()[1]}"

    def launch_platform(self) -> None:
        """Start ``counter-central serve`` on the socket ``prepare`` bound, below this
        process's priority; once (later calls do nothing). Raises
        :class:`TrainingPlatformError` when it cannot be started.

        Call it from the main thread: the platform ends when the thread that started it
        ends (it asks the kernel for that itself, ``--parent-pid``). The Windows equivalent
        would be a Job Object with JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE; it is not built, as
        ``stop`` ends the platform through POSIX process groups, which Windows lacks."""
        # Imported here: the sync package's helper and subprocess are not needed to show the
        # login, and this runs after it.
        import subprocess

        from sync.priority import lower_priority

        listener, self._listener = self._listener, None
        if listener is None:
            return
        command = [
            *self._central_command(),
            "serve",
            "--db",
            str(self.platform_db),
            "--fd",
            str(listener.fileno()),
        ]
        if sys.platform.startswith("linux"):  # PR_SET_PDEATHSIG; elsewhere stop() only
            command += ["--parent-pid", str(os.getpid())]
        from counter_app.owner_only_log import (
            LOG_FILE_BYTES,
            LOG_FILES_KEPT,
            OwnerOnlyLog,
            follow_output,
        )

        try:
            make_directory(self.platform_dir)
            # Rotated and owner-only as the home's other logs (docs/operations.md §2.3): the
            # platform logs every request, some 5 MB a day.
            platform_log = OwnerOnlyLog(
                self.platform_dir / "central.log", max_bytes=LOG_FILE_BYTES, backups=LOG_FILES_KEPT
            )
            try:
                process = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,  # its address announcement: known here already
                    stderr=subprocess.STDOUT,
                    pass_fds=(listener.fileno(),),
                    start_new_session=True,  # its own process group: stop() ends it all
                )
            except OSError:
                platform_log.close()
                raise
        except OSError as exc:
            raise TrainingPlatformError(
                f"培训用中心平台没有启动：{exc}。培训中的案件暂时无法同步；请关闭窗口后重新"
                "打开，如果反复出现，请联系信息技术人员。",
                f"The training platform did not start: {exc}. Cases of the training cannot "
                "sync for now; close the window and open it again, and if this happens again, "
                "call IT support.",
            ) from exc
        finally:
            listener.close()  # the platform holds it now: it ends with the platform
        self.process = process
        assert process.stdout is not None  # a pipe, asked for above
        self._output = follow_output(process.stdout, platform_log)
        lower_priority(process.pid)  # background work: the window gets a CPU first
        log.info("training platform starting at %s (pid %d)", self.url, process.pid)

    def stop(self) -> None:
        if self._listener is not None:  # prepared, never launched
            self._listener.close()
            self._listener = None
        process, self.process = self.process, None
        output, self._output = self._output, None
        if process is not None and process.poll() is None:
            import subprocess  # launch_platform imported it

            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
            except ProcessLookupError:
                pass
        if output is not None:
            output.join(timeout=10)  # the platform's last words into its log, the log closed
