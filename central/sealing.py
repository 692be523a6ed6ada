"""Case payloads and staff members' one-time code secrets sealed at rest: AEAD-encrypted with
the platform's own key, bound to the row; and the platform's other uses of that key: the
record-signing key of its logs and the blind index of e-licence holders.

The cipher and self-describing ciphertext format are the counter's
(``counter_app.store.pii.PiiCipher``: AES-256-GCM or SM4-GCM, key id in the header); the key
is the platform's own, in its own owner-only file, never in the database. A sealed check
value in ``meta`` ties the store to its key, so a wrong or missing key stops the platform
at start-up instead of failing requests later.
"""

from __future__ import annotations

import base64
import contextlib
import os
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from central.errors import OperatorError
from counter_app.store.pii import (
    DecryptionError,
    KeyFileError,
    PiiCipher,
    PiiKey,
    check_key_permissions,
    load_key,
    write_key,
)

CIPHERS = ("aes-256-gcm", "sm4-gcm")
# Commercial cryptography (SM4, GM/T 0002) by default, as the window seals; AES on request.
DEFAULT_CIPHER = "sm4-gcm"
ENV_KEY_FILE = "COUNTER_CENTRAL_KEY_FILE"
_CHECK_PLAINTEXT = b"counter-central payload key"
_CHECK_CONTEXT = b"meta:payload_key_check"


def version_context(case_id: str, data_version: int) -> bytes:
    """Associated data of a stored version: its ciphertext opens only in that row."""
    return f"case_versions:{case_id}:{data_version}".encode()


def conflict_context(case_id: str, data_version: int, content_hash: str) -> bytes:
    """Associated data of a kept conflict (its unique key; the row id is not known yet)."""
    return f"conflicts:{case_id}:{data_version}:{content_hash}".encode()


def second_factor_context(seq: int) -> bytes:
    """Associated data of a staff member's one-time code secret: it opens only as the
    register's change ``seq`` (``staff_changes``) set it."""
    return f"staff_second_factors:{seq}".encode()


def default_key_file(sqlite_path: Path) -> Path:
    """A SQLite store's key file when none is given: beside the database."""
    return sqlite_path.with_name(sqlite_path.name + ".key")


def missing_key_file_for_postgres() -> OperatorError:
    return OperatorError(
        f"PostgreSQL 存储必须用 --key-file 或环境变量 {ENV_KEY_FILE} 指定载荷密钥文件"
        "（首次启动时在该路径创建；每个连接同一数据库的平台进程都要用同一个文件）。",
        f"A PostgreSQL store needs the payload key file: give --key-file or set {ENV_KEY_FILE} "
        "(created at that path on first start; every platform process on the same database "
        "must use the same file).",
    )


class PayloadSealer:
    """Seals and opens payload text; thread-safe (stateless apart from the key)."""

    def __init__(self, key: PiiKey, cipher: str = DEFAULT_CIPHER) -> None:
        if cipher not in CIPHERS:
            raise OperatorError(
                f"未知的加密算法“{cipher}”，可选：{'、'.join(CIPHERS)}。",
                f"Unknown cipher '{cipher}'; choose one of: {', '.join(CIPHERS)}.",
            )
        self.key = key
        self._cipher = PiiCipher(key, cipher)

    def seal(self, text: str, context: bytes) -> bytes:
        return self._cipher.encrypt_text(text, context)

    def seal_bytes(self, data: bytes, context: bytes) -> bytes:
        return self._cipher.encrypt(data, context)

    def open(self, sealed: bytes, context: bytes) -> str:
        """The plaintext; OperatorError when the row was damaged or moved."""
        return self.open_bytes(sealed, context).decode("utf-8")

    def open_bytes(self, sealed: bytes, context: bytes) -> bytes:
        """The plaintext bytes; OperatorError when the row was damaged or moved."""
        try:
            return self._cipher.decrypt(bytes(sealed), context)
        except DecryptionError:
            raise OperatorError(
                f"平台数据库中的加密载荷无法解密（{context.decode()}），数据已损坏或被篡改。",
                f"A sealed payload in the platform store cannot be opened "
                f"({context.decode()}); the row is damaged or was tampered with.",
            ) from None

    def holder_index(self, id_number: str) -> str:
        """The keyed hash a person's ID number is found by where the number itself is stored
        only sealed: e-licence holders, case applicants, appointment and pre-application
        holders (the domain label is the e-licence register's, where it began)."""
        return self._cipher.blind_index(id_number, "elicence-holder")

    def record_signing_key(self) -> Ed25519PrivateKey:
        """The Ed25519 key the platform signs its records with (the e-licence lookup log).
        Derived from the payload key rather than kept beside it: it travels with the key
        file, and every platform process on one store signs with the same key."""
        seed = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"counter-central/record-signing"
        ).derive(self.key.secret)
        return Ed25519PrivateKey.from_private_bytes(seed)

    def check_value(self) -> str:
        """What ``meta.payload_key_check`` holds for this key."""
        return base64.b64encode(self._cipher.encrypt(_CHECK_PLAINTEXT, _CHECK_CONTEXT)).decode()

    def verify(self, check_value: str, key_file: Path) -> None:
        """Refuse a key that is not the one this store's payloads were sealed with."""
        try:
            sealed = base64.b64decode(check_value, validate=True)
            opened = self._cipher.decrypt(sealed, _CHECK_CONTEXT)
        except (ValueError, DecryptionError):
            opened = b""
        if opened != _CHECK_PLAINTEXT:
            raise OperatorError(
                f"密钥文件 {key_file}（密钥 {self.key.key_id_hex}）不是本平台数据库的密钥，"
                "无法解密已存的办件。请使用与该数据库配套的密钥文件（从备份恢复）。",
                f"The key file {key_file} (key {self.key.key_id_hex}) is not this platform "
                "store's key; stored cases cannot be decrypted. Use the key file that belongs "
                "to this store (restore it from the backup).",
            )


def read_key_file(path: Path, *, create: bool) -> PiiKey:
    """The platform key at ``path``; created owner-only (0600) when missing and ``create``
    (a store that has sealed nothing yet). Bad permissions or content: OperatorError."""
    if create and not path.exists():
        with contextlib.suppress(FileExistsError):  # another process created it first
            write_key(path, PiiKey(os.urandom(4), os.urandom(32)))
    if not path.exists():
        raise OperatorError(
            f"找不到载荷密钥文件：应在 {path}。该平台数据库创建时已配有这把密钥，没有它无法"
            "打开该数据库；请从备份恢复该文件，或用 --key-file 指定它的位置。",
            f"The payload key file is missing: expected at {path}. This platform store was "
            "created with that key and cannot be opened without it; restore the file from "
            "the backup or give its location with --key-file.",
        )
    try:
        check_key_permissions(path)
    except KeyFileError as exc:
        raise OperatorError(exc.zh, exc.en) from None
    try:
        return load_key(path, check_permissions=False)
    except KeyFileError:
        raise OperatorError(
            f"载荷密钥文件 {path} 已损坏或不是密钥文件，请从备份恢复。",
            f"The payload key file {path} is damaged or not a key file; restore it from the "
            "backup.",
        ) from None
