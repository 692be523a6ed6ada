"""What a device reaches before it holds a key, without a signature: the platform's health
(clock, limits) and enrolment, trading a one-time code for a device identity."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from central.auth import public_key_from_b64
from central.errors import BadPublicKey, RateLimited
from central.platform import Platform, platform_version
from central.ratelimit import RateLimiter
from central.store import devices as device_register
from central.store.base import utc_now
from sync.wire.base import PROTOCOL_VERSION
from sync.wire.enrolment import EnrollRequest, EnrollResponse, Health, Limits


def routes(platform: Platform) -> APIRouter:
    router = APIRouter()

    @router.get("/v1/health", response_model=Health, tags=["health"])
    def health(
        ready: Annotated[
            bool,
            Query(
                description="Readiness, not only liveness: answer only once the store has "
                "answered a trivial read, else 503 store_unavailable"
            ),
        ] = False,
    ) -> dict[str, Any]:
        """No authentication: connectivity, platform clock (for skew checks), limits. The
        process's liveness, whether or not its store answers; with ``ready=1`` its
        readiness (a load balancer's check): 503 ``store_unavailable`` while the store
        cannot answer."""
        if ready:
            platform.store.store_epoch()
        now = utc_now()
        return {
            "status": "ok",
            "server_time": now,
            "server_timestamp": int(now.timestamp()),
            "version": platform_version(),
            "protocol": PROTOCOL_VERSION,
            "limits": Limits(
                max_batch_cases=platform.cfg.max_batch_cases,
                max_body_bytes=platform.cfg.max_body_bytes,
                feed_page_max=platform.cfg.feed_page_max,
            ),
        }

    @router.post("/v1/enroll", response_model=EnrollResponse, tags=["enrolment"])
    def enroll(request: Request, body: EnrollRequest) -> dict[str, Any]:
        """Trade a one-time code for a device identity; the device keeps its private key."""
        client = platform.client_address.of(request)
        wait = platform.enroll_limiter.take(f"enroll:{client}")
        if wait > 0:
            raise RateLimited(
                "登记尝试过于频繁，请稍后再试。",
                "Too many enrolment attempts; try again shortly.",
                headers={"Retry-After": RateLimiter.retry_after_header(wait)},
            )
        try:
            public_key_from_b64(body.public_key)
        except ValueError:
            raise BadPublicKey(
                "设备公钥格式不正确（应为 32 字节 Ed25519 公钥的 base64）。",
                "The device public key is malformed (expected base64 of a raw 32-byte "
                "Ed25519 key).",
            ) from None
        device = device_register.enroll(
            platform.store, body.code, body.public_key, body.label, body.number_devices
        )
        return {
            "device_id": device.device_id,
            "hall": device.hall,
            "window": device.window,
            "key_algorithm": "ed25519",
            "enrolled_at": device.enrolled_at,
            "server_time": utc_now(),
            "replaced_device": device_register.replaced_by_code(platform.store, body.code),
        }

    return router
