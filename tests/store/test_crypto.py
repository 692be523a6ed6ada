"""PII at rest: AEAD ciphertexts, blind indexes, the key file, and no plaintext under the home."""

from __future__ import annotations

import os
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.case_writes import ApplicantRow, insert_case, seal_applicant
from counter_app.store.database import Store, open_store
from counter_app.store.pii import (
    DecryptionError,
    KeyFileError,
    PiiCipher,
    PiiKey,
    load_key,
    load_or_create_key,
)
from tests.sample_items import accepted_case_row

KEY = PiiKey(b"\xaa\xbb\xcc\xdd", bytes(range(32)))


@pytest.mark.parametrize("cipher", ["sm4-gcm", "aes-256-gcm"])
def test_round_trip_and_self_describing_ciphertext(cipher: str) -> None:
    writer = PiiCipher(KEY, cipher)
    ciphertext = writer.encrypt_text("上海市徐汇区漕溪北路 𠮷", b"applicants.address:1")
    assert ciphertext[0] == 1 and ciphertext[2:6] == KEY.key_id
    # A reader configured with the other cipher still reads it: the header names the algorithm.
    other = "aes-256-gcm" if cipher == "sm4-gcm" else "sm4-gcm"
    assert (
        PiiCipher(KEY, other).decrypt_text(ciphertext, b"applicants.address:1")
        == "上海市徐汇区漕溪北路 𠮷"
    )


# Written by the program before its SM4 and HMAC states were prepared once per cipher:
# stores hold such rows, so every later version must read them and index alike.
_OLD_CIPHERTEXTS = {
    "sm4-gcm": "0101aabbccdde7712a9a686dacb608c81cf7c52f59ab5ac32740fc210b9f43533956d58b3f8b4db326b236eec233575bcfc62929",
    "aes-256-gcm": "0102aabbccddb9099ae12394f44920f64bad0f57fc11273fba118d89962e471df53f0f28beea980ed0d5b8a6edcb0353e2cf7aa4",
}


@pytest.mark.parametrize("cipher", ["sm4-gcm", "aes-256-gcm"])
def test_ciphertexts_written_by_earlier_versions_decrypt(cipher: str) -> None:
    ciphertext = bytes.fromhex(_OLD_CIPHERTEXTS[cipher])
    for reader in ("sm4-gcm", "aes-256-gcm"):
        plaintext = PiiCipher(KEY, reader).decrypt_text(ciphertext, b"applicants.id_number:1")
        assert plaintext == "310104199003070017"


def test_sm4_ciphertext_is_the_documented_layout_under_the_derived_key() -> None:
    """What another reader of the store decrypts by the module's description alone:
    version 1, algorithm 1, key id, nonce, SM4-GCM body and tag over header + context."""
    document = "受理单".encode() * 600
    ciphertext = PiiCipher(KEY).encrypt(document, b"case_versions:c1:1")
    header, nonce = ciphertext[:18], ciphertext[6:18]
    assert header[:6] == b"\x01\x01" + KEY.key_id
    assert len(ciphertext) == 18 + len(document) + 16
    sm4_key = HKDF(
        algorithm=hashes.SM3(), length=16, salt=None, info=b"counter-app/pii/sm4-gcm"
    ).derive(KEY.secret)
    decryptor = Cipher(algorithms.SM4(sm4_key), modes.GCM(nonce, ciphertext[-16:])).decryptor()
    decryptor.authenticate_additional_data(header + b"case_versions:c1:1")
    assert decryptor.update(ciphertext[18:-16]) + decryptor.finalize() == document


def test_blind_indexes_keep_their_values() -> None:
    """Stored indexes are looked up by recomputing them: their values must never change."""
    sm3 = PiiCipher(KEY)
    assert sm3.blind_index("11010519491231002X", "id_number") == (
        "c57afc50bf054b43e859ab6ffb58b993e7276cb6ab67a03b543f8c5c230888ae"
    )
    assert sm3.blind_index("13900000000", "phone") == (
        "0c98e84e299dceaf580c251b4461217ff3317f622ce65bdfb1e953c84b4a35b0"
    )
    assert sm3.blind_index("张三", "name") == (
        "6347621d0a2d14690637af708d53fc1ed47de650357afea4160809b5a6f56a5a"
    )
    assert PiiCipher(KEY, blind_index="hmac-sha256").blind_index("13900000000", "phone") == (
        "c4fab730c438611047c394ef619e90ee0f537ef3509bdba47f1794120893f63c"
    )


def test_same_plaintext_encrypts_differently() -> None:
    cipher = PiiCipher(KEY)
    assert cipher.encrypt(b"13900000000", b"c") != cipher.encrypt(b"13900000000", b"c")


def test_wrong_context_tampering_and_foreign_key_are_refused() -> None:
    cipher = PiiCipher(KEY)
    ciphertext = cipher.encrypt(b"310101199003070015", b"row:1")
    with pytest.raises(DecryptionError):
        cipher.decrypt(ciphertext, b"row:2")
    tampered = bytearray(ciphertext)
    tampered[-20] ^= 1
    with pytest.raises(DecryptionError):
        cipher.decrypt(bytes(tampered), b"row:1")
    with pytest.raises(DecryptionError, match="another key"):
        PiiCipher(PiiKey(b"\x00\x00\x00\x01", bytes(32))).decrypt(ciphertext, b"row:1")
    with pytest.raises(DecryptionError):
        cipher.decrypt(b"\x01\x01short", b"row:1")


