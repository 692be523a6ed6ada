"""The applicant's page of a pre-application (``/preapp/ID``): the status and the pre-review's
note for whoever posts its applicant's document number, the same 404 form for a wrong number
or an unknown id; and a pre-application closed on the platform reaches a window through the
arrivals feed as a state its schema knows — on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
import requests

from central.simulator import SimulatedDevice
from central.store import CentralStore, arrivals, preapps, publishing
from counter_app.domain.hall_time import hall_today
from counter_app.store.catalog import bundled_catalog
from sync.wire.arrivals import Arrival
from tests.central.server_fixture import RunningCentral
from tests.sample_items import ID_NUMBER, NAME, RESIDENCE_FIRST

pytestmark = pytest.mark.integration

PHOTO_NOTE = "照片不合格，请重新上传"


@pytest.fixture(scope="module", autouse=True)
def catalog(central: RunningCentral, store: CentralStore) -> Iterator[None]:
    document = bundled_catalog()
    publishing.publish_document(store, "catalog", document, int(document["version"]))
    yield


def failed_preapp(store: CentralStore, hall: str) -> str:
    made = arrivals.create_preapp(
        store, hall, RESIDENCE_FIRST, None, id_number=ID_NUMBER, name=NAME, files=[],
        review="failed", review_note=PHOTO_NOTE,
    )  # fmt: skip
    return str(made["arrival_id"])


def test_the_applicant_reads_the_pre_review_note_with_their_number_only(
    central: RunningCentral, store: CentralStore, enrol: Callable[..., SimulatedDevice]
) -> None:
    preapp_id = failed_preapp(store, enrol().hall)
    page = f"{central.url}/preapp/{preapp_id}"
    form = requests.get(page, timeout=10)
    assert form.status_code == 200
    assert 'name="id_number"' in form.text and PHOTO_NOTE not in form.text
    assert form.headers["Cache-Control"] == "no-store"

    typed = ID_NUMBER[:6] + " " + ID_NUMBER[6:]  # grouped as printed: still theirs
    shown = requests.post(page, data={"id_number": typed}, timeout=10)
    assert shown.status_code == 200
    assert PHOTO_NOTE in shown.text and "预审未通过" in shown.text
    assert NAME not in shown.text and ID_NUMBER not in shown.text
    english = requests.post(f"{page}?lang=en", data={"id_number": ID_NUMBER}, timeout=10)
    assert "pre-review failed" in english.text

    wrong = requests.post(page, data={"id_number": "310104195803120038"}, timeout=10)
    unknown = requests.post(
        f"{central.url}/preapp/{uuid.uuid4()}", data={"id_number": ID_NUMBER}, timeout=10
    )
    garbage = requests.post(
        f"{central.url}/preapp/not-an-id", data={"id_number": ID_NUMBER}, timeout=10
    )
    for refused in (wrong, unknown, garbage):
        assert refused.status_code == 404
        assert 'id="unmatched"' in refused.text and PHOTO_NOTE not in refused.text


def test_a_withdrawn_one_reaches_the_window_as_cancelled_and_shows_why(
    central: RunningCentral, store: CentralStore, enrol: Callable[..., SimulatedDevice]
) -> None:
    device = enrol()
    preapp_id = failed_preapp(store, device.hall)
    preapps.withdraw_preapp(store, preapp_id, "改天再办", hall_today())
    today = hall_today()
    feed = device.feed(
        "arrivals", **{"from": today.isoformat(), "until": (today + timedelta(days=1)).isoformat()}
    )
    assert feed.status_code == 200, feed.text
    items = [Arrival.model_validate(item) for item in feed.json()["items"]]
    assert [(str(i.arrival_id), i.state) for i in items][-1] == (preapp_id, "cancelled")

    shown = requests.post(
        f"{central.url}/preapp/{preapp_id}", data={"id_number": ID_NUMBER}, timeout=10
    )
    assert "已撤回" in shown.text and "改天再办" in shown.text
