"""A pre-application whose situation (情形) the catalog in force dropped since it was
submitted: ``arrivals`` marks it [情形已调整] (``situation_withdrawn`` in its JSON), ``case
from-preapp`` refuses it naming the item's situations in force, and takes it under the one
the clerk chose (``--situation``), the files submitted online counting where that situation
asks for them."""

from __future__ import annotations

import json
from collections.abc import Callable

from counter_app.store.case_plaintext import case_document
from counter_app.store.database import Store
from tests.conftest import CliResult
from tests.services.preapp_samples import sample_preapp

DROPPED = "S09"  # no situation of the item in the catalog in force


def test_a_dropped_situation_is_marked_and_taken_under_the_clerks_choice(
    intake_store: Store, cli: Callable[..., CliResult]
) -> None:
    preapp_id = sample_preapp(intake_store, situation=DROPPED)
    [listed] = json.loads(cli("arrivals", "--json").stdout)["preapps"]
    assert (listed["situation_withdrawn"], listed["item_withdrawn"]) == (True, False)
    assert "[情形已调整]" in cli("arrivals").stdout

    refused = cli("case", "from-preapp", preapp_id, "--received", "M01,M30,M31")
    assert refused.returncode == 1
    zh, en = refused.stderr.splitlines()
    assert f"情形“{DROPPED}”已不在现行事项目录" in zh and "--situation" in zh
    assert "S02 以连续就读申领" in zh and "--situation CODE" in en

    unknown = cli("case", "from-preapp", preapp_id, "--situation", "S99", "--json")
    [error] = json.loads(unknown.stdout)["errors"]
    assert error["field"] == "situation" and "“S99”" in error["message"]

    taken = cli(
        "case", "from-preapp", preapp_id, "--situation", "S02", "--received", "M01,M30,M31",
        "--json",
    )  # fmt: skip
    assert taken.returncode == 0, taken.stderr
    case_id = json.loads(taken.stdout)["case_id"]
    document = case_document(intake_store, case_id)
    assert (document["situation"]["code"], document["preapp_id"]) == ("S02", preapp_id)
    shown = json.loads(cli("case", "show", case_id, "--json").stdout)
    by_code = {m["code"]: (m["status"], m["form"]) for m in shown["materials"]}
    assert by_code["M10"] == by_code["M11"] == ("received", "electronic")


def test_a_situation_in_force_is_not_marked(
    intake_store: Store, cli: Callable[..., CliResult]
) -> None:
    sample_preapp(intake_store)
    [listed] = json.loads(cli("arrivals", "--json").stdout)["preapps"]
    assert listed["situation_withdrawn"] is False
    assert "情形已调整" not in cli("arrivals").stdout
