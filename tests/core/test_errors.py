"""Typed errors cross a process boundary intact (the window renders documents in a child)."""

from __future__ import annotations

import pickle
from pathlib import Path

from counter_app.errors import InvalidIdNumber
from printing.errors import ReprintReasonRequired
from printing.fonts import FontsMissing


def test_errors_keep_type_languages_and_field_through_pickle() -> None:
    originals = [
        InvalidIdNumber("校验位不符", "check character is wrong", field="id_number"),
        ReprintReasonRequired(2),
        FontsMissing(Path("/nowhere"), ["wqy-zenhei.ttc"], ["fonts-wqy-zenhei"]),
    ]
    for original in originals:
        copy = pickle.loads(pickle.dumps(original))
        assert type(copy) is type(original)
        assert (copy.zh, copy.en, copy.field) == (original.zh, original.en, original.field)
        assert str(copy) == str(original)
