"""``counter-app audit list --person``: the lookups of a person's e-licences (an access to
their data, PIPL) are listed with the searches for them, whether or not a case followed;
another person's lookup is not."""

from __future__ import annotations

import json
from collections.abc import Callable

from counter_app.services.elicence_checks import LookupOutcome, record_lookup
from counter_app.store.database import Store
from tests.in_process import CliResult
from tests.services.conftest import resident_number

HERS = resident_number()
HIS = resident_number("31010419900202123")


def test_audit_by_person_lists_the_lookups_of_their_elicences(
    cli: Callable[..., CliResult], intake_store: Store
) -> None:
    record_lookup(
        intake_store, "clerk1", HERS, serves="S01/R1", outcome=LookupOutcome.FOUND, licences=1
    )
    record_lookup(
        intake_store, "clerk2", HIS, serves="S02/R2", outcome=LookupOutcome.NONE, licences=0
    )

    listed = cli("audit", "list", "--person", HERS, "--json")

    assert listed.returncode == 0, listed.stderr
    entries = json.loads(listed.stdout)["entries"]
    assert [(e["actor"], e["action"]) for e in entries] == [("clerk1", "elicence.looked_up")]
    assert json.loads(entries[0]["detail"])["serves"] == "S01/R1"
    assert HERS not in listed.stdout
