"""A phone is stored in one form however the clerk wrote it: a mobile as its 11 digits, a
landline with its area code and a hyphen, an extension after a second hyphen; a refusal
names the forms taken."""

from __future__ import annotations

import pytest

from counter_app.domain.idnumber import mainland_phone, normalize_phone
from counter_app.errors import ValidationError


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13912345678", "13912345678"),
        ("139-1234-5678", "13912345678"),
        ("139 1234 5678", "13912345678"),
        ("１３９１２３４５６７８", "13912345678"),
        ("+86 139 1234 5678", "13912345678"),
        ("＋８６－１３９－１２３４－５６７８", "13912345678"),
        ("0086 13912345678", "13912345678"),
        ("021-64381234", "021-64381234"),
        ("(021)64381234", "021-64381234"),
        ("（０２１）６４３８１２３４", "021-64381234"),
        ("02164381234", "021-64381234"),
        ("021 6438 1234", "021-64381234"),
        ("+86 21 6438 1234", "021-64381234"),
        ("0512-61234567", "0512-61234567"),
        ("021-64381234-8001", "021-64381234-8001"),
        ("021-64381234转8001", "021-64381234-8001"),
        ("(021)6438 1234 转 8001", "021-64381234-8001"),
        ("021-64381234分机8001", "021-64381234-8001"),
        ("+852-9123-4567", "+85291234567"),
        ("00852 9123 4567", "+85291234567"),
        ("64381234", "64381234"),
        ("400-820-8820", "4008208820"),
    ],
)
def test_every_usual_way_of_writing_a_number_is_stored_in_one_form(typed, stored):
    assert normalize_phone(typed) == stored
    assert normalize_phone(stored) == stored  # the stored form is its own


@pytest.mark.parametrize(
    "typed",
    [
        "1391234567",  # a mobile a digit short
        "139123456789",
        "139-1234-5678转8001",  # a mobile has no extension
        "021-1234",
        "011-82345678",  # no such area code
        "64381234转8001",  # an extension needs the area code
        "+86",
        "12345",
        "021-64381234转",
        "021-64381234转8001转2",
        "电话13912345678",
    ],
)
def test_a_refusal_names_the_forms_taken(typed):
    with pytest.raises(ValidationError) as refused:
        normalize_phone(typed)
    assert refused.value.field == "applicant.phone"
    assert refused.value.zh.startswith("联系电话格式不正确")
    assert "13912345678" in refused.value.zh and "021-64381234转8001" in refused.value.zh
    assert "area code" in refused.value.en and "extension" in refused.value.en


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("139-1234-5678", "13912345678"),
        ("(021)64381234", "021-64381234"),
        ("+85291234567", None),  # abroad: no search by phone, as before
        ("64381234", None),  # a local number could be a document's
        ("310104198001010017", None),  # an ID number
        ("张三", None),
    ],
)
def test_only_a_mainland_mobile_or_area_coded_landline_is_taken_for_a_phone(typed, found):
    assert mainland_phone(typed) == found
