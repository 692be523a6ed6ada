"""The register of window devices: single-use enrolment codes, enrolment (a code traded for a
device identity, with the case-number prefixes it numbers under), look-up and revocation.

A revoked device's prefixes are free again, so the workstation enrolled anew (or the PC
that replaced it, ``create_enroll_code(replaces=...)``) keeps numbering its cases.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from central.errors import BadPublicKey, EnrollCodeRefused, NumberPrefixTaken, OperatorError
from central.store.audit_heads import OPERATIONS_REGISTER
from central.store.base import (
    CentralStore,
    DbCursor,
    Device,
    code_hash,
    iso,
    new_enroll_code,
    utc_now,
)
from central.store.batch import prefix_of
from central.store.device_health import CONTACT_COLUMNS, CONTACT_JOINS, last_contact
from central.store.evaluations import REVIEW_REGISTER
from counter_app.domain.hall_time import hall_time_text

log = logging.getLogger("central.store")

# The platform's own staff registers: hall codes no window may have, or its staff feed
# would hand that window the city's rating reviewers or the platform's administrators.
PLATFORM_REGISTERS = (REVIEW_REGISTER, OPERATIONS_REGISTER)


def create_enroll_code(
    store: CentralStore,
    hall: str,
    window: str,
    ttl_minutes: int,
    *,
    replaces: str | None = None,
    only_pc: bool = False,
) -> tuple[str, str]:
    """A new single-use code for one window; returns ``(code, expires_at)``. With
    ``replaces`` (a live device of that hall and window, its PC broken), the enrolment
    that uses the code revokes that device and takes over its case-number prefixes (its
    cases: ``own_cases`` lists them to the new device). ``only_pc``: the code is for the
    window's one PC, refused (naming them) while the window has a live device and
    ``replaces`` names none. A platform register's code (``PLATFORM_REGISTERS``) is no
    hall's: refused."""
    _check_window_hall(hall)
    now = utc_now()
    code = new_enroll_code()
    expires = iso(datetime.fromtimestamp(now.timestamp() + ttl_minutes * 60, UTC))
    with store.transaction() as cur:
        if replaces is not None:
            _check_replaceable(store, cur, replaces, hall, window)
        elif only_pc:
            _check_no_live_device(store, cur, hall, window)
        store._exec(
            cur,
            "INSERT INTO enroll_codes (code_hash, hall, window_code, created_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (code_hash(code), hall, window, iso(now), expires),
        )
        if replaces is not None:
            store._exec(
                cur,
                "INSERT INTO enroll_code_replacements (code_hash, replaces_device) VALUES (?, ?)",
                (code_hash(code), replaces),
            )
    return code, expires


def _check_window_hall(hall: str) -> None:
    """Refuse ``hall`` for a window when it is one of the platform's own staff registers."""
    if hall in PLATFORM_REGISTERS:
        raise OperatorError(
            f"“{hall}”是平台自己的人员名册（{'、'.join(PLATFORM_REGISTERS)}），不是大厅："
            "任何窗口都不能登记在它下面。请核对大厅编码。",
            f"'{hall}' is one of the platform's own staff registers "
            f"({', '.join(PLATFORM_REGISTERS)}), not a hall: no window may be enrolled under "
            "it. Check the hall code.",
        )


