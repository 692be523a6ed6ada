"""The small body limit of the routes a device reaches without a signature (enrolment, the
progress page's rating form) holds whatever headers come with the body: even a request a
device signed gets ``413 body_too_large`` there, while every route that checks a signature
over its body reads it whole."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from central.body_limit import BodyBounds
from central.simulator import SimulatedDevice
from tests.central.conftest import error_of
from tests.central.server_fixture import RunningCentral

pytestmark = pytest.mark.integration

UNSIGNED = {("post", "/v1/enroll"), ("post", "/track/{token}/rating")}


def test_only_routes_that_check_a_signature_read_a_body_over_the_unsigned_limit(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    device = enrol()
    operations = device.session.get(f"{central.url}/openapi.json", timeout=10).json()["paths"]
    body = b"x" * (BodyBounds(limit=0).unsigned_limit + 1)
    refused: set[tuple[str, str]] = set()
    for path, methods in operations.items():
        for method, operation in methods.items():
            if "requestBody" not in operation:
                continue
            answer = device.request(method.upper(), re.sub(r"\{[^}]+\}", "x", path), body)
            if answer.status_code == 413:
                assert error_of(answer)["code"] == "body_too_large"
                refused.add((method, path))
    assert refused == UNSIGNED
