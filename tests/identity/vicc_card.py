"""Run by the test fixture with the venv python and PYTHONPATH pointing at Debian's
virtualsmartcard: a vicc card carrying the sample social security card (DF by name, EF05
and EF06 as linear variable record files), connected to vpcd on 127.0.0.1."""

import logging
import socket
import sys

from virtualsmartcard.ConstantDefinitions import FDB
from virtualsmartcard.SmartcardFilesystem import DF, MF, Record, RecordStructureEF
from virtualsmartcard.SmartcardSAM import SAM
from virtualsmartcard.VirtualSmartcard import Iso7816OS, VirtualICC

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


def main() -> None:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 35963
    # WARNING level: vicc logs APDUs at INFO, and card data must never reach a log.
    vicc = VirtualICC(None, "iso7816", "localhost", port, logginglevel=logging.WARNING)
    vicc.sock = QuickAckSocket(vicc.sock)
    mf = build_card()
    vicc.os = Iso7816OS(mf, SAM("1234", "0000000000", mf))
    vicc.run()


if __name__ == "__main__":
    main()
