"""HTTP to the central platform: TLS policy, per-request signing, timeouts, keep-alive, and
the sorting of every failure into transient (retry later) or permanent (needs a person).

Only the platform's own error body counts as the platform's answer. A proxy's or firewall's
page, a path the platform does not serve, or a redirect is :class:`NotThePlatform`: an
outage of the run, never a refusal of any case. Redirects are never followed, so personal
data is never sent to another address or, after a redirect to ``http://``, in clear.
"""

from __future__ import annotations

import errno
import http.client
import ipaddress
import json
import logging
import socket
import ssl
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from email.utils import parsedate_to_datetime
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit

import pydantic
import requests

from counter_app.errors import ConfigError, CounterError
from sync.ca_file import CaFile, read_ca_file
from sync.clock import Clock, SystemClock
from sync.deadline import DeadlineAdapter, within
from sync.errors import (
    TLS_VERIFY_FAILED,
    ClockSkew,
    InsecureTransportRefused,
    NotThePlatform,
    PlatformRefused,
    PlatformUnreachable,
)
from sync.wire.base import ErrorBody, ErrorDetail

log = logging.getLogger(__name__)

# The platform's own words for "no such endpoint here": the path in sync.url is wrong. A
# thing the device's hall does not hold has a code of its own (``unknown_appointment``...),
# a refusal like any other: it says nothing about the address.
_NO_SUCH_ENDPOINT = frozenset({"not_found", "method_not_allowed"})
# A load balancer's or gateway's "that instance is gone or busy": worth the next address.
# Any other answer came from a live platform and holds for every instance of it.
_FAIL_OVER_STATUSES = frozenset({502, 503, 504})


class RequestSigner(Protocol):
    """Adds the device authentication headers for one request (see ``sync.credential``)."""

    def headers_for(self, method: str, path: str, body: bytes) -> dict[str, str]: ...


# Seconds to connect, and to wait for the answer: what a caller that cannot wait the sync's
# (a person at the window) gives a call.
Timeouts = tuple[float, float]

# The last words of a transient failure, what happens next (Chinese, English): the sync's
# runs and a window's poll ask again on their own; a person waiting at the window has to.
_ASKED_AGAIN = ("稍后自动重试。", "retrying later.")
_ASK_AGAIN = ("请稍后重试。", "try again in a moment.")
# Where an answer of the wrong shape differs, at most this many places in the log.
ANSWER_PROBLEMS_LOGGED = 5


@dataclass(frozen=True)
class TransportSettings:
    base_url: str
    ca_bundle: str | None = None
    allow_insecure_http: bool = False
    # ``sync.proxy``: the HTTP proxy every request goes through; empty: none.
    proxy: str = ""
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    # Whether the caller asks again on its own after a transient failure (the failure's
    # words promise it), or a person waits on the call and must (the words ask them to).
    asks_again: bool = True

    def bounded(self, timeouts: Timeouts | None, *, asks_again: bool = False) -> TransportSettings:
        """These settings for a call a person waits on: ``timeouts`` instead of the sync's,
        and a transient failure that asks the person to try again, unless the caller
        ``asks_again`` on its own, as a poll does (None: unchanged, the sync's)."""
        if timeouts is None:
            return self
        return replace(
            self, connect_timeout=timeouts[0], read_timeout=timeouts[1], asks_again=asks_again
        )

    @property
    def then(self) -> tuple[str, str]:
        """What happens after a transient failure, in Chinese and English."""
        return _ASKED_AGAIN if self.asks_again else _ASK_AGAIN


Answer = TypeVar("Answer", bound=pydantic.BaseModel)


