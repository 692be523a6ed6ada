"""A GA 467 reader SIMULATOR: the device side of the serial protocol, served on a pty.

It answers SAM status, find, select, read base message and read with fingerprint for the
sample card placed on it, and injects faults on request (garbage bytes, frames split into
slow chunks, bad checksums, a card taken away mid-read, a SAM fault, unplugging), pacing
its output at the configured baud rate like a real UART when asked.
"""

from __future__ import annotations

import contextlib
import os
import select
import tempfile
import threading
import time
import tty
from dataclasses import dataclass
from pathlib import Path

from . import ga467
from .samples import SampleCard

FINGERPRINT_LENGTH = 1024


@dataclass
class FaultPlan:
    """Knobs a test (or the training UI) turns; each ``*_responses`` counter is spent one
    response at a time."""

    garbage_before_response: bytes = b""
    split_chunk: int = 0  # >0: send every response in chunks of this many bytes
    bad_checksum_responses: int = 0
    remove_card_during_read: bool = False
    sam_fault: bool = False
    pace_baud: int = 0  # >0: pace output at this baud rate, 10 bits per byte


class GA467DeviceSimulator:
    def __init__(self, faults: FaultPlan | None = None) -> None:
        self.faults = faults or FaultPlan()
        self._card: SampleCard | None = None
        self._lock = threading.Lock()
        self._master: int | None = None
        self._slave: int | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._dir: Path | None = None
        self.port_path = ""  # set by start(); stays the same across unplug/start
        self.commands_seen: list[tuple[int, int]] = []

    # -- the card on the reader -------------------------------------------------------
    def place(self, card: SampleCard) -> None:
        if not card.base_fields:
            raise ValueError(f"{card.key} is not a GA 467 card")
        with self._lock:
            self._card = card

    def remove(self) -> None:
        with self._lock:
            self._card = None

    # -- protocol logic ---------------------------------------------------------------
    def respond(self, body: bytes) -> bytes:
        """The response frame for one command body."""
        if len(body) < 2:
            return ga467.encode_response(0x11)
        command = (body[0], body[1])
        self.commands_seen.append(command)
        with self._lock:
            card = self._card
            faults = self.faults
            if command == ga467.SAM_STATUS:
                return ga467.encode_response(0x60 if faults.sam_fault else ga467.OK)
            if faults.sam_fault:
                return ga467.encode_response(0x60)
            if command == ga467.FIND_CARD:
                if card is None:
                    return ga467.encode_response(0x80)
                return ga467.encode_response(ga467.CARD_FOUND, b"\x00" * 4)
            if command == ga467.SELECT_CARD:
                if card is None:
                    return ga467.encode_response(0x81)
                return ga467.encode_response(ga467.OK, b"\x00" * 8)
            if command in (ga467.READ_BASE, ga467.READ_BASE_FP):
                if card is None:
                    return ga467.encode_response(0x41)
                if faults.remove_card_during_read:
                    faults.remove_card_during_read = False
                    self._card = None
                    return ga467.encode_response(0x41)
                text, photo = card.base_text, card.photo
                lengths = len(text).to_bytes(2, "big") + len(photo).to_bytes(2, "big")
                if command == ga467.READ_BASE:
                    return ga467.encode_response(ga467.OK, lengths + text + photo)
                fingerprint = bytes((i * 7 + 3) % 256 for i in range(FINGERPRINT_LENGTH))
                fp_len = len(fingerprint).to_bytes(2, "big")
                return ga467.encode_response(
                    ga467.OK, lengths + fp_len + text + photo + fingerprint
                )
        return ga467.encode_response(0x21)

    # -- the wire -----------------------------------------------------------------------
    def start(self) -> str:
        """Plug the simulated reader in: a pty whose slave is linked at ``port_path``."""
        if self._dir is None:
            self._dir = Path(tempfile.mkdtemp(prefix="ga467-sim-"))
            self.port_path = str(self._dir / "ttyGA467")
        master, slave = os.openpty()
        tty.setraw(slave)
        self._master, self._slave = master, slave
        Path(self.port_path).unlink(missing_ok=True)
        os.symlink(os.ttyname(slave), self.port_path)
        self._stop.clear()
        self._thread = threading.Thread(target=self._serve, name="ga467-simulator", daemon=True)
        self._thread.start()
        return self.port_path

    def unplug(self) -> None:
        """Pull the USB cable: the port disappears and the open handle fails."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if self.port_path:
            Path(self.port_path).unlink(missing_ok=True)
        for fd in (self._master, self._slave):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._master = self._slave = None

    def stop(self) -> None:
        """Unplug for good and remove the port's directory."""
        self.unplug()
        if self._dir is not None:
            with contextlib.suppress(OSError):
                self._dir.rmdir()
            self._dir = None

    def _serve(self) -> None:
        parser = ga467.FrameParser()
        master = self._master
        assert master is not None
        while not self._stop.is_set():
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(master, 4096)
            except OSError:
                return
            for item in parser.feed(data):
                if isinstance(item, bytes):
                    self._send(master, self.respond(item))

    def _send(self, master: int, frame: bytes) -> None:
        faults = self.faults
        if faults.bad_checksum_responses:
            faults.bad_checksum_responses -= 1
            frame = frame[:-1] + bytes([frame[-1] ^ 0xFF])
        payload = faults.garbage_before_response + frame
        # At least 1: an empty answer (a reader that stops answering) must not make range() step 0.
        chunk = faults.split_chunk or (64 if faults.pace_baud else max(len(payload), 1))
        started = time.monotonic()
        sent = 0
        for offset in range(0, len(payload), chunk):
            piece = payload[offset : offset + chunk]
            try:
                os.write(master, piece)
            except OSError:
                return
            sent += len(piece)
            if faults.pace_baud:
                due = started + sent * 10 / faults.pace_baud
                delay = due - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            elif faults.split_chunk:
                time.sleep(0.002)  # a slow USB-serial bridge delivering partial frames
