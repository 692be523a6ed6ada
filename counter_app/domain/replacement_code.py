"""The platform operator's command that issues a replacement enrolment code: the new PC of
a window takes the place of ``device`` (its case-number prefixes, and revokes it when it
enrols). Every message that tells IT to ask for one names it in these words: the window's
pause, the restored home's status and first start, the platform's clone refusal."""

from __future__ import annotations


def replacement_code_command(hall: str, window: str, device: str) -> str:
    """``counter-central enroll-code --hall H --window W --replaces DEVICE``."""
    return f"counter-central enroll-code --hall {hall} --window {window} --replaces {device}"
