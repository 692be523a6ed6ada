"""Typed errors cross a process boundary intact (the window renders documents in a child); a
disk that refuses a write is named as such."""

from __future__ import annotations

import errno
import pickle
from pathlib import Path

from counter_app.errors import InvalidIdNumber, disk_refusal
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


def test_a_disk_that_refuses_a_write_is_named_as_such() -> None:
    full = disk_refusal(OSError(errno.ENOSPC, "No space left on device", "/media/usb/day.csv"))
    assert full is not None and full.code == "disk_refused"
    assert "/media/usb/day.csv" in full.zh and "已满" in full.zh
    assert "No space left on device" in full.en
    read_only = disk_refusal(OSError(errno.EROFS, "Read-only file system", "/media/usb/a"))
    assert read_only is not None and "只读" in read_only.zh
    # Not the disk's doing: left to whoever raised it.
    assert disk_refusal(OSError(errno.ENOENT, "No such file or directory", "/nowhere")) is None
    assert disk_refusal(OSError("no errno")) is None
