"""A home whose store records an enrolment while the home holds no credential: its data
was restored from another PC's backup (a replacement PC), or an enrolment was cut off
before its credential was saved. The store's sync history (last success, last attempt)
is that device's, not this PC's; a replacement code for that device
(``counter-central enroll-code --replaces``) enrols this PC in its place either way, and the
next sync fetches back that device's cases the store lacks (``sync.enrolment``).
``sync status``, doctor and the first-start screen say so.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

from counter_app.domain.replacement_code import replacement_code_command
from counter_app.home import Home
from counter_app.store.restore_guards import RecordedEnrolment, recorded_enrolment
from sync.credential import load_identity

CODE = "restored_unenrolled"


def restored_unenrolled(home: Home) -> RecordedEnrolment | None:
    """The enrolment this home's store records, when the home holds no credential (see the
    module); None otherwise or without a store. Read-only: the screen that asks has no
    store open, and opening one would create it."""
    if load_identity(home) is not None or not home.db_path.exists():
        return None
    uri = f"{home.db_path.as_uri()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        return recorded_enrolment(conn)


def restored_unenrolled_words(recorded: RecordedEnrolment) -> tuple[str, str]:
    """What IT reads (Chinese, English): whose history the store holds, and the code to ask."""
    device, hall, window = recorded.device_id, recorded.hall, recorded.window
    code = replacement_code_command(hall, window, device)
    return (
        f"本机数据恢复自另一台电脑（设备 {device}，大厅 {hall} 窗口 {window}）的备份（或登记中途"
        "中断），本机尚未登记：数据库中的同步记录属于那台设备，不是本机的。请平台管理员签发替换"
        f"登记码（{code}），再用它登记本机（首次启动界面，或 counter-app enroll 平台地址 登记码）；"
        "登记后那台设备的办件归本机，缺少的会从平台取回。",
        f"This workstation's data was restored from another PC's backup (device {device}, "
        f"hall {hall} window {window}), or an enrolment was cut off, and this workstation is "
        "not enrolled: the sync history in its database is that device's, not this PC's. Ask "
        f"the platform operator for a replacement code ({code}) and enrol this PC with it (the "
        "first-start screen, or counter-app enroll URL CODE); that device's cases are then "
        "this PC's, and those missing here are fetched back from the platform.",
    )
