"""Case payloads are sealed at rest: no plaintext ID number, phone or address in the store's
raw bytes (SQLite file + WAL) or rows (PostgreSQL); the key file is owner-only; a wrong,
missing or unprotected key stops the platform at start-up with a zh/en error."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest

from central.cli import main
from central.simulator import SimulatedDevice, synthetic_payload
from central.store import CentralStore, open_store, push
from central.store import cases as case_store
from central.store import devices as device_register
from counter_app.store.pii import PiiKey, write_key
from sync.wire.case_push import CaseSubmission
from tests.central.server_fixture import CENTRAL, LOCAL_PORT_0, RunningCentral

ID_NUMBER = "31010419580312001X"
PHONE = "13912345678"
ADDRESS = "上海市徐汇区漕溪北路88弄7号1201室"


def _personal_payload(
    device: SimulatedDevice, case_id: uuid.UUID, **changes: Any
) -> dict[str, Any]:
    document = synthetic_payload(case_id, 1, device.case_number(case_id))
    applicant = document.applicant.model_copy(
        update={"name": "王建国", "id_number": ID_NUMBER, "phone": PHONE, "address": ADDRESS}
    )
    return document.model_copy(update={"applicant": applicant, **changes}).to_json()


def _plaintext_in(raw: bytes) -> list[str]:
    return [value for value in (ID_NUMBER, PHONE, ADDRESS) if value.encode() in raw]


def _key_file(central: RunningCentral) -> Path:
    return central.key_file or Path(central.db + ".key")


def test_payloads_are_sealed_at_rest_and_read_back_decrypted(
    enrol: Callable[..., SimulatedDevice], store: CentralStore, central: RunningCentral
) -> None:
    device = enrol()
    case_id = uuid.uuid4()
    stored = device.case(case_id=case_id, payload=_personal_payload(device, case_id))
    changed = device.case(
        case_id=case_id,
        case_no=stored["case_no"],
        payload=_personal_payload(device, case_id, remarks="edited without a new version"),
    )
    for case, status in ((stored, "stored"), (changed, "conflict")):
        response = device.push([case])
        assert response.status_code == 200, response.text
        assert response.json()["results"][0]["status"] == status

    (version,) = case_store.case_versions(store, str(case_id))
    assert version["payload"] == stored["payload"]
    assert version["content_hash"] == stored["content_hash"]  # hashed before sealing
    (conflict,) = [
        c for c in case_store.conflicts(store, device.hall) if c["case_id"] == str(case_id)
    ]
    assert case_store.conflict_payload(store, conflict["conflict_id"]) == changed["payload"]

    if central.key_file is None:
        files = [Path(central.db + suffix) for suffix in ("", "-wal")]
        raw = b"".join(path.read_bytes() for path in files if path.exists())
        assert raw and _plaintext_in(raw) == []
    else:
        with psycopg.connect(central.db) as conn:
            rows = conn.execute(
                "SELECT t::text FROM case_versions t UNION ALL SELECT t::text FROM conflicts t"
            ).fetchall()
            sealed = conn.execute(
                "SELECT payload_sealed FROM case_versions WHERE case_id = %s", (str(case_id),)
            ).fetchone()
        assert rows and _plaintext_in("".join(r[0] for r in rows).encode()) == []
        assert sealed is not None and _plaintext_in(bytes(sealed[0])) == []
    assert stat.S_IMODE(_key_file(central).stat().st_mode) == 0o600


def test_sm4_gcm_sealed_payloads_open_with_any_cipher_setting(tmp_path: Path) -> None:
    db = str(tmp_path / "central.sqlite3")
    sm4 = open_store(db, cipher="sm4-gcm")
    try:
        code, _ = device_register.create_enroll_code(sm4, "HSM4", "W1", 60)
        device = device_register.enroll(
            sm4, code, "c20gcHVibGljIGtleSBmb3IgdGhlIHRlc3Q=", "test", ["SM4"]
        )
        simulated = SimulatedDevice(
            "http://unused", device.device_id, device.hall, device.window, number_device="SM4"
        )
        case_id = uuid.uuid4()
        case = simulated.case(case_id=case_id, payload=_personal_payload(simulated, case_id))
        (result,) = push.push_batch(sm4, device, "n1", [CaseSubmission.model_validate(case)])
        assert result.status == "stored"
    finally:
        sm4.close()
    assert _plaintext_in(Path(db).read_bytes()) == []  # closing checkpointed the WAL
    with sqlite3.connect(db) as raw:
        (sealed,) = raw.execute("SELECT payload_sealed FROM case_versions").fetchone()
    raw.close()
    assert sealed[1] == 1  # the header's algorithm byte: 1 = SM4-GCM (counter_app.store.pii)
    default = open_store(db)  # AES-256-GCM for new payloads; the header names the cipher
    try:
        assert case_store.case_versions(default, str(case_id))[0]["payload"] == case["payload"]
    finally:
        default.close()


def _refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "\nError: " in err
    return err


def test_wrong_missing_or_open_key_stops_the_platform_at_start_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COUNTER_CENTRAL_KEY_FILE", raising=False)
    db = str(tmp_path / "central.sqlite3")
    key = Path(db + ".key")
    open_store(db).close()  # a new store: its key is created beside it, owner-only
    assert stat.S_IMODE(key.stat().st_mode) == 0o600

    # A real start-up: the process exits with the error before it listens or announces.
    other = tmp_path / "other.key"
    write_key(other, PiiKey(os.urandom(4), os.urandom(32)))
    started = subprocess.run(
        [*CENTRAL, "serve", "--db", db, "--key-file", str(other), *LOCAL_PORT_0],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert started.returncode == 1 and started.stdout == ""
    assert "is not this platform store's key" in started.stderr and "密钥" in started.stderr

    key.chmod(0o644)
    assert "chmod 600" in _refused(capsys, "cases", "--db", db)
    key.chmod(0o600)
    saved = key.read_bytes()
    key.write_text("not a key", encoding="utf-8")
    assert "is damaged or not a key file" in _refused(capsys, "cases", "--db", db)
    key.unlink()
    assert "is missing" in _refused(capsys, "cases", "--db", db)  # never silently replaced
    assert not key.exists()
    key.write_bytes(saved)
    key.chmod(0o600)
    assert main(["cases", "--db", db, "--json"]) == 0

    err = _refused(capsys, "serve", "--db", "postgresql://postgres@127.0.0.1:1/none")
    assert "--key-file" in err and "COUNTER_CENTRAL_KEY_FILE" in err


def test_a_key_file_that_is_a_folder_is_named_as_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Whatever the folder's mode: not "chmod 600" advice, nor "[Errno 21] Is a directory"."""
    folder = tmp_path / "keys"
    folder.mkdir()
    db = str(tmp_path / "central.sqlite3")
    for mode in (0o755, 0o700):
        folder.chmod(mode)
        err = _refused(capsys, "cases", "--db", db, "--key-file", str(folder))
        assert err == (
            f"错误：--key-file {folder} 是文件夹，不是载荷密钥文件：请给出密钥文件本身的路径。\n"
            f"Error: --key-file {folder} is a folder, not the payload key file: give the key "
            "file's own path.\n"
        )
    assert list(folder.iterdir()) == []
