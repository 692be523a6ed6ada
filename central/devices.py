"""``counter-central devices``: every window (device) of a hall with its latest health report
and last contact, for IT; a window not heard from for longer than the limit is stale."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from central.store import CentralStore, device_health
from central.store.cloned_devices import cloned_marks
from central.store.refused_contacts import refused_contacts
from counter_app.domain.hall_time import hall_minute_text

# A window open for business syncs every few minutes; an hour of silence is worth a look.
DEFAULT_STALE_AFTER = timedelta(minutes=60)


def device_rows(
    store: CentralStore, hall: str | None, *, stale_after: timedelta, now: datetime
) -> list[dict[str, Any]]:
    """The ``devices`` of ``counter-central devices --json``. ``stale``: an active device
    never heard from (no health report, audit-head report or push) or last heard from longer
    than ``stale_after`` before ``now``. ``health`` says when it was reported
    (``received_at``, ``age_minutes`` before ``now``): its figures are that old.
    ``last_refused``: the last request refused in the device's name (``at``, ``reason``, and
    for a clock refusal the offset measured, ``skew_seconds``), None: none."""
    rows = []
    cloned = cloned_marks(store)
    refused = refused_contacts(store)
    for row in device_health.device_health(store, hall):
        report, offset = row.pop("report"), row.pop("clock_offset_seconds")
        health_at = row.pop("health_at")
        contact = row["last_contact"]
        silent = contact is None or now - datetime.fromisoformat(contact) > stale_after
        health = None
        if report is not None:
            sent = json.loads(report)
            health = {
                "received_at": health_at,
                "age_minutes": int((now - datetime.fromisoformat(health_at)).total_seconds() // 60),
                "program_version": sent["program_version"],
                "pending": sent["pending"],
                "clock_offset_seconds": offset,
                "doctor": sent["doctor"],
                "reader": sent["reader"],
                "printers": sent["printers"],
                # None: a counter older than the field.
                "disk_free_mib": sent.get("disk_free_mib"),
                # None: a counter older than the field, or one that loaded no catalog yet.
                "catalog_version": sent.get("catalog_version"),
            }
        rows.append(
            {
                **row,
                "stale": row["revoked_at"] is None and silent,
                "health": health,
                # Two PCs with this identity (``cloned_devices``): its pushes are refused.
                "cloned": cloned.get(row["device_id"]),
                "last_refused": refused.get(row["device_id"]),
            }
        )
    return rows


def device_line(row: dict[str, Any]) -> str:
    """One device for a person reading the terminal, each figure after its name, times in
    the hall's."""
    health = row["health"]
    state = (
        "已吊销"
        if row["revoked_at"]
        else "两台电脑共用（身份被复制，拒收；须 enroll-code --replaces 重新登记一台）"
        if row["cloned"]
        else "失联"
        if row["stale"]
        else "被拒（见最近被拒）"
        if _refused_words(row["last_refused"], row["last_contact"])
        else "正常"
    )
    contact = hall_minute_text(row["last_contact"]) if row["last_contact"] else "从未"
    if health is None:
        told = "尚无状态报告"
    else:
        worst = health["doctor"]["worst"] if health["doctor"] else None
        doctor = {"ok": "正常", "warn": "警告", "fail": "失败", None: "从未运行"}.get(worst, worst)
        free, catalog = health["disk_free_mib"], health["catalog_version"]
        told = (
            f"状态报告于 {hall_minute_text(health['received_at'])}"
            f"（{_age_words(health['age_minutes'])}，以下为当时的数据）  "
            f"版本 {health['program_version']}  待上传 {health['pending']}  "
            f"时钟偏差 {health['clock_offset_seconds']:+.0f}秒  自检 {doctor}  "
            f"读卡器 {health['reader'] or '—'}  磁盘剩余 {'—' if free is None else f'{free} MiB'}  "
            f"事项目录 {'未知' if catalog is None else f'版本 {catalog}'}"
        )
    line = f"{row['hall']}/{row['window']}  {row['device_id']}  {state}  最近联系 {contact}  {told}"
    return line + _refused_words(row["last_refused"], row["last_contact"])


def _age_words(minutes: int) -> str:
    if minutes < 60:
        return f"{max(minutes, 0)} 分钟前"
    if minutes < 48 * 60:
        return f"{minutes // 60} 小时前"
    return f"{minutes // (24 * 60)} 天前"


def _refused_words(refused: dict[str, Any] | None, contact: str | None) -> str:
    """The last refusal in the device's name since its last contact: a revoked PC back, a
    clock refused (one before a contact is history: the JSON keeps it)."""
    if refused is None or (contact is not None and refused["at"] < contact):
        return ""
    skew = refused["skew_seconds"]
    measured = "" if skew is None else f"，当时测得时钟偏差 {skew:+.0f}秒"
    return (
        f"  最近被拒 {hall_minute_text(refused['at'])}（{refused['reason']}{measured}；"
        "以该终端名义的请求）"
    )
