"""``counter-central cases|…`` list every row unless ``--limit N`` (the last N, the earlier
ones counted on stderr and in ``--json`` as ``left_off``) or ``--day`` (one hall day, where
the rows have one) say otherwise; without them the output is as it was."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from central.simulator import SimulatedDevice
from central.store import devices as device_register
from central.store import push
from counter_app.domain.hall_time import hall_today
from sync.wire.case_push import CaseSubmission
from sync.wire.signing import new_nonce, public_key_b64
from tests.central.conftest import CliRun, Platform


def _three_cases(platform: Platform) -> list[str]:
    """Three cases pushed by a window of the platform's hall; their case numbers, in order."""
    code, _ = device_register.create_enroll_code(platform.store, platform.hall, "W03", 60)
    device = device_register.enroll(
        platform.store, code, public_key_b64(Ed25519PrivateKey.generate()), "limit", ["L1"]
    )
    numbering = SimulatedDevice(
        "http://127.0.0.1:9", device.device_id, device.hall, device.window, number_device="L1"
    )
    cases = [CaseSubmission.model_validate(numbering.case(case_id=uuid.uuid4())) for _ in range(3)]
    for case in cases:
        push.push_batch(platform.store, device, new_nonce(), [case])
    return [case.case_no for case in cases]


def test_limit_lists_the_last_rows_and_counts_the_others(
    run_cli: Callable[..., CliRun], platform: Platform
) -> None:
    numbers = _three_cases(platform)
    listing = ("cases", "--hall", platform.hall, *platform.db)

    everything = run_cli(*listing, "--json")
    assert everything.json() == {"cases": everything.json()["cases"]}  # as it was
    assert [row["case_no"] for row in everything.json()["cases"]] == numbers
    limited = run_cli(*listing, "--limit", "2", "--json")
    assert [row["case_no"] for row in limited.json()["cases"]] == numbers[1:]
    assert limited.json()["left_off"] == 1

    text = run_cli(*listing, "--limit", "1")
    heading, line = text.stdout.splitlines()
    assert heading.startswith("办件编号") and line.startswith(numbers[2])
    assert (
        text.stderr.strip()
        == "另有更早的 2 行未列出（--limit 1）。 / 2 earlier rows not listed (--limit 1)."
    )
    assert run_cli(*listing, "--limit", "5").stderr == ""
    refused = run_cli(*listing, "--limit", "0")
    assert refused.returncode == 2 and "1 至" in refused.stderr


def test_day_lists_the_rows_of_that_hall_day(
    run_cli: Callable[..., CliRun], platform: Platform
) -> None:
    _three_cases(platform)
    listing = ("cases", "--hall", platform.hall, *platform.db, "--json")
    # Each row's hall day from when its window took it (``test_cases_by_hall_day``).
    everything = run_cli(*listing).json()["cases"]
    days = {
        row["case_no"]: hall_today(datetime.fromisoformat(row["taken_at"])) for row in everything
    }
    today = days[everything[-1]["case_no"]]

    for day in {today, today - timedelta(days=1)}:
        shown = run_cli(*listing, "--day", day.isoformat()).json()["cases"]
        assert [row["case_no"] for row in shown] == [n for n, d in days.items() if d == day]
    refused = run_cli(*listing, "--day", "26/11/2026")
    assert refused.returncode == 2 and "YYYY-MM-DD" in refused.stderr
    # A device's audit head has no day: no --day to mislead anyone.
    no_day = run_cli("audit-heads", *platform.db, "--day", today.isoformat())
    assert no_day.returncode == 2
