"""The cases bound to the calling device (``GET /v1/device/own-cases``): what a window whose
store was restored from an older backup walks to fetch back the cases it accepted and
synced after that backup (docs/sync-protocol.md, "A device's own cases")."""

from __future__ import annotations

import uuid

from pydantic import BaseModel

from counter_app.domain.case_states import CaseState
from sync.wire.base import CaseNumber

OWN_CASES_PATH = "/v1/device/own-cases"


class OwnCase(BaseModel):
    """One case whose number carries a prefix bound to the device (its own, and those it took
    over with ``--replaces``): the newest version the platform holds and where the case
    stands there (a back-office step moves the state without a new version)."""

    case_id: uuid.UUID
    case_no: CaseNumber
    data_version: int
    state: CaseState


class OwnCasesPage(BaseModel):
    """A page of the device's cases in case-number order. Ask again with ``after`` while
    ``more`` is true; ``after`` is the last case number of this page (or the one asked with,
    for an empty page)."""

    items: list[OwnCase]
    after: str
    more: bool
