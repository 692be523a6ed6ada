"""A store with the bundled catalog and calendar, real accounts, and helpers that build
complete intake requests from the training catalog; and, for the sign-in and second-factor
tests, accounts on a clock the test moves by hand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from counter_app.domain.catalog import ServiceItem
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.domain.idnumber import check_character
from counter_app.services.auth import Accounts, User
from counter_app.services.intake_request import ApplicantInput, IntakeRequest
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog, list_items
from counter_app.store.database import Store
from tests.conftest import SECOND_FACTOR_SETTING
from tests.services.one_time_codes_clock import Clock

PASSWORD = "Counter-Pass-2026!"
# A Thursday in the published 2026 calendar, 10:00 in Shanghai.
MOMENT = datetime(2026, 9, 24, 2, 0, tzinfo=UTC)
# A holder of a foreigner's permanent residence card (2017 design): bilingual documents.
FOREIGNER = ApplicantInput(
    name="史密斯",
    id_type="990",
    id_number="USA310087060015",
    doc_kind="foreign_permanent_2017",
    english_name="SMITH, JOHN MICHAEL",
    birth_date="1987-06-04",
    nationality="USA",
)


def resident_number(first17: str = "31010419800101123") -> str:
    return first17 + check_character(first17)


@pytest.fixture
def intake_store(store: Store) -> Iterator[Store]:
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)
    yield store


@pytest.fixture
def accounts(intake_store: Store) -> Accounts:
    return Accounts(intake_store)


@pytest.fixture
def clerk() -> User:
    """The signed-in clerk as the session holds it (login itself is tested with accounts)."""
    return User("clerk1", "窗口一", "clerk", None, False)


@pytest.fixture
def supervisor(accounts: Accounts) -> User:
    """A supervisor who really signs in: approvals rest on authentication."""
    accounts.add_user("chief1", PASSWORD, "supervisor")
    return accounts.authenticate("chief1", PASSWORD)


@pytest.fixture
def privileged_use_needs_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Supervisors and administrators sign in and approve with a one-time code too (the suite
    runs with ``security.second_factor`` off)."""
    monkeypatch.setenv(SECOND_FACTOR_SETTING, "privileged")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def clocked_accounts(store: Store, clock: Clock) -> Accounts:
    """Accounts on a store without the catalog, whose time is ``clock``."""
    return Accounts(store, now=clock)


def item_named(store: Store, name: str) -> ServiceItem:
    return next(item for item in list_items(store) if item.name == name)


def complete_marks(item: ServiceItem, situation: str | None = None) -> list[SubmittedMaterial]:
    chosen = item.situation(situation)
    assert chosen is not None
    return [
        SubmittedMaterial(m.code, MaterialStatus.RECEIVED, m.forms[0], m.count)
        for m in chosen.materials
        if m.required
    ]


def request_for(
    item: ServiceItem,
    marks: list[SubmittedMaterial],
    *,
    name: str = "张𠮷",
    number: str | None = None,
    **kw,
) -> IntakeRequest:
    applicant = ApplicantInput(
        name=name, id_type="111", id_number=number or resident_number(), phone="13900000000"
    )
    return IntakeRequest(service_item=item.code, applicant=applicant, materials=marks, **kw)
