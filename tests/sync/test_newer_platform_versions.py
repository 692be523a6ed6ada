"""A window whose program is older than the platform's (rolled back, or not upgraded yet)
reads the platform's case documents that carry a field a newer release wrote: its sync runs
on, and it never writes a version from such a document, which would push it back without
that field. Taking a case back after a restore waits for this window's upgrade; adopting
one is refused in words that say why; comparing shows the field as the platform masks it.
The newer platform is the real one behind a proxy that adds the field
(``tests.sync.newer_platform``)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from counter_app.config import Config, load_config, update_user_config
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import Accounts, User
from counter_app.store import cases as case_rows
from counter_app.store.backup import create_backup
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.case_plaintext import case_document
from counter_app.store.catalog import ensure_bundled_catalog, load_catalog_version
from counter_app.store.database import Store, open_store
from counter_app.store.platform_cases import META_LEFT_FOR_NEWER, META_WALK, recovery_due
from sync.newer_versions import CaseFromNewerProgram
from sync.own_cases import note_missing_own_case
from sync.problems import compare, resolve
from sync.wire.problems import PlatformVersionAsRead
from tests.central.server_fixture import RunningCentral
from tests.conftest import CliResult
from tests.services.conftest import complete_marks, item_named, request_for, resident_number
from tests.sync.backlog import seed_cases
from tests.sync.conftest import (
    HALL,
    catalog_release,
    make_engine,
    platform_versions,
    publish_catalog,
)
from tests.sync.damage import conflicting_case
from tests.sync.newer_platform import NEWER_FIELD, NEWER_VALUE, NewerPlatform

pytestmark = pytest.mark.integration

CLERK = User("clerk1", "窗口一", "clerk", None, False)
PASSWORD = "Counter-Pass-2026!"


@pytest.fixture
def newer(home: Home, enrolled: Config, central: RunningCentral) -> Iterator[NewerPlatform]:
    """The platform as a newer release; ``home`` points at it."""
    with NewerPlatform(central.url) as proxy:
        update_user_config(home, {"sync": {"url": proxy.url}})
        yield proxy


def _accept(store: Store, seq: int) -> intake.IntakeResult:
    item = item_named(store, "老年综合津贴申领")
    number = resident_number(f"310104198001011{seq:02d}")
    return intake.accept(store, request_for(item, complete_marks(item), number=number), CLERK)


def _catalog_versions(store: Store) -> list[int]:
    return [int(row[0]) for row in store.db.execute("SELECT version FROM catalog_versions")]


def _load_catalog(store: Store, version: int) -> None:
    assert load_catalog_version(store, catalog_release(version), "platform:test") == version


def test_a_restored_window_takes_back_a_case_a_newer_program_changed_only_once_upgraded(
    home: Home, newer: NewerPlatform, tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    config = load_config(home)
    store = open_store(home, config)
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)
    _accept(store, 1)
    assert make_engine(home, config, store).run_once().pushed == 1
    backup = create_backup(store, tmp_path / "before.db").database
    known, changed = _accept(store, 2), _accept(store, 3)
    assert make_engine(home, config, store).run_once().pushed == 2
    store.close()
    assert cli("restore", str(backup)).returncode == 0
    newer.newer_cases.add(changed.case_id)
    store = open_store(home, config)
    try:
        run = make_engine(home, config, store).run_once()

        # The run goes on: the case it can hold comes back, the other stays on the platform.
        assert (run.error, run.recovered_from_platform) == (None, 1)
        assert case_rows.get_case(store, known.case_id).sync_state == "synced"
        held = store.db.execute("SELECT 1 FROM cases WHERE case_id = ?", (changed.case_id,))
        assert held.fetchone() is None
        # The walk ended: the case alone waits, asked for again at every run.
        assert store.meta(META_WALK) is None and not recovery_due(store)
        (left,) = json.loads(store.meta(META_LEFT_FOR_NEWER) or "[]")
        assert (left["case_id"], left["case_no"]) == (changed.case_id, changed.case_no)
        again = make_engine(home, config, store).run_once()
        assert (again.error, again.recovered_from_platform, again.pushed) == (None, 0, 0)
        assert store.meta(META_WALK) is None and store.meta(META_LEFT_FOR_NEWER) is not None

        # The window's catalog is pruned meanwhile: versions no case names go.
        first = max(_catalog_versions(store))
        for version in range(first + 1, first + 4):
            _load_catalog(store, version)
        assert first + 1 not in _catalog_versions(store)
        assert {first, first + 2, first + 3} <= set(_catalog_versions(store))

        newer.newer_cases.clear()  # this window upgraded: it holds the whole document
        upgraded = make_engine(home, config, store).run_once()

        assert (upgraded.error, upgraded.recovered_from_platform) == (None, 1)
        assert case_rows.get_case(store, changed.case_id).sync_state == "synced"
        assert store.meta(META_WALK) is None and store.meta(META_LEFT_FOR_NEWER) is None
        assert upgraded.pushed == 0  # nothing written back over the platform's versions
    finally:
        store.close()


def test_adopting_a_version_a_newer_program_wrote_is_refused_and_the_case_kept(
    home: Home, newer: NewerPlatform, central: RunningCentral
) -> None:
    config = load_config(home)
    store = open_store(home, config)
    try:
        mine = conflicting_case(home, config, store)
        newer.newer_cases.add(mine.case_id)
        Accounts(store).add_user("chief1", PASSWORD, "supervisor")
        chief = Accounts(store).authenticate("chief1", PASSWORD)

        shown = compare(store, mine.case_no)
        (row,) = [row for row in shown.rows if row.path == NEWER_FIELD]
        # Shown as the platform masks it (this program's masks do not know the field).
        assert (row.local, row.platform, row.differs) == (None, NEWER_VALUE, True)
        with pytest.raises(CaseFromNewerProgram) as refused:
            resolve(store, chief, mine.case_no, "adopt", "平台版本正确")

        assert "已被较新版本的程序修改" in refused.value.zh and NEWER_FIELD in refused.value.zh
        assert "升级" in refused.value.zh and "Upgrade this window" in refused.value.en
        row_now = case_rows.get_case(store, mine.case_id)
        assert (row_now.data_version, row_now.sync_state) == (1, "conflict")
        assert NEWER_FIELD not in case_document(store, mine.case_id)
        assert [v for v, _ in platform_versions(central.db)[mine.case_id]] == [1]
    finally:
        store.close()


def test_an_instruction_to_adopt_a_newer_programs_version_is_answered_refused(
    home: Home,
    newer: NewerPlatform,
    central: RunningCentral,
    second_window: tuple[Home, Config, Store],
) -> None:
    config = load_config(home)
    store = open_store(home, config)
    try:
        theirs = conflicting_case(*second_window)
        home_b, _, store_b = second_window
        update_user_config(home_b, {"sync": {"url": newer.url}})
        newer.newer_cases.add(theirs.case_id)
        Accounts(store).add_user("chief1", PASSWORD, "supervisor")
        chief = Accounts(store).authenticate("chief1", PASSWORD)
        engine_a = make_engine(home, config, store)
        engine_a.run_once()
        resolve(store, chief, theirs.case_no, "adopt", "平台版本正确")

        run_b = make_engine(home_b, load_config(home_b), store_b).run_once()

        assert (run_b.error, run_b.instructions) == (None, 0)
        row_b = case_rows.get_case(store_b, theirs.case_id)
        assert (row_b.data_version, row_b.sync_state) == (1, "conflict")
        engine_a.run_once()
        (state, outcome) = store.db.execute(
            "SELECT state, outcome FROM instructions WHERE case_id = ?", (theirs.case_id,)
        ).fetchone()
        assert state == "refused" and "已被较新版本的程序修改" in outcome
        assert "Upgrade this window" in outcome
        assert [v for v, _ in platform_versions(central.db)[theirs.case_id]] == [1]
    finally:
        store.close()


def test_a_document_with_an_unknown_field_is_read_and_anything_else_wrong_is_not(
    sync_store: Store,
) -> None:
    (seeded,) = seed_cases(sync_store, 1, hall=HALL)
    document = case_document(sync_store, seeded.case_id)
    answer = {
        "case_id": seeded.case_id,
        "case_no": seeded.case_no,
        "window_code": "W01",
        "data_version": 1,
        "fields": [],
        "conflict_version": None,
        "conflict_reason": None,
        "conflict_fields": None,
        "document": {**document, "materials": [{**document["materials"][0], "origin": "x"}]},
    }

    read = PlatformVersionAsRead.model_validate(answer)

    assert read.unknown_fields == ("materials.0.origin",)
    # Anything else that does not fit is a platform of another protocol, as before.
    with pytest.raises(ValueError, match="not a case document: state"):
        PlatformVersionAsRead.model_validate({**answer, "document": {**document, "state": 7}})


def test_a_waiting_case_whose_catalog_version_was_pruned_comes_back_with_it_once_upgraded(
    home: Home,
    newer: NewerPlatform,
    central: RunningCentral,
    tmp_path: Path,
    cli: Callable[..., CliResult],
) -> None:
    for version in (1, 2):
        publish_catalog(central, tmp_path, version)
    config = load_config(home)
    store = open_store(home, config)
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)
    assert make_engine(home, config, store).run_once().error is None
    backup = create_backup(store, tmp_path / "before.db").database
    changed = _accept(store, 1)
    assert case_rows.get_case(store, changed.case_id).catalog_version == 2
    assert make_engine(home, config, store).run_once().pushed == 1
    store.close()
    assert cli("restore", str(backup)).returncode == 0
    newer.newer_cases.add(changed.case_id)
    store = open_store(home, config)
    try:
        assert make_engine(home, config, store).run_once().recovered_from_platform == 0
        for version in (3, 4):  # published and loaded while the case waits: 2 is pruned
            publish_catalog(central, tmp_path, version)
            _load_catalog(store, version)
        assert 2 not in _catalog_versions(store)

        newer.newer_cases.clear()  # this window upgraded
        upgraded = make_engine(home, config, store).run_once()

        # The case had a walk started for it, which had the catalog feed read again.
        assert (upgraded.error, upgraded.recovered_from_platform) == (None, 1)
        record = case_rows.get_case(store, changed.case_id)
        assert (record.catalog_version, record.sync_state) == (2, "synced")
        assert 2 in _catalog_versions(store)
        assert store.meta(META_WALK) is None and store.meta(META_LEFT_FOR_NEWER) is None
    finally:
        store.close()


def test_progress_for_a_case_waiting_for_a_newer_program_starts_no_walk(sync_store: Store) -> None:
    waiting, lost = seed_cases(sync_store, 2, hall=HALL)
    left = {"case_id": waiting.case_id, "case_no": waiting.case_no, "after": ""}
    sync_store.set_meta(META_LEFT_FOR_NEWER, json.dumps([left]))

    with sync_store.transaction():
        note_missing_own_case(sync_store, waiting.case_no)
    assert sync_store.meta(META_WALK) is None  # asked for alone at every run already

    with sync_store.transaction():
        note_missing_own_case(sync_store, lost.case_no)
    assert sync_store.meta(META_WALK) is not None
