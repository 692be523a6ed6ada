"""Whose e-licences a lookup asks for, and on what consent: only the applicant's own
materials' licences (another person's material is theirs to consent to, not the
applicant's); and a check accepted before intake required a card read for a card-read
consent, whose case records no read, fails as having had no consent, never looked up with
the acceptance time standing in for one."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from counter_app.config import Config
from counter_app.domain.catalog import MaterialHolder
from counter_app.domain.exemptions import Verification
from counter_app.domain.idnumber import check_character
from counter_app.home import Home
from counter_app.services.auth import User
from counter_app.store.catalog import get_item
from counter_app.store.database import Store
from sync.device_transport import platform_transport
from sync.elicences import ELICENCE_LOOKUP_PATH, Consent, licences_for
from sync.transport import PlatformTransport
from tests.central.server_fixture import RunningCentral
from tests.conftest import CliResult
from tests.sync.birth_registration import (
    BIRTH_REGISTRATION,
    accept_pending_marriage_licence,
    lookup_clerk,
    register_licence,
)
from tests.sync.conftest import make_engine

pytestmark = pytest.mark.integration

HOLDER = "31010419900101141" + check_character("31010419900101141")


@pytest.fixture
def clerk(sync_store: Store, central: RunningCentral) -> User:
    clerk07 = lookup_clerk(sync_store, central)  # the platform's catalog names licence types
    register_licence(central, HOLDER, "J310104-2021-3")
    return clerk07


def test_a_lookup_asks_only_for_the_licences_of_the_applicants_own_materials(
    home: Home, enrolled: Config, sync_store: Store, clerk: User
) -> None:
    own = get_item(sync_store, BIRTH_REGISTRATION).default_situation
    others = replace(
        own,
        materials=tuple(
            replace(m, holder=MaterialHolder.OTHER) if m.code == "M03" else m for m in own.materials
        ),
    )
    transport = platform_transport(home, enrolled)
    try:
        found = {
            name: licences_for(
                transport,
                situation,
                id_number=HOLDER,
                consent=Consent(None, datetime.now(UTC)),
                clerk=clerk.username,
                serves=f"{BIRTH_REGISTRATION}/intake",
            )
            for name, situation in (("own", own), ("others", others))
        }
    finally:
        transport.close()

    assert [(x.material_code, x.verification) for x in found["own"]] == [
        ("M03", Verification.VERIFIED)
    ]
    assert found["others"] == []


def test_an_old_card_read_check_without_a_read_fails_as_having_no_consent(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    clerk: User,
    cli: Callable[..., CliResult],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case_id = accept_pending_marriage_licence(
        sync_store, clerk, HOLDER, elicence_consent_code="AB12-CD34"
    )
    # As an intake before card reads were required wrote it: card_read, the acceptance time.
    with sync_store.transaction() as db:
        db.execute(
            "UPDATE elicence_checks SET consent_kind = 'card_read', consent_code = NULL"
            " WHERE case_id = ?",
            (case_id,),
        )
    asked: list[dict[str, Any]] = []
    real = PlatformTransport.request_json

    def recorded(self: PlatformTransport, method: str, path: str, *args: Any, **kw: Any) -> Any:
        if path == ELICENCE_LOOKUP_PATH:
            asked.append(args[0])
        return real(self, method, path, *args, **kw)

    monkeypatch.setattr(PlatformTransport, "request_json", recorded)
    summary = make_engine(home, enrolled, sync_store).run_once()

    assert summary.error is None and summary.elicences_verified == 0
    assert asked == []  # the register was never asked on a consent that was not given
    listed = cli("elicence", "tasks", "--json")
    assert listed.returncode == 0, listed.stderr
    (task,) = json.loads(listed.stdout)["tasks"]
    assert (task["material_code"], task["state"]) == ("M03", "failed")
    assert "没有读取申请人本人的身份证" in task["detail"]
