"""Hall notices: the ``notices`` feed's items and the notice a supervisor publishes from a
window (``POST /v1/hall/notices``)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, StringConstraints

from counter_app.domain.hall_notices import BODY_MAX_CHARS, TITLE_MAX_CHARS
from sync.wire.base import NO_CONTROL_CHARACTERS, Code, WireModel


class Notice(BaseModel):
    sequence: int
    notice_id: uuid.UUID
    hall: str
    """The hall it is for, or ``*`` for every hall."""
    title: str
    body: str
    published_at: datetime
    published_by: str | None = None
    """The supervisor (user name) who published it from a window; None: the platform's own
    notice, or a platform that does not say."""


# A notice's text: no control characters but line ends (a body has paragraphs).
_NOTICE_TEXT = r"^[^\x00-\x09\x0b\x0c\x0e-\x1f\x7f]*$"


class NoticeDraft(WireModel):
    """``POST /v1/hall/notices``: a notice a supervisor publishes from a window to the
    device's own hall; the platform answers with the stored :class:`Notice`."""

    notice_id: uuid.UUID
    """Chosen by the device: the same draft sent again is stored once (the first answer)."""
    hall: Code
    """The device's hall; any other is refused (403 ``wrong_hall``)."""
    title: Annotated[
        str,
        StringConstraints(min_length=1, max_length=TITLE_MAX_CHARS, pattern=NO_CONTROL_CHARACTERS),
    ]
    body: Annotated[
        str, StringConstraints(min_length=1, max_length=BODY_MAX_CHARS, pattern=_NOTICE_TEXT)
    ]
    published_by: Annotated[
        str, StringConstraints(min_length=1, max_length=64, pattern=NO_CONTROL_CHARACTERS)
    ]
    """The supervisor's user name at that window (kept in the platform's audit)."""
