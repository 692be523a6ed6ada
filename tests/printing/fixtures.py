"""Printing fixtures, registered once for the whole suite (``pytest_plugins`` in
tests/conftest.py): stored cases of every decision (through the real intake service), the
bundled fonts, and a private CUPS scheduler with a cups-pdf queue."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from counter_app.config import Config
from counter_app.domain.catalog import MaterialForm
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.domain.idnumber import check_character
from counter_app.services import case_endings, intake
from counter_app.services.auth import Accounts, User
from counter_app.services.intake_request import AgentInput, ApplicantInput, IntakeRequest
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from printing.fonts import BUNDLED_FONT_DIR, FONT_FILES
from printing.service import IssuedDocument
from tests.printing.cups_fixture import CupsServer, start_cups, stop_cups
from tests.stale_services import service_dir

RARE_NAME = "吉𠮷·𪚥"  # U+20BB7 and U+2A6A5: CJK Extension B, beyond the BMP
RESIDENCE_PERMIT = "11310104002425186K001000300001"  # 上海市居住证办理（首次申领）: M01..M22
ELDERLY_ALLOWANCE = "11310104002425207D006001100001"  # 老年综合津贴申领: M03 non-core
RESIDENCE_ENDORSEMENT = "11310104002425186K001000300002"  # 上海市居住证签注: M03 optional
HEALTH_PERMIT = "11310104002425311A004002100001"  # 公共场所卫生许可（新办）: organisations only
CASE_TIME = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)  # make_case's: promised 2026-12-10


# The materials that complete a case of each: all of the item's required ones.
_COMPLETE = {
    ELDERLY_ALLOWANCE: ("M01", "M02", "M03", "M04"),
    HEALTH_PERMIT: ("M01", "M02", "M03", "M10", "M11", "M12"),
}


def item_serving(applicant: ApplicantInput) -> tuple[str, tuple[str, ...]]:
    """An item that serves ``applicant``'s type (服务对象), and the material codes that
    complete a case of it: 老年综合津贴申领 for a person, 公共场所卫生许可（新办） for an
    enterprise or other organisation."""
    item = ELDERLY_ALLOWANCE if applicant.applicant_type == "person" else HEALTH_PERMIT
    return item, _COMPLETE[item]


def request_serving(
    applicant: ApplicantInput,
    agent: AgentInput | None = None,
    codes: tuple[str, ...] | None = None,
) -> IntakeRequest:
    """A request for an item that serves ``applicant`` (:func:`item_serving`), brought by
    ``agent``, with the originals of ``codes`` received (default: every material that
    completes a case of it), under a request id of its own."""
    item, complete = item_serving(applicant)
    return IntakeRequest(
        service_item=item,
        applicant=applicant,
        materials=[
            SubmittedMaterial(code, MaterialStatus.RECEIVED, MaterialForm.ORIGINAL, 1)
            for code in (complete if codes is None else codes)
        ],
        request_id=str(uuid.uuid4()),
        agent=agent,
    )


def id_number(seq: int) -> str:
    first17 = f"310104199001{seq % 28 + 1:02d}{seq % 1000:03d}"
    return first17 + check_character(first17)


@pytest.fixture(scope="session")
def bundled_fonts() -> None:
    """The fonts `make setup` installs; the suite fails clearly when they are absent."""
    missing = [f.filename for f in FONT_FILES if not (BUNDLED_FONT_DIR / f.filename).is_file()]
    assert not missing, f"run `make fonts` first: {missing} missing in {BUNDLED_FONT_DIR}"


@pytest.fixture
def clerk(store: Store) -> User:
    return Accounts(store).add_user("clerk07", "correct-horse-9", "clerk")


@pytest.fixture
def supervisor(store: Store) -> User:
    return Accounts(store).add_user("super01", "correct-horse-9", "supervisor")


CaseFactory = Callable[..., intake.IntakeResult]


@pytest.fixture
def make_case(store: Store, clerk: User, supervisor: User) -> CaseFactory:
    default_clerk = clerk
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)
    counter = iter(range(1, 10_000))

    def make(
        decision: str = "accept",
        name: str = RARE_NAME,
        clerk: str | None = None,
        *,
        now: datetime = CASE_TIME,
        deadline: date | None = date(2026, 12, 4),
    ) -> intake.IntakeResult:
        """A case of ``decision``, taken at ``now``; ``clerk``: the username of the account
        that makes it (default: the clerk07 fixture); ``deadline``: the deferred material's
        (None: the hall's default, counted in working days)."""
        by = Accounts(store).get(clerk) if clerk else default_clerk
        seq = next(counter)
        received = [
            SubmittedMaterial(code, MaterialStatus.RECEIVED, MaterialForm.ORIGINAL, 1)
            for code in ("M01", "M02", "M04")
        ]
        materials = [
            *received,
            SubmittedMaterial("M03", MaterialStatus.RECEIVED, MaterialForm.COPY, 2),
        ]
        request = IntakeRequest(
            service_item=ELDERLY_ALLOWANCE,
            applicant=ApplicantInput(name=name, id_type="111", id_number=id_number(seq)),
            materials=materials,
            request_id=str(uuid.uuid4()),
        )
        if decision == "accept":
            return intake.accept(store, request, by, now=now)
        if decision == "deferral":
            deferred = [
                *received,
                SubmittedMaterial("M03", MaterialStatus.DEFERRED, deadline=deadline),
            ]
            return intake.accept_deferred(
                store, replace(request, materials=deferred), by, supervisor, now=now
            )
        if decision == "notify":
            return intake.notify(store, replace(request, materials=received[:2]), by, now=now)
        if decision == "withdraw":
            accepted = intake.accept(store, request, by, now=now)
            case_endings.withdraw(
                store, accepted.case_id, by, "申请人不再需要办理", applicant_confirmed=True, now=now
            )
            return accepted
        if decision == "refuse":
            return intake.refuse(
                store,
                request,
                by,
                now=now,
                reason="申请人户籍不在本区，本中心不受理该事项",
                legal_basis="《中华人民共和国行政许可法》第三十二条第一款第（二）项",
            )
        raise AssertionError(decision)

    return make


@pytest.fixture(scope="session")
def cups() -> Iterator[CupsServer]:
    if shutil.which("cupsd") is None:
        pytest.fail(
            "cupsd is not installed: run `make setup` (Debian cups, printer-driver-cups-pdf)"
        )
    # Not under pytest's tmp dir: that is owner-only, and CUPS filters run as the user lp.
    root = service_dir("counter-cups-")
    try:
        server = start_cups(root)
        try:
            yield server
        finally:
            stop_cups(server)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pdf_queue(cups: CupsServer) -> Iterator[str]:
    name = f"counter-test-{uuid.uuid4().hex[:8]}"
    cups.add_pdf_queue(name)
    try:
        yield name
    finally:
        cups.delete_queue(name)


def printing_config(config: Config, **changes: Any) -> Config:
    return replace(config, printing=replace(config.printing, **changes))


@pytest.fixture
def output_dir(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    return out


def print_record(store: Store, issued: IssuedDocument) -> tuple[str, str | None]:
    """How the register says printing ``issued`` ended: (print_status, print_error)."""
    return store.db.execute(
        "SELECT print_status, print_error FROM documents WHERE document_id = ?",
        (issued.document_id,),
    ).fetchone()
