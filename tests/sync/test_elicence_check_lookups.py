"""``counter-app elicence check`` against a real platform: without the applicant's
authorisation it says nothing was looked up (never a silent "not exempt"); every lookup it
makes is in the window's audit log under the holder's pseudonymous subject, whatever came of
it, under the clerk ``--by`` names (the OS user without it); someone else's material is never
exempted by the applicant's licence."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from counter_app.config import Config
from counter_app.domain.idnumber import check_character
from counter_app.services.auth import Accounts
from counter_app.services.elicence_checks import ELICENCE_LOOKED_UP
from counter_app.store.cases import id_number_key
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from tests.central.server_fixture import RunningCentral
from tests.conftest import CliResult
from tests.sync.birth_registration import BIRTH_REGISTRATION, consent_code, register_licence

pytestmark = pytest.mark.integration

HOLDER = "31010419900101123" + check_character("31010419900101123")


@pytest.fixture
def catalog(sync_store: Store, central: RunningCentral) -> None:
    central.publish_bundled_catalog()  # a lookup serves an item of the platform's catalog
    ensure_bundled_catalog(sync_store)


def lookups(store: Store) -> list[tuple[str, dict]]:
    rows = store.db.execute(
        "SELECT actor, detail FROM audit_log WHERE action = ? ORDER BY seq", (ELICENCE_LOOKED_UP,)
    ).fetchall()
    return [(actor, json.loads(detail)) for actor, detail in rows]


def check(cli: Callable[..., CliResult], *consent: str) -> CliResult:
    return cli(
        "elicence", "check", "--id-number", HOLDER, "--item", BIRTH_REGISTRATION, *consent,
        "--json",
    )  # fmt: skip


def test_without_consent_nothing_is_looked_up_and_it_says_so(
    enrolled: Config, sync_store: Store, catalog: None, cli: Callable[..., CliResult]
) -> None:
    done = check(cli)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["looked_up"] is False
    rows = {row["code"]: row for row in answer["materials"]}
    assert (rows["M03"]["exempt"], rows["M03"]["verified"]) == (None, "not_looked_up")
    # The spouses' cards are the couple's: no lookup of the applicant's would settle them.
    assert (rows["M01"]["exempt"], rows["M01"]["verified"]) == (False, False)
    text = cli("elicence", "check", "--id-number", HOLDER, "--item", BIRTH_REGISTRATION)
    assert "M03  结婚证  [未查询]" in text.stdout
    assert lookups(sync_store) == []


def test_every_lookup_is_audited_with_its_outcome(
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    catalog: None,
    cli: Callable[..., CliResult],
) -> None:
    # The applicant holds both licences; only their own material's (M03) is looked up.
    register_licence(central, HOLDER, "ID-1", "居民身份证电子证照", "上海市公安局徐汇分局")
    register_licence(central, HOLDER, "J310104-2020-7")
    code = consent_code(central, HOLDER)
    done = check(cli, "--consent", code)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["looked_up"] is True
    rows = {row["code"]: row for row in answer["materials"]}
    assert (rows["M01"]["exempt"], rows["M01"]["verified"]) == (False, False)  # the couple's
    assert (rows["M03"]["exempt"], rows["M03"]["licence_number"]) == (True, "J310104-2020-7")

    other = "31010419850101123" + check_character("31010419850101123")
    refused = check(cli, "--consent", consent_code(central, other))
    assert refused.returncode != 0

    (found, declined) = lookups(sync_store)
    subject = id_number_key(sync_store, HOLDER).subject
    assert found[0].startswith("cli:")
    assert {k: found[1][k] for k in ("searched_by", "subject", "item", "outcome")} == {
        "searched_by": "id_number",
        "subject": subject,
        "item": BIRTH_REGISTRATION,
        "outcome": "found",
    }
    assert found[1]["licences"] == 1  # the marriage certificate's; the ID card never asked for
    assert (declined[1]["subject"], declined[1]["outcome"]) == (subject, "refused")
    assert HOLDER not in json.dumps([found, declined])


def test_the_lookup_is_made_and_logged_as_the_clerk_named_by_by(
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    catalog: None,
    cli: Callable[..., CliResult],
) -> None:
    Accounts(sync_store).add_user("clerk07", "correct-horse-9", "clerk")
    register_licence(central, HOLDER, "J310104-2020-7")
    code = consent_code(central, HOLDER)
    wrong = cli(
        "elicence", "check", "--id-number", HOLDER, "--item", BIRTH_REGISTRATION,
        "--consent", code, "--by", "clerk07", "--password-stdin", "--json",
        input="wrong-horse-9\n",
    )  # fmt: skip
    assert wrong.returncode != 0 and "clerk07 的密码不正确" in wrong.stderr
    unnamed = check(cli, "--consent", code, "--password-stdin")
    assert unnamed.returncode != 0 and "--password-stdin 须与 --by USER 一起使用" in unnamed.stderr
    assert lookups(sync_store) == []  # neither asked the register
    assert central.cli("elicence", "log", "--json")["entries"] == []

    done = cli(
        "elicence", "check", "--id-number", HOLDER, "--item", BIRTH_REGISTRATION,
        "--consent", code, "--by", "clerk07", "--password-stdin", "--json",
        input="correct-horse-9\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = {row["code"]: row for row in json.loads(done.stdout)["materials"]}
    assert rows["M03"]["exempt"] is True
    ((actor, detail),) = lookups(sync_store)
    assert (actor, detail["outcome"]) == ("clerk07", "found")
    (entry,) = central.cli("elicence", "log", "--json")["entries"]
    assert entry["record"]["clerk"] == "clerk07"  # the platform's record names them too
