"""``counter-central serve``'s numbers are bounded at the option: a port, descriptor or
process id no system has, no worker, a limit of nothing or of more than memory holds, a rate
of 0 (which never refills, and is divided by) or not a number at all is a usage error in
both languages, before any store is touched."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.central.conftest import CliRun


@pytest.mark.parametrize(
    ("option", "value", "bounds"),
    [
        ("--port", "65536", "0 至 65535 之间的整数"),
        ("--port", "-1", "0 至 65535 之间的整数"),
        ("--fd", "99999999999999999999", "0 至 1048576 之间的整数"),
        ("--parent-pid", "0", "1 至 4194304 之间的整数"),
        ("--workers", "0", "1 至 64 之间的整数"),
        ("--workers", "100000", "1 至 64 之间的整数"),
        ("--max-batch-cases", "0", "1 至 10000 之间的整数"),
        ("--max-body-bytes", "10", "65536 至 1073741824 之间的整数"),
        ("--rate", "0", "0.001 至 1000000 之间的数"),
        ("--rate", "nan", "0.001 至 1000000 之间的数"),
        ("--burst", "0", "1 至 1000000 之间的整数"),
        ("--enroll-rate", "inf", "0.001 至 1000000 之间的数"),
        ("--track-rate", "-60", "0.001 至 1000000 之间的数"),
    ],
)
def test_a_number_out_of_its_range_is_a_usage_error_before_the_store_opens(
    tmp_path: Path, run_cli: Callable[..., CliRun], option: str, value: str, bounds: str
) -> None:
    db = tmp_path / "central.sqlite3"
    refused = run_cli("serve", option, value, "--db", str(db))
    assert refused.returncode == 2
    chinese, english = refused.stderr.splitlines()[-2:]
    assert chinese.startswith("counter-central serve: 错误：参数 ")
    assert f"“{value}”不是 {bounds}" in chinese
    assert english.startswith(f"counter-central serve: error: argument {option}")
    assert refused.stdout == "" and not db.exists()
