"""Searches for a person, attributed (PIPL: every access to a person's data is someone's):
what a typed search looks a person up by, as the store searches it, and its audit entry
``person.searched``, which names the person by a prefix of the store's blind index of the
key, never by the key (``counter-app audit list --person`` finds the entries again)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from counter_app.domain.case_number import looks_like_case_number
from counter_app.domain.idnumber import mainland_phone, normalize_id_number
from counter_app.errors import ValidationError
from counter_app.store.audit_search import PERSON_SEARCHED, PersonKey
from counter_app.store.cases import id_number_key, phone_key
from counter_app.store.database import Store

# Where a search ran, as the entry says it.
CASE_LIST = "case_list"  # the window's case list
LOOKUP = "lookup"  # counter-app lookup
# The most case numbers an entry lists; ``cases`` counts them all.
CASE_NOS_LISTED = 20
# What no document's number holds (GA/T 2000.156 "other" numbers take brackets and hyphens:
# a Hong Kong identity card's A123456(7)).
NOT_IN_A_NUMBER = re.compile(r"[^A-Z0-9()\-]")
_DIGIT = re.compile(r"[0-9]")


def person_asked_about(store: Store, text: str) -> PersonKey:
    """The person ``audit list --person`` asks about: an ID number or a phone;
    ``ValidationError`` for a case number, a name or nothing (the value is never echoed)."""
    text = text.strip()
    phone = mainland_phone(text)
    if phone is not None:
        return phone_key(store, phone)
    number = normalize_id_number(text)
    if looks_like_case_number(text) or not _DIGIT.search(number) or NOT_IN_A_NUMBER.search(number):
        raise ValidationError(
            "--person 须为证件号码或手机号、带区号的固定电话（按办件查请用 --case）。",
            "--person takes an ID number or a mobile or landline number with its area code "
            "(for a case, use --case).",
            field="person",
        )
    return id_number_key(store, number)


def record_search(
    store: Store, actor: str, key: PersonKey, where: str, case_nos: Sequence[str]
) -> None:
    """Log that ``actor`` searched for the person ``key`` at ``where`` and found the cases
    ``case_nos`` (the first ``CASE_NOS_LISTED`` named, all counted)."""
    store.audit.record(
        actor,
        PERSON_SEARCHED,
        None,
        {
            "searched_by": key.kind,
            "where": where,
            "subject": key.subject,
            "cases": len(case_nos),
            "case_nos": list(case_nos[:CASE_NOS_LISTED]),
        },
    )
