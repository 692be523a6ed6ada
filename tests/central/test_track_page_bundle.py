"""The progress page's other cases of a 一件事, built straight from a tracked case
(``central.track_page.case_page``): each by its number, item and state in the page's words;
over HTTP against the real platform: ``test_bundles``."""

from __future__ import annotations

import re
import uuid

from central.simulator import synthetic_payload
from central.store.tracking import BundleCase, TrackedCase
from central.track_page import case_page
from counter_app.domain.case_states import CaseState

TOKEN = "T" * 32
CASE_NO = "H0001-W01-D01-20261127-000001"
OTHER_NO = "H0001-W01-D01-20261127-000002"


def _tracked(*others: BundleCase, name: str = "失业一件事") -> TrackedCase:
    document = synthetic_payload(uuid.uuid4(), 1, CASE_NO)
    return TrackedCase(
        document, CaseState.ACCEPTED, None, None, bundle_name=name, bundle_cases=others
    )


def _bundle_rows(page: str) -> list[list[str]]:
    found = re.search(r'<section id="bundle">(.*?)</section>', page)
    assert found is not None
    rows = re.findall(r"<tr>(.*?)</tr>", found.group(1))
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row) for row in rows]


def test_each_other_case_shows_its_number_item_and_state_as_its_own_page_would() -> None:
    tracked = _tracked(
        BundleCase(OTHER_NO, "就业困难人员认定", CaseState.DELIVERED, posted=True),
        BundleCase(OTHER_NO[:-1] + "3", "失业登记", CaseState.DELIVERED, posted=False),
    )
    assert _bundle_rows(case_page(tracked, TOKEN, "zh")) == [
        ["办件编号", "申请事项", "当前状态"],
        [OTHER_NO, "就业困难人员认定", "已寄达"],
        [OTHER_NO[:-1] + "3", "失业登记", "已送达（已领取）"],
    ]
    english = case_page(tracked, TOKEN, "en")
    assert "Other cases of the same one-thing application (失业一件事)" in english
    assert _bundle_rows(english)[1][2] == "Delivered by post"


def test_the_names_are_escaped_and_a_case_alone_has_no_such_section() -> None:
    tracked = _tracked(
        BundleCase(OTHER_NO, "<b>事项</b>", CaseState.IN_PROCESS, posted=False), name="<i>名</i>"
    )
    page = case_page(tracked, TOKEN, "zh")
    assert "&lt;b&gt;事项&lt;/b&gt;" in page and "&lt;i&gt;名&lt;/i&gt;" in page
    assert "<b>" not in page and "<i>" not in page
    assert 'id="bundle"' not in case_page(_tracked(), TOKEN, "zh")
