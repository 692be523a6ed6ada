"""The catalog author's tools: ``catalog publish FILE --check`` compares a file with the
version in force and writes nothing; publishing prints the same comparison and needs
``--confirm`` to remove an item or situation open cases use or to give a material code
another material; ``catalog revert --to N`` publishes N's content again as the next version;
a store whose key file is gone says where the key was expected."""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from central.catalog_changes import compare_catalogs
from central.simulator import SimulatedDevice
from central.store import CentralStore, feeds, open_store, publishing, push
from central.store import devices as device_register
from central.store.base import iso
from central.store.operator_log import LogChoice, operator_log
from counter_app.domain.catalog import parse_catalog_release
from counter_app.domain.hall_time import hall_day_span, hall_today
from counter_app.store.catalog import bundled_catalog
from sync.wire.case_push import CaseSubmission
from sync.wire.signing import new_nonce, public_key_b64
from tests.central.conftest import CliRun

HALL = "H-AUTHOR"


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "central.sqlite3")


@pytest.fixture
def store(db: str) -> Iterator[CentralStore]:
    opened = open_store(db)
    first = bundled_catalog()
    publishing.publish_document(opened, "catalog", first, int(first["version"]))
    yield opened
    opened.close()


class Window:
    """An enrolled window of ``HALL`` that pushes cases of an item's situation."""

    def __init__(self, store: CentralStore) -> None:
        self.store = store
        code, _ = device_register.create_enroll_code(store, HALL, "W1", 60)
        key = public_key_b64(Ed25519PrivateKey.generate())
        self.device = device_register.enroll(store, code, key, "author", ["W1"])
        self.numbering = SimulatedDevice(
            "http://127.0.0.1:9", self.device.device_id, HALL, "W1", number_device="W1"
        )

    def take(self, item: dict[str, Any], situation: str, state: str = "accepted") -> None:
        case = self.numbering.case(case_id=uuid.uuid4())
        payload = case["payload"]
        payload["state"] = state
        payload["received_at"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        payload["service_item"].update(catalog_version=1, code=item["code"], name=item["name"])
        payload["situation"] = {"code": situation, "name": situation}
        submission = self.numbering.case(
            case_id=uuid.UUID(case["case_id"]), case_no=case["case_no"], payload=payload
        )
        (result,) = push.push_batch(
            self.store, self.device, new_nonce(), [CaseSubmission.model_validate(submission)]
        )
        assert result.status == "stored", result


def second_version() -> dict[str, Any]:
    """Version 2: item 0 costs more, takes longer and loses situation S03; item 1 gains a
    material and gives M02 another material; item 2 is withdrawn; a new item is added."""
    document = copy.deepcopy(bundled_catalog())
    document["version"] = 2
    first, second, third = document["items"][:3]
    first["fee_cents"] += 500
    first["promised_days"] = first["statutory_days"]
    first["situations"] = [s for s in first["situations"] if s["code"] != "S03"]
    materials = second["situations"][0]["materials"]
    materials.append({**materials[0], "code": "M99", "name": "新增材料"})
    (m02,) = [m for m in materials if m["code"] == "M02"]
    m02["name"] = "另一份材料"
    added = {**copy.deepcopy(third), "code": "NEW0000000000000000000000000001", "name": "新事项"}
    document["items"] = [i for i in document["items"] if i is not third] + [added]
    return document


def written(tmp_path: Path, document: dict[str, Any]) -> str:
    path = tmp_path / f"catalog-{document['version']}.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return str(path)


def published(store: CentralStore) -> list[int]:
    return [v.version for v in publishing.published_versions(store, "catalog")]


def logged(store: CentralStore) -> list[dict[str, Any]]:
    return operator_log(store, LogChoice())[0]


def test_check_compares_with_the_version_in_force_and_writes_nothing(
    tmp_path: Path, store: CentralStore, db: str, run_cli: Callable[..., CliRun]
) -> None:
    items = bundled_catalog()["items"]
    window = Window(store)
    window.take(items[2], "S01")  # open on the item withdrawn
    window.take(items[2], "S01", state="refused")  # over: not counted
    window.take(items[0], "S03")  # open on the situation removed
    before = logged(store)

    checked = run_cli("catalog", "publish", written(tmp_path, second_version()), "--check",
                      "--db", db)  # fmt: skip

    assert checked.returncode == 0, checked.stderr
    answer = checked.json()
    assert (answer["check"], answer["sequence"], answer["version"]) == (True, None, 2)
    changes = answer["changes"]
    assert changes["in_force"] == 1
    assert [a["name"] for a in changes["added"]] == ["新事项"]
    assert [(r["code"], r["open_cases"]) for r in changes["removed"]] == [(items[2]["code"], 1)]
    first, second = changes["changed"]
    assert {t["term"] for t in first["terms"]} == {"promised_days", "fee_cents"}
    assert first["situations_removed"] == [
        {"code": "S03", "name": items[0]["situations"][2]["name"], "open_cases": 1}
    ]
    assert (second["materials_added"], second["materials_removed"]) == (["M99"], [])
    assert [(r["code"], r["new_name"]) for r in second["codes_reused"]] == [("M02", "另一份材料")]
    assert len(changes["needs_confirm"]) == 3
    assert f"删除事项 / removed: {items[2]['code']}" in checked.stderr
    assert "未办结办件 / open cases 1" in checked.stderr
    assert "材料编码改指另一材料 / material code reused: M02" in checked.stderr
    # Nothing published, nothing logged.
    assert published(store) == [1] and logged(store) == before


def test_a_removal_open_cases_use_needs_confirm_and_is_logged_with_it(
    tmp_path: Path, store: CentralStore, db: str, run_cli: Callable[..., CliRun]
) -> None:
    Window(store).take(bundled_catalog()["items"][2], "S01")
    path = written(tmp_path, second_version())

    refused = run_cli("catalog", "publish", path, "--db", db)
    assert refused.returncode == 1 and refused.stdout == ""
    assert "未发布：删除事项" in refused.stderr and "--confirm" in refused.stderr
    assert "Not published: removes item" in refused.stderr
    assert published(store) == [1]

    done = run_cli("catalog", "publish", path, "--confirm", "--db", db)
    assert done.returncode == 0, done.stderr
    assert (done.json()["sequence"], done.json()["changes"]["in_force"]) == (2, 1)
    assert "与现行版本 1 相比 / against version 1 in force" in done.stderr
    assert published(store) == [1, 2]
    entry = logged(store)[0]
    assert (entry["action"], entry["target"]) == ("catalog publish", "2")
    assert len(entry["detail"]["confirmed"]) == 2  # the item withdrawn, the code reused


def test_a_change_nothing_open_uses_publishes_with_its_comparison(
    tmp_path: Path, store: CentralStore, db: str, run_cli: Callable[..., CliRun]
) -> None:
    document = copy.deepcopy(bundled_catalog())
    document["version"] = 2
    document["items"][0]["fee_cents"] = 1234
    done = run_cli("catalog", "publish", written(tmp_path, document), "--db", db)
    assert done.returncode == 0, done.stderr
    (changed,) = done.json()["changes"]["changed"]
    assert changed["terms"] == [
        {"term": "fee_cents", "old": bundled_catalog()["items"][0]["fee_cents"], "new": 1234}
    ]
    assert "收费（分） / fee (cents)" in done.stderr and published(store) == [1, 2]


def test_revert_publishes_an_older_content_as_the_next_version(
    tmp_path: Path, store: CentralStore, db: str, run_cli: Callable[..., CliRun]
) -> None:
    path = written(tmp_path, second_version())
    assert run_cli("catalog", "publish", path, "--confirm", "--db", db).returncode == 0

    missing = run_cli("catalog", "revert", "--to", "7", "--reason", "误发", "--db", db)
    assert missing.returncode == 1 and "没有事项目录版本 7" in missing.stderr
    # Back to 1 gives M02 its first material again: a reused code, confirmed.
    unconfirmed = run_cli("catalog", "revert", "--to", "1", "--reason", "误发", "--db", db)
    assert unconfirmed.returncode == 1 and "M02" in unconfirmed.stderr
    assert published(store) == [1, 2]

    done = run_cli("catalog", "revert", "--to", "1", "--reason", "误发", "--confirm", "--db", db)

    assert done.returncode == 0, done.stderr
    answer = done.json()
    assert (answer["version"], answer["reverted_to"], answer["changes"]["in_force"]) == (3, 1, 2)
    assert [a["name"] for a in answer["changes"]["added"]] == [
        bundled_catalog()["items"][2]["name"]
    ]
    assert published(store) == [1, 2, 3]
    (newest,) = feeds.read_documents(store, "catalog", 0, 10, newest_only=True)[0]
    served = newest.item["document"]
    assert served["version"] == 3 and served["items"] == bundled_catalog()["items"]
    assert answer["reason"] == "误发"
    entry = logged(store)[0]
    assert (entry["action"], entry["target"]) == ("catalog revert", "3")
    # The operator's words stay out of the log: how long they were only.
    assert (entry["detail"]["to"], entry["detail"]["reason_length"]) == (1, 2)
    assert "误发" not in json.dumps(entry, ensure_ascii=False)


def test_revert_holds_the_old_content_to_the_authors_rules(
    tmp_path: Path, store: CentralStore, db: str, run_cli: Callable[..., CliRun]
) -> None:
    # Published before the author's rules refused a key no parser knows.
    loose = {**bundled_catalog(), "version": 2, "remark": "旧工具写入"}
    publishing.publish_document(store, "catalog", loose, 2)
    path = written(tmp_path, {**bundled_catalog(), "version": 3})
    assert run_cli("catalog", "publish", path, "--db", db).returncode == 0

    refused = run_cli("catalog", "revert", "--to", "2", "--reason", "误发", "--db", db)

    assert refused.returncode == 1
    assert "事项目录版本 2" in refused.stderr and "remark" in refused.stderr
    assert published(store) == [1, 2, 3]


def test_if_newer_skips_an_old_file_without_judging_it_by_todays_rules(
    tmp_path: Path, store: CentralStore, db: str, run_cli: Callable[..., CliRun]
) -> None:
    loose = {**bundled_catalog(), "remark": "旧工具写入"}  # version 1, published already
    path = written(tmp_path, loose)

    again = run_cli("catalog", "publish", path, "--if-newer", "--db", db)

    assert again.returncode == 0, again.stderr
    assert (again.json()["version"], again.json()["sequence"]) == (1, None)
    newer = written(tmp_path, {**loose, "version": 2})
    refused = run_cli("catalog", "publish", newer, "--if-newer", "--db", db)
    assert refused.returncode == 1 and "remark" in refused.stderr  # a new one is judged
    assert published(store) == [1] and logged(store) == []


def test_a_version_waiting_for_its_day_is_not_replaced_unconfirmed(
    tmp_path: Path, store: CentralStore, db: str, run_cli: Callable[..., CliRun]
) -> None:
    tomorrow = hall_today() + timedelta(days=1)
    ahead = written(tmp_path, {**bundled_catalog(), "version": 2})
    scheduled = run_cli(
        "catalog", "publish", ahead, "--effective-from", tomorrow.isoformat(), "--db", db
    )
    assert scheduled.returncode == 0, scheduled.stderr
    now = written(tmp_path, {**bundled_catalog(), "version": 3})

    for refused in (
        run_cli("catalog", "publish", now, "--db", db),
        run_cli("catalog", "revert", "--to", "1", "--reason", "误发", "--db", db),
    ):
        assert refused.returncode == 1
        assert f"事项目录版本 2（{tomorrow} 起）" in refused.stderr
        assert "--confirm" in refused.stderr
    assert published(store) == [1, 2]
    later = tomorrow + timedelta(days=1)
    after_it = run_cli("catalog", "publish", now, "--effective-from", later.isoformat(), "--db", db)
    assert after_it.returncode == 0, after_it.stderr  # version 2 still has its day
    done = run_cli("catalog", "revert", "--to", "1", "--reason", "误发", "--confirm", "--db", db)
    assert done.returncode == 0, done.stderr
    assert logged(store)[0]["detail"]["superseded"] == [2, 3]


def test_a_missing_key_file_is_named_where_it_was_expected(
    tmp_path: Path, store: CentralStore, db: str, run_cli: Callable[..., CliRun]
) -> None:
    key = Path(db + ".key")
    assert key.exists()
    key.unlink()
    document = {**bundled_catalog(), "version": 2}
    refused = run_cli("catalog", "publish", written(tmp_path, document), "--db", db)
    assert refused.returncode == 1
    assert f"找不到载荷密钥文件：应在 {key}" in refused.stderr
    assert f"The payload key file is missing: expected at {key}" in refused.stderr
    assert "已有加密的办件" not in refused.stderr


def test_a_version_scheduled_ahead_is_served_and_judged_by_only_from_its_day(
    tmp_path: Path, store: CentralStore, db: str, run_cli: Callable[..., CliRun]
) -> None:
    came = {**bundled_catalog(), "version": 2}
    publishing.publish_document(
        store, "catalog", came, 2, effective_from=datetime.now(UTC) - timedelta(days=1)
    )
    tomorrow = hall_today() + timedelta(days=1)
    ahead = written(tmp_path, {**bundled_catalog(), "version": 3})

    scheduled = run_cli(
        "catalog", "publish", ahead, "--effective-from", tomorrow.isoformat(), "--db", db
    )

    assert scheduled.returncode == 0, scheduled.stderr
    assert scheduled.json()["effective_from"] == iso(hall_day_span(tomorrow)[0])
    assert logged(store)[0]["detail"]["effective_from"] == tomorrow.isoformat()
    listed = {
        v["version"]: v for v in run_cli("catalog", "list", "--json", "--db", db).json()["versions"]
    }
    assert [(v["in_force"], v["pending"]) for v in listed.values()] == [
        (False, False),
        (True, False),
        (False, True),
    ]
    text = run_cli("catalog", "list", "--db", db).stdout
    assert f"待生效 / pending: {tomorrow} 起 / from" in text
    # The windows are served the version in force, a window starting a read and one behind
    # alike, and the platform judges and looks up by it.
    (newest,), _ = feeds.read_documents(store, "catalog", 0, 10, newest_only=True)
    history, _ = feeds.read_documents(store, "catalog", 0, 10, newest_only=False)
    assert newest.item["version"] == 2 and [r.item["version"] for r in history] == [1, 2]
    with store.snapshot() as cur:
        release = publishing.newest_catalog(store, cur)
    assert release is not None and release.version == 2
    # A check compares with the version in force, not the one waiting.
    later = written(tmp_path, {**bundled_catalog(), "version": 4})
    check = run_cli("catalog", "publish", later, "--check", "--db", db)
    assert check.returncode == 0, check.stderr
    assert check.json()["changes"]["in_force"] == 2
    # Prune keeps what is waiting for its day.
    kept = {
        k["version"]: k
        for k in run_cli("catalog", "prune", "--dry-run", "--json", "--db", db).json()["kept"]
    }
    assert kept[3]["pending"] and not kept[3]["in_force"] and kept[2]["in_force"]
    assert "待生效" in run_cli("catalog", "prune", "--dry-run", "--db", db).stdout


def test_an_effective_date_past_is_refused(
    tmp_path: Path, store: CentralStore, db: str, run_cli: Callable[..., CliRun]
) -> None:
    yesterday = hall_today() - timedelta(days=1)
    path = written(tmp_path, {**bundled_catalog(), "version": 2})
    refused = run_cli("catalog", "publish", path, "--effective-from", str(yesterday), "--db", db)
    assert refused.returncode == 1 and f"生效日期 {yesterday} 已过去" in refused.stderr
    assert published(store) == [1]


def test_a_standard_written_where_there_was_none_reuses_no_code() -> None:
    before = copy.deepcopy(bundled_catalog())
    (material, *_) = before["items"][1]["situations"][0]["materials"]
    material["standard"] = ""
    after = copy.deepcopy(before) | {"version": 2}
    after["items"][1]["situations"][0]["materials"][0]["standard"] = "原件。"
    written_in = compare_catalogs(parse_catalog_release(before), parse_catalog_release(after), dict)
    (change,) = written_in.changed
    assert (change.codes_reused, change.other_terms) == ([], True)
    assert written_in.needs_confirm() == []
    again = copy.deepcopy(after) | {"version": 3}
    again["items"][1]["situations"][0]["materials"][0]["standard"] = "复印件。"
    rewritten = compare_catalogs(parse_catalog_release(after), parse_catalog_release(again), dict)
    assert [r.code for r in rewritten.changed[0].codes_reused] == [material["code"]]
