"""The reader check contributed to `counter-app doctor`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from counter_app.config import Config, HallConfig, ReaderConfig
from counter_app.home import resolve_home
from counter_app.identity.doctor import reader_checks
from counter_app.identity.ga467_simulator import GA467DeviceSimulator


def test_simulator_in_training_is_ok_outside_training_a_failure(tmp_path: Path) -> None:
    home = resolve_home(str(tmp_path))
    simulated = ReaderConfig(spec="sim")
    [check] = reader_checks(home, Config(hall=HallConfig(training=True), reader=simulated))
    assert check.status == "ok"
    [check] = reader_checks(home, Config(reader=simulated))
    assert check.status == "fail"
    assert "培训模式" in check.detail and "reader.spec" in check.detail


def test_serial_reader_ready_and_missing(
    tmp_path: Path, ga467_device: GA467DeviceSimulator
) -> None:
    home = resolve_home(str(tmp_path))
    [check] = reader_checks(
        home, replace(Config(), reader=ReaderConfig(spec=f"serial:{ga467_device.port_path}"))
    )
    assert check.status == "ok" and ga467_device.port_path in check.detail
    ga467_device.faults.sam_fault = True
    [check] = reader_checks(
        home, replace(Config(), reader=ReaderConfig(spec=f"serial:{ga467_device.port_path}"))
    )
    assert check.status == "fail" and "SAM" in check.detail
    [check] = reader_checks(home, replace(Config(), reader=ReaderConfig(spec="nonsense")))
    assert check.status == "fail"
