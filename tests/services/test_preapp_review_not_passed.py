"""A pre-application whose online pre-review failed (or never ran) is not taken without the
clerk's confirmation: ``case from-preapp`` refuses it saying what the review found
(Chinese, then English), and with ``--despite-review`` accepts it, the confirmation
recorded in the audit log with the case."""

from __future__ import annotations

import json
from collections.abc import Callable

from counter_app.services.arrivals import case_from_preapp
from counter_app.services.auth import User
from counter_app.store.arrivals import unreported_consumptions
from counter_app.store.database import Store
from tests.in_process import CliResult
from tests.services.preapp_samples import PAPER, sample_preapp

NOTE = "照片背景不符合要求"


def overridden_reviews(store: Store, preapp_id: str) -> list[dict[str, object]]:
    """The audit entries of ``preapp_id`` accepted although its pre-review had not passed."""
    rows = store.db.execute(
        "SELECT detail FROM audit_log WHERE action = 'preapp.accepted_despite_review'"
        " AND target = ? ORDER BY seq",
        (preapp_id,),
    ).fetchall()
    return [json.loads(detail) for (detail,) in rows]


def test_a_failed_review_is_refused_saying_why_until_the_clerk_confirms(
    intake_store: Store, cli: Callable[..., CliResult]
) -> None:
    preapp_id = sample_preapp(intake_store, review="failed", review_note=NOTE)
    received = ",".join(PAPER)

    refused = cli("case", "from-preapp", preapp_id, "--received", received)
    assert refused.returncode == 1
    zh, en = refused.stderr.splitlines()
    assert f"网上预审未通过（{NOTE}）" in zh and "--despite-review" in zh
    assert "failed its online pre-review" in en and "--despite-review" in en
    assert unreported_consumptions(intake_store) == []

    answer = json.loads(cli("case", "from-preapp", preapp_id, "--json").stdout)
    assert (answer["status"], answer["case_id"]) == ("error", None)
    assert [e["field"] for e in answer["errors"]] == ["preapp_id"]

    confirmed = cli(
        "case", "from-preapp", preapp_id, "--received", received, "--despite-review", "--json"
    )
    assert confirmed.returncode == 0, confirmed.stderr
    accepted = json.loads(confirmed.stdout)
    assert accepted["status"] == "accepted"
    assert [c.case_id for c in unreported_consumptions(intake_store)] == [accepted["case_id"]]
    assert overridden_reviews(intake_store, preapp_id) == [
        {"case_id": accepted["case_id"], "case_no": accepted["case_no"], "review": "failed"}
    ]


def test_a_pre_application_never_reviewed_needs_the_confirmation_too(
    intake_store: Store, clerk: User
) -> None:
    preapp_id = sample_preapp(intake_store, review=None)
    refused = case_from_preapp(intake_store, clerk, preapp_id, received=PAPER)
    [error] = refused["errors"]
    assert "尚未经过网上预审" in error["message"]
    assert "has not been pre-reviewed online" in error["message_en"]
    accepted = case_from_preapp(intake_store, clerk, preapp_id, received=PAPER, despite_review=True)
    assert accepted["status"] == "accepted"
    # The same intake again (a retry) finds the case; the confirmation is recorded once.
    again = case_from_preapp(intake_store, clerk, preapp_id, received=PAPER, despite_review=True)
    assert (again["case_id"], again["replayed"]) == (accepted["case_id"], True)
    assert overridden_reviews(intake_store, preapp_id) == [
        {"case_id": accepted["case_id"], "case_no": accepted["case_no"], "review": None}
    ]


def test_a_passed_review_needs_no_confirmation(intake_store: Store, clerk: User) -> None:
    preapp_id = sample_preapp(intake_store)
    accepted = case_from_preapp(intake_store, clerk, preapp_id, received=PAPER)
    assert accepted["status"] == "accepted"
    assert overridden_reviews(intake_store, preapp_id) == []
