"""The SDT API ctypes binding against a fake vendor library compiled with gcc (a real
shared library with the same exports; a mock only because no certified reader is here)."""

from __future__ import annotations

import ctypes
from pathlib import Path

import pytest

from counter_app.identity.errors import NoCard, ReaderUnavailable, SamFault
from counter_app.identity.samples import SAMPLES_BY_KEY
from counter_app.identity.sdtapi import SdtApiReader
from counter_app.identity.specs import open_reader
from counter_app.identity.wlt import BMP_SIZE, WltDecoder


@pytest.fixture
def fake(fake_sdtapi_lib: Path) -> ctypes.CDLL:
    lib = ctypes.CDLL(str(fake_sdtapi_lib))
    lib.FAKE_SDT_SetSamStatus(0x90)
    lib.FAKE_SDT_SetCard(None, None, 0, 0)
    return lib


def _place(lib: ctypes.CDLL, key: str) -> None:
    card = SAMPLES_BY_KEY[key]
    lib.FAKE_SDT_SetCard(card.base_text, card.photo, len(card.photo), 1)


def test_reads_card_through_the_library(fake: ctypes.CDLL, fake_sdtapi_lib: Path) -> None:
    _place(fake, "hkmotw_permit")
    with open_reader(f"sdtapi:{fake_sdtapi_lib}:1001") as reader:
        assert reader.card_present()
        document = reader.read()
    assert document.pass_number == "H12345678"
    assert document.photo == SAMPLES_BY_KEY["hkmotw_permit"].photo


def test_fingerprint_read_and_no_card(fake: ctypes.CDLL, fake_sdtapi_lib: Path) -> None:
    with SdtApiReader(str(fake_sdtapi_lib)) as reader:
        assert not reader.card_present()
        with pytest.raises(NoCard):
            reader.read()
        _place(fake, "resident")
        assert reader.read(fingerprint=True).name == "王建国"


def test_sam_fault(fake: ctypes.CDLL, fake_sdtapi_lib: Path) -> None:
    fake.FAKE_SDT_SetSamStatus(0x60)
    with pytest.raises(SamFault), SdtApiReader(str(fake_sdtapi_lib)):
        pass


def test_missing_library_and_bad_port(tmp_path: Path, fake_sdtapi_lib: Path) -> None:
    with pytest.raises(ReaderUnavailable), SdtApiReader(str(tmp_path / "libnone.so")):
        pass
    with pytest.raises(ReaderUnavailable), SdtApiReader(str(fake_sdtapi_lib), port=99):
        pass


def test_wlt_photo_decoded_when_library_configured(
    fake: ctypes.CDLL, fake_sdtapi_lib: Path
) -> None:
    _place(fake, "resident")
    decoder = WltDecoder(str(fake_sdtapi_lib))
    with SdtApiReader(str(fake_sdtapi_lib), photo_decoder=decoder) as reader:
        document = reader.read()
    assert document.photo_decodable and document.photo_format == "bmp"
    assert document.photo[:2] == b"BM" and len(document.photo) == BMP_SIZE
