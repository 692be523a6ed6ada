"""`counter-app read-card` / `readers`, the simulated reader's place/remove API, specs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from counter_app.cli.main import main
from counter_app.errors import ConfigError
from counter_app.identity.document import CardEvent, CardEventKind
from counter_app.identity.errors import NoCard, ReaderTimeout, UnsupportedCard
from counter_app.identity.ga467_simulator import GA467DeviceSimulator
from counter_app.identity.samples import SAMPLES_BY_KEY
from counter_app.identity.simulator import SimulatedReader
from counter_app.identity.specs import parse_spec
from tests.in_process import CliResult, run_main

JSON_FIELDS = {
    "doc_type",
    "name",
    "english_name",
    "id_number",
    "sex",
    "nation",
    "nationality",
    "birth_date",
    "address",
    "issuer",
    "valid_from",
    "valid_to",
    "card_number",
    "pass_number",
    "checks",
}


@pytest.fixture
def cli() -> Callable[..., CliResult]:
    """Run ``counter-app --home HOME ARGS`` in this process (one subprocess test below covers
    the console script)."""
    return lambda home, *args: run_main(main, ["--home", str(home), *args])


@pytest.mark.parametrize(
    ("card", "doc_type"),
    [
        ("resident", "resident_id"),
        ("foreign_2023", "foreign_permanent_2023"),
        ("social_security", "social_security_card"),
        ("passport", "passport"),
    ],
)
def test_read_card_sim_json(cli, tmp_path: Path, card: str, doc_type: str) -> None:
    result = cli(tmp_path, "read-card", "--reader", f"sim:{card}", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= JSON_FIELDS
    assert data["doc_type"] == doc_type
    assert "photo" in data and isinstance(data["photo"]["bytes"], int)  # described, never the bytes


def test_read_card_long_term_validity_is_literal(cli, tmp_path: Path) -> None:
    data = json.loads(cli(tmp_path, "read-card", "--reader", "sim:resident", "--json").stdout)
    assert data["valid_to"] == "长期" and data["birth_date"] == "1958-03-12"


def test_read_card_over_serial_pty_console_script(
    tmp_path: Path, ga467_device: GA467DeviceSimulator
) -> None:
    ga467_device.place(SAMPLES_BY_KEY["foreign_2017"])
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "counter-app"),
            "read-card",
            "--reader",
            f"serial:{ga467_device.port_path}@115200",
            "--json",
        ],
        capture_output=True,
        text=True,
        env=dict(os.environ, COUNTER_APP_HOME=str(tmp_path)),
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["doc_type"], data["english_name"], data["nationality"]) == (
        "foreign_permanent_2017",
        "SMITH, JOHN MICHAEL",
        "USA",
    )


def test_read_card_failures_exit_nonzero_with_a_clear_message(
    cli, tmp_path: Path, ga467_device: GA467DeviceSimulator
) -> None:
    no_card = cli(tmp_path, "read-card", "--reader", f"serial:{ga467_device.port_path}")
    assert no_card.returncode != 0 and "没有证件" in no_card.stderr and "no card" in no_card.stderr
    missing = cli(tmp_path, "read-card", "--reader", f"serial:{tmp_path}/ttyUSB9")
    assert missing.returncode != 0 and "读卡器" in missing.stderr
    bad_spec = cli(tmp_path, "read-card", "--reader", "bluetooth:x")
    assert bad_spec.returncode != 0 and "reader spec" in bad_spec.stderr.lower()
    waited = cli(tmp_path, "read-card", "--reader", "sim", "--wait", "0.2")
    assert waited.returncode != 0 and "0.2" in waited.stderr


@pytest.mark.parametrize("wait", ["1e309", "99999999999", "-1", "nan", "soon"])
def test_a_wait_past_an_hour_or_no_number_is_refused(cli, tmp_path: Path, wait: str) -> None:
    """Once an OverflowError from the clock (``1e309`` is infinity); now a usage error."""
    refused = cli(tmp_path, "read-card", "--reader", "sim", "--wait", wait)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert f"argument --wait: 应为 0 至 3600 之间的数，收到“{wait}”" in refused.stderr
    assert f"must be a number from 0 to 3600, got '{wait}'" in refused.stderr


def test_readers_json(cli, tmp_path: Path) -> None:
    result = cli(tmp_path, "readers", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (
        data["configured"] == "auto"  # a production window's default; sim is for training
        and isinstance(data["serial"], list)
        and isinstance(data["pcsc"], list)
    )


def test_simulated_reader_place_remove_and_events() -> None:
    events: list[CardEvent] = []
    with SimulatedReader() as reader:
        reader.subscribe(events.append)
        assert "resident_uyghur" in reader.sample_names()
        with pytest.raises(NoCard):
            reader.read()
        placer = threading.Timer(0.1, reader.place, args=("resident_uyghur",))
        placer.start()
        assert reader.wait_for_card(5).kind == CardEventKind.INSERTED
        placer.join()
        assert reader.read().name == "买买提·艾力"
        reader.remove()
        assert reader.wait_for_removal(1).kind == CardEventKind.REMOVED
        with pytest.raises(ReaderTimeout):
            reader.wait_for_card(0.1)
        with pytest.raises(UnsupportedCard):
            reader.place("no_such_card")
    assert [e.kind for e in events] == [CardEventKind.INSERTED, CardEventKind.REMOVED]


def test_simulated_reader_without_pty() -> None:
    with SimulatedReader("hkmotw_permit", use_pty=False) as reader:
        assert reader.read().pass_number == "H12345678"


def test_spec_parsing() -> None:
    assert parse_spec("serial:/dev/ttyUSB0").baudrate == 115200
    assert parse_spec("serial:/dev/ttyUSB0@9600").baudrate == 9600
    assert parse_spec("sdtapi:/opt/r/libsdtapi.so:1002").port == 1002
    assert parse_spec("sdtapi:C:/r/sdtapi.dll").target == "C:/r/sdtapi.dll"
    assert parse_spec("pcsc:Virtual PCD 00 00").target == "Virtual PCD 00 00"
    assert str(parse_spec("sim:passport")) == "sim:passport"
    for bad in ("usb:1", "serial:", "serial:/dev/x@fast", "auto:1"):
        with pytest.raises(ConfigError):
            parse_spec(bad)


def test_auto_without_readers_is_a_clear_error_outside_training(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from counter_app.identity import pcsc, specs
    from counter_app.identity.errors import ReaderUnavailable
    from counter_app.identity.specs import detect_reader

    # No reader answers, whatever this machine has plugged in or running (another test's pcscd
    # with its virtual reader, say).
    monkeypatch.setattr(specs, "probe_serial_ports", list)
    monkeypatch.setattr(pcsc, "list_pcsc_readers", list)

    with pytest.raises(ReaderUnavailable) as info:
        detect_reader(training=False, sdtapi_library="/nonexistent/libsdtapi.so")
    # Each kind tried, with what it met, in both languages; the advice said once.
    zh, en = info.value.zh, info.value.en
    assert (
        "sdtapi /nonexistent/libsdtapi.so (" in en
        and "厂商驱动库 /nonexistent/libsdtapi.so（" in zh
    )
    assert "serial ports (none answered GA 467); PC/SC (no readers)." in en
    assert "串口（没有 GA 467 读卡器应答）；PC/SC（没有读卡器））" in zh
    assert en.count("No card reader is available") == 1 and zh.count("未找到可用的读卡器") == 1
    assert isinstance(detect_reader(training=True), SimulatedReader)


def test_no_card_data_in_logs_for_any_sample(caplog: pytest.LogCaptureFixture) -> None:
    import logging

    caplog.set_level(logging.DEBUG)
    secrets: list[str] = []
    with SimulatedReader() as reader:
        for key in reader.sample_names():
            reader.place(key)
            document = reader.read()
            logging.getLogger("counter_app.test").info("read %s", document)
            secrets += [document.name, document.id_number]
            if document.address:
                secrets.append(document.address)
    assert caplog.records
    for secret in secrets:
        assert secret not in caplog.text


@pytest.mark.parametrize("use_pty", [False, True])
def test_cancel_waits_ends_a_long_wait_at_once(use_pty: bool) -> None:
    import time

    with SimulatedReader(use_pty=use_pty) as reader:
        threading.Timer(0.1, reader.cancel_waits).start()
        started = time.monotonic()
        with pytest.raises(ReaderTimeout):
            reader.wait_for_card(30)
        assert time.monotonic() - started < 5


def test_read_card_passport_with_typed_mrz(cli, tmp_path: Path) -> None:
    ok = cli(
        tmp_path,
        "read-card",
        "--reader",
        "sim:passport",
        "--mrz",
        "EA1234567,851102,330601",
        "--json",
    )
    assert ok.returncode == 0 and json.loads(ok.stdout)["id_number"] == "EA1234567"
    wrong = cli(
        tmp_path, "read-card", "--reader", "sim:passport", "--mrz", "EA1234567,851102,330602"
    )
    assert wrong.returncode != 0 and "机读区" in wrong.stderr
    malformed = cli(tmp_path, "read-card", "--reader", "sim:passport", "--mrz", "EA1234567")
    assert malformed.returncode != 0 and "--mrz" in malformed.stderr


def test_readers_human_output(cli, tmp_path: Path) -> None:
    result = cli(tmp_path, "readers")
    assert result.returncode == 0 and "PC/SC" in result.stdout and "auto" in result.stdout
