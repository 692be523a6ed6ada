"""``counter-app lookup --id-number N``: a number no document could carry is refused in words
(exit 2, Chinese first), an ID card's wrong check character named as such, before anything is
searched; every document's number, typed as clerks type it, is still looked up."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from counter_app.identity.samples import gb11643
from counter_app.services.training_samples import PREAPP_APPLICANT
from counter_app.store.database import Store
from tests.in_process import CliResult
from tests.sample_items import ID_NUMBER
from tests.services.preapp_samples import sample_preapp

REFUSED = [
    pytest.param(
        "abc",
        "证件号码为3位，不是任何证件的号码：证件号码为5–30位",
        "of 3 characters is no document's",
        id="too-short",
    ),
    pytest.param("   ", "证件号码为空", "The ID number is empty", id="blank"),
    pytest.param("3101@0419580312001", "证件号码中不应有“@”", "cannot contain '@'", id="at-sign"),
    pytest.param("A" * 31, "证件号码为31位", "of 31 characters", id="too-long"),
    pytest.param(
        ID_NUMBER[:17] + "2",
        "证件号码校验位不符（应为1）",
        "check character is wrong (expected 1)",
        id="wrong-check-digit",
    ),
    pytest.param(
        ID_NUMBER[:17] + "x",
        "证件号码校验位不符（应为1）",
        "check character is wrong (expected 1)",
        id="wrong-check-x",
    ),
    pytest.param(
        gb11643("31010419580230001"),
        "出生日期不存在",
        "birth date inside the ID number",
        id="30-february",
    ),
    pytest.param(
        gb11643("00010419580312001"),
        "前两位“00”不是有效的地区代码",
        "not a valid region code",
        id="no-region",
    ),
]

LOOKED_UP = [
    ID_NUMBER,  # a resident ID card
    "3101 0419 5803 1200 1１",  # grouped as printed, the last digit typed full-width
    gb11643("91015619800101001"),  # a 2023 foreigner permanent residence card
    gb11643("81000019900101001"),  # a Hong Kong resident's residence permit
    "USA123456789012",  # a 2017 foreigner permanent residence card
    "E12345678",  # a passport
    "h12345678",  # a Hong Kong/Macao permit, typed in lower case
    "A123456(7)",  # a Hong Kong identity card ("other")
    "91350100M000100Y43",  # an enterprise's unified social credit code
    "91110000100011743X",  # one that is 17 digits and an X, as an ID card's number is
]


@pytest.mark.parametrize(("number", "zh", "en"), REFUSED)
def test_a_number_no_document_could_carry_is_refused_naming_what_is_wrong(
    cli: Callable[..., CliResult], number: str, zh: str, en: str
) -> None:
    refused = cli("lookup", "--id-number", number, "--json")
    assert (refused.returncode, refused.stdout) == (2, "")
    chinese, english = refused.stderr.splitlines()
    assert zh in chinese and en in english


@pytest.mark.parametrize("number", LOOKED_UP)
def test_any_documents_number_is_looked_up(cli: Callable[..., CliResult], number: str) -> None:
    looked_up = cli("lookup", "--id-number", number, "--json")
    assert looked_up.returncode == 0, looked_up.stderr
    assert json.loads(looked_up.stdout) == {
        "appointments": [],
        "preapps": [],
        "notices": [],
        "deferrals": [],
        "results_ready": [],
    }


def test_a_number_typed_full_width_and_grouped_finds_the_pre_application(
    cli: Callable[..., CliResult], store: Store
) -> None:
    preapp_id = sample_preapp(store)
    number = PREAPP_APPLICANT[1]
    typed = "".join(chr(ord(c) + 0xFEE0) for c in number[:6]) + " " + number[6:]
    person = cli("lookup", "--id-number", typed, "--json")
    assert person.returncode == 0, person.stderr
    assert [p["arrival_id"] for p in json.loads(person.stdout)["preapps"]] == [preapp_id]
