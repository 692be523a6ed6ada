"""What a hall notice may hold, wherever it is checked: the compose dialog, the counter before
it sends one, the platform's operator command, and the platform (``sync.wire.notices.NoticeDraft``)."""

from __future__ import annotations

from counter_app.domain.text import first_unprintable
from counter_app.errors import ValidationError

TITLE_MAX_CHARS = 100  # one line
BODY_MAX_CHARS = 2000  # line ends allowed


def checked_title(title: str) -> str:
    """The title as published: one line of 1-100 characters, no control characters."""
    title = title.strip()
    if not title or len(title) > TITLE_MAX_CHARS or first_unprintable(title) is not None:
        raise ValidationError(
            f"请填写通知标题（一行，不超过 {TITLE_MAX_CHARS} 个字，不含控制字符）。",
            f"Give the notice a title (one line, at most {TITLE_MAX_CHARS} characters, no "
            "control characters).",
            field="title",
        )
    return title


def checked_body(body: str) -> str:
    """The text as published: 1-2000 characters, line ends and no other control characters
    (a tab becomes four spaces)."""
    body = body.strip().replace("\t", "    ")
    if not body or len(body) > BODY_MAX_CHARS or first_unprintable(body, lines=True) is not None:
        raise ValidationError(
            f"请填写通知内容（不超过 {BODY_MAX_CHARS} 个字，不含控制字符）。",
            f"Write the notice's text (at most {BODY_MAX_CHARS} characters, no control "
            "characters).",
            field="body",
        )
    return body
