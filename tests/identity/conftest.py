"""Fixtures for the identity tests: the GA 467 simulator on a pty, the fake SDT library
compiled with gcc, and vicc cards (social security card, passports) in the real pcscd +
vsmartcard-vpcd rig of tests/pcsc_rig.py."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app.identity.ga467_simulator import GA467DeviceSimulator
from tests.pcsc_rig import PcscService, vicc_card

HERE = Path(__file__).parent


@pytest.fixture
def ga467_device() -> Iterator[GA467DeviceSimulator]:
    device = GA467DeviceSimulator()
    device.start()
    yield device
    device.stop()


@pytest.fixture(scope="session")
def fake_sdtapi_lib(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fake_sdtapi") / "libfakesdtapi.so"
    subprocess.run(
        [
            "gcc",
            "-shared",
            "-fPIC",
            "-O1",
            "-Wall",
            "-Werror",
            "-o",
            str(out),
            str(HERE / "fake_sdtapi" / "fake_sdtapi.c"),
        ],
        check=True,
        timeout=60,
    )
    return out


def which_or_fail(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is not installed (make setup installs it)"
    return path


@pytest.fixture
def vicc_sscard(pcscd: PcscService) -> Iterator[str]:
    with vicc_card("sscard") as reader:
        yield reader


@pytest.fixture
def vicc_passport(pcscd: PcscService) -> Iterator[str]:
    with vicc_card("passport") as reader:
        yield reader


@pytest.fixture
def vicc_passport_dg1_altered(pcscd: PcscService) -> Iterator[str]:
    """The sample passport whose DG1 was changed after EF.SOD was signed."""
    with vicc_card("passport:dg1_altered") as reader:
        yield reader


@pytest.fixture
def vicc_passport_without_certificate(pcscd: PcscService) -> Iterator[str]:
    """The sample passport whose EF.SOD carries no document signer certificate."""
    with vicc_card("passport:without_certificate") as reader:
        yield reader
