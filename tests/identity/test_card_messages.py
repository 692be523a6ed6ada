"""What a clerk reads when a card is read: the passport that needs its MRZ first, card-data
errors in Chinese only (English in the English text), a sex that contradicts the number,
``read-card``'s listing, a mistyped ``--mrz``, and a reader that stops answering."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from counter_app.cli.main import main
from counter_app.identity.basetext import decode_base_message
from counter_app.identity.errors import (
    BadCardData,
    MrzRequired,
    ReaderTimeout,
    TimeoutKind,
)
from counter_app.identity.ga467_simulator import GA467DeviceSimulator
from counter_app.identity.pcsc import PcscReader
from counter_app.identity.samples import SAMPLES_BY_KEY, SampleCard
from counter_app.identity.serial_reader import GA467SerialReader
from tests.in_process import CliResult, run_main
from ui import card_reader_thread

LATIN = re.compile("[A-Za-z]")


def _resident(**changed: str) -> SampleCard:
    card = SAMPLES_BY_KEY["resident"]
    return replace(card, base_fields={**card.base_fields, **changed})


@pytest.fixture
def cli(tmp_path: Path) -> Callable[..., CliResult]:
    return lambda *args: run_main(main, ["--home", str(tmp_path), *args])


def test_a_passport_without_its_mrz_asks_for_the_mrz(vicc_passport: str) -> None:
    with PcscReader(vicc_passport) as reader, pytest.raises(MrzRequired) as info:
        reader.read()
    zh = info.value.zh
    assert zh.startswith("读卡器上像是护照") and "Ctrl+M" in zh and "--mrz" in zh
    assert "手工录入" not in zh and "not a social security card" not in zh
    assert "passport" in info.value.en and "Ctrl+M" in info.value.en


@pytest.mark.parametrize(
    ("changed", "what", "said"),
    [
        ({"valid_to": "20351340"}, "date", "有效期截止日 20351340 不是有效日期"),
        ({"nation": "77"}, "nation", "民族代码“77”无法识别"),
        ({"birth_date": "1958-312"}, "date", "出生日期“1958-312”不是 YYYYMMDD 格式的日期"),
    ],
)
def test_card_data_errors_say_chinese_in_chinese(
    changed: dict[str, str], what: str, said: str
) -> None:
    card = _resident(**changed)
    with pytest.raises(BadCardData) as info:
        decode_base_message(card.base_text, b"")
    assert info.value.what == what and said in info.value.zh
    assert not LATIN.search(info.value.zh.replace("YYYYMMDD", ""))
    assert what in info.value.en


def test_a_checksum_failure_is_said_in_chinese(ga467_device: GA467DeviceSimulator) -> None:
    ga467_device.place(SAMPLES_BY_KEY["resident"])
    with GA467SerialReader(ga467_device.port_path, command_timeout=0.5) as reader:
        ga467_device.faults.bad_checksum_responses = 10
        with pytest.raises(BadCardData) as info:
            reader.read()
    assert "异或校验和不符" in info.value.zh and not LATIN.search(info.value.zh)
    assert "XOR checksum" in info.value.en


def test_a_sex_contradicting_the_number_is_flagged() -> None:
    card = _resident(sex="2")  # 女 on the card; the number's 17th digit 1 says 男
    document = decode_base_message(card.base_text, b"")
    [check] = [c for c in document.checks if c.name == "number_matches_card"]
    assert not check.ok
    assert "性别" in check.detail_zh and "女" in check.detail_zh and "sex" in check.detail
    assert document.sex == "女"  # flagged, not refused


def test_a_birth_date_contradicting_the_number_is_flagged_the_same_way() -> None:
    document = decode_base_message(_resident(birth_date="19580313").base_text, b"")
    [check] = [c for c in document.checks if c.name == "number_matches_card"]
    assert not check.ok and "出生日期" in check.detail_zh


def test_read_card_lists_in_chinese_with_expiry_and_checks(cli) -> None:
    result = cli("read-card", "--reader", "sim:resident_expired")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "证件类型：居民身份证" in lines and "姓名：李𠮷" in lines
    assert "照片：有（WLT，本工作站无法解码证件照片）" in lines
    assert "有效期检查：已过期（2020-01-10）" in lines
    assert "检查：号码校验 [通过] 校验码 X 正确" in lines
    assert not any("{" in line or "None" in line or line.startswith("name") for line in lines)


def test_read_card_lists_in_english_with_lang_en(cli) -> None:
    result = cli("--lang", "en", "read-card", "--reader", "sim:resident")
    lines = result.stdout.splitlines()
    assert "Valid to: long-term" in lines and "Expiry: valid" in lines
    assert "Check: number check character [pass] check character 1 ok" in lines


def test_read_card_leaves_out_what_a_passport_does_not_have(cli) -> None:
    result = cli("read-card", "--reader", "sim:passport")
    assert result.returncode == 0, result.stderr
    assert "None" not in result.stdout and "有效期起始" not in result.stdout
    assert "照片：有（JPEG，已解码）" in result.stdout.splitlines()


def test_read_card_json_adds_expired_and_chinese_details(cli) -> None:
    import json

    data = json.loads(cli("read-card", "--reader", "sim:resident_expired", "--json").stdout)
    assert data["expired"] is True and data["valid_to"] == "2020-01-10"
    assert data["checks"][0]["detail_zh"] == "校验码 X 正确"


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("EA1234567,1985-11-02,330601", "出生日期应为6位数字 YYMMDD"),
        ("EA1234567,851102", "应为 证件号,出生日期YYMMDD,有效期YYMMDD 三项"),
        ("EA-12345,851102,330601", "证件号应为1至9位字母或数字"),
        ("EA1234567,851102,331301", "有效期应为6位数字 YYMMDD 且是存在的日期"),
    ],
)
def test_a_mistyped_mrz_is_a_usage_error(cli, typed: str, said: str) -> None:
    result = cli("read-card", "--reader", "sim:passport", "--mrz", typed)
    assert result.returncode == 2
    assert said in result.stderr and "证件数据有误" not in result.stderr
    assert "Traceback" not in result.stderr


def test_a_reader_that_stops_answering_is_not_a_wait_slice(
    ga467_device: GA467DeviceSimulator,
) -> None:
    """With the command timeout equal to the wait slice, the reader's silence is still
    trouble; and the simulator's thread survives sending it nothing."""
    ga467_device.respond = lambda body: b""  # type: ignore[method-assign]
    reader = GA467SerialReader(ga467_device.port_path, command_timeout=0.3)
    with pytest.raises(ReaderTimeout) as info:
        reader.open()
    assert info.value.kind is TimeoutKind.NO_ANSWER
    silent = ReaderTimeout.no_answer(card_reader_thread.WAIT_SLICE_SECONDS, "无应答", "no answer")

    def wait(_seconds: float) -> None:
        raise silent

    with pytest.raises(ReaderTimeout):
        card_reader_thread._within_slice(wait)
    del ga467_device.respond
    ga467_device.place(SAMPLES_BY_KEY["resident"])
    with GA467SerialReader(ga467_device.port_path) as answering:
        assert answering.read().name == "王建国"
