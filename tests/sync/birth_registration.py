"""生育登记 (S01), whose marriage certificate (M03) has an e-licence, as the e-licence tests set
it up: a licence in the platform's register, the holder's consent code, a clerk who may look
licences up, and a case accepted with the certificate 待核验 (looked up offline)."""

from __future__ import annotations

from typing import Any

from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.domain.exemptions import LicenceFound, Verification
from counter_app.services import intake
from counter_app.services.auth import Accounts, User
from counter_app.services.intake_request import ApplicantInput, IntakeRequest
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog, get_item
from counter_app.store.database import Store
from tests.central.server_fixture import RunningCentral

BIRTH_REGISTRATION = "11310104002425311A004000100001"
MARRIAGE = "结婚证电子证照"
CIVIL_AFFAIRS = "上海市徐汇区民政局"  # the marriage certificate's issuer


def register_licence(
    central: RunningCentral,
    holder: str,
    number: str,
    licence_type: str = MARRIAGE,
    issuer: str = CIVIL_AFFAIRS,
) -> None:
    """A licence in the platform's register, which checks its type against the published
    catalog: publish one first (``lookup_clerk`` does)."""
    central.cli(
        "elicence", "add", "--holder", holder, "--type", licence_type, "--number", number,
        "--issuer", issuer, "--json",
    )  # fmt: skip


def consent_code(central: RunningCentral, holder: str) -> str:
    """An authorisation code the holder gave on the platform for lookups of their licences."""
    return str(central.cli("elicence", "consent", "--holder", holder, "--json")["code"])


def lookup_clerk(store: Store, central: RunningCentral) -> User:
    """``clerk07`` (password ``correct-horse-9``) at a window holding the bundled catalog and
    calendar, the catalog published on the platform too (a lookup serves one of its items)."""
    central.publish_bundled_catalog()
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)
    return Accounts(store).add_user("clerk07", "correct-horse-9", "clerk")


def accept_pending_marriage_licence(store: Store, clerk: User, holder: str, **consent: Any) -> str:
    """生育登记 accepted for 王芳 (``holder``) with every other material received and the
    marriage certificate 待核验; ``consent`` is the request's ``card_read_at`` or
    ``elicence_consent_code``. The case's id."""
    situation = get_item(store, BIRTH_REGISTRATION).default_situation
    marks = [
        SubmittedMaterial(m.code, MaterialStatus.RECEIVED, m.forms[0], m.count)
        for m in situation.materials
        if m.code != "M03"
    ]
    pending = LicenceFound("M03", MARRIAGE, None, None, None, None, None, Verification.PENDING)
    applicant = ApplicantInput(name="王芳", id_type="111", id_number=holder)
    request = IntakeRequest(BIRTH_REGISTRATION, applicant, marks, licences=[pending], **consent)
    return intake.accept(store, request, clerk).case_id
