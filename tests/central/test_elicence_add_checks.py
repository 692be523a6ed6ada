"""``counter-central elicence add`` refuses, in Chinese then English with exit 1, a licence
no window would ever match: a type that is no ``exempt_elicence`` of the newest published
catalog (a space around a known one named as such), and a holder's number its document's
rules refuse (the same rules as ``preapp create --id-number``); nothing is registered."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from central.store import open_store
from counter_app.identity.samples import gb11643
from tests.central.conftest import CliRun, Platform

HOLDER = gb11643("31010419900101201")
MARRIAGE = "结婚证电子证照"


def add(
    run_cli: Callable[..., CliRun], db: list[str], *options: str, number: str = "J-1"
) -> CliRun:
    return run_cli("elicence", "add", "--number", number, *options, *db, "--json")


def registered(platform: Platform) -> int:
    with platform.store.snapshot() as cur:
        return int(cur.execute("SELECT COUNT(*) FROM elicences").fetchone()[0])


@pytest.mark.parametrize(
    ("options", "zh", "en"),
    [
        (
            ("--type", "不存在的证照", "--holder", HOLDER),
            "错误：--type “不存在的证照”不是事项目录（第 1 版）中任何材料的电子证照类型",
            "Error: --type '不存在的证照' is no material's e-licence type",
        ),
        (
            ("--type", "居民户口簿电子证照 ", "--holder", HOLDER),
            "错误：--type “居民户口簿电子证照 ”首尾有空格：请写作“居民户口簿电子证照”。",
            "Error: --type '居民户口簿电子证照 ' has spaces around it",
        ),
        (
            ("--type", MARRIAGE, "--holder", "12345"),
            "错误：--holder：证件号码应为18位",
            "Error: --holder: The ID number must be 18 characters",
        ),
        (
            ("--type", MARRIAGE, "--holder", HOLDER[:-1] + "0"),
            "错误：--holder：证件号码校验位不符",
            "Error: --holder: The ID number's check character is wrong",
        ),
    ],
)
def test_a_licence_no_window_would_match_is_refused(
    platform: Platform, run_cli: Callable[..., CliRun], options: tuple[str, ...], zh: str, en: str
) -> None:
    refused = add(run_cli, platform.db, *options)
    assert refused.returncode == 1, refused.stdout
    chinese, english = refused.stderr.splitlines()
    assert chinese.startswith(zh) and english.startswith(en)
    assert registered(platform) == 0


def test_the_known_types_and_a_number_of_a_named_document_are_taken(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    refused = add(run_cli, platform.db, "--type", "不存在的证照", "--holder", HOLDER)
    assert "可用：" in refused.stderr and MARRIAGE in refused.stderr  # what would do
    kept = add(run_cli, platform.db, "--type", MARRIAGE, "--holder", HOLDER)
    assert kept.returncode == 0, kept.stderr
    # Digits alone are a resident ID card's unless the document is named.
    passport = add(
        run_cli, platform.db, "--type", MARRIAGE, "--holder", "12345", "--id-type", "414",
        number="J-2",
    )  # fmt: skip
    assert passport.returncode == 0, passport.stderr
    assert registered(platform) == 2


def test_before_any_catalog_is_published_no_type_can_be_checked(
    tmp_path: Path, run_cli: Callable[..., CliRun]
) -> None:
    db = str(tmp_path / "central.sqlite3")
    open_store(db).close()
    refused = add(run_cli, ["--db", db], "--type", MARRIAGE, "--holder", HOLDER)
    assert refused.returncode == 1
    assert refused.stderr.startswith("错误：平台尚未发布事项目录，无法核对电子证照类型")
