"""Run by the test fixture with the venv python and PYTHONPATH pointing at Debian's
virtualsmartcard: a vicc card carrying the sample social security card (DF by name, EF05
and EF06 as linear variable record files), connected to vpcd on 127.0.0.1."""

import logging
import sys

from virtualsmartcard.ConstantDefinitions import FDB
from virtualsmartcard.SmartcardFilesystem import DF, MF, Record, RecordStructureEF
from virtualsmartcard.SmartcardSAM import SAM
from virtualsmartcard.VirtualSmartcard import Iso7816OS, VirtualICC

from counter_app.identity.samples import SAMPLES_BY_KEY
from counter_app.identity.sscard import DF_NAME, card_records


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
    mf = build_card()
    vicc.os = Iso7816OS(mf, SAM("1234", "0000000000", mf))
    vicc.run()


if __name__ == "__main__":
    main()