def _check_no_live_device(store: CentralStore, cur: DbCursor, hall: str, window: str) -> None:
    """Refuse a plain code for a window that has live devices, naming them: a second PC
    enrolled there by mistake takes cases beside the first."""
    live = store._exec(
        cur,
        "SELECT device_id, label FROM devices WHERE hall = ? AND window_code = ? "
        "AND revoked_at IS NULL ORDER BY device_id",
        (hall, window),
    ).fetchall()
    if not live:
        return
    named = "、".join(f"{device}（{label}）" for device, label in live)
    named_en = ", ".join(f"{device} ({label})" for device, label in live)
    first = live[0][0]
    raise OperatorError(
        f"大厅 {hall} 窗口 {window} 已有在用的设备 {named}，未签发登记码。若新电脑替换它，"
        f"请加 --replaces {first}（新电脑登记时吊销旧设备并接过其编号前缀）；若确要在同一窗口"
        "再用一台电脑同时受理（两台各为一个终端，各有自己的编号），请加 --second-pc。",
        f"Hall {hall} window {window} already has the live device {named_en}; no code issued. "
        f"If the new PC replaces it, add --replaces {first} (its enrolment revokes the old "
        "device and takes over its case-number prefixes); if a second PC is really to take "
        "cases at the same window beside it (two devices, each numbering its own cases), "
        "add --second-pc.",
    )


def _check_replaceable(
    store: CentralStore, cur: DbCursor, device_id: str, hall: str, window: str
) -> None:
    row = store._exec(
        cur,
        "SELECT hall, window_code, revoked_at FROM devices WHERE device_id = ?",
        (device_id,),
    ).fetchone()
    if row is None or row[2] is not None or tuple(row[:2]) != (hall, window):
        raise OperatorError(
            f"设备 {device_id} 不是大厅 {hall} 窗口 {window} 在用的设备（不存在、已吊销或属于"
            "别的窗口），不能被替换。请用 counter-central devices 核对。",
            f"Device {device_id} is not a live device of hall {hall} window {window} "
            "(unknown, revoked or another window's), so it cannot be replaced. Check with "
            "counter-central devices.",
        )


def enroll(
    store: CentralStore, code: str, public_key: str, label: str, number_devices: Sequence[str]
) -> Device:
    """Trade a one-time code for a device identity, atomically: a code is used once, but
    asked again with the same public key it answers with the device it made (a retry after
    a lost answer). The case-number prefixes of ``number_devices`` (in the code's hall and
    window) are bound to the new device; one another live device holds refuses the
    enrolment and leaves the code unused, as does a code made for a platform register
    (``PLATFORM_REGISTERS``) by a release that did not refuse it."""
    now = iso(utc_now())
    device_id = "d" + secrets.token_hex(6)
    digest = code_hash(code)
    with store.transaction() as cur:
        claimed = store._exec(
            cur,
            "UPDATE enroll_codes SET used_at = ?, device_id = ? "
            "WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?",
            (now, device_id, digest, now),
        ).rowcount
        row = store._exec(
            cur,
            "SELECT hall, window_code, used_at, expires_at FROM enroll_codes WHERE code_hash = ?",
            (digest,),
        ).fetchone()
        if claimed != 1:
            retried = _made_for_key(store, cur, digest, public_key) if row is not None else None
            if retried is not None:
                log.info("device %s: its enrolment asked again (an answer lost)", retried.device_id)
                return retried
            raise _refusal(row, now)
        if row[0] in PLATFORM_REGISTERS:  # a code made before such codes were refused
            raise EnrollCodeRefused(
                "enroll_code_not_a_hall",
                403,
                f"该登记码是为平台人员名册 {row[0]} 开具的，它不是大厅，不能登记窗口；"
                "请向平台管理员申领本大厅本窗口的登记码。",
                f"This enrolment code was made for {row[0]}, a platform staff register and "
                "not a hall: no window enrols with it. Ask the platform operator for a code "
                "of this hall and window.",
            )
        replaced = store._exec(
            cur,
            "SELECT replaces_device FROM enroll_code_replacements WHERE code_hash = ?",
            (digest,),
        ).fetchone()
        taken_over: list[str] = []
        if replaced is not None:
            taken_over = _prefixes_held(store, cur, replaced[0])
            if _revoke(store, cur, replaced[0], now):
                log.info(
                    "device %s revoked: replaced by the enrolment of %s", replaced[0], device_id
                )
        taken = store._exec(
            cur, "SELECT device_id FROM devices WHERE public_key = ?", (public_key,)
        ).fetchone()
        if taken is not None:
            raise BadPublicKey(
                "该公钥已登记给另一台设备，请在本机重新生成密钥后再登记。",
                "This public key is already enrolled for another device; generate a new "
                "key on this workstation and enrol again.",
            )
        device = Device(device_id, row[0], row[1], public_key, label, now, None)
        store._exec(
            cur,
            "INSERT INTO devices (device_id, hall, window_code, public_key, label, "
            "enrolled_at) VALUES (?, ?, ?, ?, ?, ?)",
            (device_id, device.hall, device.window, public_key, label, now),
        )
        _bind_stated_prefixes(store, cur, device, number_devices)
        # The replaced device's cases are the new one's: numbered, corrected and listed to
        # it (``own_cases``) even where its store holds none of them (a fresh home).
        store._many(
            cur,
            "INSERT INTO number_prefixes (prefix, device_id, bound_at) VALUES (?, ?, ?) "
            "ON CONFLICT (prefix) DO NOTHING",
            [(prefix, device_id, now) for prefix in taken_over],
        )
    log.info("device %s enrolled for hall %s window %s", device_id, device.hall, device.window)
    return device


