"""A pre-application after it was submitted: a failed pre-review returned to its applicant,
who submits a corrected one that supersedes it; the hall's review and the applicant's
withdrawal (operator-logged, reaching the windows through the arrivals feed); expiry told
from its last day; the hall's listing; the sweep that closes those whose item left the
catalog and purges the personal data of those over; refusals as JSON."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from central.store import arrivals, preapps
from central.store import devices as device_register
from central.store.operator_log import LogChoice, operator_log
from counter_app.domain.hall_time import FIRST_HALL_DAY, LAST_HALL_DAY, hall_today
from counter_app.identity.samples import gb11643
from counter_app.store.catalog import bundled_catalog
from sync.wire.arrivals import PreappConsumption
from tests.central.conftest import CliRun, Platform
from tests.central.item_withdrawn import publish_catalog_without
from tests.sample_items import ID_NUMBER, NAME, RESIDENCE_FIRST

PHOTO_NOTE = "照片不合格，请重新上传"


def submit(run_cli: Callable[..., CliRun], platform: Platform, *more: str) -> CliRun:
    return run_cli(
        "preapp", "create", "--hall", platform.hall, "--item", RESIDENCE_FIRST,
        "--id-number", ID_NUMBER, "--name", NAME, *more, *platform.db, "--json",
    )  # fmt: skip


def submitted(run_cli: Callable[..., CliRun], platform: Platform, *more: str) -> str:
    made = submit(run_cli, platform, *more)
    assert made.returncode == 0, made.stderr
    return str(made.json()["preapp_id"])


def shown(run_cli: Callable[..., CliRun], platform: Platform, preapp_id: str) -> dict[str, Any]:
    out = run_cli("preapp", "show", preapp_id, *platform.db, "--json")
    assert out.returncode == 0, out.stderr
    return dict(out.json())


def window_sees(platform: Platform) -> dict[str, dict[str, Any]]:
    """The newest feed item of each arrival, as a window pulling the hall's feed keeps it."""
    page, _ = arrivals.read_arrivals(
        platform.store, platform.hall, 0, 1000, first=FIRST_HALL_DAY, until=LAST_HALL_DAY
    )
    return {str(row.item["arrival_id"]): row.item for row in page}


def logged(platform: Platform, action: str) -> list[dict[str, Any]]:
    entries, _ = operator_log(platform.store, LogChoice(action=action))
    return entries


