"""Build a large, realistic store quickly, for benchmarks that need "a store holding N cases".

``build_store(home, n_cases)`` opens the store normally (schema, key, pins, bundled catalog
and calendar), then fills it through one raw connection in large transactions with the store's own
bulk writers (``counter_app.store.case_writes``): per case its version 1 document (encrypted)
naming an item of the bundled catalog, and built from that document (so they say what the
version says, as ``case_integrity`` checks) the case row with its applicant (valid GB 11643
ID number and a mobile number, both encrypted with the home's key and blind-indexed exactly
as intake does) and its materials; and its acceptance event, under
version 7 ids of the acceptance time as intake gives them, accepted within the hall's
opening hours of their day (so each case's day is the hall date of its ``created_at``, as
intake writes them), by one clerk (the recent items folded as at a store opening). The
newest 1 % are not yet delivered: only they have (pending) outbox entries and
``sync_state = 'pending'``. Ciphertexts are real, so lookups and decryption in the
benchmarks behave as on a working counter.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import multiprocessing
import os
import random
import shutil
import sqlite3
import time
import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from sqlite_utils import Database

import central.simulator
from central.simulator import synthetic_payload
from counter_app.config import Config, load_config
from counter_app.domain.case_document import (
    MaterialForm,
    MaterialLine,
    MaterialStatus,
    ServiceItemRef,
    SituationRef,
    hash_canonical,
)
from counter_app.domain.idnumber import check_character
from counter_app.home import Home
from counter_app.store import case_writes as writes
from counter_app.store import document_rows
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import current_catalog_version, ensure_bundled_catalog, list_items
from counter_app.store.clerk_items import fold_clerk_items
from counter_app.store.database import known_migrations, open_store
from counter_app.store.pii import PiiCipher, PiiKey
from counter_app.store.sequences import CASE_NUMBERS, advance
from counter_app.store.timestamps import from_text, to_text

CACHE_ENV = "BENCH_STORE_CACHE"
BATCH = 20_000
PENDING_FRACTION = 100  # the newest 1 % of cases are not yet delivered
CASES_PER_DAY = 400
HALL_OPENS_UTC_MINUTE = 30  # 08:30 in the hall
HALL_OPEN_MINUTES = 9 * 60
FIRST_DAY = date(2020, 1, 6)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华𠮷"
CLERK = "clerk01"
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


# Every case's materials: the identity document's original and the form's copy, received.
_MATERIALS = [
    MaterialLine(
        code=code,
        name=name,
        required=True,
        core=core,
        status=MaterialStatus.RECEIVED,
        form=form,
        count=1,
        exemption=None,
        deadline=None,
        note=None,
    )
    for code, name, core, form in (
        ("M01", "身份证明", True, MaterialForm.ORIGINAL),
        ("M02", "申请表", False, MaterialForm.COPY),
    )
]


@dataclass(frozen=True)
class _BatchSpec:
    first: int
    count: int
    n_cases: int
    seed: int
    key: PiiKey
    cipher: str
    blind_index: str
    # Each item of the catalog with its default situation and promised days.
    items: tuple[tuple[ServiceItemRef, SituationRef, int], ...]
    hall: str
    window: str
    device: str
    sample_every: int


@dataclass
class _Rows:
    cases: list[writes.CaseRow] = field(default_factory=list)
    versions: list[writes.SealedVersion] = field(default_factory=list)
    queued: list[writes.OutboxEntry] = field(default_factory=list)
    events: list[writes.EventRow] = field(default_factory=list)
    materials: list[writes.MaterialRow] = field(default_factory=list)


def _generate(spec: _BatchSpec) -> tuple[_Rows, list[tuple[str, str]]]:
    """The rows of cases ``first .. first+count-1`` (run in a worker process)."""
    rng = random.Random(spec.seed * 1_000_003 + spec.first)
    pii = PiiCipher(spec.key, spec.cipher, spec.blind_index)
    rows = _Rows()
    samples: list[tuple[str, str]] = []
    for index in range(spec.first, spec.first + spec.count):
        day = FIRST_DAY + timedelta(days=index // CASES_PER_DAY)
        seq = index % CASES_PER_DAY + 1
        case_no = f"{spec.hall}-{spec.window}-{spec.device}-{day:%Y%m%d}-{seq:04d}"
        id_number = _id_number(rng)
        phone = f"1{rng.choice('3456789')}{rng.randrange(0, 10**9):09d}"
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
        item, situation, promised_days = spec.items[index % len(spec.items)]
        # Within the hall's opening hours (08:30-17:30 Shanghai, 00:30-09:30 UTC), as intake
        # writes a case: its day (and the day in its number) is the hall date of created_at.
        minute = HALL_OPENS_UTC_MINUTE + seq * HALL_OPEN_MINUTES // (CASES_PER_DAY + 1)
        at = f"{day.isoformat()}T{minute // 60:02d}:{minute % 60:02d}:{seq % 60:02d}.000000Z"
        # Ids as intake gives them (version 7, the acceptance time first): new accepts
        # append at the right-hand end of the id indexes, as on a counter that ran this code.
        millis = int(from_text(at).timestamp() * 1000)
        case_id = writes.row_id_at(millis, rng.getrandbits(80))
        applicant_id = writes.row_id_at(millis, rng.getrandbits(80))
        # The card was read a few minutes before the decision (the statistics' handling time).
        card_read_at = to_text(from_text(at) - timedelta(seconds=rng.randrange(60, 1800)))
        if index % spec.sample_every == 0:
            samples.append((case_no, id_number))
        # Only the newest cases are still waiting for the platform; the rest are delivered.
        pending = index >= spec.n_cases - max(1, spec.n_cases // PENDING_FRACTION)
        document = synthetic_payload(uuid.UUID(case_id), 1, case_no)
        document = document.model_copy(
            update={
                "service_item": item,
                "situation": situation,
                "applicant": document.applicant.model_copy(
                    update={"id_number": id_number, "name": name, "phone": phone}
                ),
                "materials": _MATERIALS,
                "hall": spec.hall,
                "window": spec.window,
                "device": spec.device,
                "clerk": CLERK,
                "received_at": at,
                "card_read_at": card_read_at,
                "accepted_at": at,
                "promised_date": (day + timedelta(days=promised_days * 7 // 5)).isoformat(),
            }
        )
        case, materials = document_rows.case_rows_of(pii, document, applicant_id=applicant_id)
        rows.cases.append(
            replace(case, sync_state="pending" if pending else "synced", receipt_printed=True)
        )
        rows.materials += materials
        body = document.canonical()
        digest = hash_canonical(body)
        version = writes.seal_version(
            pii, case_id=case_id, data_version=1, body=body, digest=digest, by=CLERK, at=at
        )
        rows.versions.append(version)
        if pending:
            rows.queued.append(writes.outbox_entry(version, body))
        rows.events.append(
            writes.EventRow(
                case_id, at, CLERK, "transition", "received", "accepted", {"decision": "accept"}
            )
        )
    return rows, samples


def _insert(db: Database, rows: _Rows) -> None:
    writes.insert_cases(db, rows.cases)
    writes.insert_sealed_versions(db, rows.versions, rows.queued)
    writes.insert_events(db, rows.events)
    writes.insert_materials(db, rows.materials)


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
        version = current_catalog_version(store)
        if version is None:  # ensure_bundled_catalog loaded one into a store without
            raise RuntimeError(f"no catalog in {home.db_path}")
        items = tuple(
            (
                ServiceItemRef(
                    code=item.code,
                    name=item.name,
                    catalog_version=version,
                    case_type=item.case_type,
                    department=item.department,
                    handling_department=item.handling_department,
                ),
                SituationRef(code=item.default_situation.code, name=item.default_situation.name),
                item.promised_days,
            )
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
    db = Database(raw, recursive_triggers=False, execute_plugins=False)
    # Generation only: the benchmarks measure the store afterwards with its own settings.
    raw.execute("PRAGMA synchronous = OFF")
    raw.execute("PRAGMA cache_size = -200000")
    try:
        with multiprocessing.get_context("spawn").Pool(os.cpu_count() or 1) as pool:
            for rows, batch_samples in pool.imap(_generate, specs):
                sample_pairs += batch_samples
                raw.execute("BEGIN")
                _insert(db, rows)
                raw.execute("COMMIT")
        days = (n_cases + CASES_PER_DAY - 1) // CASES_PER_DAY
        advance(
            raw,
            CASE_NUMBERS,
            {
                (FIRST_DAY + timedelta(days=d)).isoformat(): min(
                    CASES_PER_DAY, n_cases - d * CASES_PER_DAY
                )
                for d in range(days)
            },
        )
        # Folded as a working counter's store is, at its daily opening.
        raw.execute("BEGIN")
        fold_clerk_items(raw)
        raw.execute("COMMIT")
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


def seeder_digest() -> str:
    """Part of the cache key: a digest of the code that makes the rows (this module, the
    row builder, the document it starts from and the store's writers), so a store built by
    a seeder since changed is never reused (a store whose rows its sealed documents
    contradict was once)."""
    digest = hashlib.sha256()
    makers = (document_rows, central.simulator, writes)
    for source in (__file__, *(inspect.getfile(module) for module in makers)):
        digest.update(Path(source).read_bytes())
    return digest.hexdigest()[:16]


def cached_store(home: Home, n_cases: int, *, seed: int = 20261127, samples: int = 200) -> BigStore:
    """``build_store``, but when ``$BENCH_STORE_CACHE`` names a directory the store is built
    there once per (schema, seeder, size, seed, samples) and copied into ``home`` on every later
    run: the 1,000,000-case store takes longer to build than the benchmark takes to run.
    The copy's ``seconds`` are the original build's.
    """
    cache = os.environ.get(CACHE_ENV)
    if not cache:
        return build_store(home, n_cases, seed=seed, samples=samples)
    schema = known_migrations()[-1]
    entry = (
        Path(cache)
        / f"{schema}-seeder-{seeder_digest()}-cases-{n_cases}-seed-{seed}-samples-{samples}"
    )
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