def replaced_by_code(store: CentralStore, code: str) -> str | None:
    """The device the enrolment code ``code`` was made to replace (``create_enroll_code(
    replaces=...)``); None for a code made for no replacement."""
    with store.snapshot() as cur:
        row = store._exec(
            cur,
            "SELECT replaces_device FROM enroll_code_replacements WHERE code_hash = ?",
            (code_hash(code),),
        ).fetchone()
    return None if row is None else str(row[0])


def _prefixes_held(store: CentralStore, cur: DbCursor, device_id: str) -> list[str]:
    """The case-number prefixes ``device_id`` holds, sorted (row locks taken in one order)."""
    rows = store._exec(
        cur, "SELECT prefix FROM number_prefixes WHERE device_id = ?", (device_id,)
    ).fetchall()
    return sorted(row[0] for row in rows)


def _made_for_key(
    store: CentralStore, cur: DbCursor, digest: str, public_key: str
) -> Device | None:
    """The live device a used code made for this very public key: the same enrolment asked
    again by a workstation whose answer was lost (it keeps its key until it has one). The
    key proves nothing by itself, but the device is of use only to the holder of its
    private key."""
    row = store._exec(
        cur,
        "SELECT d.device_id, d.hall, d.window_code, d.public_key, d.label, d.enrolled_at,"
        " d.revoked_at FROM enroll_codes c JOIN devices d ON d.device_id = c.device_id"
        " WHERE c.code_hash = ? AND d.public_key = ? AND d.revoked_at IS NULL",
        (digest, public_key),
    ).fetchone()
    return None if row is None else Device(*row)


def _bind_stated_prefixes(
    store: CentralStore, cur: DbCursor, device: Device, number_devices: Sequence[str]
) -> None:
    # Sorted: two enrolments stating the same prefixes take their row locks in one order.
    prefixes = sorted({prefix_of(device.hall, device.window, d) for d in number_devices})
    for prefix in prefixes:
        # DO NOTHING waits for a racing enrolment's row, so only one of them binds it. A
        # holder gone by the time it is read was revoked in between: bind again.
        while (
            store._exec(
                cur,
                "INSERT INTO number_prefixes (prefix, device_id, bound_at) VALUES (?, ?, ?) "
                "ON CONFLICT (prefix) DO NOTHING",
                (prefix, device.device_id, device.enrolled_at),
            ).rowcount
            != 1
        ):
            holder = store._exec(
                cur,
                "SELECT d.device_id, d.label FROM number_prefixes p "
                "JOIN devices d ON d.device_id = p.device_id WHERE p.prefix = ?",
                (prefix,),
            ).fetchone()
            if holder is not None:
                raise _prefix_taken(prefix, *holder)
    store._many(
        cur,
        "INSERT INTO stated_prefixes (device_id, prefix) VALUES (?, ?)",
        [(device.device_id, prefix) for prefix in prefixes],
    )


