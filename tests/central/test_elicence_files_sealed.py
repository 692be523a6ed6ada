"""A licence's document file is kept sealed with the platform's key, bound to its row, on
SQLite and PostgreSQL; the device whose lookup answered with it gets it as registered, and
a file an older store kept in plaintext is served as it is."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import pytest

from central.errors import OperatorError
from central.simulator import SimulatedDevice
from central.store import CentralStore, elicences
from counter_app.domain.idnumber import check_character
from tests.central.server_fixture import RunningCentral

pytestmark = pytest.mark.integration

BIRTH = "11310104002425311A004000100001"  # 生育登记: its materials take these e-licences


@pytest.fixture(scope="module", autouse=True)
def published(central: RunningCentral) -> None:
    """Lookups serve an item of the published catalog."""
    central.publish_bundled_catalog()


DOCUMENT = b"%PDF-1.7 marriage licence of 31010419900101205"


def stored_file(store: CentralStore, number: str) -> bytes:
    with store.snapshot() as cur:
        row = cur.execute(
            store.sql("SELECT file FROM elicences WHERE number = ?"), (number,)
        ).fetchone()
    return bytes(row[0])


def registered_and_fetched(
    enrol: Callable[..., SimulatedDevice],
    store: CentralStore,
    first17: str,
    number: str,
    before_fetch: Callable[[], None] = lambda: None,
) -> tuple[dict[str, Any], Any]:
    """A licence registered, looked up by a device with the holder's code, ``before_fetch``
    run, then its document fetched by that device: (the licence, the answer)."""
    holder = first17 + check_character(first17)
    licence = elicences.add_licence(
        store, holder=holder, licence_type="结婚证电子证照", number=number, issuer="徐汇区民政局",
        valid_from=None, valid_to=None, document=DOCUMENT,
    )  # fmt: skip
    device = enrol()
    code = elicences.create_consent(store, holder)["code"]
    asked = {
        "holder_id_number": holder, "types": ["结婚证电子证照"],
        "consent": {"kind": "code", "code": code}, "clerk": "clerk07", "serves": f"{BIRTH}/intake-9",
    }  # fmt: skip
    answered = device.request("POST", "/v1/elicences:lookup", json.dumps(asked).encode())
    assert answered.status_code == 200, answered.text
    before_fetch()
    body = {
        "lookup_id": answered.json()["lookup_id"], "licence_type": "结婚证电子证照",
        "number": number, "clerk": "clerk07", "serves": f"{BIRTH}/intake-9",
    }  # fmt: skip
    return licence, device.request("POST", "/v1/elicences:document", json.dumps(body).encode())


def test_a_licence_file_is_sealed_to_its_row_and_served_as_registered(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    licence, sent = registered_and_fetched(enrol, store, "31010419900101205", "J-SEALED")

    kept = stored_file(store, "J-SEALED")
    assert b"PDF" not in kept and b"marriage" not in kept
    own_row = f"elicences:{licence['licence_id']}".encode()
    assert store.sealer.open_bytes(kept, own_row) == DOCUMENT
    with pytest.raises(OperatorError):
        store.sealer.open_bytes(kept, b"elicences:another-licence")
    assert sent.status_code == 200, sent.text
    assert base64.b64decode(sent.json()["content"]) == DOCUMENT


def test_a_file_an_older_store_kept_in_plaintext_is_served_as_it_is(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    def as_an_older_store_kept_it() -> None:
        with store.transaction() as cur:
            cur.execute(
                store.sql("UPDATE elicences SET file = ? WHERE number = ?"),
                (DOCUMENT, "J-PLAIN"),
            )

    _licence, sent = registered_and_fetched(
        enrol, store, "31010419900101206", "J-PLAIN", as_an_older_store_kept_it
    )

    assert sent.status_code == 200, sent.text
    assert base64.b64decode(sent.json()["content"]) == DOCUMENT
