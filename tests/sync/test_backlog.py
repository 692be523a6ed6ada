"""The backlog seeder leaves its cases as intake does: their rows (case, applicant,
materials, state) say what their sealed versions say, so doctor, the day's report and
document issuing take them as unaltered."""

from __future__ import annotations

from counter_app.store.case_integrity import ROW_DIFFERS, altered_case, altered_cases
from counter_app.store.database import Store
from counter_app.store.timestamps import to_text
from tests.sync.backlog import SEEDED_AT, add_version, seed_cases
from tests.sync.damage import forge_name


def test_seeded_cases_and_their_later_versions_match_their_rows(store: Store) -> None:
    edited, withdrawn, taken = seed_cases(store, 3, hall=store.config.hall.hall_code)
    add_version(store, edited, "电话已核对")
    add_version(store, withdrawn, "申请人撤回", state="withdrawn")
    assert altered_cases(store, to_text(SEEDED_AT)) == ([], 3)

    # The check compares what the rows say: a row changed behind the seeder's back is found.
    forge_name(store, taken.case_id, "王五")
    finding = altered_case(store, taken.case_id)
    assert finding is not None
    assert (finding.problem, finding.fields) == (ROW_DIFFERS, ("name",))