def device(store: CentralStore, device_id: str) -> Device | None:
    with store.snapshot() as cur:
        row = store._exec(
            cur,
            "SELECT device_id, hall, window_code, public_key, label, enrolled_at, revoked_at "
            "FROM devices WHERE device_id = ?",
            (device_id,),
        ).fetchone()
    return None if row is None else Device(*row)


def devices(store: CentralStore, hall: str | None = None) -> list[Device]:
    keys = ("device_id", "hall", "window", "public_key", "label", "enrolled_at", "revoked_at")
    rows = store._listing(
        "SELECT device_id, hall, window_code, public_key, label, enrolled_at, revoked_at "
        "FROM devices",
        hall,
        "hall, window_code, device_id",
        keys,
    )
    return [Device(**row) for row in rows]


def revoke_device(
    store: CentralStore, device_id: str, *, hall: str | None = None, window: str | None = None
) -> dict[str, Any]:
    """Revoke the live device ``device_id``; what it was: its hall, window, label, enrolment,
    last contact (``device_health.last_contact``; None: never) and when it is revoked now.
    ``hall``/``window``, when given, guard an operator reading the id off a list: a device of
    another hall or window is refused and stays live. An unknown id and a device revoked
    already are refused apart, the latter saying when."""
    with store.transaction() as cur:
        # Revoked first: the row's lock keeps a second revoke waiting; a refusal below
        # rolls it back.
        revoked = _revoke(store, cur, device_id, iso(utc_now()))
        row = store._exec(
            cur,
            "SELECT d.hall, d.window_code, d.label, d.enrolled_at, d.revoked_at,"  # noqa: S608
            f" {CONTACT_COLUMNS} FROM devices d{CONTACT_JOINS} WHERE d.device_id = ?",
            (device_id,),
        ).fetchone()
        if row is None:
            raise OperatorError(
                f"没有设备 {device_id}：请用 counter-central devices 核对设备编号。",
                f"There is no device {device_id}: check its id with counter-central devices.",
            )
        was = dict(
            zip(("hall", "window", "label", "enrolled_at", "revoked_at"), row[:5], strict=True)
        )
        was["last_contact"] = last_contact(*row[5:])
        if not revoked:
            raise OperatorError(
                f"设备 {device_id}（{was['hall']}/{was['window']}）已于 {was['revoked_at']} "
                "吊销，无需再吊销。",
                f"Device {device_id} ({was['hall']}/{was['window']}) was revoked already, at "
                f"{was['revoked_at']}.",
            )
        _check_revoke_guard(device_id, was, hall, window)
    return {"device_id": device_id, "revoked": True, **was}


def _check_revoke_guard(
    device_id: str, was: dict[str, Any], hall: str | None, window: str | None
) -> None:
    """Refuse to revoke a device of another hall or window than ``--hall``/``--window``."""
    for given, code, what_zh, what_en in (
        (hall, was["hall"], "大厅", "hall"),
        (window, was["window"], "窗口", "window"),
    ):
        if given is not None and given != code:
            raise OperatorError(
                f"设备 {device_id} 属于 {was['hall']}/{was['window']}，不是{what_zh} {given}："
                "未吊销。请用 counter-central devices 核对设备编号。",
                f"Device {device_id} is {was['hall']}/{was['window']}'s, not {what_en} "
                f"{given}'s: nothing revoked. Check its id with counter-central devices.",
            )


def has_live_device(
    store: CentralStore, cur: DbCursor, hall: str, window: str | None = None
) -> bool:
    """Whether a device not revoked is enrolled under ``hall`` (and ``window``): the
    platform knows halls and windows only through them. Codes compare exactly."""
    sql = "SELECT 1 FROM devices WHERE hall = ? AND revoked_at IS NULL"
    params: tuple[str, ...] = (hall,)
    if window is not None:
        sql, params = sql + " AND window_code = ?", (hall, window)
    return store._exec(cur, sql + " LIMIT 1", params).fetchone() is not None


