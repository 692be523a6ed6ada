"""The CA certificate file the window trusts for the platform's TLS (``sync.ca_bundle``): what
it holds, and which configuration layer set it (docs/operations.md, "The platform's
certificate"). A file that is not PEM certificates, or holds the platform's own certificate
instead of the CA that issued it, is named as such rather than as a failed handshake."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography import x509

from counter_app.config import ENV_PREFIX, Config
from counter_app.home import Home

CA_BUNDLE_VARIABLE = f"{ENV_PREFIX}SYNC__CA_BUNDLE"


@dataclass(frozen=True)
class CaFile:
    """The certificates a readable CA file holds: how many, how many of them are CA
    certificates (may issue others), and when the first of them expires."""

    path: str
    certificates: int
    authorities: int
    earliest_expiry: datetime


def read_ca_file(path: str) -> CaFile | tuple[str, str]:
    """What the CA file at ``path`` holds, or why it cannot serve as one (Chinese,
    English): missing, unreadable, or no PEM certificate in it."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return f"找不到 CA 证书文件 {path}", f"The CA certificate file {path} does not exist"
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return (
            f"无法读取 CA 证书文件 {path}（{reason}）",
            f"The CA certificate file {path} cannot be read ({reason})",
        )
    try:
        certificates = x509.load_pem_x509_certificates(data)
    except ValueError:
        return (
            f"CA 证书文件 {path} 无法作为 PEM 格式的证书读取（应为以 -----BEGIN CERTIFICATE----- "
            "开头的证书文本）",
            f"The CA certificate file {path} cannot be read as PEM certificates (expected text "
            "beginning -----BEGIN CERTIFICATE-----)",
        )
    return CaFile(
        path,
        len(certificates),
        sum(_is_authority(certificate) for certificate in certificates),
        min(certificate.not_valid_after_utc for certificate in certificates),
    )


def _is_authority(certificate: x509.Certificate) -> bool:
    try:
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints)
    except x509.ExtensionNotFound:
        return False
    return constraints.value.ca


def setting_origin(
    config: Config, key: str, env: Mapping[str, str] = os.environ
) -> tuple[str, str] | None:
    """Which layer set ``[sync] key`` (Chinese, English): the environment variable, else the
    highest config file that has it (``Config.sources``); None when no layer did."""
    variable = f"{ENV_PREFIX}SYNC__{key.upper()}"
    if variable in env:
        return f"环境变量 {variable}", f"environment variable {variable}"
    for source in reversed(config.sources):
        if key in _sync_table(Path(source)):
            return source, source
    return None


def ca_bundle_below_user_file(
    config: Config, home: Home, env: Mapping[str, str] = os.environ
) -> str | None:
    """The ``sync.ca_bundle`` a layer other than the home's own config file sets (the
    system file, ``--config``, the environment: the highest of them); None when none does."""
    if CA_BUNDLE_VARIABLE in env:
        return env[CA_BUNDLE_VARIABLE]
    for source in reversed(config.sources):
        if Path(source) == home.config_path:
            continue
        value = _sync_table(Path(source)).get("ca_bundle")
        if isinstance(value, str):
            return value
    return None


def user_file_ca_bundle(home: Home) -> str | None:
    """The ``sync.ca_bundle`` the home's own config file sets; None when it sets none."""
    value = _sync_table(home.config_path).get("ca_bundle")
    return value if isinstance(value, str) else None


def _sync_table(path: Path) -> dict[str, object]:
    """The ``[sync]`` table of a config file ``load_config`` read already (a file that
    changed or went since: none)."""
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("sync", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    return table if isinstance(table, dict) else {}
