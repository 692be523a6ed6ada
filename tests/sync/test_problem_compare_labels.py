"""The problem comparison names each field in words (申请人·联系电话, Material 3 · status)
beside its path, and marks a personal field whose value differs though both masked texts
are alike, the supervisor's ``problems show`` as the window's dialog."""

from __future__ import annotations

import dataclasses
import json
import typing
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pydantic import BaseModel

from counter_app.config import Config
from counter_app.domain.case_document import CaseDocument
from counter_app.domain.case_field_labels import field_label
from counter_app.home import Home
from counter_app.store.database import Store
from sync.problems import compare
from tests.conftest import CliResult
from tests.sync.backlog import SeededCase, seed_cases
from tests.sync.conftest import make_engine
from tests.sync.damage import contest_version

# The seeded phone is 13900000000: this one shows as 139****0000 too.
OTHER_PHONE = "13912340000"


@pytest.mark.parametrize(
    ("path", "zh", "en"),
    [
        ("accepted_at", "受理时间", "Accepted at"),
        ("materials.2.status", "材料3·状态", "Material 3 · status"),
        ("applicant.phone", "申请人·联系电话", "Applicant · phone"),
        (
            "applicant.identity_source.passive_authentication.outcome",
            "申请人·身份来源·芯片验证·结果",
            "Applicant · identity source · chip authentication · outcome",
        ),
        ("corrections.0.materials.1", "补正1·补正材料2", "Correction 1 · material 2"),
        ("applicant_edits.0.edited_at", "申请人信息更正1·更正时间", "Applicant edit 1 · edited at"),
    ],
)
def test_a_path_is_named_in_words_with_list_items_counted_from_one(
    path: str, zh: str, en: str
) -> None:
    assert field_label(path) == (zh, en)


@pytest.mark.parametrize("path", ["queue_number", "materials.0.weight", "0.name", "applicant."])
def test_a_path_of_no_known_field_is_named_by_itself(path: str) -> None:
    assert field_label(path) == (path, path)


def _parts(annotation: Any) -> list[type[BaseModel]]:
    """The document parts an annotation holds (through ``| None``, ``list[…]``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [part for arg in typing.get_args(annotation) for part in _parts(arg)]


def _paths(model: type[BaseModel], prefix: str = "") -> Iterator[str]:
    for name, info in model.model_fields.items():
        yield prefix + name
        for part in _parts(info.annotation):
            yield from _paths(part, f"{prefix}{name}.0.")


def test_every_field_of_the_case_document_is_named_in_words() -> None:
    unnamed = [path for path in _paths(CaseDocument) if field_label(path) == (path, path)]
    assert unnamed == []


def _own_conflict_behind_a_mask(home: Home, config: Config, store: Store) -> SeededCase:
    """This workstation's case the platform holds in conflict, the two versions differing in
    the applicant's phone only, and so alike once masked."""
    (case,) = seed_cases(store, 1, hall=config.hall.hall_code, window=config.hall.window_code)
    engine = make_engine(home, config, store)
    assert engine.run_once().pushed == 1
    contest_version(store, dataclasses.replace(case, phone=OTHER_PHONE), "")
    assert engine.run_once().conflicts == 1
    return case


@pytest.mark.integration
def test_a_phone_changed_behind_its_mask_is_marked_and_every_field_named(
    cli: Callable[..., CliResult], home: Home, enrolled: Config, sync_store: Store
) -> None:
    mine = _own_conflict_behind_a_mask(home, enrolled, sync_store)

    side = compare(sync_store, mine.case_no)
    assert side.own
    (differing,) = [row for row in side.rows if row.differs]
    assert (differing.path, differing.label_zh, differing.label_en) == (
        "applicant.phone",
        "申请人·联系电话",
        "Applicant · phone",
    )
    assert differing.local == differing.platform == "139****0000"
    assert differing.differs_masked
    assert all(row.label_zh != row.path for row in side.rows)

    shown = cli("problems", "show", mine.case_no, "--json")
    assert shown.returncode == 0, shown.stderr
    assert OTHER_PHONE not in shown.stdout and mine.phone not in shown.stdout
    rows = {row["path"]: row for row in json.loads(shown.stdout)["rows"]}
    assert rows["applicant.phone"] == {
        "path": "applicant.phone",
        "label_zh": "申请人·联系电话",
        "label_en": "Applicant · phone",
        "local": "139****0000",
        "platform": "139****0000",
        "differs": True,
    }

    chinese = cli("problems", "show", mine.case_no).stdout
    assert "有 1 个字段不同" in chinese
    (line,) = [text for text in chinese.splitlines() if text.startswith("*")]
    assert line.startswith("* 申请人·联系电话  [applicant.phone]")
    assert line.endswith("不同（已遮蔽）")
    english = cli("--lang", "en", "problems", "show", mine.case_no).stdout
    assert "1 field(s) differ" in english and "Material 1 · status" in english
    assert OTHER_PHONE not in chinese + english and mine.phone not in chinese + english
