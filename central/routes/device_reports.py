"""What a window reports about itself, each kept once: its audit-chain head (and reading
back the head held), the supervisor's end-of-day sign-off, its health for IT, and staff
login lockouts at the window; and a member of the staff's own new password and one-time
codes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from central.platform import Platform
from central.request_bodies import json_body, parsed
from central.store import audit_heads, day_sign_offs
from central.store import device_health as health_reports
from central.store import staff as staff_register
from sync.wire.device_reports import (
    AuditHeadHeld,
    AuditHeadReport,
    AuditHeadResult,
    DaySignOff,
    DaySignOffResult,
    DeviceHealthReport,
    DeviceHealthResult,
)
from sync.wire.staff import (
    LockoutReport,
    LockoutResult,
    PasswordChange,
    PasswordChanged,
    SecondFactorSet,
    SecondFactorSetUp,
)


def routes(platform: Platform) -> APIRouter:
    router = APIRouter()

    @router.post(
        "/v1/audit-head",
        response_model=AuditHeadResult,
        tags=["audit"],
        openapi_extra=json_body("AuditHeadReport"),
    )
    async def report_audit_head(request: Request) -> dict[str, Any]:
        """Keep the device's audit-chain head if it moves forward from the one held (a
        higher seq, and from a device that proves it, the held entry's hash in its own
        chain); one behind it, forked at the same seq or not continuing it is refused, kept
        as an anomaly, and the held one returned: with the highest case number held for
        the device when the report is behind (its store went back to an older copy). A
        device two PCs use (a refused chain still reporting after the held one moved past
        it, or a case number given twice) is refused, 409 ``device_cloned``, from then on."""
        auth, body = await platform.signed(request)
        report = parsed(AuditHeadReport, body)
        outcome = await run_in_threadpool(
            audit_heads.record_audit_head, platform.store, auth.device, auth.nonce, report
        )
        return {
            "status": outcome.status,
            "held": outcome.held,
            "last_case_no": outcome.last_case_no,
        }

    @router.get("/v1/audit-head", response_model=AuditHeadHeld, tags=["audit"])
    async def held_audit_head(request: Request) -> dict[str, Any]:
        """The audit-chain head held for the asking device (for ``audit verify --online``)."""
        auth, _ = await platform.signed(request)
        held = await run_in_threadpool(
            audit_heads.audit_head, platform.store, auth.device, auth.nonce
        )
        return {"held": held}

    @router.post(
        "/v1/day-sign-offs",
        response_model=DaySignOffResult,
        tags=["hall"],
        openapi_extra=json_body("DaySignOff"),
    )
    async def day_sign_off(request: Request) -> dict[str, Any]:
        """Keep a supervisor's end-of-day sign-off for the device's hall and window; the
        same ``sign_off_id`` again answers ``duplicate`` and keeps what was stored; an id
        naming another device's sign-off is refused, 409 ``sign_off_id_taken``."""
        auth, body = await platform.signed(request)
        sign_off = parsed(DaySignOff, body)
        status, received_at = await run_in_threadpool(
            day_sign_offs.record_day_sign_off, platform.store, auth.device, auth.nonce, sign_off
        )
        return {"status": status, "received_at": received_at}

    @router.post(
        "/v1/device-health",
        response_model=DeviceHealthResult,
        tags=["devices"],
        openapi_extra=json_body("DeviceHealthReport"),
    )
    async def device_health(request: Request) -> dict[str, Any]:
        """Keep the device's latest health report (version, last doctor run, backlog, reader,
        printers) with its arrival and the clock offset measured against the platform's;
        answer with the store's epoch, which tells a window the store was restored."""
        auth, body = await platform.signed(request)
        report = parsed(DeviceHealthReport, body)
        received_at, offset = await run_in_threadpool(
            health_reports.record_device_health, platform.store, auth.device, auth.nonce, report
        )
        return {
            "received_at": received_at,
            "clock_offset_seconds": offset,
            "store_epoch": platform.epoch,
        }

    @router.post(
        "/v1/staff-lockouts",
        response_model=LockoutResult,
        tags=["staff"],
        openapi_extra=json_body("LockoutReport"),
    )
    async def staff_lockout(request: Request) -> dict[str, Any]:
        """Keep a login lockout at the device's window of an account of its hall's staff
        register (once per ``lockout_id``; the same report again answers ``duplicate``, an
        id naming another device's lockout is refused, 409 ``lockout_id_taken``), or add its
        lifting there. The lockout holds at that window only."""
        auth, body = await platform.signed(request)
        report = parsed(LockoutReport, body)
        status, received_at = await run_in_threadpool(
            staff_register.record_lockout, platform.store, auth.device, auth.nonce, report
        )
        return {"status": status, "received_at": received_at}

    @router.post(
        "/v1/staff-passwords",
        response_model=PasswordChanged,
        tags=["staff"],
        openapi_extra=json_body("PasswordChange"),
    )
    async def staff_password(request: Request) -> dict[str, Any]:
        """A member of the device's hall's staff sets their own password at its window, the
        current one proven (403 ``wrong_password``); the new verifier, which the ``staff``
        feed takes to the hall's other windows."""
        auth, body = await platform.signed(request)
        change = parsed(PasswordChange, body)
        return await run_in_threadpool(
            staff_register.change_own_password, platform.store, auth.device, auth.nonce, change
        )

    @router.post(
        "/v1/staff-second-factors",
        response_model=SecondFactorSet,
        tags=["staff"],
        openapi_extra=json_body("SecondFactorSetUp"),
    )
    async def staff_second_factor(request: Request) -> dict[str, Any]:
        """A member of the device's hall's staff sets up one-time codes at its window, their
        password proven (403 ``wrong_password``) and a code of the secret typed (422
        ``wrong_code``); the ``staff`` feed takes the secret to the hall's other windows."""
        auth, body = await platform.signed(request)
        set_up = parsed(SecondFactorSetUp, body)
        return await run_in_threadpool(
            staff_register.set_up_second_factor, platform.store, auth.device, auth.nonce, set_up
        )

    return router
