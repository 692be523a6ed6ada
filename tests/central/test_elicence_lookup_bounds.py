"""What the platform checks of an e-licence lookup beyond the window's word: ``serves`` names
an item of the published catalog whose materials those licences replace, a card read is
recent, a device answers about a bounded number of distinct holders, and every lookup and
document fetch is a line of the platform's log naming the device, hall, masked holder and
what it served."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from central.errors import ConsentRequired, HolderLimitReached, ServesNoItem
from central.store import CentralStore, Device, elicences, open_store
from counter_app.domain.idnumber import check_character
from sync.wire.elicences import ElicenceDocumentRequest, ElicenceLookup
from tests.central.conftest import Platform, unique_hall
from tests.central.enrolled import enrol_window

BIRTH_REGISTRATION = "11310104002425311A004000100001"  # takes 结婚证 and 户口簿 e-licences
RESIDENCE_ENDORSEMENT = "11310104002425186K001000300002"  # takes the ID card's only
MARRIAGE = "结婚证电子证照"


def holder(first17: str) -> str:
    return first17 + check_character(first17)


def asked(number: str, serves: str, read_at: datetime | None = None) -> ElicenceLookup:
    return ElicenceLookup.model_validate({
        "holder_id_number": number,
        "types": [MARRIAGE],
        "consent": {"kind": "card_read", "read_at": (read_at or datetime.now(UTC)).isoformat()},
        "clerk": "clerk07",
        "serves": serves,
    })  # fmt: skip


def look_up(
    store: CentralStore, device: Device, request: ElicenceLookup, **limits: int
) -> dict[str, Any]:
    body = request.model_dump_json().encode()
    bounds = elicences.HolderLimits(**limits)
    return elicences.lookup(store, device, request, body, bounds)


def records(store: CentralStore, device: Device) -> list[dict[str, Any]]:
    entries = elicences.lookup_log(store)["entries"]
    return [e["record"] for e in entries if e["record"]["device"] == device.device_id]


def test_a_lookup_serves_an_item_whose_materials_take_the_licences_asked(
    platform: Platform,
) -> None:
    device = enrol_window(platform.store, platform.hall)
    wang = holder("31010419900101301")
    for serves in ("curiosity", RESIDENCE_ENDORSEMENT, f"{RESIDENCE_ENDORSEMENT}/intake-1"):
        with pytest.raises(ServesNoItem):
            look_up(platform.store, device, asked(wang, serves))
    look_up(platform.store, device, asked(wang, BIRTH_REGISTRATION))
    look_up(platform.store, device, asked(wang, f"{BIRTH_REGISTRATION}/intake-2"))
    assert [(r["serves"], r["outcome"]) for r in records(platform.store, device)] == [
        ("curiosity", "refused"),
        (RESIDENCE_ENDORSEMENT, "refused"),
        (f"{RESIDENCE_ENDORSEMENT}/intake-1", "refused"),
        (BIRTH_REGISTRATION, "answered"),
        (f"{BIRTH_REGISTRATION}/intake-2", "answered"),
    ]


@pytest.fixture
def no_catalog(tmp_path: Path) -> Iterator[CentralStore]:
    store = open_store(str(tmp_path / "central.sqlite3"))
    yield store
    store.close()


def test_before_any_catalog_is_published_no_lookup_serves_anything(
    no_catalog: CentralStore,
) -> None:
    device = enrol_window(no_catalog, unique_hall())
    with pytest.raises(ServesNoItem):
        look_up(no_catalog, device, asked(holder("31010419900101302"), BIRTH_REGISTRATION))


def test_a_card_read_stands_as_consent_only_while_the_applicant_is_at_the_window(
    platform: Platform,
) -> None:
    device = enrol_window(platform.store, platform.hall)
    wang = holder("31010419900101303")
    now = datetime.now(UTC)
    stale = now - timedelta(minutes=elicences.CARD_READ_FRESH_MINUTES + 10)
    for read_at in (stale, now + timedelta(hours=1)):
        with pytest.raises(ConsentRequired):
            look_up(platform.store, device, asked(wang, f"{BIRTH_REGISTRATION}/x", read_at))
    # An old read stands only for a case of this hall the platform holds with a card read.
    with pytest.raises(ConsentRequired):
        look_up(platform.store, device, asked(wang, f"{BIRTH_REGISTRATION}/H-W1-1", stale))
    fresh = now - timedelta(minutes=elicences.CARD_READ_FRESH_MINUTES - 10)
    look_up(platform.store, device, asked(wang, BIRTH_REGISTRATION, fresh))
    assert [r["outcome"] for r in records(platform.store, device)] == [
        "refused",
        "refused",
        "refused",
        "answered",
    ]


def test_a_device_answers_about_a_bounded_number_of_distinct_holders(
    platform: Platform,
) -> None:
    device = enrol_window(platform.store, platform.hall)
    other = enrol_window(platform.store, platform.hall, "W2")
    first, second, third = (holder(f"3101041990010131{n}") for n in (1, 2, 3))
    for number in (first, second, first, second):  # the same applicant again counts once
        look_up(platform.store, device, asked(number, BIRTH_REGISTRATION), per_hour=2)
    with pytest.raises(HolderLimitReached) as refused:
        look_up(platform.store, device, asked(third, BIRTH_REGISTRATION), per_hour=2)
    assert refused.value.status == 429
    assert refused.value.details == {"distinct_holders": 2, "limit": 2, "per": "an hour"}
    with pytest.raises(HolderLimitReached):
        look_up(platform.store, device, asked(third, BIRTH_REGISTRATION), per_day=2)
    look_up(platform.store, device, asked(first, BIRTH_REGISTRATION), per_hour=2)
    look_up(platform.store, other, asked(third, BIRTH_REGISTRATION), per_hour=2)
    assert [r["outcome"] for r in records(platform.store, device)][-3:] == [
        "refused",
        "refused",
        "answered",
    ]


def test_every_lookup_and_fetch_is_logged_with_device_hall_masked_holder_and_serves(
    platform: Platform, caplog: pytest.LogCaptureFixture
) -> None:
    device = enrol_window(platform.store, platform.hall)
    wang = holder("31010419900101321")
    elicences.add_licence(
        platform.store, holder=wang, licence_type=MARRIAGE, number="J-LOG", issuer="徐汇区民政局",
        valid_from=None, valid_to=None, document=b"%PDF-1.7 J-LOG",
    )  # fmt: skip
    serves = f"{BIRTH_REGISTRATION}/intake-7"
    with caplog.at_level(logging.INFO, logger="central.store"):
        answer = look_up(platform.store, device, asked(wang, serves))
        wanted = ElicenceDocumentRequest(
            lookup_id=answer["lookup_id"],
            licence_type=MARRIAGE,
            number="J-LOG",
            clerk="clerk07",
            serves=serves,
        )
        body = wanted.model_dump_json().encode()
        elicences.fetch_document(platform.store, device, wanted, body)
    masked = "3101**********" + wang[-4:]
    lines = [r.getMessage() for r in caplog.records if "e-licence" in r.getMessage()]
    assert len(lines) == 2
    for line, kind, outcome in zip(lines, ("lookup", "document"), ("answered", "document")):
        assert line.startswith(f"e-licence {kind}:")
        for part in (device.device_id, platform.hall, masked, serves, outcome):
            assert part in line
        assert wang not in line
    assert [(r["holder"], r["outcome"]) for r in records(platform.store, device)] == [
        (masked, "answered"),
        (masked, "document"),
    ]
    assert wang not in json.dumps(records(platform.store, device))