def test_blind_index_is_keyed_normalised_and_separated_by_purpose() -> None:
    sm3 = PiiCipher(KEY, blind_index="hmac-sm3")
    assert sm3.blind_index("11010519491231002x", "id_number") == sm3.blind_index(
        " 11010519491231002X ", "id_number"
    )
    # A number searched in full width (a Chinese input method's) finds the stored one.
    assert sm3.blind_index("１１０１０５１９４９１２３１００２ｘ", "id_number") == sm3.blind_index(
        "11010519491231002X", "id_number"
    )
    assert sm3.blind_index("13900000000", "phone") != sm3.blind_index("13900000000", "id_number")
    assert sm3.blind_index("13900000000", "phone") != PiiCipher(
        PiiKey(KEY.key_id, bytes(32))
    ).blind_index("13900000000", "phone")
    assert sm3.blind_index("13900000000", "phone") != PiiCipher(
        KEY, blind_index="hmac-sha256"
    ).blind_index("13900000000", "phone")
    assert len(sm3.blind_index("x", "phone")) == 64


def test_key_file_is_created_owner_only_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "pii.key"
    first = load_or_create_key(path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_or_create_key(path) == first


def test_too_open_key_file_is_refused_with_the_fix(home: Home, config: Config) -> None:
    open_store(home, config).close()
    os.chmod(home.key_path, 0o644)
    with pytest.raises(KeyFileError) as caught:
        open_store(home, config)
    assert f"chmod 600 {home.key_path}" in caught.value.en and "chmod 600" in caught.value.zh


def test_damaged_key_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "pii.key"
    path.write_text('{"format": "counter-app-pii-key", "version": 1, "key_id": "zz", "secret": ""}')
    os.chmod(path, 0o600)
    with pytest.raises(KeyFileError, match="damaged"):
        load_key(path)


ID_NUMBER = "310104199003070017"
PHONE = "13912345678"
ADDRESS_MARK = "漕溪北路九十九号"


def _write_applicant(store: Store) -> str:
    applicant_id, at = str(uuid.uuid4()), "2026-11-27T02:00:00.000000Z"  # the number's day
    applicant = ApplicantRow("person", "张三", "111", ID_NUMBER, PHONE, ADDRESS_MARK)
    with store.transaction() as db:
        insert_case(
            db,
            accepted_case_row(
                case_id=str(uuid.uuid4()),
                case_no="310104TRAIN-W01-A1B2-20261127-0001",
                applicant=seal_applicant(store.pii, applicant_id, applicant),
                hall="310104TRAIN",
                window="W01",
                device="A1B2",
                at=at,
            ),
        )
        store.audit.record("clerk1", "applicant.create", applicant_id)
    return applicant_id


def _files_containing_plaintext(root: Path) -> list[str]:
    needles = [
        value.encode(encoding)
        for value in (ID_NUMBER, PHONE, ADDRESS_MARK)
        for encoding in ("utf-8", "utf-16-le", "utf-16-be")
        if value != ADDRESS_MARK or encoding == "utf-8"
    ]
    hits = []
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            hits += [f"{path}: {needle!r}" for needle in needles if needle in data]
    return hits


@pytest.mark.parametrize("cipher", ["sm4-gcm", "aes-256-gcm"])
def test_no_plaintext_id_number_or_phone_anywhere_under_the_home(
    home: Home, config: Config, cipher: str
) -> None:
    config = replace(config, store=replace(config.store, cipher=cipher))
    store = open_store(home, config)
    try:
        applicant_id = _write_applicant(store)
        # While open: the WAL and shared-memory files hold the newest pages.
        assert (home.root / "counter.db-wal").exists()
        assert _files_containing_plaintext(home.root) == []
        row = store.db.execute(
            "SELECT id_number_enc, phone_enc FROM cases WHERE id_number_index = ?",
            (store.pii.blind_index(ID_NUMBER, "id_number"),),
        ).fetchone()
        assert (
            store.pii.decrypt_text(row[0], f"applicants.id_number:{applicant_id}".encode())
            == ID_NUMBER
        )
        found = store.db.execute(
            "SELECT count(*) FROM cases WHERE phone_index = ?",
            (store.pii.blind_index(PHONE, "phone"),),
        ).fetchone()
        assert found == (1,)
    finally:
        store.close()
    assert _files_containing_plaintext(home.root) == []


def test_the_plaintext_search_finds_what_it_looks_for(home: Home) -> None:
    """Control for the test above: a leak into a log file is caught."""
    (home.logs_dir / "counter.log").write_text(f"accepted {PHONE}\n", encoding="utf-8")
    assert len(_files_containing_plaintext(home.root)) == 1


@settings(max_examples=150, deadline=None)
@given(
    plaintext=st.binary(max_size=600),
    context=st.binary(max_size=64),
    cipher=st.sampled_from(["sm4-gcm", "aes-256-gcm"]),
    flip=st.integers(min_value=0),
)
def test_fuzz_round_trip_and_any_flipped_byte_is_refused(
    plaintext: bytes, context: bytes, cipher: str, flip: int
) -> None:
    pii = PiiCipher(KEY, cipher)
    ciphertext = pii.encrypt(plaintext, context)
    assert pii.decrypt(ciphertext, context) == plaintext
    damaged = bytearray(ciphertext)
    damaged[flip % len(damaged)] ^= 0x01
    with pytest.raises(DecryptionError):
        pii.decrypt(bytes(damaged), context)
