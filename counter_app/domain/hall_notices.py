"""What a hall notice may hold, wherever it is checked: the compose dialog, the counter before
it sends one, and the platform (``sync.wire.notices.NoticeDraft``)."""

TITLE_MAX_CHARS = 100  # one line
BODY_MAX_CHARS = 2000  # line ends allowed