def test_a_failed_pre_review_is_superseded_by_the_corrected_submission(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    failed = submitted(run_cli, platform, "--review", "failed", "--review-note", PHOTO_NOTE)
    corrected = submitted(run_cli, platform)
    assert corrected != failed

    old = shown(run_cli, platform, failed)
    assert old["status"] == "superseded"
    assert old["closed"]["superseded_by"] == corrected
    assert old["review_note"] == PHOTO_NOTE  # the applicant still reads why
    assert shown(run_cli, platform, corrected)["status"] == "open"
    text = run_cli("preapp", "show", failed, *platform.db)
    assert "已由更正后的申报取代" in text.stdout and corrected in text.stdout

    seen = window_sees(platform)
    assert seen[failed]["state"] == "cancelled"  # a window no longer offers it
    assert seen[corrected]["state"] == "submitted"

    # An open one that passed still blocks a third.
    refused = submit(run_cli, platform)
    assert refused.returncode == 1
    assert refused.json()["error"]["code"] == "preapp_exists"


def test_the_halls_pre_review_returns_it_for_correction_and_is_logged(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    preapp_id = submitted(run_cli, platform)
    no_note = run_cli("preapp", "review", preapp_id, "--failed", *platform.db)
    assert no_note.returncode == 1
    assert no_note.stderr.startswith("错误：预审不通过须写明原因")

    review = ("preapp", "review", preapp_id, "--failed", "--note", PHOTO_NOTE, *platform.db)
    first = run_cli(*review, "--json")
    assert first.returncode == 0, first.stderr
    assert first.json()["status"] == "failed_review"
    assert window_sees(platform)[preapp_id]["review"] == "failed"
    assert window_sees(platform)[preapp_id]["review_note"] == PHOTO_NOTE
    again = run_cli(*review)
    assert again.returncode == 0
    assert "nothing recorded again" in again.stdout
    (entry,) = logged(platform, "preapp review")
    assert entry["target"] == preapp_id
    assert entry["detail"] == {"review": "failed"}  # never the words

    corrected = submitted(run_cli, platform)
    assert shown(run_cli, platform, preapp_id)["closed"]["superseded_by"] == corrected
    late = run_cli("preapp", "review", preapp_id, "--passed", *platform.db, "--json")
    assert late.returncode == 1
    assert late.json()["error"]["code"] == "preapp_superseded"


def test_the_applicant_withdraws_and_may_submit_again(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    preapp_id = submitted(run_cli, platform)
    withdraw = ("preapp", "withdraw", preapp_id, "--reason", "不办了", *platform.db, "--json")
    out = run_cli(*withdraw)
    assert out.returncode == 0, out.stderr
    assert out.json()["status"] == "withdrawn"
    assert out.json()["closed"]["note"] == "不办了"
    assert window_sees(platform)[preapp_id]["state"] == "cancelled"
    assert run_cli(*withdraw).json()["replayed"] is True
    assert len(logged(platform, "preapp withdraw")) == 1

    refused = run_cli("preapp", "review", preapp_id, "--passed", *platform.db)
    assert refused.returncode == 1
    assert "已由申请人撤回" in refused.stderr
    assert submit(run_cli, platform).returncode == 0  # a new one is not blocked


def test_expiry_is_told_from_the_last_day_and_the_sweep_purges_after_the_kept_days(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    today = hall_today()
    expiring = submitted(run_cli, platform, "--valid-days", "0")
    other = gb11643("31010419580312002")
    consumed = submitted_for(run_cli, platform, other)
    device = device_register.devices(platform.store, platform.hall)[0]
    case_id = str(uuid.uuid4())
    arrivals.consume_preapp(
        platform.store,
        device,
        uuid.uuid4().hex,
        consumed,
        PreappConsumption.model_validate(
            {
                "case_id": case_id,
                "case_no": "310104-20261201-0001",
                "consumed_at": "2026-12-01T09:00:00+08:00",
                "clerk": "clerk1",
            }
        ),
    )
    tomorrow = preapps.hall_preapps(
        platform.store, platform.hall, today + timedelta(days=1), day=None, status=None
    )
    by_id = {row["preapp_id"]: row for row in tomorrow}
    assert by_id[expiring]["status"] == "expired"
    assert by_id[expiring]["id_number"] != ID_NUMBER  # masked
    assert by_id[consumed]["status"] == "consumed"
    assert by_id[consumed]["consumed_device"] == device.device_id
    assert by_id[consumed]["case_no"] == case_id  # not held yet: its id
    text = run_cli("preapp", "show", consumed, *platform.db).stdout
    assert "已受理/taken" in text and device.device_id in text

    kept_days = preapps.PREAPP_KEPT_DAYS
    assert sweep(platform, today + timedelta(days=kept_days)).purged == 0
    swept = sweep(platform, today + timedelta(days=kept_days + 1))
    assert swept.purged == 2  # expired today, and consumed today
    after = shown(run_cli, platform, expiring)
    assert (after["id_number"], after["name"], after["materials"]) == ("", "", [])
    assert after["purged_at"]
    with platform.store.snapshot() as cur:
        revisions = platform.store._exec(
            cur, "SELECT COUNT(*) FROM arrival_feed WHERE arrival_id = ?", (expiring,)
        ).fetchone()[0]
    assert revisions == 1
    consumed_now = shown(run_cli, platform, consumed)
    assert consumed_now["id_number"] == "" and consumed_now["consumed_case_id"] == case_id
    assert consumed_now["consumed_device"] == device.device_id  # what the case needs stays
    later = today + timedelta(days=kept_days + arrivals.PREAPP_VALID_DAYS + 1)
    assert sweep(platform, later).purged == 0  # once


def sweep(platform: Platform, today: date) -> preapps.PreappSweep:
    return preapps.sweep_preapps(platform.store, today, "platform")


def stored_files(platform: Platform, preapp_id: str) -> int:
    with platform.store.snapshot() as cur:
        return int(
            platform.store._exec(
                cur, "SELECT COUNT(*) FROM preapp_files WHERE preapp_id = ?", (preapp_id,)
            ).fetchone()[0]
        )


def submitted_for(
    run_cli: Callable[..., CliRun], platform: Platform, id_number: str, *more: str
) -> str:
    made = run_cli(
        "preapp", "create", "--hall", platform.hall, "--item", RESIDENCE_FIRST,
        "--id-number", id_number, "--name", NAME, *more, *platform.db, "--json",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    return str(made.json()["preapp_id"])


def test_a_withdrawn_ones_files_are_purged_and_an_expired_ones_kept(
    platform: Platform, run_cli: Callable[..., CliRun], tmp_path: Any
) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8 photo")
    material = f"{bundled_material_code()}={photo}"
    withdrawn = submitted(run_cli, platform, "--material", material)
    run_cli("preapp", "withdraw", withdrawn, "--reason", "重复", *platform.db)
    # Ran out its days as far as the platform knows: a window offline may have taken it.
    expired = submitted_for(run_cli, platform, gb11643("31010419580312002"), "--valid-days", "0",
                            "--material", material)  # fmt: skip
    kept = preapps.PREAPP_KEPT_DAYS
    swept = sweep(platform, hall_today() + timedelta(days=kept + 1))
    assert swept.purged == 2  # closed today: kept days counted from its closing
    assert stored_files(platform, withdrawn) == 0
    after = shown(run_cli, platform, withdrawn)
    assert after["status"] == "withdrawn" and after["closed"]["note"] == ""
    assert stored_files(platform, expired) == 1
    expired_after = shown(run_cli, platform, expired)
    assert (expired_after["id_number"], expired_after["name"]) == ("", "")
    assert len(expired_after["materials"]) == 1


def bundled_material_code() -> str:
    item = next(i for i in bundled_catalog()["items"] if i["code"] == RESIDENCE_FIRST)
    return str(item["situations"][0]["materials"][0]["code"])


def test_an_item_left_out_of_the_catalog_closes_its_open_pre_applications(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    preapp_id = submitted(run_cli, platform)
    publish_catalog_without(platform.store, RESIDENCE_FIRST)

    out = run_cli("preapp", "sweep", *platform.db, "--json")
    assert out.returncode == 0, out.stderr
    assert out.json() == {"closed": [preapp_id], "purged": 0, "failed": []}
    assert shown(run_cli, platform, preapp_id)["status"] == "item_withdrawn"
    assert window_sees(platform)[preapp_id]["state"] == "cancelled"
    (entry,) = logged(platform, "preapp sweep")
    assert (entry["target"], entry["detail"]) == (preapp_id, {"step": "close"})
    assert run_cli("preapp", "sweep", *platform.db, "--json").json()["closed"] == []
    assert len(logged(platform, "preapp sweep")) == 1  # nothing done: nothing logged


def test_the_sweep_does_each_pre_application_on_its_own_and_purges_it_once(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    broken = submitted(run_cli, platform, "--valid-days", "0")
    fine = submitted_for(run_cli, platform, gb11643("31010419580312002"), "--valid-days", "0")
    with platform.store.transaction() as cur:  # a row its sealed payload no longer opens
        platform.store._exec(
            cur, "UPDATE arrival_feed SET payload = ? WHERE arrival_id = ?", (b"junk", broken)
        )
    later = hall_today() + timedelta(days=preapps.PREAPP_KEPT_DAYS + 1)
    swept = sweep(platform, later)
    assert (swept.purged, swept.failed) == (1, [broken])  # the other done all the same
    assert shown(run_cli, platform, fine)["purged_at"]
    (entry,) = logged(platform, "preapp sweep")
    assert (entry["target"], entry["detail"]) == (fine, {"step": "purge"})
    # A second worker that listed it before the first purged it: nothing again, not counted.
    with platform.store.transaction() as cur:
        assert preapps.purge_preapp(platform.store, cur, fine, cutoff=later) is False
    assert sweep(platform, later).purged == 0


def test_the_halls_listing_by_status_masked(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    failed = submitted(run_cli, platform, "--review", "failed", "--review-note", PHOTO_NOTE)
    other = submitted_for(run_cli, platform, gb11643("31010419580312002"))

    def listed(*options: str) -> list[dict[str, Any]]:
        out = run_cli("preapp", "list", "--hall", platform.hall, *options, *platform.db, "--json")
        assert out.returncode == 0, out.stderr
        return list(out.json()["preapps"])

    assert [(r["preapp_id"], r["status"]) for r in listed()] == [
        (failed, "failed_review"),
        (other, "open"),
    ]
    assert [r["preapp_id"] for r in listed("--state", "open")] == [other]
    assert listed("--date", str(hall_today() + timedelta(days=1))) == []
    assert all(ID_NUMBER not in str(r) and NAME not in str(r) for r in listed())
    text = run_cli("preapp", "list", "--hall", platform.hall, *platform.db)
    assert "预审未通过" in text.stdout and ID_NUMBER not in text.stdout


def test_a_refused_submission_answers_json(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    refused = run_cli(
        "preapp", "create", "--hall", platform.hall, "--item", "NOSUCHITEM",
        "--id-number", ID_NUMBER, "--name", NAME, *platform.db, "--json",
    )  # fmt: skip
    assert refused.returncode == 1
    error = refused.json()["error"]
    assert error["code"] == "unknown_item"
    assert error["message"].startswith("事项目录") and error["message_en"]
