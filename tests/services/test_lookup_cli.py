"""``counter-app lookup --id-number N``: a number no document could carry is refused in words
(exit 2, Chinese first), an ID card's wrong check character named as such, before anything is
searched; every document's number, typed as clerks type it, is still looked up."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, time, timedelta

import pytest

from counter_app.domain.hall_time import HALL_TIMEZONE, hall_today
from counter_app.identity.samples import gb11643
from counter_app.services.training_samples import PREAPP_APPLICANT
from counter_app.store.arrivals import store_arrival
from counter_app.store.database import Store
from tests.in_process import CliResult
from tests.sample_items import APPOINTMENT, ID_NUMBER, NAME
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


def test_appointments_of_other_days_say_their_day_in_the_chosen_language(
    cli: Callable[..., CliResult], store: Store
) -> None:
    today = hall_today()
    days = [today, today + timedelta(days=1), today + timedelta(days=2)]
    with store.transaction():
        for n, day in enumerate(days, start=1):
            store_arrival(
                store,
                replace(
                    APPOINTMENT,
                    arrival_id=f"00000000-0000-4000-8000-00000000000{n}",
                    first_day=day,
                    last_day=day,
                    slot_at=datetime.combine(day, time(16, 59), HALL_TIMEZONE),
                    appointment_no=f"A{n}",
                    state="cancelled" if n == 3 else "booked",
                ),
            )
    preapp_id = sample_preapp(store, (NAME, ID_NUMBER))

    english = cli("--lang", "en", "lookup", "--id-number", ID_NUMBER)
    assert english.returncode == 0, english.stderr
    lines = [line.strip() for line in english.stdout.splitlines()]
    item = "上海市居住证签注"
    assert lines[:6] == [
        "Appointments: 3",
        f"00000000-0000-4000-8000-000000000001  today  Appointment 16:59 {item} (no. A1)  [booked]",
        f"00000000-0000-4000-8000-000000000002  tomorrow  Appointment 16:59 {item} (no. A2)"
        "  [booked]",
        f"00000000-0000-4000-8000-000000000003  {days[2].isoformat()}  Appointment 16:59 {item}"
        " (no. A3)  [cancelled]",
        "Pre-applications: 1",
        f"{preapp_id}  valid until {today.isoformat()}  Pre-review passed: "
        "上海市居住证办理（首次申领）  [submitted]",
    ]
    assert not any("预约" in line or "网上" in line for line in lines)

    chinese = cli("lookup", "--id-number", ID_NUMBER).stdout
    assert "000000000002  明天  预约 16:59 上海市居住证签注（预约号 A2）  [已预约]" in chinese
    assert "000000000001  今天  预约 16:59" in chinese

    found = json.loads(cli("lookup", "--id-number", ID_NUMBER, "--json").stdout)
    assert [(a["when"], a["when_en"]) for a in found["appointments"]] == [
        ("今天", "today"),
        ("明天", "tomorrow"),
        (days[2].isoformat(), days[2].isoformat()),
    ]
    assert found["appointments"][1]["headline"] == "预约 16:59 上海市居住证签注（预约号 A2）"
    assert found["preapps"][0]["when_en"] == f"valid until {today.isoformat()}"
