"""A case exempt by an e-licence the register confirmed at the window, whose licence the
issuer revokes before the case reaches the platform, is taken there: the exemption stood when
the case was accepted (a revocation is not retroactive, and refusing would refuse every later
version of the case too). A lookup after the revocation finds nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from counter_app.config import Config
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.domain.exemptions import Verification
from counter_app.domain.idnumber import check_character
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import Accounts
from counter_app.services.intake_request import ApplicantInput, IntakeRequest
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog, get_item
from counter_app.store.database import Store
from sync.device_transport import platform_transport
from sync.elicences import Consent, licences_for
from tests.central.server_fixture import RunningCentral
from tests.sync.conftest import local_outbox, make_engine

pytestmark = pytest.mark.integration

BIRTH_REGISTRATION = "11310104002425311A004000100001"  # 生育登记, S01: M03 结婚证 has an e-licence
HOLDER = "31010419900101157" + check_character("31010419900101157")
MARRIAGE = "结婚证电子证照"
NUMBER = "J310104-2019-5"


def test_a_licence_revoked_after_the_acceptance_leaves_the_case_taken(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    central.publish_bundled_catalog()
    ensure_bundled_catalog(sync_store)
    ensure_bundled_calendar(sync_store)
    clerk = Accounts(sync_store).add_user("clerk07", "correct-horse-9", "clerk")
    central.cli(
        "elicence", "add", "--holder", HOLDER, "--type", MARRIAGE, "--number", NUMBER,
        "--issuer", "上海市徐汇区民政局", "--json",
    )  # fmt: skip
    situation = get_item(sync_store, BIRTH_REGISTRATION).default_situation
    read_at = datetime.now(UTC)
    transport = platform_transport(home, enrolled)
    try:
        (licence,) = licences_for(
            transport,
            situation,
            id_number=HOLDER,
            consent=Consent(None, read_at),
            clerk=clerk.username,
            serves=f"{BIRTH_REGISTRATION}/intake",
        )
    finally:
        transport.close()
    assert (licence.number, licence.verification) == (NUMBER, Verification.VERIFIED)
    marks = [
        SubmittedMaterial(m.code, MaterialStatus.RECEIVED, m.forms[0], m.count)
        for m in situation.materials
        if m.code != "M03"
    ]
    applicant = ApplicantInput(name="王芳", id_type="111", id_number=HOLDER)
    request = IntakeRequest(
        BIRTH_REGISTRATION, applicant, marks, licences=[licence], card_read_at=read_at
    )
    case_id = intake.accept(sync_store, request, clerk).case_id
    central.cli("elicence", "revoke", NUMBER, "--reason", "婚姻登记已撤销", "--json")

    summary = make_engine(home, enrolled, sync_store).run_once()

    assert summary.error is None and summary.rejected == 0
    assert local_outbox(sync_store)[(case_id, 1)][0] == "stored"
    transport = platform_transport(home, enrolled)
    try:
        found = licences_for(
            transport,
            situation,
            id_number=HOLDER,
            consent=Consent(None, datetime.now(UTC)),
            clerk=clerk.username,
            serves=f"{BIRTH_REGISTRATION}/intake",
        )
    finally:
        transport.close()
    assert found == []  # revoked: no lookup answers with it any more
