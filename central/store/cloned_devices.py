"""Devices whose identity two PCs share: a window's home copied as it is and started on a
second PC (``cp -a``), both signing with the same key and numbering from the same counter.
The platform learns it only from two audit chains of the device both still reporting
(:func:`central.store.audit_heads.record_audit_head`). A case number the platform holds from
the device for another case is no such proof: a window restored over a damaged store may
re-issue a number before its first sync moves its sequences on, so that case alone is held
as a ``case_no_taken`` conflict (:mod:`central.store.batch`). From then on it refuses the
device's pushes and audit-head reports (``device_cloned``, :class:`DeviceCloned`): each
window pauses intake with words telling IT what to do. The mark (``meta``
``device_cloned:DEVICE``) ends with the device: a replacement code (``enroll-code
--replaces``) enrols the PC kept as a new device; a platform administrator's
``audit-heads accept-fork`` clears it for a device found to be one PC after all.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from central.errors import DeviceCloned
from central.store.base import CentralStore, DbCursor, Device, iso, utc_now
from central.store.device_marks import marks_by_device
from counter_app.domain.replacement_code import replacement_code_command

log = logging.getLogger("central.store")

_PREFIX = "device_cloned:"
# What gave the clone away: two chains of the device both reporting.
AUDIT_HEAD_FORK = "audit_head_fork"


def cloned_mark(store: CentralStore, cur: DbCursor, device_id: str) -> dict[str, Any] | None:
    """The mark of ``device_id`` (``at``, ``reason``, ``detail``); None: not cloned."""
    row = store._exec(
        cur, "SELECT value FROM meta WHERE key = ?", (_PREFIX + device_id,)
    ).fetchone()
    return None if row is None else dict(json.loads(row[0]))


def mark_cloned(
    store: CentralStore, cur: DbCursor, device_id: str, reason: str, detail: dict[str, Any]
) -> None:
    """Mark ``device_id`` as cloned (the first finding is kept)."""
    mark = {"at": iso(utc_now()), "reason": reason, "detail": detail}
    store._exec(
        cur,
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
        (_PREFIX + device_id, json.dumps(mark)),
    )
    log.error(
        "device %s is used by two PCs (%s: %s): its pushes are refused", device_id, reason, detail
    )


def clear_mark(store: CentralStore, cur: DbCursor, device_id: str) -> None:
    store._exec(cur, "DELETE FROM meta WHERE key = ?", (_PREFIX + device_id,))


def cloned_marks(store: CentralStore) -> dict[str, dict[str, Any]]:
    """Every cloned device's mark, by device id."""
    return marks_by_device(store, _PREFIX)


def refuse_cloned_push(store: CentralStore, device: Device) -> None:
    """Refuse a push of a device marked cloned: ``DeviceCloned``."""
    with store.snapshot() as cur:
        mark = cloned_mark(store, cur, device.device_id)
    if mark is not None:
        raise cloned_refusal(device, mark)


def cloned_refusal(device: Device, mark: dict[str, Any]) -> DeviceCloned:
    """The refusal a cloned device's requests get, telling IT what to do."""
    why_zh = "该终端有两条审计日志自同一处分叉后都在上报"
    why_en = "two audit logs of the device, forked from one point, both keep reporting"
    ident, hall, window = device.device_id, device.hall, device.window
    code = replacement_code_command(hall, window, ident)
    return DeviceCloned(
        f"平台发现两台电脑在以同一终端 {ident}（大厅 {hall} 窗口 {window}）的身份工作：{why_zh}"
        "（本机数据目录被整个复制到另一台电脑后两台都启动了）。平台已停止接收该终端的办件，"
        "新受理已暂停，已受理的办件都保存在本机。请信息科：只保留一台电脑在此窗口，为它签发替换"
        f"登记码（{code}）并在它上面重新登记（counter-app enroll），登记即吊销旧终端；另一台立即停用，"
        "切勿再启动复制来的数据目录，它上面尚未上传的办件请值班长与平台核对"
        "（counter-central conflicts）。",
        f"The platform found two PCs working as one device {ident} (hall {hall} window "
        f"{window}): {why_en} (this home was copied whole to another PC and both were "
        "started). The platform takes no more cases from the device and new intake is paused; "
        "every case taken is kept on this PC. IT: keep ONE PC on this window, issue it a "
        f"replacement code ({code}) and enrol it again with it (counter-app enroll), which revokes "
        "the old device; stop the other PC now and never start a copied home again; a "
        "supervisor checks the cases it did not upload with the platform (counter-central "
        "conflicts).",
        details={"device_id": ident, "reason": mark["reason"], "since": mark["at"]},
    )
