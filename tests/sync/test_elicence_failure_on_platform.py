"""An e-licence marked 待核验 offline that the register does not confirm reaches the
platform: flagged ``elicence_unverified`` in ``counter-central cases`` from the platform's
own answer, before the window uploads anything; once the window's version saying so
arrives, the export hands the material over as missing, not exempt, with the flag; the
window lists it as a problem case; the paper material closes it on the platform too."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from central.cli import main
from counter_app.config import Config
from counter_app.domain.idnumber import check_character
from counter_app.home import Home
from counter_app.services.auth import User
from counter_app.services.problems import elicence_problem_cases
from counter_app.store.case_plaintext import case_document
from counter_app.store.database import Store
from tests.central.server_fixture import RunningCentral
from tests.conftest import CliResult
from tests.in_process import run_main
from tests.sync.birth_registration import accept_pending_marriage_licence, lookup_clerk
from tests.sync.conftest import make_engine, platform_versions

pytestmark = pytest.mark.integration

HOLDER = "31010419900101131" + check_character("31010419900101131")


@pytest.fixture
def clerk(sync_store: Store, central: RunningCentral) -> User:
    return lookup_clerk(sync_store, central)


def platform_flags(central: RunningCentral, case_no: str) -> list[str]:
    listed = central.cli("cases", "--json")["cases"]
    (case,) = [c for c in listed if c["case_no"] == case_no]
    return list(case["flags"])


def exported(central: RunningCentral, hall: str, out: Path) -> dict[str, Any]:
    """The export record of the hall's one case (``counter-central export --hall``)."""
    args = ["export", "--hall", hall, "--out", str(out), *central.store_args()]
    done = run_main(main, args, None)
    assert done.returncode == 0, done.stderr
    (line,) = out.read_text(encoding="utf-8").splitlines()
    record: dict[str, Any] = json.loads(line)
    return record


def test_a_failed_verification_is_flagged_exported_and_listed_as_a_problem(
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
    clerk: User,
    cli: Callable[..., CliResult],
    tmp_path: Path,
) -> None:
    # Offline, the applicant's card read here the lookup's consent; no such licence is held.
    case_id = accept_pending_marriage_licence(
        sync_store, clerk, HOLDER, card_read_at=datetime.now(UTC)
    )
    case_no = case_document(sync_store, case_id)["case_no"]
    first = make_engine(home, enrolled, sync_store).run_once()
    assert first.error is None and first.elicences_verified == 0
    # The platform flagged it when it answered: it holds the window's first version only.
    assert [v for v, _ in platform_versions(central.db)[case_id]] == [1]
    assert "elicence_unverified" in platform_flags(central, case_no)

    second = make_engine(home, enrolled, sync_store).run_once()  # the failed version goes up
    assert second.error is None
    assert [v for v, _ in platform_versions(central.db)[case_id]] == [1, 2]
    assert "elicence_unverified" in platform_flags(central, case_no)
    record = exported(central, enrolled.hall.hall_code, tmp_path / "out.jsonl")
    assert record["flags"] == ["elicence_unverified"]
    material = next(m for m in record["materials"] if m["code"] == "M03")
    assert (material["status"], material["exemption"], material["licence_verification"]) == (
        "missing",
        None,
        "failed",
    )

    (problem,) = elicence_problem_cases(sync_store)
    assert (problem.case_no, problem.problem.status) == (case_no, "elicence_unverified")
    assert "M03" in problem.problem.message_zh and "--paper" in problem.problem.todo_en

    closed = cli(
        "elicence", "resolve", case_no, "--material", "M03", "--paper",
        "--by", "clerk07", "--password-stdin", input="correct-horse-9\n",
    )  # fmt: skip
    assert closed.returncode == 0, closed.stderr
    assert elicence_problem_cases(sync_store) == []
    assert make_engine(home, enrolled, sync_store).run_once().error is None
    assert "elicence_unverified" not in platform_flags(central, case_no)
