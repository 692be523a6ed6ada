"""Run by the test fixtures with the venv python and PYTHONPATH pointing at Debian's
virtualsmartcard: a vicc card connected to vpcd on 127.0.0.1, either

- ``sscard``: the sample social security card built from vicc's own ISO 7816 file system
  (DF by name, EF05 and EF06 as linear variable record files), or
- ``passport[:SOD]``: the sample passport, the card OS being our PassportChipSimulator
  (vicc's own ePass emulation is broken on Python 3, see VERIFIED.md); ``SOD`` picks the
  simulator's EF.SOD variant (``signed`` by default, ``dg1_altered``, ...)."""

import logging
import socket
import sys

from virtualsmartcard.ConstantDefinitions import FDB
from virtualsmartcard.SmartcardFilesystem import DF, MF, Record, RecordStructureEF
from virtualsmartcard.SmartcardSAM import SAM
from virtualsmartcard.VirtualSmartcard import Iso7816OS, SmartcardOS, VirtualICC

from counter_app.identity.passport_simulator import PassportChipSimulator
from counter_app.identity.samples import SAMPLES_BY_KEY
from counter_app.identity.sscard import DF_NAME, card_records


class QuickAckSocket:
    """vpcd sends each APDU in two writes (length, then bytes); with Nagle's algorithm on
    its side and delayed ACKs on ours, every APDU waited ~40 ms on the loopback socket, a
    cost no real reader has. Acknowledging at once (TCP_QUICKACK before each receive)
    removes that emulator artefact; the card logic is untouched."""

    def __init__(self, sock):
        self._sock = sock

    def recv(self, size):
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        return self._sock.recv(size)

    def __getattr__(self, name):
        return getattr(self._sock, name)


def build_card():
    data = SAMPLES_BY_KEY["social_security"].social_security
    ef05, ef06 = card_records(data)
    mf = MF()
    df = DF(parent=mf, fid=0xDF01, dfname=DF_NAME)
    mf.append(df)
    linear = FDB["EFSTRUCTURE_LINEAR_VARIABLE_NOFURTHERINFO"]
    for fid, sfi, records in ((0xEF05, 5, ef05), (0xEF06, 6, ef06)):
        df.append(
            RecordStructureEF(
                parent=df,
                fid=fid,
                shortfid=sfi,
                filedescriptor=linear,
                records=[Record(identifier=tag, data=raw) for tag, raw in records],
            )
        )
    return mf


class PassportOS(SmartcardOS):
    """vicc's card-OS interface over the passport chip simulator."""

    ATR = bytes.fromhex("3B80800101")  # contactless card, T=1, no historical bytes

    def __init__(self, sod):
        self.chip = PassportChipSimulator(SAMPLES_BY_KEY["passport"].passport, sod=sod)

    def getATR(self):
        return self.ATR

    def powerUp(self):
        self.chip.reset()

    def reset(self):
        self.chip.reset()

    def execute(self, msg):
        data, sw = self.chip.transmit(bytes(msg))
        return data + sw.to_bytes(2, "big")


def main() -> None:
    card = sys.argv[1] if len(sys.argv) > 1 else "sscard"
    # WARNING level: vicc logs APDUs at INFO, and card data must never reach a log.
    vicc = VirtualICC(None, "iso7816", "localhost", 35963, logginglevel=logging.WARNING)
    vicc.sock = QuickAckSocket(vicc.sock)
    kind, _, sod = card.partition(":")
    if kind == "passport":
        vicc.os = PassportOS(sod or "signed")
    else:
        mf = build_card()
        vicc.os = Iso7816OS(mf, SAM("1234", "0000000000", mf))
    vicc.run()


if __name__ == "__main__":
    main()
