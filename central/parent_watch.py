"""``serve --parent-pid``: the platform ends with the program that started it (the training
hall's window), however that program ends - kill -9 and crashes included, when it can run
no clean-up of its own."""

from __future__ import annotations

import ctypes
import os
import signal
import sys

from central.errors import OperatorError

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def end_with_parent(parent_pid: int) -> None:
    """Have the kernel send this process SIGTERM when its parent ``parent_pid`` ends (Linux
    ``prctl(PR_SET_PDEATHSIG)``, armed here rather than in the parent: a parent starting us
    needs neither ctypes nor a ``preexec_fn``).

    The kernel watches the *thread* that started this process: the parent must start it from
    a thread that lives as long as it does (the window's main thread). Raises
    :class:`OperatorError` when ``parent_pid`` is no longer the parent: it ended before the
    signal was armed, and nothing would end this process with it.
    """
    if not sys.platform.startswith("linux"):
        raise OperatorError(
            "--parent-pid 只能在 Linux 上使用。", "--parent-pid is supported on Linux only."
        )
    if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
        reason = os.strerror(ctypes.get_errno())
        raise OperatorError(
            f"无法让平台随父进程 {parent_pid} 一同结束：{reason}",
            f"Could not tie the platform's life to process {parent_pid}: {reason}",
        )
    # Checked after arming: a parent that ends from now on sends the signal; one that ended
    # before left this process to another parent, seen here.
    if os.getppid() != parent_pid:
        raise OperatorError(
            f"进程 {parent_pid} 已结束（或不是启动平台的进程），平台不启动。",
            f"The process {parent_pid} has ended (or did not start the platform): "
            "the platform does not serve.",
        )
