"""Card reading speed: a GA 467 serial read at 115200 baud (overhead beyond wire time) and a
social security card read over a real pcscd + vsmartcard-vpcd + vicc card."""

from __future__ import annotations

import statistics
import time

from counter_app.identity import ga467
from counter_app.identity.ga467_simulator import GA467DeviceSimulator
from counter_app.identity.samples import SAMPLES_BY_KEY
from counter_app.identity.serial_reader import GA467SerialReader

BAUD = 115200


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _ms(value: float) -> float:
    return round(value * 1000, 2)


def serial_read(n: int) -> dict[str, object]:
    card = SAMPLES_BY_KEY["resident"]
    commands = [ga467.FIND_CARD, ga467.SELECT_CARD, ga467.READ_BASE]
    command_bytes = sum(len(ga467.encode_command(c)) for c in commands)
    device = GA467DeviceSimulator()
    device.start()
    device.place(card)
    response_bytes = sum(len(device.respond(bytes(c))) for c in commands)
    device.commands_seen.clear()
    response_wire = response_bytes * 10 / BAUD
    command_wire = command_bytes * 10 / BAUD
    try:
        with GA467SerialReader(device.port_path, BAUD) as reader:
            device.faults.pace_baud = 0
            unpaced = []
            for _ in range(n):
                started = time.perf_counter()
                reader.read()
                unpaced.append(time.perf_counter() - started)
            device.faults.pace_baud = BAUD
            paced = []
            for _ in range(n):
                started = time.perf_counter()
                reader.read()
                paced.append(time.perf_counter() - started)
    finally:
        device.stop()
    # The simulator paces what the reader sends back (10 bits a byte); the pty delivers our
    # commands instantly, so their wire time is added to the measured time.
    overhead = [t - response_wire for t in paced]
    return {
        "reads": n,
        "bytes_on_wire": command_bytes + response_bytes,
        "wire_time_ms": _ms(response_wire + command_wire),
        "paced_read_p50_ms": _ms(statistics.median(paced)),
        "paced_read_p95_ms": _ms(_pct(paced, 0.95)),
        "overhead_beyond_wire_p50_ms": _ms(statistics.median(overhead)),
        "overhead_beyond_wire_p95_ms": _ms(_pct(overhead, 0.95)),
        "unpaced_processing_p50_ms": _ms(statistics.median(unpaced)),
        "unpaced_processing_p95_ms": _ms(_pct(unpaced, 0.95)),
        "target_overhead_ms": 150,
        "meets_target": _pct(overhead, 0.95) <= 0.150,
        "method": (
            "GA 467 device simulator on a pty pacing its responses at 115200 baud (10 bits/byte); "
            "command bytes are not throttled by the pty, so their wire time is added; "
            "overhead = paced read time + command wire time - total wire time. "
            "unpaced_processing is the same read with no pacing (pure software cost)."
        ),
    }


def social_security_read(n: int) -> dict[str, object]:
    from counter_app.identity.pcsc import PcscTransport
    from counter_app.identity.sscard import read_social_security_card
    from tests.pcsc_rig import PcscService, pcscd_running, vicc_card

    service = PcscService()
    if not pcscd_running():
        service.start()
    try:
        with vicc_card("sscard") as reader:
            times = []
            for _ in range(n):
                started = time.perf_counter()
                transport = PcscTransport(reader)
                try:
                    read_social_security_card(transport)
                finally:
                    transport.close()
                times.append(time.perf_counter() - started)
    finally:
        if service.owned:
            service.kill()
    return {
        "reads": n,
        "p50_ms": _ms(statistics.median(times)),
        "p95_ms": _ms(_pct(times, 0.95)),
        "max_ms": _ms(max(times)),
        "target_ms": 300,
        "meets_target": _pct(times, 0.95) <= 0.300,
        "method": "connect + SELECT by DF name + READ RECORD of EF05/EF06 until 6A83 (16 APDUs) + "
        "disconnect, real pcscd with vsmartcard-vpcd and a vicc card on 127.0.0.1. The vicc card "
        "acknowledges TCP segments at once (TCP_QUICKACK): without it vpcd's two-write APDUs "
        "met delayed ACKs and every APDU cost ~45 ms of emulator socket latency (p50 956 ms per "
        "read measured before that change), which no physical reader has.",
    }


def run(quick: bool) -> dict[str, object]:
    n = 5 if quick else 30
    return {
        "serial_ga467_115200": serial_read(n),
        "social_security_card_vpcd": social_security_read(n),
    }
