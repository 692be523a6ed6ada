"""HTTP to the central platform: TLS policy, per-request signing, timeouts, keep-alive, and
the sorting of every failure into transient (retry later) or permanent (needs a person).
"""

from __future__ import annotations

import gzip
import ipaddress
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

import requests

from sync.errors import ClockSkew, InsecureTransportRefused, PlatformRefused, PlatformUnreachable

log = logging.getLogger(__name__)

# Bodies above this size are gzip-compressed: case batches compress ~5x, small requests
# are not worth the CPU.
GZIP_THRESHOLD_BYTES = 4096


class RequestSigner(Protocol):
    """Adds the device authentication headers for one request (see ``sync.credential``)."""

    def headers_for(self, method: str, path: str, body: bytes) -> dict[str, str]: ...


@dataclass(frozen=True)
class TransportSettings:
    base_url: str
    ca_bundle: str | None = None
    allow_insecure_http: bool = False
    connect_timeout: float = 5.0
    read_timeout: float = 30.0


def is_loopback_host(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_platform_url(url: str, allow_insecure_http: bool) -> str:
    """The platform base URL without a trailing slash, or a clear error when it is not allowed."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InsecureTransportRefused(
            f"平台地址“{url}”无效，应为 https://主机[:端口] 形式。",
            f"The platform address '{url}' is not valid; expected https://host[:port].",
            field="sync.url",
        )
    if parts.scheme == "http" and not (allow_insecure_http and is_loopback_host(parts.hostname)):
        raise InsecureTransportRefused(
            f"拒绝以明文 HTTP 连接平台“{url}”：生产环境必须使用 https。"
            "仅开发调试时可对本机地址（127.0.0.1/localhost）设置 sync.allow_insecure_http = true。",
            f"Refusing plain HTTP to the platform '{url}': production must use https. "
            "Only for development against a loopback address (127.0.0.1/localhost) may "
            "sync.allow_insecure_http = true be set.",
            field="sync.url",
        )
    return url.rstrip("/")


def _retry_after_seconds(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        # HTTP-date form: not worth parsing; the backoff still applies.
        return None


def _platform_message(response: requests.Response) -> tuple[str, str, dict[str, Any]]:
    """The platform's error detail (code, message) if its body is JSON, else the status line."""
    try:
        body = response.json()
    except ValueError:
        return "http_error", f"HTTP {response.status_code}", {}
    detail = body.get("detail", body) if isinstance(body, dict) else body
    if isinstance(detail, dict):
        code = str(detail.get("code") or detail.get("error") or "http_error")
        message = str(detail.get("message") or detail.get("message_en") or detail)
        return code, message, detail
    return "http_error", str(detail), body if isinstance(body, dict) else {}


class PlatformTransport:
    """One keep-alive HTTPS session to the platform. Thread-confined: one per sync run/thread."""

    def __init__(self, settings: TransportSettings, signer: RequestSigner | None = None) -> None:
        self.base_url = check_platform_url(settings.base_url, settings.allow_insecure_http)
        self.settings = settings
        self.signer = signer
        self.session = requests.Session()
        # TLS verification is always on; a CA bundle narrows trust to the hall's platform CA.
        self.session.verify = settings.ca_bundle or True
        self.session.trust_env = False
        self.session.headers["User-Agent"] = "counter-app-sync"
        self.session.headers["Accept-Encoding"] = "gzip"

    def close(self) -> None:
        self.session.close()

    def request_json(
        self,
        method: str,
        path: str,
        payload: Mapping[str, Any] | None = None,
        *,
        params: Mapping[str, str] | None = None,
        signed: bool = True,
        timeout: tuple[float, float] | None = None,
    ) -> dict[str, Any]:
        """Send a JSON request, return the JSON answer; raise a typed sync error otherwise."""
        body = (
            b""
            if payload is None
            else json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        )
        headers: dict[str, str] = {}
        if payload is not None:
            headers["Content-Type"] = "application/json"
        if len(body) >= GZIP_THRESHOLD_BYTES:
            body = gzip.compress(body, compresslevel=1)
            headers["Content-Encoding"] = "gzip"
        signed_path = path
        if params:
            signed_path = (
                requests.Request("GET", "http://x" + path, params=dict(params)).prepare().path_url
            )
        if signed:
            if self.signer is None:
                raise RuntimeError("signed request without a device credential")
            headers.update(self.signer.headers_for(method, signed_path, body))
        try:
            response = self.session.request(
                method,
                self.base_url + signed_path,
                data=body or None,
                headers=headers,
                timeout=timeout or (self.settings.connect_timeout, self.settings.read_timeout),
            )
        except requests.exceptions.SSLError as exc:
            raise PlatformRefused(
                "无法验证平台的 TLS 证书：请检查 sync.ca_bundle 配置的证书文件与平台地址。",
                "The platform's TLS certificate could not be verified: check the certificate "
                "file in sync.ca_bundle and the platform address.",
            ) from exc
        except requests.exceptions.Timeout as exc:
            raise PlatformUnreachable(
                "连接平台超时，稍后自动重试。",
                "The platform did not answer in time; retrying later.",
            ) from exc
        except (
            requests.exceptions.ConnectionError,
            requests.exceptions.ChunkedEncodingError,
        ) as exc:
            raise PlatformUnreachable(
                "无法连接平台（网络中断或平台未启动），稍后自动重试。",
                "Cannot reach the platform (network down or platform not running); retrying later.",
            ) from exc
        except requests.exceptions.ContentDecodingError as exc:
            raise PlatformUnreachable(
                "平台的应答不完整，稍后自动重试。",
                "The platform's answer was incomplete; retrying later.",
            ) from exc
        return self._answer(response)

    def _answer(self, response: requests.Response) -> dict[str, Any]:
        status = response.status_code
        if status == 429 or status >= 500:
            raise PlatformUnreachable(
                f"平台暂时繁忙（HTTP {status}），稍后自动重试。",
                f"The platform is busy (HTTP {status}); retrying later.",
                retry_after=_retry_after_seconds(response),
            )
        if status >= 400:
            code, message, detail = _platform_message(response)
            if code == "clock_skew":
                raise ClockSkew(float(detail.get("skew_seconds") or 0.0))
            raise PlatformRefused(
                f"平台拒绝了请求（HTTP {status}，{code}）：{message}",
                f"The platform refused the request (HTTP {status}, {code}): {message}",
            )
        try:
            answer = response.json()
        except ValueError as exc:
            raise PlatformUnreachable(
                "平台的应答无法解析（可能被网络截断），稍后自动重试。",
                "The platform's answer could not be read (probably cut off); retrying later.",
            ) from exc
        if not isinstance(answer, dict):
            raise PlatformUnreachable(
                "平台的应答格式不对，稍后自动重试。",
                "The platform's answer has the wrong shape; retrying later.",
            )
        return answer
