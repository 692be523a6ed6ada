"""What the register answers with: a licence stands only from its first valid day and only
until it is revoked (``counter-central elicence revoke``, operator-logged; ``list`` and
``show`` say so); a licence of a person is refused for an organisation's credit code and
the reverse. The signed lookup log names the licences it disclosed by type and the register's
id, never by number, and is filtered by holder (the keyed index, never the number printed),
case, official and hall day; the operator log of a revocation keeps no reason."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from central.errors import UnknownInHall
from central.store import CentralStore, Device, elicences
from counter_app.domain.hall_time import hall_today
from counter_app.domain.idnumber import check_character, credit_check_character
from sync.wire.elicences import ElicenceDocumentRequest, ElicenceLookup
from tests.central.conftest import CliRun, Platform
from tests.central.enrolled import enrol_window

BIRTH_REGISTRATION = "11310104002425311A004000100001"  # takes 结婚证 e-licences
MARRIAGE = "结婚证电子证照"
BUSINESS = "营业执照电子证照"


def holder(first17: str) -> str:
    return first17 + check_character(first17)


def credit_code(first17: str) -> str:
    return first17 + credit_check_character(first17)


def add(run_cli: Callable[..., CliRun], platform: Platform, *options: str) -> CliRun:
    return run_cli("elicence", "add", *options, *platform.db, "--json")


def look_up(
    store: CentralStore, device: Device, number: str, *, serves: str = BIRTH_REGISTRATION
) -> dict[str, Any]:
    request = ElicenceLookup.model_validate({
        "holder_id_number": number,
        "types": [MARRIAGE],
        "consent": {"kind": "card_read", "read_at": datetime.now(UTC).isoformat()},
        "clerk": "clerk07",
        "serves": serves,
    })  # fmt: skip
    return elicences.lookup(store, device, request, request.model_dump_json().encode())


def numbers(answer: dict[str, Any]) -> list[str]:
    return [licence["number"] for licence in answer["licences"]]


def test_a_licence_valid_only_from_a_later_day_exempts_nothing_yet(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    wang = holder("31010419900101401")
    tomorrow = (hall_today() + timedelta(days=1)).isoformat()
    kept = add(
        run_cli, platform, "--holder", wang, "--type", MARRIAGE, "--number", "J-LATER",
        "--valid-from", tomorrow,
    )  # fmt: skip
    assert kept.returncode == 0, kept.stderr
    device = enrol_window(platform.store, platform.hall)
    assert numbers(look_up(platform.store, device, wang)) == []
    today = hall_today().isoformat()
    add(
        run_cli, platform, "--holder", wang, "--type", MARRIAGE, "--number", "J-TODAY",
        "--valid-from", today, "--valid-to", today,
    )  # fmt: skip
    assert numbers(look_up(platform.store, device, wang)) == ["J-TODAY"]


def test_a_revoked_licence_is_answered_no_more_and_listed_as_revoked(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    wang = holder("31010419900101402")
    add(run_cli, platform, "--holder", wang, "--type", MARRIAGE, "--number", "J-REV")
    device = enrol_window(platform.store, platform.hall)
    answered = look_up(platform.store, device, wang)
    assert numbers(answered) == ["J-REV"]

    revoked = run_cli(
        "elicence", "revoke", "J-REV", "--reason", "婚姻登记撤销", "--operator", "ops01",
        *platform.db, "--json",
    )  # fmt: skip
    assert revoked.returncode == 0, revoked.stderr
    assert (revoked.json()["revoked"], revoked.json()["revoked_reason"]) == (True, "婚姻登记撤销")
    assert numbers(look_up(platform.store, device, wang)) == []
    # A lookup made before the revocation no longer serves the licence's document either.
    fetch = ElicenceDocumentRequest(
        lookup_id=answered["lookup_id"],
        licence_type=MARRIAGE,
        number="J-REV",
        clerk="clerk07",
        serves=BIRTH_REGISTRATION,
    )
    with pytest.raises(UnknownInHall) as refused:
        elicences.fetch_document(platform.store, device, fetch, b"{}")
    assert refused.value.code == "unknown_licence_document"

    shown = run_cli("elicence", "show", "J-REV", *platform.db, "--json")
    assert shown.returncode == 0 and shown.json()["revoked"] is True
    listed = run_cli("elicence", "list", "--holder", wang, *platform.db, "--json").json()
    assert [(x["number"], x["revoked"]) for x in listed["licences"]] == [("J-REV", True)]
    assert wang not in shown.stdout + str(listed)

    again = run_cli("elicence", "revoke", "J-REV", "--reason", "再次", *platform.db)
    assert again.returncode == 1 and "已于" in again.stderr
    with platform.store.snapshot() as cur:
        logged = cur.execute(
            "SELECT operator, action FROM operator_log WHERE action = 'elicence revoke'"
        ).fetchall()
    assert [tuple(row) for row in logged] == [("operator:ops01", "elicence revoke")]
    with platform.store.snapshot() as cur:
        (target, detail) = cur.execute(
            "SELECT target, detail FROM operator_log WHERE action = 'elicence revoke'"
        ).fetchone()
    # The operator's own words stay in the register (``show`` above), out of the log.
    assert (target, json.loads(detail)) == (revoked.json()["licence_id"], {"type": MARRIAGE})


def test_a_licence_of_the_other_kind_of_holder_is_refused(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    firm = credit_code("91310104MA1FL1234")
    person = holder("31010419900101403")
    refused = add(run_cli, platform, "--holder", firm, "--type", MARRIAGE, "--number", "J-FIRM")
    assert refused.returncode == 1
    zh, en = refused.stderr.splitlines()
    assert "个人的证照" in zh and "unified social credit code" in en
    refused = add(run_cli, platform, "--holder", person, "--type", BUSINESS, "--number", "B-1")
    assert refused.returncode == 1 and "统一社会信用代码" in refused.stderr
    assert (
        add(run_cli, platform, "--holder", firm, "--type", BUSINESS, "--number", "B-2").returncode
        == 0
    )


def test_the_log_names_what_it_disclosed_and_is_filtered_for_auditors(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    wang, li = holder("31010419900101404"), holder("31010419900101405")
    kept = add(run_cli, platform, "--holder", wang, "--type", MARRIAGE, "--number", "J-W")
    assert kept.returncode == 0, kept.stderr
    device = enrol_window(platform.store, platform.hall)
    look_up(platform.store, device, wang, serves=f"{BIRTH_REGISTRATION}/intake-1")
    look_up(platform.store, device, li, serves=f"{BIRTH_REGISTRATION}/intake-2")

    def log(*options: str) -> list[dict[str, Any]]:
        run = run_cli("elicence", "log", *options, *platform.db, "--json")
        assert run.returncode == 0, run.stderr
        assert wang not in run.stdout and li not in run.stdout
        return [entry["record"] for entry in run.json()["entries"]]

    (about_wang,) = log("--holder", wang)
    licence_id = kept.json()["licence_id"]
    assert about_wang["disclosed"] == [{"licence_type": MARRIAGE, "licence_id": licence_id}]
    assert "J-W" not in json.dumps(about_wang)
    (about_li,) = log("--holder", li)
    assert about_li["disclosed"] == []
    assert [r["serves"] for r in log("--case", "intake-2")] == [f"{BIRTH_REGISTRATION}/intake-2"]
    assert len(log("--official", "clerk07")) == 2 and log("--official", "clerk08") == []
    today = hall_today()
    assert len(log("--since", today.isoformat(), "--until", today.isoformat())) == 2
    assert log("--until", (today - timedelta(days=1)).isoformat()) == []
    assert log("--since", date(2099, 1, 1).isoformat()) == []
