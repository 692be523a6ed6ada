"""Encryption of personal data at rest and keyed blind indexes for lookups.

One secret per installation lives in the home's key file (0600, outside the database).
Separate keys for encryption, for each blind-index purpose and for the audit chain are
derived from it with HKDF-SM3, so an index value can never be used to attack the
ciphertexts, another index or the chain.

Ciphertext layout (self-describing, so changing ``store.cipher`` never strands old rows)::

    version(1) | algorithm(1) | key id(4) | nonce(12) | ciphertext | tag(16)

The header and the caller's ``context`` (e.g. ``b"applicants.id_number:" + applicant_id``)
are authenticated as associated data: a ciphertext moved to another row fails to decrypt.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import stat
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from counter_app.domain.idnumber import normalize_id_number
from counter_app.durable_files import write_new_file
from counter_app.errors import StoreError

KEY_FILE_FORMAT = "counter-app-pii-key"
_VERSION = 1
_ALGORITHMS = {"sm4-gcm": 1, "aes-256-gcm": 2}
_ALGORITHM_NAMES = {number: name for name, number in _ALGORITHMS.items()}
_HEADER_LEN = 1 + 1 + 4 + 12
_TAG_LEN = 16
_INDEX_HASHES = {"hmac-sm3": hashes.SM3, "hmac-sha256": hashes.SHA256}


class KeyFileError(StoreError):
    code = "key_file"


class KeyFileMissing(KeyFileError):
    """The key file is gone while the database it encrypted is still there."""

    code = "key_file_missing"

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"密钥文件 {path} 不存在，而本机数据库是用它加密的：没有它，数据库中的个人信息"
            "无法读取。程序没有新建密钥。请从密钥备份恢复：把 counter-app backup --with-key "
            f"写出的密钥文件放回 {path}（chmod 600），或用 counter-app restore 备份文件 "
            "--key 密钥文件 恢复备份及其密钥。",
            f"The key file {path} is missing, and this installation's database was encrypted "
            "with it: without it the personal data in the database cannot be read. No new key "
            "was made. Restore it from the key backup: put the key file written by counter-app "
            f"backup --with-key back at {path} (chmod 600), or restore a backup with its key: "
            "counter-app restore BACKUP --key KEY_FILE.",
            field="key_path",
        )


class DecryptionError(StoreError):
    code = "decryption"


@dataclass(frozen=True)
class PiiKey:
    key_id: bytes  # 4 bytes, shown as 8 hex digits
    secret: bytes  # 32 bytes

    @property
    def key_id_hex(self) -> str:
        return self.key_id.hex()


def check_key_permissions(path: Path) -> None:
    """Refuse a key file that anyone but its owner can read or write (POSIX only)."""
    if os.name != "posix":
        return
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise KeyFileError(
            f"密钥文件 {path} 的权限为 {mode:o}，其他用户可以访问。请执行 chmod 600 {path} 后重新启动。",
            f"The key file {path} has mode {mode:o}, so other users can access it. "
            f"Run: chmod 600 {path} and start again.",
            field="key_path",
        )


def load_key(path: Path, *, check_permissions: bool = True) -> PiiKey:
    """Read the key file, refusing one with too-open permissions or damaged content.

    ``check_permissions=False`` only for a key being imported (e.g. from a USB stick),
    which is then written owner-only into the home.
    """
    if check_permissions:
        check_key_permissions(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("format") != KEY_FILE_FORMAT or document.get("version") != _VERSION:
            raise ValueError("unknown format")
        key = PiiKey(
            bytes.fromhex(document["key_id"]), base64.b64decode(document["secret"], validate=True)
        )
        if len(key.key_id) != 4 or len(key.secret) != 32:
            raise ValueError("wrong key size")
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise KeyFileError(
            f"密钥文件 {path} 已损坏（{exc}）。请从备份恢复密钥文件（counter-app restore --key）。",
            f"The key file {path} is damaged ({exc}). Restore it from the backup "
            "(counter-app restore --key).",
            field="key_path",
        ) from None
    return key


def write_key(path: Path, key: PiiKey) -> None:
    """Write ``key`` to ``path`` owner-only, atomically and durably; never replaces an existing
    file (``FileExistsError``), so two processes never end up with two keys."""
    document = {
        "format": KEY_FILE_FORMAT,
        "version": _VERSION,
        "key_id": key.key_id_hex,
        "secret": base64.b64encode(key.secret).decode("ascii"),
    }
    write_new_file(path, (json.dumps(document) + "\n").encode("utf-8"))


def load_or_create_key(path: Path) -> PiiKey:
    """The key at ``path``: loaded, or created when there is none. Only for a home whose
    database no key has opened yet (``counter_app.store.database.installation_key``)."""
    if not path.exists():
        with contextlib.suppress(FileExistsError):
            write_key(path, PiiKey(os.urandom(4), os.urandom(32)))
    return load_key(path)


@cache
def _derive(secret: bytes, info: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SM3(), length=length, salt=None, info=info).derive(secret)


def audit_chain_key(key: PiiKey) -> bytes:
    """The HMAC-SM3 key of the audit chain. Derived from the installation key rather than
    stored beside it, so it lives outside the database and travels with the key file
    (``backup --with-key KEY_FILE``, ``restore --key``) without a second file to lose."""
    return _derive(key.secret, b"counter-app/audit-chain/hmac-sm3", 32)


def normalize_for_index(value: str) -> str:
    """What the blind index hashes: the number as the ID rules see it (no spaces, ASCII
    for full-width input, upper case: ID ``ｘ`` = ``x`` = ``X``)."""
    return normalize_id_number(value)


class PiiCipher:
    """Encrypts and decrypts personal data; computes blind indexes. Thread-safe: its only
    state is prepared keys, used through copies or per-call contexts."""

    def __init__(self, key: PiiKey, cipher: str = "sm4-gcm", blind_index: str = "hmac-sm3") -> None:
        if cipher not in _ALGORITHMS:
            raise ValueError(f"unknown cipher {cipher!r}")
        if blind_index not in _INDEX_HASHES:
            raise ValueError(f"unknown blind index {blind_index!r}")
        self.key = key
        self.cipher = cipher
        self.blind_index_algorithm = blind_index
        # Keys are derived and key schedules and HMAC states prepared once per cipher, not
        # per call: every accept encrypts four values and computes two indexes.
        self._sm4 = algorithms.SM4(self._encryption_key("sm4-gcm"))
        self._aes = AESGCM(self._encryption_key("aes-256-gcm"))
        # What every ciphertext this cipher writes starts with: version, algorithm, key id.
        self._header_start = bytes([_VERSION, _ALGORITHMS[cipher]]) + key.key_id
        self._index_macs: dict[str, hmac.HMAC] = {}  # per purpose, filled on first use

    def _encryption_key(self, algorithm: str) -> bytes:
        return _derive(
            self.key.secret,
            b"counter-app/pii/" + algorithm.encode(),
            16 if algorithm == "sm4-gcm" else 32,
        )

    def _keyed_index_mac(self, purpose: str) -> hmac.HMAC:
        key = _derive(
            self.key.secret,
            f"counter-app/blind-index/{self.blind_index_algorithm}/{purpose}".encode(),
            32,
        )
        return hmac.HMAC(key, _INDEX_HASHES[self.blind_index_algorithm]())

    def encrypt(self, plaintext: bytes, context: bytes) -> bytes:
        """AEAD-encrypt ``plaintext`` bound to ``context`` (which must be given again to decrypt)."""
        nonce = os.urandom(12)
        header = self._header_start + nonce
        aad = header + context
        if self.cipher == "aes-256-gcm":
            return header + self._aes.encrypt(nonce, plaintext, aad)
        # The library has no SM4 counterpart of AESGCM: a context per nonce is the least
        # it allows. One join copies the (up to a few KB) body once, not per piece.
        encryptor = Cipher(self._sm4, modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(aad)
        body = encryptor.update(plaintext)
        return b"".join((header, body, encryptor.finalize(), encryptor.tag))

    def decrypt(self, ciphertext: bytes, context: bytes) -> bytes:
        """Decrypt and authenticate; raises DecryptionError on a wrong key, context or tampering."""
        if len(ciphertext) < _HEADER_LEN + _TAG_LEN or ciphertext[0] != _VERSION:
            raise self._decryption_error("unrecognised ciphertext")
        algorithm = _ALGORITHM_NAMES.get(ciphertext[1])
        if algorithm is None:
            raise self._decryption_error(f"unknown algorithm {ciphertext[1]}")
        key_id = ciphertext[2:6]
        if key_id != self.key.key_id:
            raise DecryptionError(
                f"数据由另一把密钥（{key_id.hex()}）加密，本机密钥为 {self.key.key_id_hex}。"
                "请恢复与该数据库配套的密钥文件。",
                f"The data was encrypted with another key ({key_id.hex()}); this installation's "
                f"key is {self.key.key_id_hex}. Restore the key file that belongs to this database.",
            )
        header, nonce, body = (
            ciphertext[:_HEADER_LEN],
            ciphertext[6:_HEADER_LEN],
            ciphertext[_HEADER_LEN:],
        )
        aad = header + context
        try:
            if algorithm == "aes-256-gcm":
                return self._aes.decrypt(nonce, body, aad)
            decryptor = Cipher(self._sm4, modes.GCM(nonce, body[-_TAG_LEN:])).decryptor()
            decryptor.authenticate_additional_data(aad)
            return decryptor.update(body[:-_TAG_LEN]) + decryptor.finalize()
        except InvalidTag:
            raise self._decryption_error("authentication failed") from None

    def encrypt_text(self, text: str, context: bytes) -> bytes:
        return self.encrypt(text.encode("utf-8"), context)

    def decrypt_text(self, ciphertext: bytes, context: bytes) -> str:
        return self.decrypt(ciphertext, context).decode("utf-8")

    def blind_index(self, value: str, purpose: str) -> str:
        """Keyed hash for equality lookups (hex). ``purpose`` ("id_number", "phone") keeps the
        indexes of different fields unrelated. The value is normalised first
        (:func:`normalize_for_index`)."""
        prepared = self._index_macs.get(purpose)
        if prepared is None:
            prepared = self._index_macs[purpose] = self._keyed_index_mac(purpose)
        mac = prepared.copy()
        mac.update(normalize_for_index(value).encode("utf-8"))
        return mac.finalize().hex()

    @staticmethod
    def _decryption_error(reason: str) -> DecryptionError:
        return DecryptionError(
            f"加密数据无法解密（{reason}），数据可能已损坏或被篡改。请运行 counter-app doctor 检查。",
            f"Encrypted data cannot be decrypted ({reason}); it may be damaged or tampered "
            "with. Run counter-app doctor.",
        )
