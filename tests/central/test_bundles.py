"""高效办成一件事 on the platform (SQLite and PostgreSQL): the cases of one bundle pushed by a
window are kept together (``case_bundles``), listed by ``counter-central cases --bundle``,
carried by the hall queue feed with the bundle's name, and the public progress page of one
of them lists the applicant's other cases of the bundle; the catalog's bundles are published
(checked as the windows check them), served and loaded by a window's sync."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests

from central.simulator import SimulatedDevice, synthetic_id_number
from central.store import CentralStore, feeds, progress
from counter_app.domain.bundles import shared_checklist
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.domain.tracking import new_track_token
from counter_app.home import Home
from counter_app.services.auth import User
from counter_app.services.bundle_intake import BundleRequest, decide_bundle
from counter_app.services.intake_request import ApplicantInput
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.case_plaintext import case_document
from counter_app.store.catalog import (
    bundled_catalog,
    current_catalog_version,
    ensure_bundled_catalog,
    get_bundle,
    get_item,
    list_bundles,
)
from counter_app.store.database import open_store
from tests.central.conftest import CliRun, push_ok, read_all
from tests.central.server_fixture import RunningCentral
from tests.sync.conftest import enrol_home, make_engine

pytestmark = pytest.mark.integration

UNEMPLOYMENT = ("11310104002425223R005002200001", "失业登记")
HARDSHIP = ("11310104002425223R005002300001", "就业困难人员认定")
CLERK = User("clerk1", "窗口一", "clerk", None, False)


def _bundle(bundle_id: str) -> dict[str, Any]:
    return {
        "id": bundle_id,
        "code": "YJS-0001",
        "name": "失业一件事",
        "items": [UNEMPLOYMENT[0], HARDSHIP[0]],
    }


def _case(
    device: SimulatedDevice,
    item: tuple[str, str],
    *,
    bundle: dict[str, Any] | None,
    applicant: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], str]:
    """A synthetic submission of ``item`` carrying a track token, in ``bundle`` (None: a case
    decided alone), of ``applicant`` (None: the simulator's own); it and its token."""
    token = new_track_token()
    base = device.case()
    payload = {
        **base["payload"],
        "track_token": token,
        "service_item": {**base["payload"]["service_item"], "code": item[0], "name": item[1]},
    }
    if bundle is not None:
        payload["bundle"] = bundle
    if applicant is not None:
        payload["applicant"] = applicant
    case_id = uuid.UUID(base["case_id"])
    return device.case(case_id=case_id, case_no=base["case_no"], payload=payload), token


def _decided_together(
    device: SimulatedDevice,
) -> tuple[str, list[tuple[dict[str, Any], str]], dict[str, Any]]:
    """Push the two cases of one 失业一件事 and a plain case of the same applicant: the
    bundle id, the bundle's cases with their tokens, and the plain case."""
    bundle_id = str(uuid.uuid4())
    first = _case(device, UNEMPLOYMENT, bundle=_bundle(bundle_id))
    applicant = first[0]["payload"]["applicant"]
    second = _case(device, HARDSHIP, bundle=_bundle(bundle_id), applicant=applicant)
    plain, _ = _case(device, ("310101-HJ-001", "模拟事项"), bundle=None, applicant=applicant)
    results = push_ok(device, [first[0], second[0], plain])
    assert [r["status"] for r in results] == ["stored"] * 3
    return bundle_id, [first, second], plain


def test_the_cases_of_a_bundle_are_listed_together_and_a_plain_case_is_not(
    enrol: Callable[..., SimulatedDevice],
    central: RunningCentral,
    run_cli: Callable[..., CliRun],
) -> None:
    device = enrol()
    bundle_id, members, plain = _decided_together(device)
    _decided_together(device)  # another bundle of the same hall

    listed = run_cli("cases", "--bundle", bundle_id, "--json", *central.store_args()).json()
    assert [row["case_no"] for row in listed["cases"]] == [c["case_no"] for c, _ in members]
    for row in listed["cases"]:
        assert (row["bundle_id"], row["bundle_code"], row["bundle_name"]) == (
            bundle_id,
            "YJS-0001",
            "失业一件事",
        )
    everything = run_cli("cases", "--hall", device.hall, "--json", *central.store_args()).json()
    (alone,) = [row for row in everything["cases"] if row["case_no"] == plain["case_no"]]
    assert (alone["bundle_id"], alone["bundle_code"], alone["bundle_name"]) == (None, None, None)

    text = run_cli("cases", "--hall", device.hall, *central.store_args()).stdout.splitlines()
    assert text[0].split("\t")[-1] == "一件事"
    lines = {line.split("\t")[0]: line.split("\t") for line in text[1:]}
    assert lines[members[0][0]["case_no"]][-1] == f"失业一件事（{bundle_id}）"
    assert lines[plain["case_no"]][-1] == "—"
    unknown = run_cli("cases", "--bundle", str(uuid.uuid4()), *central.store_args())
    assert unknown.stdout.strip() == "无办件。 / No cases."


def test_the_hall_queue_carries_the_bundle_of_each_case(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    bundle_id, members, plain = _decided_together(device)
    rows, _ = feeds.read_feed(store, "hall_queue", device.hall, 0, 100)
    carried = {
        row.item["case_no"]: (row.item["bundle_id"], row.item["bundle_name"]) for row in rows
    }
    for case, _ in members:
        assert carried[case["case_no"]] == (bundle_id, "失业一件事")
    assert carried[plain["case_no"]] == (None, None)


def _section(page: str, section_id: str) -> str:
    """The text of the page's section ``section_id`` ("" when the page has none)."""
    found = re.search(rf'<section id="{section_id}">(.*?)</section>', page)
    return re.sub(r"<[^>]+>", " ", found.group(1)) if found else ""


def _page(central: RunningCentral, token: str, lang: str = "zh") -> str:
    response = requests.get(f"{central.url}/track/{token}?lang={lang}", timeout=10)
    assert response.status_code == 200
    return response.text


def test_the_progress_page_lists_the_applicants_other_cases_of_the_bundle(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral, store: CentralStore
) -> None:
    device = enrol()
    bundle_id, [(first, first_token), (second, second_token)], plain = _decided_together(device)
    # A case of another applicant naming the same bundle (a faulty window) is not theirs to see.
    stranger, _ = _case(device, HARDSHIP, bundle=_bundle(bundle_id))
    push_ok(device, [stranger])
    progress.record_progress(store, second["case_no"], "in_process", "")

    others = _section(_page(central, first_token), "bundle")
    assert "同一件事的其他办件（失业一件事）" in others
    assert second["case_no"] in others and "就业困难人员认定" in others
    assert "办理中" in others  # the other case's state as the platform holds it
    for absent in (first["case_no"], plain["case_no"], stranger["case_no"]):
        assert absent not in others
    page = _page(central, first_token)
    # Nothing of the other cases beyond their number, item and state: not their tokens.
    assert second_token not in page and str(second["case_id"]) not in page

    back = _section(_page(central, second_token, "en"), "bundle")
    assert "Other cases of the same one-thing application" in back
    assert first["case_no"] in back and "失业登记" in back and "Accepted" in back

    alone, alone_token = _case(device, UNEMPLOYMENT, bundle=None)
    push_ok(device, [alone])
    assert 'id="bundle"' not in _page(central, alone_token)


def test_a_catalog_with_bundles_is_published_served_and_pulled_and_a_wrong_one_refused(
    tmp_path: Path,
    home: Home,
    enrol: Callable[..., SimulatedDevice],
    central: RunningCentral,
    run_cli: Callable[..., CliRun],
) -> None:
    document = bundled_catalog()
    wrong = json.loads(json.dumps(document))
    wrong["version"] = 900_000
    wrong["bundles"][0]["members"][1]["item"] = "NO-SUCH-ITEM"
    path = tmp_path / "wrong.json"
    path.write_text(json.dumps(wrong, ensure_ascii=False), encoding="utf-8")
    refused = run_cli("catalog", "publish", str(path), *central.store_args())
    assert refused.returncode == 1
    chinese = next(line for line in refused.stderr.splitlines() if "NO-SUCH-ITEM" in line)
    assert "第1个一件事 YJS-0001「失业一件事」 · 第2个成员 NO-SUCH-ITEM" in chinese
    assert "bundle 1 YJS-0001 (失业一件事), member 2 NO-SUCH-ITEM" in refused.stderr

    document["version"] = 900_001
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert run_cli("catalog", "publish", str(path), *central.store_args()).returncode == 0
    listed = run_cli("catalog", "list", "--json", *central.store_args()).json()
    assert listed["versions"][-1]["bundles"] == 3
    assert "一件事 / bundles 3" in run_cli("catalog", "list", *central.store_args()).stdout

    items, _, _ = read_all(enrol(), "catalog", 500)
    served = items[-1]["document"]
    assert served["version"] == 900_001
    assert [b["code"] for b in served["bundles"]] == ["YJS-0001", "YJS-0002", "YJS-0003"]

    # A window's sync pulls it and loads its bundles with its items.
    config = enrol_home(home, central)
    window = open_store(home, config)
    try:
        assert make_engine(home, config, window).run_once().error is None
        assert current_catalog_version(window) == 900_001
        assert sorted(bundle.code for bundle in list_bundles(window)) == [
            "YJS-0001",
            "YJS-0002",
            "YJS-0003",
        ]
        assert get_bundle(window, "YJS-0001").name == "失业一件事"
    finally:
        window.close()


def test_a_store_from_before_bundles_gains_their_table_when_opened(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    with store.transaction() as cur:
        store._exec(cur, "DROP TABLE case_bundles")
    store.create_schema()  # as the program does on opening a store
    device = enrol()
    bundle_id, members, _ = _decided_together(device)
    with store.snapshot() as cur:
        kept = store._exec(
            cur, "SELECT case_id FROM case_bundles WHERE bundle_id = ?", (bundle_id,)
        ).fetchall()
    assert sorted(row[0] for row in kept) == sorted(case["case_id"] for case, _ in members)


def test_a_bundle_decided_at_a_real_window_reaches_the_platform_as_one(
    home: Home, central: RunningCentral, run_cli: Callable[..., CliRun]
) -> None:
    # A window of its own: the module's platform has a live device at W01 already.
    config = enrol_home(home, central, window="W02")
    window = open_store(home, config)
    try:
        ensure_bundled_catalog(window)
        ensure_bundled_calendar(window)
        bundle = get_bundle(window, "YJS-0001")
        members = []
        for member in bundle.members:
            item = get_item(window, member.item)
            situation = item.situation(member.situation)
            assert situation is not None
            members.append((item, situation))
        marks = {
            row.name: SubmittedMaterial(
                row.name, MaterialStatus.RECEIVED, row.requirement.forms[0], row.requirement.count
            )
            for row in shared_checklist(members)
        }
        applicant = ApplicantInput(
            name="张𠮷", id_type="111", id_number=synthetic_id_number(uuid.uuid4())
        )
        decided = decide_bundle(
            window, BundleRequest(bundle="YJS-0001", applicant=applicant, materials=marks), CLERK
        )
        assert make_engine(home, config, window).run_once().error is None
        tokens = [case_document(window, case.case_id)["track_token"] for case in decided.cases]
    finally:
        window.close()

    listed = run_cli("cases", "--bundle", decided.bundle_id, "--json", *central.store_args())
    assert [(row["case_no"], row["bundle_name"]) for row in listed.json()["cases"]] == [
        (case.case_no, "失业一件事") for case in decided.cases
    ]
    others = _section(_page(central, tokens[0]), "bundle")
    assert decided.cases[1].case_no in others and "就业困难人员认定" in others
