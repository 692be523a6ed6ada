"""Applicants who are not mainland residents book and pre-apply online as they apply at a
window: a passport, a 回乡证, a foreigner card or a company's credit code is held to the
rules of its document (``--id-type``, or told from the number), kept normalised with its
type, and a card read or number typed at the window finds the arrival. Numbers of digits
alone keep the resident ID card's rules and messages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from typing import Any

import pytest

from central.errors import OperatorError
from central.store import arrivals
from counter_app.config import Config
from counter_app.domain.arrivals import Arrival
from counter_app.domain.hall_time import hall_today
from counter_app.domain.id_types import validate_identity
from counter_app.home import Home
from counter_app.services.arrivals import expected
from counter_app.store.arrivals import store_arrival
from counter_app.store.database import open_store
from sync.wire.arrivals import Arrival as WireArrival
from tests.central.booking_times import morning_of
from tests.central.conftest import CliRun, Platform
from tests.central.open_halls import open_every_day
from tests.sample_items import ENDORSEMENT, ID_NUMBER, NAME


def preapp(run_cli: Callable[..., CliRun], platform: Platform, *options: str) -> CliRun:
    return run_cli(
        "preapp", "create", "--hall", platform.hall, "--item", ENDORSEMENT, "--name", NAME,
        *options, *platform.db, "--json",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("options", "id_type", "doc_kind", "number"),
    [
        (["--id-number", "X1234567", "--id-type", "414"], "414", "passport", "X1234567"),
        (["--id-number", "ｘ１２３ ４５６７"], "990", "other", "X1234567"),
        (["--id-number", "H12345678", "--id-type", "513"], "513", "hk_macao_permit", "H12345678"),
        (["--id-number", "usa310087060015"], "990", "foreign_permanent_2017", "USA310087060015"),
        (["--id-number", "91310000MA1FL3LR9K"], "990", "other", "91310000MA1FL3LR9K"),
        (["--id-number", "811100005000000008"], "990", "other", "811100005000000008"),
        (["--id-number", "A123456(7)", "--id-type", "990"], "990", "other", "A123456(7)"),
        (["--id-number", ID_NUMBER.lower()], "111", "resident_id", ID_NUMBER),
    ],
)
def test_other_documents_pre_apply_with_their_type(
    platform: Platform,
    run_cli: Callable[..., CliRun],
    options: list[str],
    id_type: str,
    doc_kind: str,
    number: str,
) -> None:
    created = preapp(run_cli, platform, *options)
    assert created.returncode == 0, created.stderr
    item = created.json()
    assert (item["id_type"], item["doc_kind"], item["id_number"]) == (id_type, doc_kind, number)


def test_a_number_wrong_for_its_type_is_refused_in_its_words(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    refused = preapp(run_cli, platform, "--id-number", "X12345678", "--id-type", "513")
    assert refused.returncode == 1
    assert "港澳居民来往内地通行证号码应为H或M" in refused.stderr
    assert "HK/Macao permit number" in refused.stderr


def test_digits_alone_keep_the_resident_id_rules_and_messages(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    wrong_check = ID_NUMBER[:17] + ("0" if ID_NUMBER[17] != "0" else "1")
    refused = preapp(run_cli, platform, "--id-number", wrong_check)
    assert refused.returncode == 1
    assert "证件号码校验位不符" in refused.stderr and "--id-type" not in refused.stderr
    short = preapp(run_cli, platform, "--id-number", "1234567")
    assert short.returncode == 1
    chinese, english = short.stderr.splitlines()
    assert "证件号码应为18位" in chinese and "当前为7位" in chinese and "--id-type" in chinese
    assert "--id-type" in english
    as_passport = preapp(run_cli, platform, "--id-number", "1234567", "--id-type", "414")
    assert as_passport.returncode == 0, as_passport.stderr


def test_a_passport_holder_books_and_the_window_finds_the_booking(
    platform: Platform, home: Home, config: Config
) -> None:
    """The feed item carries the number as the window's own check normalises it, so the
    number typed full-width at the window finds today's appointment."""
    open_every_day(platform.store, platform.hall)

    def book(id_number: str, at: time) -> dict[str, Any]:
        return arrivals.create_appointment(
            platform.store,
            platform.hall,
            ENDORSEMENT,
            id_number=id_number,
            id_type="414",
            name=NAME,
            at=datetime.combine(hall_today(), at),
            now=morning_of(hall_today()),  # late slots of today, whenever the test runs
        )

    booked = book("e 1234 5678", time(23, 0))
    assert booked["id_number"] == "E12345678"
    with pytest.raises(OperatorError) as second:
        book("E12345678", time(23, 30))
    assert "同一天同一事项只能预约一次" in second.value.zh

    window = open_store(home, config)
    try:
        feed_item = WireArrival.model_validate(booked).model_dump(mode="json")
        store_arrival(window, Arrival.from_json(feed_item))
        typed = validate_identity("414", "Ｅ１２３４５６７８").number
        assert [a.arrival_id for a in expected(window, typed)] == [booked["arrival_id"]]
    finally:
        window.close()
