"""Build a large, realistic store quickly, for benchmarks that need "a store holding N cases".

``build_store(home, n_cases)`` opens the store normally (schema, key, pins, bundled catalog
and calendar), then fills it through one raw connection in large transactions with direct
SQL into the real schema: per case one applicant (valid GB 11643 ID number and a mobile
number, both encrypted with the home's key and blind-indexed exactly as intake does), the
case row, its version 1 document (encrypted), its acceptance event and its materials. The
newest 1 % are not yet delivered: only they have (encrypted, pending) outbox entries and
``sync_state = 'pending'``. Ciphertexts are real, so lookups and decryption in the
benchmarks behave as on a working counter.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import shutil
import sqlite3
import time
import uuid
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

from counter_app.config import Config, load_config
from counter_app.domain.case_document import canonical_json, content_hash
from counter_app.domain.idnumber import check_character, mask_id_number, mask_phone
from counter_app.home import Home
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.cases import (
    id_number_context,
    outbox_context,
    phone_context,
    version_context,
)
from counter_app.store.catalog import ensure_bundled_catalog, list_items
from counter_app.store.database import known_migrations, open_store
from counter_app.store.pii import PiiCipher, PiiKey

CACHE_ENV = "BENCH_STORE_CACHE"
BATCH = 20_000
PENDING_FRACTION = 100  # the newest 1 % of cases are not yet delivered
CASES_PER_DAY = 400
FIRST_DAY = date(2020, 1, 6)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华𠮷"
REGIONS = ("310101", "310104", "310105", "310106", "310107", "310110", "310112", "320102", "330106")


@dataclass(frozen=True)
class BigStore:
    home: Home
    config: Config
    n_cases: int
    seconds: float
    db_bytes: int
    sample_case_nos: list[str]  # a spread of real case numbers, for lookups
    sample_id_numbers: list[str]  # plaintext ID numbers present in the store, for lookups


def _id_number(rng: random.Random) -> str:
    birth = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 65))
    first17 = f"{rng.choice(REGIONS)}{birth:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return first17 + check_character(first17)


@dataclass(frozen=True)
class _BatchSpec:
    first: int
    count: int
    n_cases: int
    seed: int
    key: PiiKey
    cipher: str
    blind_index: str
    items: tuple[tuple[str, str, int], ...]
    hall: str
    window: str
    device: str
    sample_every: int


Rows = dict[str, list[tuple[object, ...]]]


def _generate(spec: _BatchSpec) -> tuple[Rows, list[tuple[str, str]]]:
    """The rows of cases ``first .. first+count-1`` (run in a worker process)."""
    rng = random.Random(spec.seed * 1_000_003 + spec.first)
    pii = PiiCipher(spec.key, spec.cipher, spec.blind_index)
    rows: Rows = {
        name: []
        for name in (
            "applicants",
            "cases",
            "case_versions",
            "outbox",
            "case_events",
            "case_materials",
        )
    }
    samples: list[tuple[str, str]] = []
    for index in range(spec.first, spec.first + spec.count):
        day = FIRST_DAY + timedelta(days=index // CASES_PER_DAY)
        seq = index % CASES_PER_DAY + 1
        case_no = f"{spec.hall}-{spec.window}-{spec.device}-{day:%Y%m%d}-{seq:04d}"
        case_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        applicant_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        id_number = _id_number(rng)
        phone = f"1{rng.choice('3456789')}{rng.randrange(0, 10**9):09d}"
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
        code, situation, promised_days = spec.items[index % len(spec.items)]
        at = f"{day.isoformat()}T{1 + seq * 20 // CASES_PER_DAY:02d}:{seq % 60:02d}:00.000000Z"
        if index % spec.sample_every == 0:
            samples.append((case_no, id_number))
        rows["applicants"].append(
            (
                applicant_id,
                name,
                pii.encrypt_text(id_number, id_number_context(applicant_id)),
                pii.blind_index(id_number, "id_number"),
                mask_id_number(id_number),
                pii.encrypt_text(phone, phone_context(applicant_id)),
                pii.blind_index(phone, "phone"),
                mask_phone(phone),
                at,
            )
        )
        # Only the newest cases are still waiting for the platform; the rest are delivered.
        pending = index >= spec.n_cases - max(1, spec.n_cases // PENDING_FRACTION)
        promised = (day + timedelta(days=promised_days * 7 // 5)).isoformat()
        rows["cases"].append(
            (
                case_id,
                case_no,
                "pending" if pending else "synced",
                code,
                situation,
                applicant_id,
                spec.hall,
                spec.window,
                spec.device,
                at,
                at,
                promised,
                at,
                day.isoformat(),
            )
        )
        document = {
            "case_id": case_id,
            "case_no": case_no,
            "service_item": code,
            "situation": situation,
            "state": "accepted",
            "accepted_at": at,
            "applicant": {
                "type": "person",
                "id_type": "111",
                "id_number": id_number,
                "name": name,
                "phone": phone,
            },
            "materials": [
                {"code": "M01", "status": "received", "form": "original", "count": 1},
                {"code": "M02", "status": "received", "form": "copy", "count": 1},
            ],
        }
        body = canonical_json(document)
        digest = content_hash(document)
        rows["case_versions"].append(
            (case_id, pii.encrypt(body, version_context(case_id, 1)), digest, at)
        )
        if pending:
            rows["outbox"].append(
                (case_id, digest, pii.encrypt(body, outbox_context(case_id, 1)), len(body), at, at)
            )
        rows["case_events"].append((case_id, at, '{"decision":"accept"}'))
        rows["case_materials"].append((case_id, "M01", "身份证明", 1, 1, "received", "original", 1))
        rows["case_materials"].append((case_id, "M02", "申请表", 1, 0, "received", "copy", 1))
    return rows, samples


_INSERTS = {
    "applicants": "INSERT INTO applicants (applicant_id, applicant_type, name, id_type, id_number_enc, id_number_index,"
    " id_number_masked, phone_enc, phone_index, phone_masked, created_at)"
    " VALUES (?, 'person', ?, '111', ?, ?, ?, ?, ?, ?, ?)",
    "cases": "INSERT INTO cases (case_id, case_no, state, sync_state, service_item_code, catalog_version,"
    " situation_code, applicant_id, hall_code, window_code, device_id, clerk, data_version, created_at,"
    " accepted_at, promised_date, updated_at, day, receipt_printed)"
    " VALUES (?, ?, 'accepted', ?, ?, 1, ?, ?, ?, ?, ?, 'clerk01', 1, ?, ?, ?, ?, ?, 1)",
    "case_versions": "INSERT INTO case_versions (case_id, data_version, content_enc, content_hash, created_at, created_by)"
    " VALUES (?, 1, ?, ?, ?, 'clerk01')",
    "outbox": "INSERT INTO outbox (case_id, data_version, content_hash, payload_enc, payload_bytes, created_at, updated_at)"
    " VALUES (?, 1, ?, ?, ?, ?, ?)",
    "case_events": "INSERT INTO case_events (case_id, at, actor, kind, from_state, to_state, detail)"
    " VALUES (?, ?, 'clerk01', 'transition', 'received', 'accepted', ?)",
    "case_materials": "INSERT INTO case_materials (case_id, material_code, name, required, core, status, form, count)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
}


def build_store(home: Home, n_cases: int, *, seed: int = 20261127, samples: int = 200) -> BigStore:
    """Create a store under ``home`` holding ``n_cases`` accepted cases (see module doc).

    Rows are generated (and encrypted) in worker processes, one per CPU, and inserted by
    this process in transactions of ``BATCH`` cases.
    """
    started = time.perf_counter()
    config = load_config(home)
    store = open_store(home, config)
    try:
        ensure_bundled_catalog(store)
        ensure_bundled_calendar(store)
        items = tuple(
            (item.code, item.default_situation.code, item.promised_days)
            for item in list_items(store)
        )
        key = store.pii.key
    finally:
        store.close()
    specs = [
        _BatchSpec(
            first,
            min(BATCH, n_cases - first),
            n_cases,
            seed,
            key,
            config.store.cipher,
            config.store.blind_index,
            items,
            config.hall.hall_code,
            config.hall.window_code,
            config.hall.device_id,
            max(1, n_cases // samples),
        )
        for first in range(0, n_cases, BATCH)
    ]
    sample_pairs: list[tuple[str, str]] = []
    raw = sqlite3.connect(home.db_path, isolation_level=None)
    # Generation only: the benchmarks measure the store afterwards with its own settings.
    raw.execute("PRAGMA synchronous = OFF")
    raw.execute("PRAGMA cache_size = -200000")
    try:
        with multiprocessing.get_context("spawn").Pool(os.cpu_count() or 1) as pool:
            for rows, batch_samples in pool.imap(_generate, specs):
                sample_pairs += batch_samples
                raw.execute("BEGIN")
                for table, statement in _INSERTS.items():
                    raw.executemany(statement, rows[table])
                raw.execute("COMMIT")
        days = (n_cases + CASES_PER_DAY - 1) // CASES_PER_DAY
        raw.executemany(
            "INSERT OR REPLACE INTO case_number_sequence (day, last_seq) VALUES (?, ?)",
            [
                (
                    (FIRST_DAY + timedelta(days=d)).isoformat(),
                    min(CASES_PER_DAY, n_cases - d * CASES_PER_DAY),
                )
                for d in range(days)
            ],
        )
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()
    # Generation ran without syncs; leave the store durable on disk, as a working counter's
    # is, so a benchmark does not time the kernel writing back gigabytes of dirty pages.
    with open(home.db_path, "rb+") as handle:
        os.fsync(handle.fileno())
    return BigStore(
        home,
        config,
        n_cases,
        time.perf_counter() - started,
        home.db_path.stat().st_size,
        [pair[0] for pair in sample_pairs[:samples]],
        [pair[1] for pair in sample_pairs[:samples]],
    )


def cached_store(home: Home, n_cases: int, *, seed: int = 20261127, samples: int = 200) -> BigStore:
    """``build_store``, but when ``$BENCH_STORE_CACHE`` names a directory the store is built
    there once per (schema, size, seed, samples) and copied into ``home`` on every later
    run: the 1,000,000-case store takes longer to build than the benchmark takes to run.
    The copy's ``seconds`` are the original build's.
    """
    cache = os.environ.get(CACHE_ENV)
    if not cache:
        return build_store(home, n_cases, seed=seed, samples=samples)
    schema = known_migrations()[-1]
    entry = Path(cache) / f"{schema}-cases-{n_cases}-seed-{seed}-samples-{samples}"
    meta = entry / "bigstore.json"
    if not meta.exists():
        shutil.rmtree(entry, ignore_errors=True)  # an interrupted build
        built = build_store(Home(entry / "home"), n_cases, seed=seed, samples=samples)
        fields = asdict(built)
        del fields["home"], fields["config"]
        meta.write_text(json.dumps(fields))  # written last: marks the entry complete
    fields = json.loads(meta.read_text())
    shutil.copytree(entry / "home", home.root, dirs_exist_ok=True)
    with open(home.db_path, "rb+") as handle:  # as durable as a freshly built store
        os.fsync(handle.fileno())
    return BigStore(home=home, config=load_config(home), **fields)
