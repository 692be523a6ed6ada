"""``counter-app receipt`` names its approver with ``--approved-by USER --password-stdin``:
the supervisor is authenticated (lockout applies), role-checked and not the case's clerk."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from counter_app.services.auth import Accounts
from counter_app.store.database import Store
from tests.conftest import CliResult
from tests.export_targets import in_the_way
from tests.printing.fixtures import CaseFactory

PASSWORD = "correct-horse-9"  # the printing fixtures' accounts (clerk07, super01)


def _reprint(cli: Callable[..., CliResult], case_id: str, out: Path, *approval: str, stdin: str):
    return cli(
        "--lang",
        "en",
        "receipt",
        case_id,
        "--out",
        str(out),
        "--reprint-reason",
        "申请人遗失回执",
        *approval,
        "--json",
        input=stdin,
    )


def test_a_reprint_is_approved_only_by_a_real_supervisor(
    cli: Callable[..., CliResult], store: Store, make_case: CaseFactory, tmp_path: Path
) -> None:
    case = make_case("accept")
    out = tmp_path / "receipt.pdf"
    assert cli("receipt", case.case_id, "--out", str(out)).returncode == 0
    nobody = _reprint(
        cli, case.case_id, out, "--approved-by", "nosuchuser", "--password-stdin", stdin="x\n"
    )
    assert nobody.returncode != 0 and "There is no user nosuchuser" in nobody.stderr
    # What was typed as the name is not in the audit log (it may have been a password).
    assert "nosuchuser" not in str(store.db.execute("SELECT * FROM audit_log").fetchall())
    unapproved = _reprint(cli, case.case_id, out, stdin="")
    assert unapproved.returncode != 0 and "--approved-by USER --password-stdin" in unapproved.stderr
    wrong = _reprint(
        cli, case.case_id, out, "--approved-by", "super01", "--password-stdin", stdin="nope\n"
    )
    assert wrong.returncode != 0 and "Wrong password for super01" in wrong.stderr
    clerk = _reprint(
        cli, case.case_id, out, "--approved-by", "clerk07", "--password-stdin", stdin=PASSWORD
    )
    assert clerk.returncode != 0 and "clerk07 is a clerk" in clerk.stderr
    approved = _reprint(
        cli, case.case_id, out, "--approved-by", "super01", "--password-stdin", stdin=PASSWORD
    )
    assert approved.returncode == 0, approved.stderr
    assert json.loads(approved.stdout)["reprint_no"] == 1
    reprints = store.db.execute(
        "SELECT actor, detail FROM audit_log WHERE action = 'document.reprint'"
    ).fetchall()
    assert len(reprints) == 1 and json.loads(reprints[0][1])["approved_by"] == "super01"


def test_the_clerk_of_the_case_cannot_approve_its_reprint(
    cli: Callable[..., CliResult], store: Store, make_case: CaseFactory, tmp_path: Path
) -> None:
    Accounts(store).add_user("chief2", PASSWORD, "supervisor")
    case = make_case("accept", clerk="chief2")
    out = tmp_path / "receipt.pdf"
    assert cli("receipt", case.case_id, "--out", str(out)).returncode == 0
    own = _reprint(
        cli, case.case_id, out, "--approved-by", "chief2", "--password-stdin", stdin=PASSWORD
    )
    assert own.returncode != 0 and "cannot approve their own case" in own.stderr


def test_repeated_wrong_passwords_lock_the_approver(
    cli: Callable[..., CliResult], store: Store, make_case: CaseFactory, tmp_path: Path
) -> None:
    case = make_case("accept")
    out = tmp_path / "receipt.pdf"
    assert cli("receipt", case.case_id, "--out", str(out)).returncode == 0
    limit = store.config.security.max_login_failures
    for _ in range(limit):
        _reprint(cli, case.case_id, out, "--approved-by", "super01", "--password-stdin", stdin="x")
    locked = _reprint(
        cli, case.case_id, out, "--approved-by", "super01", "--password-stdin", stdin=PASSWORD
    )
    assert locked.returncode != 0 and "locked" in locked.stderr
    assert Accounts(store).get("super01").locked_until is not None


def test_an_out_folder_that_is_not_there_is_refused_before_anything_is_issued(
    cli: Callable[..., CliResult], store: Store, make_case: CaseFactory, tmp_path: Path
) -> None:
    """A USB drive not mounted, or a typo: nothing is issued or signed, no folder made on this
    PC's disk, and the run with the right path issues the receipt as the first time."""
    case = make_case("accept")
    unmounted = tmp_path / "media" / "usb"
    refused = cli("receipt", case.case_id, "--out", str(unmounted / "receipt.pdf"))
    assert refused.returncode == 2
    assert refused.stderr.splitlines()[0] == (
        f"文件夹 {unmounted} 不存在：请检查路径，以及U盘等介质是否已插好；"
        "导出不会新建文件夹，以免误存到本机磁盘上。"
    )
    assert store.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
    report = cli("--lang", "en", "eod", "--out", str(unmounted / "day.pdf"))
    assert report.returncode == 2 and f"The folder {unmounted} does not exist" in report.stderr
    assert not unmounted.parent.exists()
    issued = cli("receipt", case.case_id, "--out", str(tmp_path / "receipt.pdf"), "--json")
    assert issued.returncode == 0, issued.stderr
    assert json.loads(issued.stdout)["reprint_no"] == 0


def test_an_out_that_is_not_a_regular_file_is_refused_before_anything_is_issued(
    cli: Callable[..., CliResult], store: Store, make_case: CaseFactory, tmp_path: Path
) -> None:
    """``--out`` naming a FIFO (a device stands for it), a link or nothing at all: refused in
    words, nothing issued or audited, and what was there is still what it was."""
    case = make_case("accept")
    there = in_the_way(tmp_path, ".pdf")
    audited = store.db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]

    piped = cli("receipt", case.case_id, "--out", str(there.fifo))
    assert piped.returncode == 2 and "Traceback" not in piped.stderr
    assert piped.stderr.startswith(f"{there.fifo} 是一个命名管道（FIFO），不是普通文件")
    linked = cli("--lang", "en", "receipt", case.case_id, "--out", str(there.link))
    assert linked.returncode == 2 and f"{there.link} is a symbolic link" in linked.stderr
    empty = cli("receipt", case.case_id, "--out", "")
    assert empty.returncode == 2 and empty.stderr.startswith("--out 的路径为空")
    assert store.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
    assert store.db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0] == audited

    report = cli("--lang", "en", "eod", "--out", "")
    assert report.returncode == 2 and report.stderr.startswith("--out is empty")
    report = cli("eod", "--out", str(there.fifo))
    assert report.returncode == 2 and f"{there.fifo} 是一个命名管道（FIFO）" in report.stderr
    assert there.untouched()
