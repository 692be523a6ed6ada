"""E-licence holders who are not mainland residents: the register takes a licence of any
number a window accepts (a Hong Kong identity card's "A123456(7)", a 5-character passport),
a lookup sends the number as the window's own check normalises it (full-width, spaces,
case), and a typed number no document could have is refused in words before any request."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from counter_app.config import Config
from counter_app.errors import InvalidIdNumber
from counter_app.home import Home
from counter_app.store.catalog import ensure_bundled_catalog, get_item
from counter_app.store.database import Store
from sync.device_transport import platform_transport
from sync.elicences import Consent, lookup
from tests.central.server_fixture import RunningCentral
from tests.conftest import CliResult

pytestmark = pytest.mark.integration

BIRTH_REGISTRATION = "11310104002425311A004000100001"  # 生育登记, S01: M03 结婚证 has an e-licence
MARRIAGE = "结婚证电子证照"


def register(central: RunningCentral, holder: str, number: str) -> None:
    central.cli(
        "elicence", "add", "--holder", holder, "--type", MARRIAGE, "--number", number, "--json",
    )  # fmt: skip


def consent_code(central: RunningCentral, holder: str) -> str:
    return str(central.cli("elicence", "consent", "--holder", holder, "--json")["code"])


@pytest.mark.parametrize(
    ("registered", "typed"),
    [
        ("A123456(7)", "ａ１２３４５６（７）"),  # a Hong Kong identity card, typed full-width
        ("X1234567", "X 1234567"),  # a passport, typed grouped
        ("E1234", "e1234"),  # a 5-character passport
    ],
)
def test_check_finds_the_licence_of_a_number_typed_as_the_window_takes_it(
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    cli: Callable[..., CliResult],
    registered: str,
    typed: str,
) -> None:
    central.publish_bundled_catalog()  # the check serves its item of the platform's catalog
    ensure_bundled_catalog(sync_store)
    register(central, registered, f"J-{registered}")
    checked = cli(
        "elicence", "check", "--id-number", typed, "--item", BIRTH_REGISTRATION,
        "--consent", consent_code(central, typed), "--json",
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    rows = {row["code"]: row for row in json.loads(checked.stdout)["materials"]}
    assert (rows["M03"]["exempt"], rows["M03"]["licence_number"]) == (True, f"J-{registered}")


def test_a_number_no_document_could_have_is_refused_in_words_before_any_request(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    cli: Callable[..., CliResult],
) -> None:
    ensure_bundled_catalog(sync_store)
    typed = cli(
        "elicence", "check", "--id-number", "X!234567", "--item", BIRTH_REGISTRATION,
        "--consent", "AB12CD34", "--json",
    )  # fmt: skip
    assert typed.returncode == 2 and "Traceback" not in typed.stderr
    assert "“X!234567”不是证件号码" in typed.stderr
    situation = get_item(sync_store, BIRTH_REGISTRATION).default_situation
    transport = platform_transport(home, enrolled)
    try:
        with pytest.raises(InvalidIdNumber) as refused:
            lookup(
                transport,
                id_number="3" * 31,
                types=[m.exempt_elicence for m in situation.materials if m.exempt_elicence],
                consent=Consent("AB12CD34", datetime.now(UTC)),
                clerk="clerk07",
                serves=f"{BIRTH_REGISTRATION}/check",
            )
    finally:
        transport.close()
    assert refused.value.field == "id_number" and "1-30" in refused.value.en
    assert central.cli("elicence", "log", "--json")["entries"] == []


def test_the_register_refuses_a_holder_no_lookup_could_name(central: RunningCentral) -> None:
    with pytest.raises(RuntimeError) as refused:
        central.cli(
            "elicence", "add", "--holder", "A123 456[7]", "--type", MARRIAGE, "--number", "J-9",
        )  # fmt: skip
    assert "--holder：“A123 456[7]”不是证件号码" in str(refused.value)
    assert "Traceback" not in str(refused.value)