def is_loopback_host(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_platform_url(url: str, allow_insecure_http: bool) -> str:
    """The platform base URL without a trailing slash, or a clear error when it is not allowed."""
    scheme, host = _scheme_and_host(url)
    if scheme not in ("https", "http") or not host:
        raise InsecureTransportRefused(
            f"平台地址“{url}”无效，应为 https://主机[:端口] 形式。",
            f"The platform address '{url}' is not valid; expected https://host[:port].",
            field="sync.url",
        )
    if scheme == "http" and not (allow_insecure_http and is_loopback_host(host)):
        raise InsecureTransportRefused(
            f"拒绝以明文 HTTP 连接平台“{url}”：生产环境必须使用 https。"
            "仅开发调试时可对本机地址（127.0.0.1/localhost）设置 sync.allow_insecure_http = true。",
            f"Refusing plain HTTP to the platform '{url}': production must use https. "
            "Only for development against a loopback address (127.0.0.1/localhost) may "
            "sync.allow_insecure_http = true be set.",
            field="sync.url",
        )
    return url.rstrip("/")


def check_proxy_url(proxy: str) -> str:
    """``sync.proxy`` as requests takes it (empty: no proxy), or a clear error."""
    if not proxy:
        return ""
    scheme, host = _scheme_and_host(proxy)
    if scheme not in ("http", "https") or not host:
        raise ConfigError(
            f"代理地址 sync.proxy = “{shown_proxy(proxy)}”无效，应为 http://主机:端口 形式"
            "（需要账号时为 http://用户:密码@主机:端口）；不用代理请留空。",
            f"The proxy address sync.proxy = '{shown_proxy(proxy)}' is not valid; expected "
            "http://host:port (with credentials: http://user:password@host:port). Leave it "
            "empty to connect directly.",
            field="sync.proxy",
        )
    return proxy


def shown_proxy(proxy: str) -> str:
    """``proxy`` without the credentials it may hold, to be shown or logged."""
    return proxy.rpartition("@")[2] if "@" in proxy else proxy


def ca_file_problem(ca_bundle: str | None) -> tuple[str, str] | None:
    """Why the CA certificate file ``ca_bundle`` (``sync.ca_bundle``, ``--ca-bundle``) cannot
    be used, in Chinese and English (``sync.ca_file.read_ca_file``: missing, unreadable, not
    PEM certificates); None when none is set (the system's certificates) or it can be read.
    Asked before any connection: ``requests`` answers a missing file with a bare ``OSError``
    only when it sends, and a file of no certificates as a failed handshake."""
    if not ca_bundle:
        return None
    held = read_ca_file(ca_bundle)
    return held if isinstance(held, tuple) else None


def unusable_ca_file(ca_bundle: str | None) -> tuple[str, str] | None:
    """:func:`ca_file_problem` as what a person does about ``sync.ca_bundle`` (the sync's
    failure, ``doctor``), in Chinese and English; None when the file is fine."""
    problem = ca_file_problem(ca_bundle)
    return None if problem is None else _what_to_do_about(problem)


def _what_to_do_about(problem: tuple[str, str]) -> tuple[str, str]:
    """A CA file's ``problem`` (:func:`ca_file_problem`) with what to do about it."""
    return (
        f"无法与平台建立安全连接（TLS）：{problem[0]}。请将 sync.ca_bundle 改为平台管理员提供的"
        "证书文件，或留空使用系统证书。",
        f"No secure (TLS) connection to the platform: {problem[1]}. Set sync.ca_bundle to the "
        "file the platform operator gave you, or leave it empty to use the system's "
        "certificates.",
    )


def _scheme_and_host(url: str) -> tuple[str, str]:
    """``url``'s scheme and host; empty ones when it is malformed (an unclosed IPv6 address,
    a port past 65535 or of letters)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        return "", ""
    return parts.scheme, parts.hostname or ""


def _retry_after_seconds(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        # HTTP-date form: not worth parsing; the backoff still applies.
        return None


def _platform_error(response: requests.Response) -> ErrorDetail | None:
    """The platform's bilingual error body; None when the body is not one (someone else answered)."""
    try:
        return ErrorBody.model_validate_json(response.content).error
    except ValueError:
        return None


def _not_the_platform(
    response: requests.Response, base_url: str, then: tuple[str, str]
) -> NotThePlatform:
    """Why an answer at the platform's address is not the platform's, in words IT can act on;
    ``then`` says what happens next (``TransportSettings.then``)."""
    status = response.status_code
    then_zh, then_en = then
    if status < 400:
        # A header from whoever answered: bounded and on one line before it reaches a person.
        location = " ".join(response.headers.get("Location", "").split())[:200] or "?"
        return NotThePlatform(
            f"平台地址 {base_url} 答复 HTTP {status}，要求转到 {location}。为免办件数据被发往别处"
            "或以明文传输，同步不跟随转址：请核对 sync.url 是否正确。办件都保存在本机，" + then_zh,
            f"The platform address {base_url} answers HTTP {status}, redirecting to {location}. "
            "Redirects are not followed, so case data never goes elsewhere or in clear: check "
            "that sync.url is right. Cases stay safe on this machine; " + then_en,
        )
    if status in (404, 405, 410):
        return NotThePlatform(
            f"平台地址 {base_url} 答复 HTTP {status}：那里没有中心平台的接口。请检查 sync.url 是否"
            "正确；办件都保存在本机，" + then_zh,
            f"The platform address {base_url} answers HTTP {status}: there is no platform API "
            "there. Is sync.url right? Cases stay safe on this machine; " + then_en,
        )
    return NotThePlatform(
        f"平台地址 {base_url} 答复 HTTP {status}，但不是中心平台的应答（可能被代理或防火墙拦截）。"
        "请联系网络管理员；办件都保存在本机，" + then_zh,
        f"The platform address {base_url} answers HTTP {status}, but not as the platform does "
        "(a proxy or firewall in the way?). Ask the network administrator. Cases stay safe on "
        "this machine; " + then_en,
    )


class SecureConnectionFailed(NotThePlatform, PlatformRefused):
    """No TLS connection to the platform with these settings: its certificate failed
    verification (another CA, expired, issued for another host), the two sides agree on no
    handshake (an ``https://`` address serving plain http), or the CA file cannot be read. A
    setting a person must fix; the platform was never reached, so nothing was refused: an
    outage of the run like :class:`NotThePlatform` (``sync --once`` exits 3, the window is
    offline). It is a :class:`PlatformRefused` too, ``platform_code`` ``tls_verify_failed``,
    only because enrolment and the first start tell it apart by that code."""

    code = TLS_VERIFY_FAILED

    def __init__(self, zh: str, en: str, *, what: tuple[str, str]) -> None:
        CounterError.__init__(self, zh, en)
        # What failed and which CA file was used (Chinese, English), without the advice:
        # for enrolment and the first start, which give their own.
        self.what = what
        self.retry_after = None
        self.platform_code = self.code
        self.status = 0
        self.details = {}


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and what it was raised from, outermost first (requests wraps urllib3's
    error, which wraps the socket's)."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        yield cause
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__


def _tls_settings_wrong(exc: BaseException) -> ssl.SSLError | None:
    """The TLS error ``exc`` comes of when TLS cannot work with these settings (see
    :class:`SecureConnectionFailed`); None otherwise. A TLS connection cut in the middle (a
    proxy or an instance hanging up during the handshake or the request) is a lost
    connection like any other: retried, and worth the next address."""
    for cause in _causes(exc):
        if isinstance(cause, ssl.SSLError):
            lost = isinstance(cause, ssl.SSLEOFError | ssl.SSLZeroReturnError)
            return None if lost else cause
    return None


_NO_ROUTE = frozenset({errno.EHOSTUNREACH, errno.ENETUNREACH, errno.ENETDOWN})


def _why_unreachable(exc: BaseException) -> tuple[str, str]:
    """Why a connection to the platform failed, in words IT can act on (Chinese, English)."""
    for cause in _causes(exc):
        if isinstance(cause, socket.gaierror):
            return (
                "无法解析主机名：DNS 不通或主机名拼写有误",
                "the host name could not be resolved: no DNS, or the name is misspelt",
            )
        if isinstance(cause, ConnectionRefusedError):
            return (
                "连接被拒绝：该地址和端口上没有平台在运行",
                "connection refused: no platform is running at that address and port",
            )
        if isinstance(cause, OSError) and cause.errno in _NO_ROUTE:
            return (
                "没有通往该地址的网络路由：网线、网络或网关有问题",
                "no route to that address: check the cable, the network and the gateway",
            )
        if isinstance(cause, ConnectionResetError | ConnectionAbortedError | BrokenPipeError):
            return (
                "连接被对方断开：平台或其前面的代理中断了连接",
                "the connection was cut: the platform or a proxy before it hung up",
            )
    return ("网络中断或平台未启动", "network down or platform not running")


def _why_proxy_failed(exc: requests.exceptions.ProxyError) -> tuple[str, str]:
    """What the proxy (``sync.proxy``) did, in Chinese and English."""
    text = str(exc)
    if "407" in text:
        return (
            "代理要求身份验证（HTTP 407），请在 sync.proxy 中写明账号：http://用户:密码@主机:端口",
            "the proxy asks for credentials (HTTP 407): give them in sync.proxy as "
            "http://user:password@host:port",
        )
    if "Tunnel connection failed" in text:
        return ("代理拒绝转发到平台地址", "the proxy refused to connect to the platform address")
    if any(isinstance(cause, ConnectionRefusedError) for cause in _causes(exc)):
        return (
            "连接被拒绝：该地址和端口上没有代理在运行",
            "connection refused: no proxy is running at that address and port",
        )
    zh, en = _why_unreachable(exc)
    return (f"连不上代理：{zh}", f"the proxy cannot be reached: {en}")


def _is_a_page(response: requests.Response) -> bool:
    """The answer is a web page (a proxy's, a captive portal's login), not JSON cut short."""
    kind = response.headers.get("Content-Type", "").lower()
    return "html" in kind or response.content.lstrip()[:1] == b"<"


def _cut_off(exc: BaseException) -> bool:
    """``exc`` comes of an answer that began but ended before its announced end."""
    return isinstance(exc, requests.exceptions.ChunkedEncodingError) or any(
        isinstance(cause, http.client.IncompleteRead) for cause in _causes(exc)
    )


def _why_timed_out(exc: requests.exceptions.Timeout, timeouts: Timeouts) -> tuple[str, str]:
    """Which wait ran out, in Chinese and English."""
    connect, read = timeouts
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return (
            f"{connect:g} 秒内未能建立连接：网络不通或防火墙丢弃了连接",
            f"no connection within {connect:g} s: no network, or a firewall drops it",
        )
    return (
        f"已连接，但 {read:g} 秒内平台没有答复",
        f"connected, but no answer within {read:g} s",
    )


# OpenSSL's X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY: the CA file lacks the issuer.
_ISSUER_NOT_IN_CA_FILE = 20


def _tls_what(error: ssl.SSLError, ca_bundle: str | None) -> tuple[str, str]:
    """What a TLS failure was, naming the CA file in use (``ca_bundle``; None: the
    system's certificates), in Chinese and English."""
    if isinstance(error, ssl.SSLCertVerificationError):
        reason = error.verify_message or error.reason or str(error)
        what_zh = f"平台的证书未通过验证（{reason}）"
        what_en = f"the platform's certificate failed verification ({reason})"
        held = read_ca_file(ca_bundle) if ca_bundle else None
        if error.verify_code == _ISSUER_NOT_IN_CA_FILE and held is not None:
            if isinstance(held, CaFile) and held.authorities < held.certificates:
                what_zh += (
                    f"：{ca_bundle} 中有不是 CA 的证书（可能是平台服务器自己的证书）。该文件必须"
                    "包含签发平台证书的 CA 证书；不支持固定（pin）服务器证书"
                )
                what_en += (
                    f": {ca_bundle} holds a certificate that is no CA (the platform server's "
                    "own, perhaps). The file must hold the CA that issued the platform's "
                    "certificate; pinning a server certificate is not supported"
                )
            else:
                what_zh += f"：{ca_bundle} 中没有签发平台证书的 CA"
                what_en += f": {ca_bundle} does not hold the CA that issued it"
    else:
        reason = error.reason or str(error)
        what_zh = f"TLS 握手失败（{reason}），该地址可能不提供 https"
        what_en = f"the TLS handshake failed ({reason}); the address may not serve https"
    if not ca_bundle:
        return (
            f"{what_zh}；未设置 sync.ca_bundle，所用为系统证书",
            f"{what_en}; sync.ca_bundle is not set, so the system's certificates are used",
        )
    return (
        f"{what_zh}；所用 CA 证书文件为 {ca_bundle}（sync.ca_bundle；由哪个配置文件设置，"
        "counter-app doctor 的 sync_ca_file 一项会写明）",
        f"{what_en}; the CA file in use is {ca_bundle} (sync.ca_bundle; counter-app doctor's "
        "sync_ca_file check names the config file that sets it)",
    )


class PlatformTransport:
    """Keep-alive HTTPS to the platform, one ``requests.Session`` per thread that uses it
    (a session is not thread-safe: the sync run's thread and its sender thread each get theirs).
    """

    def __init__(
        self,
        settings: TransportSettings,
        signer: RequestSigner | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.clock = clock or SystemClock()
        # ``base_url`` may list several instances of one platform, separated by spaces.
        self.addresses = tuple(
            check_platform_url(url, settings.allow_insecure_http)
            for url in settings.base_url.split() or [settings.base_url]
        )
        self._current = 0
        self.proxy = check_proxy_url(settings.proxy)
        self.settings = settings
        self.signer = signer
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._sessions_lock = threading.Lock()

    @property
    def base_url(self) -> str:
        """The address in use: the one that last answered (the first one to begin with)."""
        return self.addresses[self._current]

    def prefer(self, address: str | None) -> None:
        """Start with ``address`` (the one that answered last time) when it is still listed."""
        if address in self.addresses:
            self._current = self.addresses.index(address)

    @property
    def session(self) -> requests.Session:
        """The calling thread's session, made on its first request;
        :class:`SecureConnectionFailed` when the configured CA file cannot be read (requests
        would fail on it at the first send with a bare OSError)."""
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            problem = ca_file_problem(self.settings.ca_bundle)
            if problem is not None:
                raise SecureConnectionFailed(*_what_to_do_about(problem), what=problem)
            session = requests.Session()
            # TLS verification is always on; a CA bundle narrows trust to the hall's platform CA.
            session.verify = self.settings.ca_bundle or True
            # Never the environment's proxy: only sync.proxy routes the platform's requests.
            session.trust_env = False
            if self.proxy:
                session.proxies = {"http": self.proxy, "https": self.proxy}
            session.headers["User-Agent"] = "counter-app-sync"
            adapter = DeadlineAdapter()
            session.mount("https://", adapter)
            session.mount("http://", adapter)
            self._local.session = session
            with self._sessions_lock:
                self._sessions.append(session)
        return session

    def close(self) -> None:
        """Close every thread's session."""
        with self._sessions_lock:
            sessions, self._sessions = self._sessions, []
        for session in sessions:
            session.close()

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
            None
            if payload is None
            else json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        )
        return self.request_body(method, path, body, params=params, signed=signed, timeout=timeout)

    def request_body(
        self,
        method: str,
        path: str,
        body: bytes | None,
        *,
        params: Mapping[str, str] | None = None,
        signed: bool = True,
        timeout: tuple[float, float] | None = None,
    ) -> dict[str, Any]:
        """Like :meth:`request_json` with a body that is already JSON-encoded UTF-8 bytes."""
        headers: dict[str, str] = {}
        if body is not None:
            headers["Content-Type"] = "application/json"
        body = body or b""
        signed_path = path
        if params:
            signed_path = (
                requests.Request("GET", "http://x" + path, params=dict(params)).prepare().path_url
            )
        if signed and self.signer is None:
            raise RuntimeError("signed request without a device credential")
        first = self._current
        order = [(first + step) % len(self.addresses) for step in range(len(self.addresses))]
        for attempt, index in enumerate(order):
            address = self.addresses[index]
            # Signed afresh for each address: the nonce of a request that may have reached
            # a dying instance is spent in the shared store, and would be refused as a replay.
            sent = dict(headers)
            if signed:
                assert self.signer is not None
                sent.update(self.signer.headers_for(method, signed_path, body))
            last = attempt == len(order) - 1
            try:
                response = self._send(
                    method, address, signed_path, body, headers=sent, timeout=timeout
                )
            except PlatformUnreachable:
                if last:
                    raise
                log.warning("platform address %s unreachable; trying the next one", address)
                continue
            if response.status_code in _FAIL_OVER_STATUSES and not last:
                log.warning(
                    "platform address %s answers HTTP %d; trying the next one",
                    address,
                    response.status_code,
                )
                continue
            self._current = index
            return self._answer(response)
        raise AssertionError("unreachable: the last address returns or raises")

    def _send(
        self,
        method: str,
        address: str,
        path: str,
        body: bytes,
        *,
        headers: dict[str, str],
        timeout: Timeouts | None,
    ) -> requests.Response:
        timeouts = timeout or (self.settings.connect_timeout, self.settings.read_timeout)
        session = self.session
        # The timeouts bound each wait; the deadline, first their sum, cuts a request that
        # moves too slowly to finish (sync.deadline). It is named without the query, which
        # may hold what a person looked up.
        what = f"{method} {address}{path.partition('?')[0]}"
        with within(sum(timeouts), timeouts[1], what) as watch:
            try:
                response = self._send_once(
                    session, method, address, path, body=body, headers=headers, timeouts=timeouts
                )
            except (requests.RequestException, PlatformUnreachable) as exc:
                if watch.expired:
                    raise self._too_slow(address, watch.cut_after) from exc
                raise
        # Cut in its headers, an answer may even look whole (what came, with no body).
        if watch.expired:
            raise self._too_slow(address, watch.cut_after)
        return response

    def _too_slow(self, address: str, seconds: float) -> PlatformUnreachable:
        """The answer from ``address`` did not arrive in full within the deadline."""
        log.warning(
            "platform %s: the request was cut at its deadline of %g s (a slow link or proxy)",
            address,
            seconds,
        )
        return self._unreachable(
            f"平台 {address} 的应答 {seconds:g} 秒内未能传完：网络链路或代理太慢或在拖住应答"
            "（反复出现请联系网络管理员）",
            f"The answer from the platform at {address} did not arrive in full within "
            f"{seconds:g} s: the link or a proxy is too slow or holding it back (if it keeps "
            "happening, tell the network administrator)",
        )

    def _send_once(
        self,
        session: requests.Session,
        method: str,
        address: str,
        path: str,
        *,
        body: bytes,
        headers: dict[str, str],
        timeouts: Timeouts,
    ) -> requests.Response:
        try:
            return session.request(
                method,
                address + path,
                data=body or None,
                headers=headers,
                timeout=timeouts,
                allow_redirects=False,
            )
        except requests.exceptions.Timeout as exc:
            why = _why_timed_out(exc, timeouts)
            said = (
                f"连接平台超时（{address}，{why[0]}）",
                f"The platform at {address} did not answer in time ({why[1]})",
            )
            raise self._cannot_reach(address, said, why[1], exc) from exc
        except (
            requests.exceptions.ConnectionError,
            requests.exceptions.ChunkedEncodingError,
        ) as exc:
            tls = _tls_settings_wrong(exc)
            if tls is not None:
                what = _tls_what(tls, self.settings.ca_bundle)
                log.warning("no TLS connection to the platform at %s: %s", address, tls)
                raise SecureConnectionFailed(
                    f"无法与平台 {address} 建立安全连接（TLS）：{what[0]}。请检查该证书文件，"
                    "以及平台地址是否提供 https；办件都保存在本机。",
                    f"No secure (TLS) connection to the platform at {address}: {what[1]}. "
                    "Check that certificate file and that the platform address serves https. "
                    "Cases stay safe on this machine.",
                    what=what,
                ) from exc
            if isinstance(exc, requests.exceptions.ProxyError):
                why = _why_proxy_failed(exc)
                said = (
                    f"无法经代理 {shown_proxy(self.proxy)} 连接平台 {address}（{why[0]}）。"
                    "请核对 sync.proxy，或请网络管理员确认代理放行本机访问平台",
                    f"Cannot reach the platform at {address} through the proxy "
                    f"{shown_proxy(self.proxy)} ({why[1]}). Check sync.proxy, or ask the network "
                    "administrator whether the proxy lets this workstation reach the platform",
                )
            elif _cut_off(exc):
                why = ("应答在途中被截断", "the answer was cut off on the way")
                said = (
                    f"平台 {address} 的应答在途中被截断（网络或代理中断了传输）",
                    f"The answer from the platform at {address} was cut off on the way (the "
                    "network or a proxy broke it off)",
                )
            else:
                why = _why_unreachable(exc)
                said = (
                    f"无法连接平台 {address}（{why[0]}）",
                    f"Cannot reach the platform at {address} ({why[1]})",
                )
            raise self._cannot_reach(address, said, why[1], exc) from exc
        except requests.exceptions.ContentDecodingError as exc:
            raise self._unreachable(
                "平台的应答不完整",
                "The platform's answer was incomplete",
            ) from exc

    def _cannot_reach(
        self, address: str, said: tuple[str, str], why: str, exc: requests.RequestException
    ) -> PlatformUnreachable:
        """The platform at ``address`` was not reached: logged with ``why`` and the cause as
        the network stack put it; ``said`` (Chinese, English: the address and why) is the
        error's words, kept as the run's last error that ``sync status`` and ``doctor`` show."""
        root = list(_causes(exc))[-1]
        log.warning("platform %s not reached: %s (%s: %s)", address, why, type(root).__name__, root)
        return self._unreachable(*said)

    def _unreachable(
        self, zh: str, en: str, *, retry_after: float | None = None
    ) -> PlatformUnreachable:
        """A transient failure: what went wrong, then what happens next for this caller."""
        then_zh, then_en = self.settings.then
        return PlatformUnreachable(f"{zh}，{then_zh}", f"{en}; {then_en}", retry_after=retry_after)

    def parsed(self, model: type[Answer], answer: dict[str, Any]) -> Answer:
        """The platform's answer as a wire model. An answer of another shape means the
        platform and this program run versions that do not match (or something else
        answered): logged with where it differs (never the values, which may be personal
        data), and transient, never a crash of the sync, in words that send a person to IT."""
        try:
            return model.model_validate(answer)
        except pydantic.ValidationError as exc:
            problems = exc.errors(include_url=False, include_input=False, include_context=False)
            log.warning(
                "the platform's answer does not fit %s (%d problems): %s",
                model.__name__,
                len(problems),
                "; ".join(
                    f"{'.'.join(str(part) for part in p['loc']) or '(answer)'} {p['type']}"
                    for p in problems[:ANSWER_PROBLEMS_LOGGED]
                ),
            )
            raise self._unreachable(
                "中心平台的应答与本机程序对不上，平台与本机的版本可能不配套（详情已记入日志），"
                "反复出现请告知信息技术人员",
                "The central platform's answer does not fit this program; the platform and this "
                "workstation may run versions that do not match (details in the log): if it "
                "keeps happening, tell IT",
            ) from exc

    def _skew_seconds(self, response: requests.Response, error: ErrorDetail) -> float:
        """How far this workstation's clock is ahead of the platform's (negative: behind)."""
        details = error.details or {}
        server_timestamp = details.get("server_timestamp")
        if isinstance(server_timestamp, int | float):
            return self.clock.now().timestamp() - float(server_timestamp)
        server_date = response.headers.get("Date")
        if server_date:
            return (self.clock.now() - parsedate_to_datetime(server_date)).total_seconds()
        return 0.0

    def _answered_by_a_page(self, response: requests.Response) -> NotThePlatform:
        """A success that is a web page: someone in the way answered for the platform."""
        status = response.status_code
        then_zh, then_en = self.settings.then
        return NotThePlatform(
            f"平台地址 {self.base_url} 答复 HTTP {status}，但不是中心平台的应答（可能是代理或"
            "上网认证的登录页）。请联系网络管理员；办件都保存在本机，" + then_zh,
            f"The platform address {self.base_url} answers HTTP {status}, but not with the "
            "platform's answer (a proxy or login page?). Ask the network administrator. Cases "
            "stay safe on this machine; " + then_en,
        )

    def _answer(self, response: requests.Response) -> dict[str, Any]:
        status = response.status_code
        error = _platform_error(response) if status >= 400 else None
        if status >= 500 and error is None:
            # A gateway's or proxy's page: the platform's own errors come with their body.
            raise self._unreachable(
                f"平台地址 {self.base_url} 前面的网关或代理答复 HTTP {status}，并非中心平台本身的"
                "应答：平台或通往它的链路可能中断（反复出现请联系网络管理员）",
                f"A gateway or proxy in front of the platform address {self.base_url} answered "
                f"HTTP {status}, not the platform itself: the platform or the way to it may be "
                "down (if it keeps happening, tell the network administrator)",
                retry_after=_retry_after_seconds(response),
            )
        # A 429 is the platform being busy unless it says this request will never be
        # answered (holder_limit: the device's quota of e-licence holders): that is a refusal.
        if (status == 429 and (error is None or error.retryable)) or status >= 500:
            raise self._unreachable(
                f"平台暂时繁忙（HTTP {status}）",
                f"The platform is busy (HTTP {status})",
                retry_after=_retry_after_seconds(response),
            )
        if status >= 300:
            if error is None or error.code in _NO_SUCH_ENDPOINT:
                raise _not_the_platform(response, self.base_url, self.settings.then)
            if error.code == "clock_skew":
                raise ClockSkew(self._skew_seconds(response, error))
            if error.retryable:
                raise self._unreachable(
                    f"平台暂时无法处理（{error.message_zh}）",
                    f"The platform cannot handle it right now ({error.message_en})",
                    retry_after=_retry_after_seconds(response),
                )
            raise PlatformRefused(
                error.code, error.message_zh, error.message_en, status=status, details=error.details
            )
        try:
            answer = response.json()
        except ValueError as exc:
            if _is_a_page(response):
                raise self._answered_by_a_page(response) from exc
            raise self._unreachable(
                "平台的应答无法解析（可能被网络截断）",
                "The platform's answer could not be read (probably cut off)",
            ) from exc
        if not isinstance(answer, dict):
            raise self._unreachable(
                "平台的应答格式不对",
                "The platform's answer has the wrong shape",
            )
        return answer
