"""A store that held cases before their time-limit dates were kept on the ``cases`` row
learns them at its next start (``open_store``), as it learns which cases are rated; the
start after only reads where the walk got to."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from central.simulator import SimulatedDevice
from central.store import CentralStore, open_store, publishing, push
from central.store import devices as device_register
from counter_app.store.catalog import bundled_catalog
from sync.wire.case_push import CaseSubmission
from sync.wire.signing import new_nonce, public_key_b64
from tests.central.conftest import STORES, new_store_url, unique_hall


def _push_one_case(store: CentralStore) -> str:
    """One synthetic case pushed by a new window of a new hall; its id."""
    code, _ = device_register.create_enroll_code(store, unique_hall(), "W01", 60)
    device = device_register.enroll(
        store, code, public_key_b64(Ed25519PrivateKey.generate()), "dates", ["S1"]
    )
    numbering = SimulatedDevice(
        "http://127.0.0.1:9", device.device_id, device.hall, device.window, number_device="S1"
    )
    case_id = uuid.uuid4()
    submission = numbering.case(case_id=case_id, case_no=numbering.case_number(case_id))
    (result,) = push.push_batch(
        store, device, new_nonce(), [CaseSubmission.model_validate(submission)]
    )
    assert result.status == "stored"
    return str(case_id)


def _dates(store: CentralStore, case_id: str) -> tuple[str | None, str | None]:
    with store.snapshot() as cur:
        row = store._exec(
            cur, "SELECT promised_date, statutory_date FROM cases WHERE case_id = ?", (case_id,)
        ).fetchone()
    return row[0], row[1]


@pytest.mark.parametrize("kind", STORES)
def test_a_store_holding_cases_without_their_dates_learns_them_at_its_next_start(
    kind: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    url = new_store_url(kind, tmp_path, request) or str(tmp_path / "central.sqlite3")
    key = tmp_path / "payload.key"
    store = open_store(url, key)
    document = bundled_catalog()
    publishing.publish_document(store, "catalog", document, int(document["version"]))
    case_id = _push_one_case(store)
    pushed = _dates(store, case_id)
    assert pushed[0] is not None
    # The store as the platform before the date columns left it.
    with store.transaction() as cur:
        store._exec(cur, "UPDATE cases SET promised_date = NULL, statutory_date = NULL")
        store._exec(cur, "DELETE FROM meta WHERE key = 'case_dates_backfill'")
    store.close()

    for _ in range(2):  # the second start finds the work done
        store = open_store(url, key)
        try:
            assert _dates(store, case_id) == pushed
            with store.snapshot() as cur:
                done = store._exec(
                    cur, "SELECT value FROM meta WHERE key = 'case_dates_backfill'"
                ).fetchone()
            assert done == ("done",)
        finally:
            store.close()
