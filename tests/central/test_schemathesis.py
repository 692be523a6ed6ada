"""Property-based API fuzzing with schemathesis against the live OpenAPI document: no
generated input (signed so it reaches the handlers, or not) ever yields a 500, and every
answer matches the documented schema. Bounded: 15 examples per operation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from central.simulator import SimulatedDevice
from central.store import CentralStore
from central.store import devices as device_register
from sync.wire.signing import signed_headers
from tests.central.server_fixture import RunningCentral

pytestmark = [pytest.mark.integration, pytest.mark.slow]

EXAMPLES_PER_OPERATION = 15


@pytest.fixture(scope="module")
def device(central: RunningCentral, store: CentralStore) -> SimulatedDevice:
    enrolled = SimulatedDevice(central.url)
    code, _ = device_register.create_enroll_code(store, "HFUZZ", "W1", 60)
    assert enrolled.enroll(code).status_code == 200
    return enrolled


@pytest.fixture(scope="module")
def api_schema(central: RunningCentral) -> Iterator[schemathesis.BaseSchema]:
    yield schemathesis.openapi.from_url(f"{central.url}/openapi.json")


def test_no_input_yields_a_server_error(
    api_schema: schemathesis.BaseSchema, central: RunningCentral, device: SimulatedDevice
) -> None:
    operations = []
    for result in api_schema.get_all_operations():
        assert isinstance(result, Ok), result  # the document itself is valid OpenAPI
        operations.append(result.ok())
    # Since version 2: hall queue, case history, day sign-offs, hall notices, approval requests,
    # instructions, reviews, problems (i13), staff, device health, staff lockouts (i15),
    # arrivals feed, pre-application consumed, the public progress page and its rating form,
    # e-licence lookup and document, queue tickets (i14), a member of the staff's own new
    # password and one-time codes.
    assert len(operations) == 39
    statuses: dict[str, set[int]] = {}
    for operation in operations:
        check_operation = given(case=operation.as_strategy())(
            settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )(
                lambda case: statuses.setdefault(case.operation.label, set()).add(
                    call_signed(case, central, device)
                )
            )
        )
        check_operation()
    # The signing reached the handlers: the authenticated reads answered 200.
    for feed in ("catalog", "calendar", "progress", "notices", "hall_queue"):
        assert 200 in statuses[f"GET /v1/feeds/{feed}"], statuses
    assert statuses["POST /v1/cases:batch"] - {401}, statuses
    assert 200 in statuses["GET /v1/audit-head"], statuses
    assert statuses["POST /v1/audit-head"] - {401}, statuses
    assert 404 in statuses["GET /v1/hall/cases/{case_id}/history"], statuses


def call_signed(case: schemathesis.Case, central: RunningCentral, device: SimulatedDevice) -> int:
    kwargs = case.as_transport_kwargs(base_url=central.url)
    prepared = requests.Request(
        method=kwargs["method"],
        url=kwargs["url"],
        headers=kwargs.get("headers"),
        params=kwargs.get("params"),
        json=kwargs.get("json"),
        data=kwargs.get("data"),
        cookies=kwargs.get("cookies"),
    ).prepare()
    body = prepared.body or b""
    body = body.encode() if isinstance(body, str) else body
    assert prepared.path_url is not None
    # Sign as the enrolled device so generated input reaches the handlers behind auth.
    prepared.headers.update(
        signed_headers(
            device.key,
            device_id=device.device_id,
            method=prepared.method or "GET",
            path=prepared.path_url,
            body=body,
        )
    )
    response = device.session.send(prepared, timeout=30)
    case.validate_response(
        response,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
    return response.status_code