def succeeds(store: CentralStore, cur: DbCursor, device: Device, earlier: str) -> bool:
    """Whether ``device`` took over what the device ``earlier`` reported: a revoked device
    of its hall and window. A PC replacing a broken one, restored from its backup, sends
    again the lockouts and sign-offs the old one had sent, under their ids; they are its
    hall's and window's own, and the old device can no longer speak for them (its case
    number prefixes pass to the window's live device the same way)."""
    row = store._exec(
        cur, "SELECT hall, window_code, revoked_at FROM devices WHERE device_id = ?", (earlier,)
    ).fetchone()
    return (
        row is not None and row[2] is not None and (row[0], row[1]) == (device.hall, device.window)
    )


def record_push(store: CentralStore, cur: DbCursor, device_id: str, at: str) -> None:
    """Note, in a push batch's transaction, that ``device_id`` pushed at ``at``: one of its
    contacts (``device_health.CONTACT_COLUMNS``), kept on its row once a batch. A batch
    committing after a later one of the same device leaves the later time."""
    store._exec(
        cur,
        "UPDATE devices SET last_push_at = ?"
        " WHERE device_id = ? AND (last_push_at IS NULL OR last_push_at < ?)",
        (at, device_id, at),
    )


def _revoke(store: CentralStore, cur: DbCursor, device_id: str, at: str) -> bool:
    """Revoke a live device; False when it is unknown or revoked already."""
    revoked = store._exec(
        cur,
        "UPDATE devices SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL",
        (at, device_id),
    ).rowcount
    # Its case-number prefixes are free again: the workstation enrolled anew (or the
    # PC that replaced it) keeps numbering and correcting its cases.
    store._exec(cur, "DELETE FROM number_prefixes WHERE device_id = ?", (device_id,))
    return bool(revoked == 1)


def _refusal(row: Any, now: str) -> EnrollCodeRefused:
    if row is None:
        return EnrollCodeRefused(
            "enroll_code_unknown",
            404,
            "登记码无效，请核对后重新输入，或向平台管理员重新申领。",
            "Unknown enrolment code; check it and type it again, or ask the platform "
            "operator for a new one.",
        )
    if row[2] is not None:
        return EnrollCodeRefused(
            "enroll_code_used",
            409,
            "该登记码已被使用过（每个登记码只能用一次），请向平台管理员申领新的登记码。",
            "This enrolment code has already been used (each code works once); ask the "
            "platform operator for a new one.",
        )
    expired = hall_time_text(row[3])  # as every time shown to a person, in the hall's
    return EnrollCodeRefused(
        "enroll_code_expired",
        410,
        f"该登记码已于 {expired} 过期，请向平台管理员申领新的登记码。",
        f"This enrolment code expired at {expired}; ask the platform operator for a new one.",
    )


def _prefix_taken(prefix: str, device: str, label: str) -> NumberPrefixTaken:
    """The refusal of an enrolment stating ``prefix``, held by the live ``device``."""
    return NumberPrefixTaken(
        f"编号前缀 {prefix} 属于仍在使用的设备 {device}（{label}），本机不能以此前缀登记，"
        "登记码未被使用。若本机已被替换（操作手册第 6 节），请停止使用本机，切勿吊销该设备："
        "它可能正是替换本机的新电脑。若本机替换了那台设备，请信息科先吊销旧设备"
        f"（counter-central revoke {device}），再用同一登记码重新登记。",
        f"The case-number prefix {prefix} belongs to the live device {device} ({label}), so "
        "this workstation cannot enrol with it; the code was not used. If this workstation "
        "was replaced (operations §6), stop using it and do not revoke that device: it may be "
        "the PC that replaced this one. If this workstation "
        f"replaces that device, ask IT to revoke the old one first (counter-central revoke "
        f"{device}), then enrol again with the same code.",
        details={"prefix": prefix, "device_id": device},
    )
