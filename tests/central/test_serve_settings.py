"""``counter-central serve``'s options set the platform's limits: a body's pause and the
large bodies read at once, the failed-authentication rates, and the distinct holders a
device's e-licence lookups answer about (which the lookup route then applies)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from central.cli import build_parser
from central.platform import CentralSettings
from central.serve_cli import settings_of
from central.simulator import SimulatedDevice
from counter_app.domain.idnumber import check_character
from tests.central.conftest import CliRun, error_of, unique_hall
from tests.central.server_fixture import FAST_SERVE, start_central

BIRTH_REGISTRATION = "11310104002425311A004000100001"  # its materials take 结婚证 e-licences


def test_the_options_give_the_settings_and_their_defaults_are_the_platforms() -> None:
    serve = ["serve", "--db", "central.sqlite3"]
    assert settings_of(build_parser().parse_args(serve)) == CentralSettings()
    chosen = build_parser().parse_args([
        *serve,
        "--body-idle-timeout", "2.5", "--max-large-uploads", "3",
        "--auth-failure-rate", "6", "--address-auth-failure-rate", "60",
        "--elicence-holders-per-hour", "10", "--elicence-holders-per-day", "40",
    ])  # fmt: skip
    settings = settings_of(chosen)
    assert (settings.body_idle_timeout_seconds, settings.max_large_uploads) == (2.5, 3)
    assert (settings.auth_failures_per_minute, settings.address_auth_failures_per_minute) == (
        6.0,
        60.0,
    )
    assert (settings.elicence_holders_per_hour, settings.elicence_holders_per_day) == (10, 40)


@pytest.mark.parametrize(
    ("option", "value", "bounds"),
    [
        ("--body-idle-timeout", "0", "0.5 至 600 之间的数"),
        ("--max-large-uploads", "0", "1 至 1024 之间的整数"),
        ("--auth-failure-rate", "0", "0.001 至 1000000 之间的数"),
        ("--address-auth-failure-rate", "nan", "0.001 至 1000000 之间的数"),
        ("--elicence-holders-per-hour", "0", "1 至 1000000 之间的整数"),
        ("--elicence-holders-per-day", "-5", "1 至 1000000 之间的整数"),
    ],
)
def test_a_bound_out_of_its_range_is_a_usage_error_before_the_store_opens(
    tmp_path: Path, run_cli: Callable[..., CliRun], option: str, value: str, bounds: str
) -> None:
    db = tmp_path / "central.sqlite3"
    refused = run_cli("serve", option, value, "--db", str(db))
    assert refused.returncode == 2
    assert f"“{value}”不是 {bounds}" in refused.stderr
    assert refused.stdout == "" and not db.exists()


def test_a_platform_served_with_one_holder_an_hour_refuses_a_devices_second_holder(
    tmp_path: Path,
) -> None:
    central = start_central(tmp_path, serve_args=[*FAST_SERVE, "--elicence-holders-per-hour", "1"])
    try:
        central.publish_bundled_catalog()
        device = SimulatedDevice(central.url)
        assert device.enroll(central.enroll_code(unique_hall(), "W1")).status_code == 200

        def look_up(first17: str) -> int | str:
            body = {
                "holder_id_number": first17 + check_character(first17),
                "types": ["结婚证电子证照"],
                "consent": {"kind": "card_read", "read_at": datetime.now(UTC).isoformat()},
                "clerk": "clerk07",
                "serves": f"{BIRTH_REGISTRATION}/intake-1",
            }
            answer = device.request("POST", "/v1/elicences:lookup", json.dumps(body).encode())
            return answer.status_code if answer.ok else error_of(answer)["code"]

        assert look_up("31010419900101301") == 200
        assert look_up("31010419900101301") == 200  # the same holder again counts once
        assert look_up("31010419900101302") == "holder_limit"
    finally:
        central.stop()
