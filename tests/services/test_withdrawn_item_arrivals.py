"""An item the catalog in force withdrew (停办) after an appointment was booked or a
pre-application submitted: ``counter-app arrivals`` marks such arrivals, ``case
from-preapp`` refuses with what to do instead and the pre-application's data to copy, in
the command line's refusal style (Chinese, then English, on stderr); ``case show`` names the
catalog version a case was taken under."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import replace

import pytest

from counter_app.domain.idnumber import mask_id_number
from counter_app.domain.names import mask_name
from counter_app.errors import CatalogChanged
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.training_samples import PREAPP_APPLICANT
from counter_app.store.catalog import bundled_catalog, current_catalog_version, load_catalog_version
from counter_app.store.database import Store
from tests.conftest import CliResult
from tests.sample_items import RESIDENCE_FIRST
from tests.services.conftest import complete_marks, item_named, request_for
from tests.services.preapp_samples import sample_preapp


def withdraw(store: Store, code: str) -> int:
    """The next catalog version, without ``code``, loaded as the sync process loads one."""
    document = copy.deepcopy(bundled_catalog())
    document["version"] += 1
    document["items"] = [item for item in document["items"] if item["code"] != code]
    return load_catalog_version(store, document, source="platform:test")


def test_arrivals_mark_a_pre_application_of_a_withdrawn_item(
    intake_store: Store, cli: Callable[..., CliResult]
) -> None:
    preapp_id = sample_preapp(intake_store)
    shown = cli("arrivals")
    assert "事项已停办" not in shown.stdout
    assert json.loads(cli("arrivals", "--json").stdout)["preapps"][0]["item_withdrawn"] is False

    withdraw(intake_store, RESIDENCE_FIRST)

    (line,) = [line for line in cli("arrivals").stdout.splitlines() if preapp_id in line]
    assert line.endswith("[待受理]  [事项已停办]")
    english = cli("--lang", "en", "arrivals").stdout
    assert "[item withdrawn]" in english
    (preapp,) = json.loads(cli("arrivals", "--json").stdout)["preapps"]
    assert preapp["item_withdrawn"] is True


def test_from_preapp_of_a_withdrawn_item_says_what_to_do_and_shows_its_data(
    intake_store: Store, cli: Callable[..., CliResult]
) -> None:
    preapp_id = sample_preapp(intake_store)
    version = withdraw(intake_store, RESIDENCE_FIRST)

    refused = cli("case", "from-preapp", preapp_id)

    assert refused.returncode == 1
    zh, en = refused.stderr.splitlines()
    assert f"已在现行事项目录（第{version}版）中停办" in zh
    assert "请告知申请人该事项已停办" in zh and "按正常受理流程另选事项受理" in zh
    assert "仍在平台上，由平台按规则办结" in zh
    assert en.startswith("The item '上海市居住证办理（首次申领）' of pre-application")
    assert not refused.stderr.lower().startswith("error")  # the house's refusal, no prefix
    name, number = PREAPP_APPLICANT
    assert "网上申报信息（供抄录）" in refused.stdout
    assert f"申请人: {name}" in refused.stdout and f"证件号码: {number}" in refused.stdout
    assert "M10 居住证申请表.pdf" in refused.stdout

    as_json = json.loads(cli("case", "from-preapp", preapp_id, "--json").stdout)
    assert as_json["status"] == "error"
    assert as_json["errors"][0]["field"] == "service_item"
    assert as_json["preapp"]["preapp_id"] == preapp_id
    assert as_json["preapp"]["id_number"] == number


def test_case_show_names_the_catalog_version_it_was_taken_under(
    intake_store: Store, clerk: User, cli: Callable[..., CliResult]
) -> None:
    item = item_named(intake_store, "上海市居住证签注")
    taken = intake.accept(intake_store, request_for(item, complete_marks(item)), clerk)
    withdraw(intake_store, RESIDENCE_FIRST)  # a newer version in force since

    lines = cli("case", "show", taken.case_no).stdout.splitlines()
    assert "catalog_version      第 1 版" in lines
    assert (
        "catalog_version      version 1"
        in cli("--lang", "en", "case", "show", taken.case_no).stdout.splitlines()
    )


def test_the_day_s_arrivals_show_the_hall_s_people_masked(
    intake_store: Store, cli: Callable[..., CliResult]
) -> None:
    """The hall-wide listing masks number and name as every other listing of people does;
    ``lookup``, given the number, shows the arrivals of that person."""
    name, number = PREAPP_APPLICANT
    sample_preapp(intake_store)
    listed = cli("arrivals")
    as_json = cli("arrivals", "--json").stdout
    assert number not in listed.stdout + as_json and name not in listed.stdout + as_json
    (preapp,) = json.loads(as_json)["preapps"]
    assert (preapp["id_number"], preapp["name"]) == (mask_id_number(number), mask_name(name))
    looked_up = json.loads(cli("lookup", "--id-number", number, "--json").stdout)
    assert looked_up["preapps"][0]["id_number"] == number


def test_a_decision_on_the_form_of_an_older_catalog_is_refused_and_stores_nothing(
    intake_store: Store, clerk: User
) -> None:
    """The window sends the catalog version its form showed: a version loaded meanwhile
    refuses the decision inside the intake's write lock, before anything is stored."""
    item = item_named(intake_store, "老年综合津贴申领")
    shown = current_catalog_version(intake_store)
    request = replace(request_for(item, complete_marks(item)), catalog_version=shown)
    withdraw(intake_store, RESIDENCE_FIRST)  # another item: the version in force moves on

    with pytest.raises(CatalogChanged) as refused:
        intake.accept(intake_store, request, clerk)
    assert f"第{current_catalog_version(intake_store)}版" in refused.value.zh
    assert intake_store.db.execute("SELECT count(*) FROM cases").fetchone()[0] == 0


def test_a_passport_holder_s_pre_application_fills_the_intake_on_its_own_document(
    intake_store: Store,
) -> None:
    """The platform checks a pre-application's number against its document (a passport,
    414) and says which in the feed; the window's intake takes that document, not a
    resident ID card's rules, for the case."""
    from counter_app.services.arrivals import open_preapp, preapp_request

    preapp_id = sample_preapp(
        intake_store, ("SMITH JOHN", "E12345678"), id_type="414", doc_kind="passport"
    )
    request = preapp_request(intake_store, open_preapp(intake_store, preapp_id))
    applicant = request.applicant
    assert (applicant.id_type, applicant.doc_kind, applicant.id_number) == (
        "414",
        "passport",
        "E12345678",
    )
