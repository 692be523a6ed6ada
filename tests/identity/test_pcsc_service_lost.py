"""pcscd stopped or restarted under a running reader: every PC/SC call says ReaderUnavailable
(智能卡服务 pcscd 不可用, with what IT checks), never a raw pyscard exception or "no card"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from smartcard.Exceptions import CardConnectionException
from smartcard.scard import SCARD_E_NO_SERVICE, SCARD_F_COMM_ERROR, SCARD_W_REMOVED_CARD

from counter_app.identity import pcsc
from counter_app.identity.errors import CardRemoved, ReaderUnavailable
from counter_app.identity.pcsc import PcscReader

REPO = Path(__file__).resolve().parents[2]
READER = "Virtual PCD 00 00"

# Each PC/SC entry point, called where no pcscd listens; prints what each one raised.
_CALLS = f"""
import json
from counter_app.identity.errors import ReaderUnavailable
from counter_app.identity.pcsc import PcscReader, PcscTransport, list_pcsc_readers

calls = {{
    "list": list_pcsc_readers,
    "open": PcscReader({READER!r}).open,
    "card_present": PcscReader({READER!r}).card_present,
    "card_present_any": PcscReader().card_present,
    "read": PcscReader({READER!r}).read,
    "transport": lambda: PcscTransport({READER!r}),
}}
outcome = {{}}
for name, call in calls.items():
    try:
        call()
        outcome[name] = ["returned"]
    except ReaderUnavailable as exc:
        outcome[name] = [exc.code, exc.zh, exc.en]
    except Exception as exc:
        outcome[name] = [type(exc).__name__, str(exc)]
print(json.dumps(outcome))
"""


def test_every_call_without_pcscd_is_reader_unavailable_with_what_it_checks(
    tmp_path: Path,
) -> None:
    # libpcsclite talks to the socket PCSCLITE_CSOCK_NAME names: one where no pcscd listens is
    # what a stopped or restarting pcscd looks like to pyscard.
    env = dict(
        os.environ,
        PCSCLITE_CSOCK_NAME=str(tmp_path / "no-pcscd.comm"),
        PYTHONPATH=str(REPO),
    )
    done = subprocess.run(
        [sys.executable, "-c", _CALLS],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    outcome = json.loads(done.stdout)
    assert set(outcome) == {"list", "open", "card_present", "card_present_any", "read", "transport"}
    for name, raised in outcome.items():
        assert raised[0] == "reader_unavailable", (name, raised)
        _, zh, en = raised
        assert "智能卡服务 pcscd 不可用" in zh and "systemctl status pcscd" in zh, (name, zh)
        assert zh.startswith("未找到可用的读卡器"), (name, zh)
        assert "pcscd is not available" in en and "8010001D" in en, (name, en)
    assert "Traceback" not in done.stderr


class _Connection:
    """pyscard's connection as it behaves once pcscd is gone: ``connect`` or ``transmit``
    fails with the PC/SC code given."""

    def __init__(self, connect_error: int | None, transmit_error: int) -> None:
        self.connect_error = connect_error
        self.transmit_error = transmit_error

    def connect(self) -> None:
        if self.connect_error is not None:
            raise CardConnectionException("Unable to connect", hresult=self.connect_error)

    def transmit(self, apdu: list[int]) -> tuple[list[int], int, int]:
        raise CardConnectionException("Failed to transmit", hresult=self.transmit_error)

    def release(self) -> None:
        pass


def _pcscd_lost_at(
    monkeypatch: pytest.MonkeyPatch, connect_error: int | None, transmit_error: int
) -> None:
    """The reader is listed, then its connection meets the errors given."""
    connection = _Connection(connect_error, transmit_error)

    class _Reader:
        def __init__(self, name: str) -> None:
            assert name == READER

        def createConnection(self) -> _Connection:  # pyscard's name
            return connection

    monkeypatch.setattr(pcsc, "list_pcsc_readers", lambda: [READER])
    monkeypatch.setattr(pcsc, "PCSCReader", _Reader)


def test_service_lost_at_connect_is_reader_unavailable_not_no_card(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _pcscd_lost_at(monkeypatch, SCARD_E_NO_SERVICE, SCARD_E_NO_SERVICE)
    reader = PcscReader(READER)
    with pytest.raises(ReaderUnavailable) as info:
        reader.card_present()
    assert "智能卡服务 pcscd 不可用" in info.value.zh
    with pytest.raises(ReaderUnavailable):
        reader.read()


def test_service_lost_during_read_is_reader_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    _pcscd_lost_at(monkeypatch, None, SCARD_F_COMM_ERROR)
    with pytest.raises(ReaderUnavailable) as info:
        PcscReader(READER).read()
    assert "智能卡服务 pcscd 不可用" in info.value.zh and "80100013" in info.value.en


def test_card_taken_away_during_read_is_still_card_removed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _pcscd_lost_at(monkeypatch, None, SCARD_W_REMOVED_CARD)
    with pytest.raises(CardRemoved):
        PcscReader(READER).read()
