"""Inputs at the edges that once answered 500 or no answer at all, now refused in words
(the platform's promise: no input yields 500) - on SQLite and PostgreSQL: times without a
UTC form, a date window at the end of the calendar, a naive consent time, a progress-page
token with a trailing newline, a rating level that ``str.isdigit`` takes and ``int`` does not,
and a body the server cannot parse."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

import pytest
import requests
from pydantic import ValidationError

from central.simulator import SimulatedDevice
from counter_app.domain.one_time_codes import new_secret
from sync.wire.staff import SecondFactorSetUp
from tests.central.conftest import error_of, push_ok, tracked_case
from tests.central.server_fixture import RunningCentral

pytestmark = pytest.mark.integration


def _sign_off(signed_at: str) -> bytes:
    body = {
        "sign_off_id": str(uuid.uuid4()),
        "day": "2026-12-04",
        "signed_by": "chief1",
        "signed_at": signed_at,
        "reconciled": True,
        "unacknowledged": [],
        "flagged_windows": [],
        "windows": [],
    }
    return json.dumps(body).encode()


@pytest.mark.parametrize("signed_at", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"])
def test_a_time_without_a_utc_form_is_refused_as_invalid(
    enrol: Callable[..., SimulatedDevice], signed_at: str
) -> None:
    response = enrol().request("POST", "/v1/day-sign-offs", _sign_off(signed_at))
    assert response.status_code == 422, response.text
    error = error_of(response)
    assert error["code"] == "validation_failed" and "超出可处理的范围" in error["message_zh"]


def test_a_date_window_at_the_end_of_the_calendar_is_refused(
    enrol: Callable[..., SimulatedDevice],
) -> None:
    response = enrol().feed("arrivals", **{"from": "9999-12-30", "until": "9999-12-31"})
    assert response.status_code in (200, 422), response.text  # answered, never a 500
    unsigned = requests.get(
        f"{enrol().base_url}/v1/feeds/arrivals?from=9999-11-01&until=9999-11-02", timeout=10
    )
    assert unsigned.status_code == 401, unsigned.text


def test_a_consent_time_without_a_zone_is_refused(enrol: Callable[..., SimulatedDevice]) -> None:
    body = {
        "holder_id_number": "310104195803120011",
        "types": ["居民身份证"],
        "consent": {"kind": "card_read", "read_at": "2026-12-06T19:42:11"},
        "clerk": "clerk1",
        "serves": "intake-x",
    }
    response = enrol().request("POST", "/v1/elicences:lookup", json.dumps(body).encode())
    assert response.status_code == 422, response.text
    assert error_of(response)["code"] == "validation_failed"


def test_a_token_with_a_trailing_newline_finds_no_page_and_takes_no_rating(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    device = enrol()
    submission, _ = tracked_case(device, track_token="B" * 32 + "\n")
    push_ok(device, [submission])
    page = requests.get(f"{central.url}/track/{'B' * 32}%0A", timeout=10)
    assert page.status_code == 404
    rated = requests.post(
        f"{central.url}/track/{'B' * 32}%0A/rating", data={"level": "5"}, timeout=10
    )
    assert rated.status_code == 404


@pytest.mark.parametrize("level", ["³", "①", "٥"])
def test_a_rating_level_that_is_a_digit_only_to_unicode_is_refused(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice], level: str
) -> None:
    device = enrol()
    submission, token = tracked_case(device)
    push_ok(device, [submission])
    rated = requests.post(f"{central.url}/track/{token}/rating", data={"level": level}, timeout=10)
    assert rated.status_code == 400 and "请选择 1 至 5 分" in rated.text


def test_a_body_too_deep_to_parse_is_refused_in_both_languages(central: RunningCentral) -> None:
    response = requests.post(
        f"{central.url}/v1/enroll",
        data=b"[" * 50_000,
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert 400 <= response.status_code < 500, response.text
    error = error_of(response)
    assert error["message_zh"] != error["message_en"]


def test_a_one_time_code_secret_of_a_length_base32_cannot_have_is_refused() -> None:
    good = new_secret()
    for secret in ("A" * 17, "A" * 19, "A" * 22):
        with pytest.raises(ValidationError):
            SecondFactorSetUp(username="chief1", password="x", secret=secret, code="000000")
    assert SecondFactorSetUp(username="chief1", password="x", secret=good, code="000000")
