"""What a lookup serves is judged by the catalog in force, not by a version published ahead
of its effective date: until that day, the items and licence types of the version in force
are the ones a lookup may serve."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from central.errors import ServesNoItem
from central.store import elicences, publishing
from counter_app.store.catalog import bundled_catalog
from sync.wire.elicences import ElicenceLookup
from tests.central.conftest import Platform
from tests.central.enrolled import enrol_window

BIRTH_REGISTRATION = "11310104002425311A004000100001"  # 生育登记: M03 takes 结婚证 e-licences
MARRIAGE = "结婚证电子证照"
HOLDER = "11010519491231002X"


def _without_elicences(document: dict[str, Any], version: int) -> dict[str, Any]:
    """``document`` as ``version``, its birth registration taking no e-licence any more."""
    changed = copy.deepcopy(document)
    changed["version"] = version
    for item in changed["items"]:
        if item["code"] == BIRTH_REGISTRATION:
            for situation in item["situations"]:
                for material in situation["materials"]:
                    material["exempt_elicence"] = None
    return changed


def _look_up(platform: Platform) -> dict[str, Any]:
    request = ElicenceLookup.model_validate({
        "holder_id_number": HOLDER,
        "types": [MARRIAGE],
        "consent": {"kind": "card_read", "read_at": datetime.now(UTC).isoformat()},
        "clerk": "clerk07",
        "serves": f"{BIRTH_REGISTRATION}/intake",
    })  # fmt: skip
    device = enrol_window(platform.store, platform.hall)
    return elicences.lookup(platform.store, device, request, request.model_dump_json().encode())


def test_a_version_scheduled_ahead_does_not_decide_what_a_lookup_serves(
    platform: Platform,
) -> None:
    ahead = datetime.now(UTC) + timedelta(days=2)
    publishing.publish_document(
        platform.store, "catalog", _without_elicences(bundled_catalog(), 90), 90,
        effective_from=ahead,
    )  # fmt: skip

    assert _look_up(platform)["licences"] == []  # answered: the version in force takes them

    publishing.publish_document(
        platform.store, "catalog", _without_elicences(bundled_catalog(), 91), 91
    )
    with pytest.raises(ServesNoItem):
        _look_up(platform)
