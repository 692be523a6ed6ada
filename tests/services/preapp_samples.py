"""A pre-application in the window's arrivals cache, as the pre-application tests use it."""

from __future__ import annotations

import uuid
from dataclasses import replace

from counter_app.domain.arrivals import Arrival, SubmittedFile, file_digests
from counter_app.domain.hall_time import hall_today
from counter_app.services.training_samples import PREAPP_APPLICANT, PREAPP_FILES
from counter_app.store.arrivals import store_arrival
from counter_app.store.database import Store
from tests.sample_items import RESIDENCE_FIRST

PAPER = ("M01", "M20", "M21", "M22")  # what the applicant hands in at the window


def sample_preapp(
    store: Store, holder: tuple[str, str] = PREAPP_APPLICANT, **document: str | None
) -> str:
    """The training hall's sample pre-application of today, in the cache as the arrivals
    feed brings it: form and photo submitted online, pre-review passed. ``holder`` (name,
    number) and ``document`` (``id_type``, ``doc_kind``): whose, on what document; or
    another pre-review (``review``, ``review_note``)."""
    name, id_number = holder
    today = hall_today()
    online = []
    for code, file_name in PREAPP_FILES:
        content = f"training sample: {file_name}".encode()
        online.append(SubmittedFile(code, file_name, len(content), *file_digests(content)))
    preapp = Arrival(
        arrival_id=str(uuid.uuid4()),
        kind="preapp",
        state="submitted",
        item_code=RESIDENCE_FIRST,
        item_name="上海市居住证办理（首次申领）",
        situation="S01",
        id_number=id_number,
        name=name,
        first_day=today,
        last_day=today,
        slot_at=None,
        appointment_no=None,
        review="passed",
        materials=tuple(online),
        sequence=1,
        review_note="",
        consumed_case_id=None,
    )
    preapp = replace(preapp, **document)
    with store.transaction():
        store_arrival(store, preapp)
    return preapp.arrival_id
